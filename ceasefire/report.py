"""The report of one check: the verdict, each provision's state, the breaches, and the line count."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from .agreement import Agreement
from .findings import Breach, LogWarning

__all__ = ["Counts", "Report"]


@attrs.frozen
class Counts:
    """Every line of the log, accounted for: ``lines == events + skipped``.

    ``skipped`` holds blank lines, the header, and events dated after the as-of date.
    """

    lines: int = 0
    events: int = 0
    skipped: int = 0


@attrs.frozen
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

    @property
    def found(self) -> int:
        """How many breaches the log shows (``breaches`` is empty when they were streamed)."""
        return sum(self.by_severity.values()) if self.by_severity else len(self.breaches)
    warnings: tuple[LogWarning, ...] = ()
    """Lines accepted but probably mistyped (empty when they were handed to ``on_warning``)."""
    pack: Agreement | None = attrs.field(default=None, eq=False, repr=False)
    """The agreement checked against: its rules and timers are what was checked."""

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
            "provisions": {pid: {"state": state} for pid, state in self.provisions.items()},
            "breaches": [b.to_dict() for b in self.breaches],
            "counts": attrs.asdict(self.counts),
            "warnings": [w.to_dict() for w in self.warnings],
        }
