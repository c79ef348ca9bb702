"""Findings: a breach of one provision, and a warning about one line of a log, as small frozen records."""

from __future__ import annotations

from typing import Any

import attrs

__all__ = ["Breach", "LogWarning"]


@attrs.frozen
class Breach:
    """A recorded breach.

    ``kind`` is ``event`` when an event broke a rule, or the timer kind (``deadline``,
    ``calm``) when time ran out; then ``line`` is None and ``date`` is the timer's own date.
    ``uncertain`` marks a finding that hangs on an event whose time of day is unknown.
    ``event_type`` and ``target`` are the facts of the event that broke a rule (None for a
    timer): with the rest they say what the breach is, which is what a fingerprint hashes.
    """

    provision: str
    rule: str
    kind: str
    severity: str
    date: str
    party: str | None
    line: int | None
    event_id: str | int | None
    message: str
    uncertain: bool = False
    event_type: str | None = None
    target: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The breach as the JSON report shows it."""
        return attrs.asdict(self)


@attrs.frozen
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
