"""What became of every row of an import: the counts by fate, the unmapped names, the bad rows.

Every row read has exactly one fate, so ``rows == imported + out_of_scope + unmapped +
malformed`` always holds. Out-of-scope rows are counted by reason; unmapped actor names and
types are counted by name and reported most frequent first.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from .errors import LogError

__all__ = ["MAX_ERRORS", "MAX_NAMES", "REASONS", "Fates"]

REASONS = ("country", "area", "period", "type")
"""Why a row is out of scope: outside the mapping's countries, admin areas or period, or of a
type the mapping excludes (``false``)."""

MAX_ERRORS = 1000
"""Malformed rows whose message is kept; the others are only counted."""

MAX_NAMES = 10_000
"""Distinct unmapped names counted one by one; the others are counted together."""


class Fates:
    """Counts the fate of each row as an import goes; ``errors`` are the malformed rows' LogErrors."""

    def __init__(self) -> None:
        self.rows = 0
        self.imported = 0
        self.unmapped = 0
        self.malformed = 0
        self.out_of_scope: dict[str, int] = dict.fromkeys(REASONS, 0)
        self.actors: Counter[str] = Counter()
        self.types: Counter[str] = Counter()
        self.other_names = 0
        self.errors: list[LogError] = []

    @property
    def out_of_scope_total(self) -> int:
        """Rows outside the agreement, for any reason."""
        return sum(self.out_of_scope.values())

    @property
    def complete(self) -> bool:
        """True when every row read has been given exactly one fate."""
        return self.rows == self.imported + self.out_of_scope_total + self.unmapped + self.malformed

    def bad(self, path: str, line: int, message: str) -> None:
        """Record a malformed row."""
        self.malformed += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(LogError(message, line, path=path))

    def name(self, counter: Counter[str], name: str) -> None:
        """Count one row in which ``name`` (an actor name or a type) was not mapped."""
        if name in counter or len(counter) < MAX_NAMES:
            counter[name] += 1
        else:
            self.other_names += 1

    def as_dict(self) -> dict[str, Any]:
        """The counts, as JSON-ready data."""
        return {
            "rows": self.rows, "imported": self.imported,
            "out_of_scope": {reason: n for reason, n in self.out_of_scope.items() if n},
            "unmapped": self.unmapped, "malformed": self.malformed,
            "unmapped_actors": dict(_ranked(self.actors)), "unmapped_types": dict(_ranked(self.types)),
        }

    def describe(self) -> str:
        """The report for people: malformed rows, the unmapped names and types, the counts."""
        lines = [str(error) for error in self.errors]
        if self.malformed > len(self.errors):
            lines.append(f"... and {self.malformed - len(self.errors)} more malformed rows")
        for title, counter in (("unmapped actors", self.actors), ("unmapped types", self.types)):
            if counter:
                lines.append(f"{title} (rows):")
                lines += [f"  {n:6}  {_printable(name)}" for name, n in _ranked(counter)]
        if self.other_names:
            lines.append(f"  {self.other_names:6}  rows with other unmapped names (more than {MAX_NAMES} distinct)")
        reasons = ", ".join(f"{reason} {n}" for reason, n in self.out_of_scope.items() if n)
        lines.append(
            f"{self.rows} rows: {self.imported} imported, {self.out_of_scope_total} out_of_scope"
            f"{f' ({reasons})' if reasons else ''}, {self.unmapped} unmapped, {self.malformed} malformed"
        )
        return "\n".join(lines) + "\n"


def _ranked(counter: Counter[str]) -> list[tuple[str, int]]:
    """Most frequent first; equal counts in name order, so the report is the same every run."""
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))


def _printable(name: str) -> str:
    """A name from a data file, escaped if it holds characters that could forge a line of output."""
    return name if name.isprintable() else repr(name)
