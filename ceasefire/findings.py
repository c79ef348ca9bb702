"""A finding: one breach of one provision, as a small frozen record."""

from __future__ import annotations

from typing import Any

import attrs

__all__ = ["Breach"]


@attrs.frozen
class Breach:
    """A recorded breach.

    ``kind`` is ``event`` when an event broke a rule, or the timer kind (``deadline``,
    ``calm``) when time ran out; then ``line`` is None and ``date`` is the timer's own date.
    ``uncertain`` marks a finding that hangs on an event whose time of day is unknown.
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

    def to_dict(self) -> dict[str, Any]:
        """The breach as the JSON report shows it."""
        return attrs.asdict(self)
