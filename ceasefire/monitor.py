"""Online checking: a Monitor takes one event at a time and says what changed."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from .agreement import Agreement
from .dates import Moment, parse_moment, show
from .engine import Engine
from .errors import LogError, UsageError
from .events import Event, EventParser
from .report import Breach, LogWarning
from .packs import load_agreement

__all__ = ["Monitor"]


class Monitor:
    """Checks a growing log event by event, with the same engine as ``check``.

    An event with a bare date is held until its day is over (a later-dated event, or
    ``advance``), since it counts as the end of its day; so is a breach found by a timer,
    since such an event could still make it uncertain.

    Events come in date order, whether mappings or ``Event`` objects (a LogError otherwise);
    an event earlier than a previous ``advance``, and any call after ``finish``, is a UsageError.
    """

    def __init__(
        self,
        agreement: Agreement | str | os.PathLike[str],
        name: str = "<monitor>",
        *,
        on_warning: Callable[[LogWarning], None] | None = None,
        strict: bool = False,
    ) -> None:
        self.agreement = agreement if isinstance(agreement, Agreement) else load_agreement(agreement)
        self.name = name
        self._zone = self.agreement.timezone
        self._parser = EventParser(self.agreement, on_warning=on_warning, strict=strict)
        self._engine = Engine(self.agreement)
        self._lines = 0
        self._found: list[Breach] = []
        self._clock: datetime | None = None  # the latest instant ``advance`` moved to
        self._finished = False

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
        fresh = self._engine.drain()
        self._found += fresh
        return fresh

    @property
    def states(self) -> dict[str, str]:
        """Each provision's current state."""
        return self._engine.states

    @property
    def status(self) -> str:
        """The agreement's status now."""
        return self._engine.status

    @property
    def warnings(self) -> list[LogWarning]:
        """The warnings about the events fed so far (lines that look mistyped), unless handed to ``on_warning``."""
        return list(self._parser.warnings)

    @property
    def findings(self) -> list[Breach]:
        """Every finding returned so far by ``feed`` and ``advance``."""
        return list(self._found)
