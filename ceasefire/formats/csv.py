"""CSV for spreadsheets: the tally, one row per log, party and day (or week, ``--per week``).

Columns: ``file``, ``day`` (or ``week``: the Monday that starts it), ``party`` (empty: no party
named), then ``critical``, ``major``, ``minor``, ``breaches``, ``incidents``, ``casualties``,
``killed``, ``injured`` (empty: unknown) and ``alleged``. Rows are written as each log is done,
from counts kept as the breaches go by (never the breaches themselves). A cell that a
spreadsheet would take for a formula (``=``, ``+``, ``-``, ``@``) is written with a leading
``'``, and control characters are shown escaped, so a log cannot plant a formula or a line.
"""

from __future__ import annotations

import csv
from typing import Any, TextIO

from ..escaping import printable
from ..tally import Row, Tally
from ..verdicts import Finding, LogResult
from . import Format

__all__ = ["COLUMNS", "Output"]

COLUMNS = ("critical", "major", "minor", "breaches", "incidents", "casualties", "killed", "injured", "alleged")


def cell(text: str) -> str:
    """A text cell that no spreadsheet reads as a formula, with control characters escaped."""
    text = printable(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


class Output(Format):
    """Writes the header row at once, and each log's rows when it is done."""

    fingerprints = False
    streaming = True

    def __init__(self, out: TextIO, **options: Any) -> None:
        super().__init__(out, **options)
        self._writer = csv.writer(out, lineterminator="\n")
        self._writer.writerow(("file", self.view.per, "party", *COLUMNS))
        self._tallies: dict[str, Tally] = {}

    def breach(self, file: str, finding: Finding) -> None:
        self._tallies.setdefault(file, Tally(self.view.per)).add(finding.breach)

    def log(self, result: LogResult) -> None:
        tally = self._tallies.pop(result.file, None) or Tally(self.view.per)
        for row in tally.periods():
            self._writer.writerow((cell(result.file), row.period, cell(row.party or ""), *_counts(row)))


def _counts(row: Row) -> list[str]:
    values = [getattr(row, name) for name in COLUMNS]
    return ["" if value is None else str(value) for value in values]
