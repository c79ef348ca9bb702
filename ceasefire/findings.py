"""Findings: a breach of one provision, and a warning about one line of a log, as small frozen records.

The engine records what happened; the sentence that tells a breach (``message``) is composed
by ``wording`` when a format asks for it, so rewording never changes what a breach is.
"""

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
    The event's facts follow (type, actor, target, location, casualties, and ``claimed``: the
    designated group the actor claims to have struck); ``note`` is the pack's own text for
    the rule or timer.
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

    @property
    def message(self) -> str:
        """The breach in one sentence, as reports print it."""
        from .wording import breach_message

        return breach_message(self)

    def to_dict(self) -> dict[str, Any]:
        """The breach as the JSON report shows it."""
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
        }


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
