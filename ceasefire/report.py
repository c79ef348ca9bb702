"""What one log shows: its breaches and warnings as facts, each provision's state, the verdict, the line count.

The engine records a breach as facts; the sentence that tells it (``Breach.message``) is
composed by ``wording`` when a format asks, so rewording never changes what a breach is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from .agreement import Agreement
from .values import frozen

if TYPE_CHECKING:
    from .agreement import Rule, Timer
    from .events import Event

__all__ = ["OPTIONAL_FACTS", "Breach", "Change", "Counts", "Extension", "LogWarning", "Report"]

OPTIONAL_FACTS = ("killed", "injured", "count", "needed", "verification", "claimed_by", "alleged", "instance")
"""The record's facts of a breach, written as fields beside the event's."""


@frozen
class Breach:
    """A recorded breach.

    ``kind`` is ``event`` when an event broke a rule, or the timer kind (``deadline``,
    ``calm``) when time ran out; then ``line`` is None and ``date`` is the timer's own date.
    ``uncertain`` marks a finding that hangs on an event whose time of day is unknown.
    The event's facts follow (type, actor, target, location, casualties, and ``claimed``: the
    designated group the actor claims to have struck); ``note`` is the pack's own text for
    the rule or timer, ``source`` the event's own (who reported it).
    With ``provision``, ``rule``, ``kind``, ``date`` and ``party``, the event's type and target
    say what the breach is, which is what a fingerprint hashes.
    """

    provision: str
    rule: str
    kind: str
    severity: str
    date: str
    party: str | None
    line: int | None
    event_id: str | int | None
    uncertain: bool = False
    event_type: str | None = None
    actor: str | None = None
    target: str | None = None
    location: str | None = None
    casualties: int | None = None
    claimed: str | None = None
    note: str = ""
    killed: int | None = None
    injured: int | None = None
    count: int = 1
    """How many incidents the event stood for; for a quota's shortfall, how many its window counted."""
    needed: int | None = None
    """A quota's shortfall: how many its window needed."""
    verification: str = "reported"
    claimed_by: str | None = None
    alleged: bool = False
    """A claim that does not meet the rule's verification: reported against the accused, counted apart."""
    instance: str | None = None
    """The party (or field value) whose instance of a per-party provision was breached."""
    source: str | None = None

    @classmethod
    def of_event(cls, rule: Rule, event: Event, severity: str, date: str, uncertain: bool, claimed: str | None,
                 alleged: bool = False, instance: str | None = None) -> Breach:
        """The breach an event records under a rule, with the event's facts."""
        fields = event.fields
        return cls(  # by position, in the order of the fields (a breach per event that breaks a rule: half the cost of keywords)
            rule.provision, rule.id, "event", severity, date, event.actor if rule.party == "actor" else rule.party, event.line,
            event.id, uncertain, event.type, event.actor, event.target, fields.get("location"), event.casualties, claimed,
            rule.message, event.killed, event.injured, event.count, None, event.verification, event.claimed_by, alleged,
            instance, fields.get("source"),
        )

    @classmethod
    def of_timer(cls, provision: str, timer: Timer, date: str) -> Breach:
        """The breach a timer records when it falls due."""
        spec = timer.breach
        assert spec is not None  # only timers with a breach record one
        return cls(provision=provision, rule=timer.id, kind=timer.kind, severity=spec.severity, date=date,
                   party=spec.party, line=None, event_id=None, note=spec.message)

    @property
    def message(self) -> str:
        """The breach in one sentence, as reports print it (composed each time it is asked for, never kept)."""
        return (_WORDING or _wording())(self)

    def to_dict(self) -> dict[str, Any]:
        """The breach as the JSON report shows it: what it is, then its facts as fields."""
        return {
            "provision": self.provision,
            "rule": self.rule,
            "kind": self.kind,
            "severity": self.severity,
            "date": self.date,
            "party": self.party,
            "line": self.line,
            "event_id": self.event_id,
            "message": self.message,
            "uncertain": self.uncertain,
            "event_type": self.event_type,
            "target": self.target,
            **self.facts(),
        }

    def facts(self) -> dict[str, Any]:
        """The event's facts as fields: who, where, the toll, who reported it, and the record's words (claims, counts, instances)."""
        facts = {"actor": self.actor, "location": self.location, "casualties": self.casualties,
                 "claimed": self.claimed, "source": self.source}
        for name in OPTIONAL_FACTS:
            facts[name] = getattr(self, name)
        return facts


assert tuple(a.name for a in attrs.fields(Breach)) == (
    "provision", "rule", "kind", "severity", "date", "party", "line", "event_id", "uncertain", "event_type", "actor", "target",
    "location", "casualties", "claimed", "note", "killed", "injured", "count", "needed", "verification", "claimed_by", "alleged",
    "instance", "source"), "Breach.of_event passes the fields by position, in this order"

_WORDING: Any = None


def _wording() -> Any:
    """``wording.breach_message``, imported when first needed (wording imports this module)."""
    global _WORDING
    from .wording import breach_message

    _WORDING = breach_message
    return breach_message


