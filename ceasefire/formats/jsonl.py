"""JSON Lines, the streaming format: one object per line, each with a ``record``.

The first line is the ``header`` (``schema_version``, ``tool``): it marks the file as a
report, so that a directory walk for logs skips it. Then, as they come, a ``breach`` per
breach and a ``warning`` per line that looks mistyped; a ``log`` per log when it is done
(its report, with counts in place of the breaches and warnings already written); an
``error`` for a log that cannot be checked; and, after a run without errors, the run's
``summary``. Nothing is kept in memory, however many breaches a log holds.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from ..errors import CeasefireError, LogError
from ..report import LogWarning
from ..verdicts import SCHEMA_VERSION, TOOL, Finding, LogResult, Run
from . import Format
from .encode import finding_line

__all__ = ["HEADER", "Output", "is_report_header"]

_encode = json.JSONEncoder(sort_keys=True, ensure_ascii=False).encode

HEADER = {"record": "header", "schema_version": SCHEMA_VERSION, "tool": TOOL}
"""The first line of every JSON Lines report."""


def is_report_header(value: Any) -> bool:
    """True for the first line of a JSON Lines report written by ceasefire (of any schema version)."""
    return (isinstance(value, dict) and value.get("record") == "header"
            and isinstance(value.get("tool"), dict) and value["tool"].get("name") == "ceasefire")


class Output(Format):
    """Writes each record as a line of JSON with sorted keys."""

    streaming = True

    def __init__(self, out: TextIO, **options: Any) -> None:
        super().__init__(out, **options)
        self._line(HEADER)

    def _line(self, record: dict[str, Any]) -> None:
        self.out.write(_encode(record) + "\n")

    def breach(self, file: str, finding: Finding) -> None:
        try:
            self.out.write(finding_line(file, finding) + "\n")
        except TypeError:  # a value of an unforeseen kind
            self._line({"record": "breach", "file": file, **finding.to_dict()})

    def warning(self, file: str, warning: LogWarning) -> None:
        self._line({"record": "warning", "file": file, **warning.to_dict()})

    def log(self, result: LogResult) -> None:
        report = result.report.to_dict()
        self._line({
            "record": "log", "file": result.file, **report, "breaches": result.breaches, "warnings": result.warning_count,
            "by_severity": result.by_severity, "failing": result.failing, "known": result.known,
        })

    def error(self, error: CeasefireError) -> None:
        file = getattr(error, "path", None)
        line = error.line if isinstance(error, LogError) else None
        self._line({"record": "error", "file": file, "line": line, "message": str(error)})

    def end(self, run: Run) -> None:
        if not run.errors:
            self._line({"record": "summary", **run.summary()})
