"""The agreement model: what a pack declares, as frozen values the engine reads.

Nothing here is code from the pack: patterns are matched by a small linear ``*`` matcher
(``glob_match``) and messages are plain text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from typing import Literal

from .areas import Area
from .values import frozen

__all__ = [
    "SEVERITIES",
    "STATUSES",
    "Agreement",
    "BreachSpec",
    "Membership",
    "Provision",
    "Rule",
    "Timer",
    "Transition",
    "glob_match",
    "pattern",
]

SEVERITIES = ("minor", "major", "critical")
"""Breach severities, least to most severe."""

STATUSES = ("holding", "fragile", "in_doubt", "collapsed")
"""Agreement statuses after the start, least to most severe (``pending`` comes before the start)."""

SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES, 1)}
IMPLEMENTATIONS = ("on_track", "behind", "stalled")
"""How the other provisions are being carried out, best first."""
STATUS_RANK = {name: rank for rank, name in enumerate(STATUSES)}


def glob_match(glob: str, text: str) -> bool:
    """Whether ``text`` matches the pattern ``glob`` whole, ``*`` standing for any run of characters.

    Linear in the length of ``text``: the fixed start and end are compared in place, and each
    fixed part between two stars is found by ``str.find`` at the leftmost place after the
    previous one, which is never worse than a later place (no backtracking, unlike ``.*``).
    """
    if "*" not in glob:
        return glob == text
    parts = glob.split("*")
    head, tail = parts[0], parts[-1]
    if len(head) + len(tail) > len(text) or not text.startswith(head) or not text.endswith(tail):
        return False
    at, end = len(head), len(text) - len(tail)
    for part in parts[1:-1]:
        if part:
            at = text.find(part, at, end)
            if at < 0:
                return False
            at += len(part)
    return True


def pattern(glob: str) -> re.Pattern[str]:
    """Compile an event-type pattern to a regular expression (kept for callers; matching uses ``glob_match``)."""
    return re.compile(".*".join(re.escape(part) for part in glob.split("*")))


@frozen
class Transition:
    """A provision's state change: ``trigger`` moves it from any of ``source`` to ``dest``."""

    trigger: str
    source: tuple[str, ...]
    dest: str


@frozen
class BreachSpec:
    """What a timer records when it fires: a breach of this severity, with this message."""

    severity: str
    message: str
    party: str | None = None


@frozen
class Timer:
    """An event-time timer of a provision.

    A ``deadline`` is armed at the start (``start == "start"``), when the provision enters
    the state named by ``start``, or when another provision enters one (``"provision.state"``),
    and is met when its own provision reaches a ``met_by`` state.
    A ``calm`` timer runs while the provision is in one of ``states`` and fires after
    ``after`` without a breach of the ``watch`` provisions of at least ``min_severity``,
    once every ``requires`` provision is in one of the listed states.
    """

    id: str
    kind: str
    after: timedelta
    trigger: str | None = None
    breach: BreachSpec | None = None
    start: str | None = None
    met_by: frozenset[str] = frozenset()
    states: frozenset[str] = frozenset()
    watch: tuple[str, ...] = ()
    min_severity: str = "minor"
    requires: Mapping[str, frozenset[str]] = attrs.field(factory=dict)
    due: datetime | None = None
    """A deadline's fixed date, instead of a span from its start."""
    at_least: int = 0
    """A ``quota``: how many (events, or the sum of ``sum``) each window of ``after`` needs."""
    sum: str | None = None
    empty: str = "short"
    """A quota's window with nothing counted: a ``short`` one, or ``unobserved`` (no breach)."""


