"""What an explanation is made of: a provision's story (its state, since when, why, its history) and the status's cause.

Frozen records built by ``Tracker`` (``tracker``) and ``explain`` (``explain``); their words
are ``narrate``'s, their JSON their own ``to_dict``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from .agreement import Timer
from .report import Breach, Change
from .values import frozen

if TYPE_CHECKING:
    from .found import Facts

__all__ = ["Explanation", "Step", "Story"]


@frozen
class Step:
    """One change in a provision's history, with when its timer began counting and the breach recorded with it."""

    change: Change
    anchor: str | None = None
    breach: Breach | Facts | None = None  # while a Tracker follows, as it was told (a Found, a Row): a Story's are Breach records

    def to_dict(self) -> dict[str, Any]:
        """The change as the JSON report's history shows it, with ``anchor`` (a timer's) and ``breach`` (its severity and party)."""
        breach = None if self.breach is None else {"severity": self.breach.severity, "party": self.breach.party}
        return {**self.change.to_dict(), "anchor": self.anchor, "breach": breach}


@frozen
class Story:
    """One provision (or one instance of it) now: its state, the status that state stands for, since when and why.

    ``change`` is the change that put it in its state (None: its initial state, since the
    start); ``timer`` the pack's timer that made that change, ``anchor`` when that timer began
    counting; ``breach`` the breach recorded by the same event or timer. ``history`` is every
    change of this provision, when the report kept them.
    """

    provision: str
    title: str
    state: str
    weight: str
    instance: str | None = None
    change: Change | None = None
    breach: Breach | None = None
    timer: Timer | None = attrs.field(default=None, eq=False)
    anchor: str | None = None
    history: tuple[Step, ...] = ()
    timers: Mapping[str, Timer] = attrs.field(factory=dict, eq=False, repr=False)
    implementation: str = "on_track"
    """How the state weighs on the agreement's implementation (``on_track``, ``behind``, ``stalled``)."""
    members: tuple[str, ...] = ()
    """A provision kept per party, as a whole: the instances in its state."""

    @property
    def since(self) -> str | None:
        """When the provision entered its state (None: since the start)."""
        return self.change.date if self.change is not None else None

    def to_dict(self) -> dict[str, Any]:
        """The provision as the JSON report shows it: state, the status it stands for, since when, why, and its history."""
        cause = None if self.change is None else Step(self.change, self.anchor, self.breach).to_dict()
        return {"state": self.state, "status": self.weight, "since": self.since, "cause": cause,
                "history": [step.to_dict() for step in self.history]}


@frozen
class Explanation:
    """Why the agreement has its status: since when, the provisions whose states weigh on it, and each provision's story.

    ``causes`` are the provisions in a state that weighs more than ``holding``, the most
    severe first; ``floor`` the first breach that made the truce at least fragile, when that
    is what holds the status at ``fragile``. ``kept`` is False when only each provision's last
    change was followed (not its whole history); ``known`` is False when not even that was
    (a report whose changes were handed to ``on_change``).
    """

    agreement: str
    as_of: str | None
    status: str
    since: str | None
    start: str
    causes: tuple[Story, ...]
    provisions: tuple[Story, ...]
    floor: Breach | None = None
    kept: bool = True
    known: bool = True
    implementation: str | None = None
    lagging: tuple[Story, ...] = ()
    """The provisions whose states make the implementation what it is (none when on track)."""

    def provisions_dict(self) -> dict[str, dict[str, Any]]:
        """Each provision's story as the JSON report shows it, by id; a provision's instances under ``instances``."""
        out: dict[str, dict[str, Any]] = {}
        for story in self.provisions:
            if story.instance is None:
                out[story.provision] = story.to_dict()
        for story in self.provisions:
            if story.instance is not None and story.provision in out:
                out[story.provision].setdefault("instances", {})[story.instance] = story.to_dict()
        return out

    def to_dict(self) -> dict[str, Any]:
        """The cause of the status as the JSON report shows it (``text`` is the sentence ``--explain`` prints)."""
        from .narrate import status_sentence

        extra = {} if self.implementation is None else {"implementation": self.implementation}
        return {**extra, "status": self.status, "since": self.since,
                "causes": [{"provision": s.provision, "instance": s.instance, "state": s.state, "status": s.weight,
                            "since": s.since} for s in self.causes],
                "floor": self.floor.to_dict() if self.floor is not None else None,
                "implementation_causes": [{"provision": s.provision, "instance": s.instance, "state": s.state,
                                           "implementation": s.implementation, "since": s.since} for s in self.lagging],
                "text": status_sentence(self)}
