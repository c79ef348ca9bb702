"""The human report: the verdict first, then each provision, each breach, and a summary line."""

from __future__ import annotations

from ..report import Report

__all__ = ["render"]


def render(report: Report) -> str:
    """Render the report as plain text for a terminal or a log file."""
    out = [
        f"{report.log}: {report.agreement} ({report.title})",
        f"as of {report.as_of or 'no event yet'}: status {report.status}",
        "",
        "provisions:",
    ]
    width = max((len(pid) for pid in report.provisions), default=0)
    out += [f"  {pid:<{width}}  {state}" for pid, state in report.provisions.items()]
    if report.breaches:
        out += ["", "breaches:"]
        rows = [
            (
                b.date,
                b.provision,
                b.severity,
                b.party or "-",
                f"{report.log}:{b.line}" if b.line is not None else f"{report.log} ({b.kind})",
                b.message + (" [uncertain]" if b.uncertain else ""),
            )
            for b in report.breaches
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(5)]
        for row in rows:
            cells = [cell.ljust(width) for cell, width in zip(row, widths)]
            out.append("  " + "  ".join(cells) + "  " + row[5])
    counts = report.counts
    by_severity = ", ".join(f"{n} {sev}" for sev, n in report.severity_counts().items() if n)
    breaches = f"{len(report.breaches)} breach{'es' if len(report.breaches) != 1 else ''}"
    if by_severity:
        breaches += f" ({by_severity})"
    out += [
        "",
        f"{breaches}; {counts.events} event{'s' if counts.events != 1 else ''} in {counts.lines} "
        f"line{'s' if counts.lines != 1 else ''} ({counts.skipped} skipped); status {report.status}",
    ]
    return "\n".join(out) + "\n"
