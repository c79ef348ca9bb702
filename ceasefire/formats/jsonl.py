"""JSON Lines, the streaming format: one object per breach as it is settled, one summary per log.

Each line has a ``record``: ``breach``, ``summary`` or, when a log cannot be checked,
``error``. Nothing is kept in memory, however many breaches a log holds.
"""

from __future__ import annotations

import json
from typing import Any

from ..errors import CeasefireError, LogError
from ..results import Finding, LogResult
from . import Format

__all__ = ["Output"]


class Output(Format):
    """Writes each record as a line of JSON with sorted keys."""

    streaming = True

    def _line(self, record: dict[str, Any]) -> None:
        self.out.write(json.dumps(record, sort_keys=True, ensure_ascii=False) + "\n")

    def breach(self, file: str, finding: Finding) -> None:
        self._line({"record": "breach", "file": file, **finding.to_dict()})

    def log(self, result: LogResult) -> None:
        report = result.report.to_dict()
        del report["breaches"]
        self._line({
            "record": "summary", "file": result.file, **report, "breaches": result.breaches,
            "by_severity": result.by_severity, "failing": result.failing, "known": result.known,
        })

    def error(self, error: CeasefireError) -> None:
        file = getattr(error, "path", None)
        line = error.line if isinstance(error, LogError) else None
        self._line({"record": "error", "file": file, "line": line, "message": str(error)})
