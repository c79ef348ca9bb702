"""The human report: the verdict first, then each provision, each breach, and a summary line."""

from __future__ import annotations

from typing import Iterator

from ..findings import Breach
from ..report import Report

__all__ = ["chunks"]


def chunks(report: Report) -> Iterator[str]:
    """Yield the report as plain text for a terminal or a log file, a line at a time."""
    yield f"{report.log}: {report.agreement} ({report.title})\n"
    yield f"as of {report.as_of or 'no event yet'}: status {report.status}\n"
    yield "\nprovisions:\n"
    width = max((len(pid) for pid in report.provisions), default=0)
    for pid, state in report.provisions.items():
        yield f"  {pid:<{width}}  {state}\n"
    if report.breaches:
        yield "\nbreaches:\n"
        widths = [0] * 5
        for breach in report.breaches:
            widths = [max(w, len(cell)) for w, cell in zip(widths, _cells(report, breach))]
        for breach in report.breaches:
            cells = _cells(report, breach)
            message = breach.message + (" [uncertain]" if breach.uncertain else "")
            yield "  " + "  ".join(c.ljust(w) for c, w in zip(cells, widths)) + "  " + message + "\n"
    counts = report.counts
    total = len(report.breaches)
    summary = f"{total} breach{'es' if total != 1 else ''}"
    by_severity = ", ".join(f"{n} {severity}" for severity, n in report.severity_counts().items() if n)
    if by_severity:
        summary += f" ({by_severity})"
    yield (
        f"\n{summary}; {counts.events} event{'s' if counts.events != 1 else ''} in {counts.lines} "
        f"line{'s' if counts.lines != 1 else ''} ({counts.skipped} skipped); status {report.status}\n"
    )


def _cells(report: Report, breach: Breach) -> tuple[str, str, str, str, str]:
    where = f"{report.log}:{breach.line}" if breach.line is not None else f"{report.log} ({breach.kind})"
    return (breach.date, breach.provision, breach.severity, breach.party or "-", where)