@frozen(eq=False)
class Provision:
    """One provision: a finite-state machine with its timers and how its states weigh on the status."""

    id: str
    title: str
    states: tuple[str, ...]
    initial: str
    transitions: tuple[Transition, ...]
    final: frozenset[str] = frozenset()
    on_start: str | None = None
    timers: tuple[Timer, ...] = ()
    status: Mapping[str, str] = attrs.field(factory=dict)
    implementation: Mapping[str, str] = attrs.field(factory=dict)
    """State -> on_track, behind or stalled: how the state weighs on the agreement's implementation."""
    per: str | None = None
    """``party``, or a declared event field: the provision is kept separately per value (an instance each)."""
    instances: tuple[str, ...] = ()
    combine: str = "worst"
    in_force: Literal["start", "signed"] | datetime = "start"
    area: Area | None = None

    @property
    def implementation_only(self) -> bool:
        """True when the provision weighs on the implementation alone: its breaches do not make the ceasefire fragile."""
        return bool(self.implementation) and all(weight == "holding" for weight in self.status.values())

    def status_of(self, state: str) -> str:
        """The agreement status this provision's state stands for (``holding`` when unmapped)."""
        return self.status.get(state, "holding")

    def implementation_of(self, state: str) -> str:
        """How this provision's state weighs on implementation (``on_track`` when unmapped)."""
        return self.implementation.get(state, "on_track")


@frozen
class Membership:
    """Which actors (or targets) a rule accepts: named ids and the groups party/designated/unknown/other."""

    ids: frozenset[str] = frozenset()
    party: bool = False
    designated: bool = False
    unknown: bool = False
    other: bool = False


@frozen(eq=False)
class Rule:
    """An event rule: which events it matches, the breach it records, the transition it fires."""

    id: str
    provision: str
    types: tuple[str, ...]
    actor: Membership | None = None
    actor_not: Membership | None = None
    target: Membership | None = None
    target_not: Membership | None = None
    casualties_min: int | None = None
    casualties_max: int | None = None
    severity: str | None = None
    escalate: tuple[tuple[int, str], ...] = ()
    party: str | None = None
    message: str = ""
    trigger: str | None = None
    trigger_from: str | None = None
    escalate_on: str = "casualties"
    """The event number the escalation steps read: casualties, killed or injured."""
    area: Area | None = None
    verify_move: str | None = None
    """The least verification that moves the provision (None: the agreement's)."""
    verify_breach: str | None = None
    """The least verification that records a breach, below which it is alleged (None: the agreement's)."""
    tally: str | None = None
    extend: str | None = None
    """A deadline's timer id, or ``end``: the event moves it to its ``until`` (or later by ``extend_by``)."""
    extend_by: timedelta | None = None
    observation: str | None = None
    clash: str = "unattributed"
    declares: bool = False
    trigger_partial: str | None = None

    def matches_type(self, event_type: str) -> bool:
        """True when one of the rule's type patterns matches the whole event type."""
        return any(glob_match(glob, event_type) for glob in self.types)


@frozen(eq=False)
class Agreement:
    """A loaded agreement pack."""

    id: str
    title: str
    start: datetime
    timezone: tzinfo
    parties: Mapping[str, str]
    designated: Mapping[str, str]
    vocabulary: Mapping[str, str]
    provisions: tuple[Provision, ...]
    rules: tuple[Rule, ...]
    end: datetime | None = None
    actors: Mapping[str, str] = attrs.field(factory=dict)
    """Known actors that are neither parties nor designated groups (the UN, civilians, a named militia)."""
    fields: Mapping[str, str] = attrs.field(factory=dict)
    """Extra event fields the pack's logs may carry, besides those every log may."""
    fragile_from: str | None = "minor"
    summary: str = ""
    source: str = ""
    path: str = ""
    signed: datetime | None = None
    guarantors: Mapping[str, str] = attrs.field(factory=dict)
    area: Area | None = None
    verify_move: str = "reported"
    verify_breach: str = "reported"
    fragile_for: timedelta | None = None
    """How long fragile lasts after the last breach at or above ``fragile_from`` (None: for good)."""
    collapse_parties: str | int = "any"
    collapse_guarantors: str | int = 0

    def provision(self, provision_id: str) -> Provision:
        """The provision with this id (KeyError if there is none)."""
        for provision in self.provisions:
            if provision.id == provision_id:
                return provision
        raise KeyError(provision_id)

    def ids(self) -> frozenset[str]:
        """Every id a log may name as an actor or a target: the parties, the designated groups, the other actors, the guarantors."""
        return frozenset(self.parties) | frozenset(self.designated) | frozenset(self.actors) | frozenset(self.guarantors)

    def knows(self, event_type: str) -> bool:
        """True when the pack's vocabulary declares this event type."""
        return any(glob_match(glob, event_type) for glob in self.vocabulary)
