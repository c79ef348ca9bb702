"""GitLab Code Quality: a JSON array of issues, one per breach, warning and error.

Severities map as they are (minor, major, critical); a breach known from the baseline is
``info``, and so is a line that looks mistyped. A log or pack that cannot be used is a
``blocker``, written even though the run fails. A breach with no line (a deadline) is placed
on line 1.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from ..errors import LogError
from ..fingerprints import display_path
from ..verdicts import Run
from . import Format

__all__ = ["Output"]


def _fingerprint(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8", "surrogatepass")).hexdigest()[:20]


def _issue(description: str, check_name: str, fingerprint: str, severity: str, path: str, line: int | None) -> dict[str, Any]:
    return {"description": description, "check_name": check_name, "fingerprint": fingerprint, "severity": severity,
            "location": {"path": path, "lines": {"begin": line or 1}}}


class Output(Format):
    """Writes the Code Quality report at the end of the run."""

    writes_errors = True

    def end(self, run: Run) -> None:
        issues = []
        for log in run.logs:
            for f in log.findings:
                b = f.breach
                issues.append(_issue(
                    f"{b.provision}: {b.message} ({b.date}, {b.party or 'no party named'})"
                    + (" [no line: a deadline]" if b.line is None else ""),
                    f"ceasefire/{log.report.agreement}/{b.provision}/{b.rule}", f.fingerprint,
                    "info" if f.known else b.severity, log.file, b.line,
                ))
            for w in log.warnings:
                issues.append(_issue(f"warning: {w.message}", f"ceasefire/{w.code}",
                                     _fingerprint(log.file, w.line, w.code, w.message), "info", log.file, w.line))
        for error in run.errors:
            path = display_path(getattr(error, "path", None) or "<command line>")
            line = error.line if isinstance(error, LogError) else None
            issues.append(_issue(f"cannot be checked: {error}", "ceasefire/error",
                                 _fingerprint(path, line, str(error)), "blocker", path, line))
        self.out.write(json.dumps(issues, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
