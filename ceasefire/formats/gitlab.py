"""GitLab Code Quality: a JSON array of issues, one per breach.

Severities map as they are (minor, major, critical); a breach known from the baseline is
``info``. A breach with no line (a deadline) is placed on line 1.
"""

from __future__ import annotations

import json

from ..results import Run
from . import Format

__all__ = ["Output"]


class Output(Format):
    """Writes the Code Quality report at the end of the run."""

    def end(self, run: Run) -> None:
        issues = []
        for log in run.logs:
            for f in log.findings:
                b = f.breach
                issues.append({
                    "description": f"{b.provision}: {b.message} ({b.date}, {b.party or 'no party named'})"
                    + (" [no line: a deadline]" if b.line is None else ""),
                    "check_name": f"ceasefire/{log.report.agreement}/{b.provision}/{b.rule}",
                    "fingerprint": f.fingerprint,
                    "severity": "info" if f.known else b.severity,
                    "location": {"path": log.file, "lines": {"begin": b.line or 1}},
                })
        self.out.write(json.dumps(issues, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