@frozen
class LogWarning:
    """A line the checker accepted but that may not mean what its writer meant (an unknown field, actor or type).

    ``code`` names the kind of warning (``unknown-field``, ``unknown-actor``, ``wildcard-type``);
    ``message`` says what is wrong, with a suggestion when a known name is close. A warning
    never changes a verdict or the exit code, unless the run is strict.
    """

    line: int | None
    code: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        """The warning as the JSON report shows it."""
        return {"line": self.line, "code": self.code, "message": self.message}

    def render(self, path: str) -> str:
        """``FILE:LINE: warning: message``, as printed on stderr."""
        where = path if self.line is None else f"{path}:{self.line}"
        return f"{where}: warning: {self.message}"


@frozen
class Extension:
    """The parties moved a deadline (``timer``) or the agreement's end (``end``) from one date to another."""

    timer: str
    before: str
    after: str
    line: int | None = None
    event_id: str | int | None = None
    instance: str | None = None
    """Whose deadline moved, for a provision kept per party or per field (each instance's is its own); None otherwise."""

    def to_dict(self) -> dict[str, Any]:
        """The extension as the JSON report shows it."""
        return attrs.asdict(self)


@frozen
class Change:
    """A provision moved from one state to another: when, and why.

    ``cause`` is ``event`` (the rule ``rule`` matched the event at ``line``, of type
    ``event_type``), ``timer`` (the timer ``timer`` fell due) or ``start`` (the agreement
    came into force).
    """

    provision: str
    date: str
    before: str
    after: str
    cause: str
    rule: str | None = None
    timer: str | None = None
    line: int | None = None
    event_id: str | int | None = None
    event_type: str | None = None
    instance: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The change as the JSON report shows it (its fields, as ``attrs.asdict`` gives them, spelt out: one per change of state)."""
        return {"provision": self.provision, "date": self.date, "before": self.before, "after": self.after, "cause": self.cause,
                "rule": self.rule, "timer": self.timer, "line": self.line, "event_id": self.event_id, "event_type": self.event_type,
                "instance": self.instance}


@frozen
class Counts:
    """Every line of the log, accounted for: ``lines == events + skipped``.

    ``skipped`` holds blank lines, the header, and events dated after the as-of date.
    """

    lines: int = 0
    events: int = 0
    skipped: int = 0
    out_of_area: int | None = None
    """Events that met a rule by type but lay outside its area (None: the pack has no area)."""


@frozen
class Report:
    """What a check found, ready for an output format."""

    agreement: str
    title: str
    log: str
    as_of: str | None
    status: str
    provisions: Mapping[str, str]
    breaches: tuple[Breach, ...]
    counts: Counts
    by_severity: Mapping[str, int] = attrs.field(factory=dict)
    """How many breaches of each severity the log shows, whether kept in ``breaches`` or handed to ``on_breach``."""
    warnings: tuple[LogWarning, ...] = ()
    """Lines accepted but probably mistyped (empty when they were handed to ``on_warning``)."""
    pack: Agreement | None = attrs.field(default=None, eq=False, repr=False)
    """The agreement checked against: its rules and timers are what was checked."""
    history: tuple[Change, ...] = ()
    """Every change of a provision's state, in order, with its cause."""
    implementation: str = "on_track"
    """How the other provisions are carried out: on_track, behind or stalled."""
    instances: Mapping[str, Mapping[str, str]] = attrs.field(factory=dict)
    """Each per-party (or per-field) provision's instances and their states."""
    unobserved: Mapping[str, str] = attrs.field(factory=dict)
    """Provisions no monitor could observe at the end, and since when."""
    extensions: tuple[Extension, ...] = ()
    alleged: int = 0
    """Alleged breaches (claims short of the rule's verification), counted apart."""
    resumed: Mapping[str, Any] | None = attrs.field(default=None, eq=False, repr=False)
    """Resumed from a snapshot: what dated and explained the status then (``history`` begins after it)."""
    followed: Any = attrs.field(default=None, eq=False, repr=False)
    """Resumed: the ``Tracker`` that followed the whole log (from the snapshot on), for formats that keep no history."""

    @property
    def found(self) -> int:
        """How many breaches the log shows (``breaches`` is empty when they were streamed)."""
        return sum(self.by_severity.values()) if self.by_severity else len(self.breaches)

    @property
    def exit_code(self) -> int:
        """0 when the log shows no breach, 1 when it shows at least one."""
        return 1 if self.found else 0

    def to_dict(self) -> dict[str, Any]:
        """The report as the JSON format writes it (the public contract)."""
        return {
            "agreement": self.agreement,
            "as_of": self.as_of,
            "status": self.status,
            "implementation": self.implementation,
            "provisions": {pid: self._provision(pid, state) for pid, state in self.provisions.items()},
            "breaches": [b.to_dict() for b in self.breaches],
            "counts": {k: v for k, v in attrs.asdict(self.counts).items() if v is not None},
            "warnings": [w.to_dict() for w in self.warnings],
            **({"extensions": [e.to_dict() for e in self.extensions]} if self.extensions else {}),
            **({"alleged": self.alleged} if self.alleged else {}),
        }

    def _provision(self, pid: str, state: str) -> dict[str, Any]:
        out: dict[str, Any] = {"state": state}
        if pid in self.instances:
            out["instances"] = dict(self.instances[pid])
        if pid in self.unobserved:
            out["unobserved_since"] = self.unobserved[pid]
        return out
