"""Online checking: a Monitor takes one event at a time and says what changed."""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from .agreement import SEVERITIES, Agreement
from .dates import Moment, parse_moment, show
from .engine import Engine
from .errors import LogError, UsageError
from .events import Event, EventParser
from .found import made_all
from .machines import machines_for
from .report import Breach, Change, LogWarning
from .packs import load_agreement

__all__ = ["Monitor"]


class Monitor:
    """Checks a growing log event by event, with the same engine as ``check``.

    An event with a bare date is held until its day is over (a later-dated event, or
    ``advance``), since it counts as the end of its day; so is a breach found by a timer,
    since such an event could still make it uncertain.

    Events come in date order, whether mappings or ``Event`` objects (a LogError otherwise);
    an event earlier than a previous ``advance``, and any call after ``finish``, is a UsageError.

    While an event is held, time still passes to the start of its day: the agreement comes
    into force and the timers due before then fire, so ``status``, ``states`` and the findings
    returned say what is settled so far. ``changes()`` hands out each change of state once;
    ``next_due`` says when time alone would change something; ``fork()`` makes a copy to look
    ahead with (``fork().finish(now)`` is the verdict as of now, this monitor going on). With
    ``keep=False``, ``findings`` stays empty: memory does not grow with the findings.
    """

    def __init__(
        self,
        agreement: Agreement | str | os.PathLike[str],
        name: str = "<monitor>",
        *,
        on_warning: Callable[[LogWarning], None] | None = None,
        strict: bool = False,
        keep: bool = True,
    ) -> None:
        self.agreement = agreement if isinstance(agreement, Agreement) else load_agreement(agreement)
        self.name = name
        self._zone = self.agreement.timezone
        self._parser = EventParser(self.agreement, on_warning=on_warning, strict=strict)
        self._engine = Engine(self.agreement)
        self._lines = 0
        self._found: list[Breach] = []
        self._by_severity = dict.fromkeys(SEVERITIES, 0)  # the findings handed out, counted (kept or not, restored or not)
        self._clock: datetime | None = None  # the latest instant ``advance`` moved to
        self._finished = False
        self._keep = keep

    def feed(self, event: Mapping[str, Any] | Event, line: int | None = None) -> list[Breach]:
        """Take the next event (a log line's mapping, or an Event) and return the new findings."""
        self._open("feed")
        self._lines += 1
        number = line if line is not None else self._lines
        floor = self._parser._floor  # restored if the event is refused below
        try:
            if isinstance(event, Event):
                if not isinstance(event.instant, datetime) or event.instant.tzinfo is None:
                    raise UsageError("an Event's instant must be an aware datetime")
                self._parser._check_order(event.instant, event.day, show(Moment(event.instant, event.day), self._zone), number)
            else:
                event = self._parser.parse(event, number)
        except LogError as exc:
            raise exc.at(self.name) from None
        if self._clock is not None and event.instant < self._clock:
            self._parser._floor = floor
            raise UsageError(f"{self.name}:{number}: event dated {show(Moment(event.instant, event.day), self._zone)} is earlier "
                             f"than the monitor's clock ({show(self._clock, self._zone)}, from advance())")
        self._engine.feed(event)
        return self._settled()

    def advance(self, when: str | date | datetime) -> list[Breach]:
        """Let time pass to ``when`` with no event, and return the findings its timers record."""
        self._open("advance")
        instant = self._instant(when)
        self._engine.advance(instant)
        if self._clock is None or instant > self._clock:
            self._clock = instant
        return self._settled()

    def finish(self, when: str | date | datetime | None = None) -> list[Breach]:
        """The log is complete: apply what is held, advance to ``when`` if given, return all that is left."""
        self._open("finish")
        instant = None if when is None else self._instant(when)
        self._finished = True
        self._engine.finish(instant)
        return self._settled()

    def _open(self, call: str) -> None:
        if self._finished:
            raise UsageError(f"{self.name}: {call}() after finish(): the log is complete; start a new Monitor")

    def _instant(self, when: str | date | datetime) -> datetime:
        try:
            return parse_moment(when, self.agreement.timezone).instant
        except ValueError as exc:
            raise LogError(str(exc), path=self.name) from None

    def _settled(self) -> list[Breach]:
        fresh = made_all(self._engine.drain())
        for breach in fresh:
            self._by_severity[breach.severity] += 1
        if self._keep:
            self._found += fresh
        return fresh

    def changes(self) -> list[Change]:
        """The changes of the provisions' states since the last call, in order, each handed out once."""
        changes = list(self._engine.changes)
        self._engine.changes.clear()
        return changes

    @property
    def now(self) -> datetime | None:
        """The instant the monitor has reached (UTC): an event's, a timer's, or ``advance``'s; None before any."""
        return self._engine.now

    @property
    def next_due(self) -> datetime | None:
        """The next instant at which time alone changes something (the start, a timer, the end), or None."""
        engine, end = self._engine, self.agreement.end
        if self.status == "pending":
            return self.agreement.start
        due = [engine.timers.peek()] + ([end] if end is not None and (engine.now is None or engine.now < end) else [])
        return min((d for d in due if d is not None), default=None)

    def snapshot(self) -> dict[str, Any]:
        """This monitor's whole state as a small JSON document with its pack's hash (``snapshot``); ``restore`` reads it back.

        Findings already returned are not in it (nor, with ``keep``, in ``findings`` after a restore).
        """
        self._open("snapshot")
        from .snapshot import monitor_state

        return monitor_state(self)

    @classmethod
    def restore(cls, snapshot: Mapping[str, Any] | str | bytes, agreement: Agreement | str | os.PathLike[str] | None = None,
                name: str = "<monitor>", *, source: str = "<snapshot>", on_warning: Callable[[LogWarning], None] | None = None,
                strict: bool = False, keep: bool = True) -> Monitor:
        """A monitor that goes on where the one that took ``snapshot`` stood (``agreement``: the snapshot's bundled pack).

        ``snapshot`` is the document ``snapshot()`` returned, or its JSON text (as saved to a file).
        Raises StateError (``source: message``) for a snapshot of another pack or version, or a malformed one;
        UsageError for an argument of another kind (None, a number, a list).
        """
        from .errors import StateError
        from .snapshot import load_monitor

        if not isinstance(snapshot, (Mapping, str, bytes, bytearray)):
            raise UsageError(f"a snapshot is the mapping snapshot() returned, or its JSON text, got {type(snapshot).__name__}")
        if isinstance(snapshot, (str, bytes, bytearray)):
            try:
                snapshot = json.loads(snapshot)
            except (ValueError, RecursionError) as exc:  # UnicodeDecodeError too; nested too deeply
                raise StateError(f"not a ceasefire snapshot (not JSON: {exc})", path=source) from None
        if agreement is None:
            named = snapshot.get("agreement") if isinstance(snapshot, Mapping) else None
            if not isinstance(named, str) or not named:
                raise StateError("not a ceasefire snapshot (it names no agreement)", path=source)
            agreement = named
        monitor = cls(agreement, name, on_warning=on_warning, strict=strict, keep=keep)
        load_monitor(monitor, snapshot, source)
        return monitor

    def fork(self) -> Monitor:
        """A copy of this monitor, sharing its agreement: advance or finish it to look ahead, this one unchanged."""
        shared: list[object] = [self.agreement, self.agreement.provisions, self.agreement.rules, self._engine._matcher,
                                *self.agreement.provisions, *self.agreement.rules]
        machines = machines_for(self.agreement)
        shared += [machines, *machines, self._parser.on_warning]  # the caller's callback is the caller's
        return copy.deepcopy(self, {id(thing): thing for thing in shared})

    @property
    def states(self) -> dict[str, str]:
        """Each provision's current state."""
        return self._engine.states

    @property
    def instances(self) -> dict[str, dict[str, str]]:
        """Each per-party or per-field provision's instances and their current states."""
        return self._engine.instances

    @property
    def status(self) -> str:
        """The agreement's status now."""
        return self._engine.status

    @property
    def implementation(self) -> str:
        """How the agreement's provisions are being carried out now: on_track, behind or stalled."""
        return self._engine.implementation

    @property
    def warnings(self) -> list[LogWarning]:
        """The warnings about the events fed so far (lines that look mistyped), unless handed to ``on_warning``."""
        return list(self._parser.warnings)

    @property
    def by_severity(self) -> dict[str, int]:
        """How many findings of each severity were handed out so far, kept or not, and before a snapshot restored."""
        return dict(self._by_severity)

    @property
    def findings(self) -> list[Breach]:
        """Every finding returned so far by ``feed`` and ``advance``."""
        return list(self._found)
