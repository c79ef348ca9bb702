"""Online checking: a Monitor takes one event at a time and says what changed."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from .agreement import Agreement
from .dates import parse_moment
from .engine import Engine
from .errors import LogError
from .events import Event, EventParser
from .report import Breach, LogWarning
from .packs import load_agreement

__all__ = ["Monitor"]


class Monitor:
    """Checks a growing log event by event, with the same engine as ``check``.

    An event with a bare date is held until its day is over (a later-dated event, or
    ``advance``), since it counts as the end of its day; so is a breach found by a timer,
    since such an event could still make it uncertain.
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
        self._parser = EventParser(self.agreement, on_warning=on_warning, strict=strict)
        self._engine = Engine(self.agreement)
        self._lines = 0
        self._found: list[Breach] = []

    def feed(self, event: Mapping[str, Any] | Event, line: int | None = None) -> list[Breach]:
        """Take the next event (a log line's mapping, or an Event) and return the new findings."""
        self._lines += 1
        if not isinstance(event, Event):
            try:
                event = self._parser.parse(event, line if line is not None else self._lines)
            except LogError as exc:
                raise exc.at(self.name)
        self._engine.feed(event)
        return self._settled()

    def advance(self, when: str | date | datetime) -> list[Breach]:
        """Let time pass to ``when`` with no event, and return the findings its timers record."""
        self._engine.advance(self._instant(when))
        return self._settled()

    def finish(self, when: str | date | datetime | None = None) -> list[Breach]:
        """The log is complete: apply what is held, advance to ``when`` if given, return all that is left."""
        self._engine.finish(None if when is None else self._instant(when))
        return self._settled()

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
