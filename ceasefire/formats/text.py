"""The human report: per log, the verdict, each provision, each breach, a summary line.

With ``quiet``, only the breaches, one line each. Colour (ANSI) only when asked for. Every
string from a log, a pack or a file name is shown escaped (``escaping.printable``): one
finding, one line, and no terminal sequence of the log's author.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TextIO

from ..escaping import printable
from ..verdicts import Finding, Findings, LogResult, Policy, Run
from . import Format

__all__ = ["Output"]

_STATUS_COLOR = {"holding": "32", "fragile": "33", "in_doubt": "31", "collapsed": "1;31", "pending": "36"}
_SEVERITY_COLOR = {"minor": "33", "major": "31", "critical": "1;31"}


class Output(Format):
    """Writes each log's report as soon as it is checked, a blank line between two."""

    fingerprints = False
    writes_errors = True  # the logs that could be checked, and the run's total

    def __init__(self, out: TextIO, **options: Any) -> None:
        super().__init__(out, **options)
        self._logs = 0

    def _paint(self, text: str, code: str | None) -> str:
        return f"\033[{code}m{text}\033[0m" if self.color and code else text

    def log(self, result: LogResult) -> None:
        write, report, file = self.out.write, result.report, printable(result.file)
        policy = self.policy if self.policy is not None and (
            self.policy.fail_on != "minor" or any(not f.fails for f in _each(result.findings))) else None
        if self.quiet:
            for f in _each(result.findings):
                write(f"{_where(file, f)}: {self._paint(f.breach.severity, _SEVERITY_COLOR[f.breach.severity])} "
                      f"{printable(f.breach.provision)}: {printable(f.breach.message)}{_flags(f, policy)}\n")
            return
        status = self._paint(report.status, _STATUS_COLOR.get(report.status))
        if self._logs:
            write("\n")
        self._logs += 1
        write(f"{file}: {printable(report.agreement)} ({printable(report.title)})\n")
        write(f"as of {report.as_of or 'no event yet'}: status {status}\n")
        write("\nprovisions:\n")
        provisions = {printable(pid): printable(state) for pid, state in report.provisions.items()}
        width = max((len(pid) for pid in provisions), default=0)
        for pid, state in provisions.items():
            write(f"  {pid:<{width}}  {state}\n")
        if result.findings:
            write("\nbreaches:\n")
            widths = [0] * 5
            for f in _each(result.findings):
                widths = [max(w, len(c)) for w, c in zip(widths, _cells(file, f))]
            for f in _each(result.findings):
                cells = [c.ljust(w) for c, w in zip(_cells(file, f), widths)]
                cells[2] = self._paint(cells[2], _SEVERITY_COLOR[f.breach.severity])
                write("  " + "  ".join(cells) + "  " + printable(f.breach.message) + _flags(f, policy) + "\n")
        counts, total = report.counts, result.breaches
        summary = f"{total} breach{'es' if total != 1 else ''}"
        by_severity = ", ".join(f"{n} {s}" for s, n in result.by_severity.items() if n)
        if by_severity:
            summary += f" ({by_severity})"
        if result.known:
            summary += f", {result.known} known"
        if result.warning_count:
            summary += f", {result.warning_count} warning{'s' if result.warning_count != 1 else ''}"
        write(
            f"\n{summary}; {counts.events} event{'s' if counts.events != 1 else ''} in {counts.lines} "
            f"line{'s' if counts.lines != 1 else ''} ({counts.skipped} skipped); status {status}\n"
        )

    def end(self, run: Run) -> None:
        if len(run.logs) + len(run.errors) > 1 and not self.quiet:
            self.out.write(f"\n{run.describe()}\n")


def _each(findings: Iterable[Finding]) -> Iterable[Finding]:
    """A log's findings, as light rows when they are kept packed (read twice, never all unpacked at once)."""
    return findings.rows() if isinstance(findings, Findings) else findings  # type: ignore[return-value]  # a row reads as a finding


def _where(file: str, f: Finding) -> str:
    return f"{file}:{f.breach.line}" if f.breach.line is not None else f"{file} ({f.breach.kind})"


def _cells(file: str, f: Finding) -> tuple[str, str, str, str, str]:
    """The escaped cells of a breach's row (``file`` is escaped already)."""
    b = f.breach
    return (printable(b.date), printable(b.provision), b.severity, printable(b.party or "-"), _where(file, f))


def _flags(f: Finding, policy: Policy | None = None) -> str:
    """Uncertain, and (with ``policy``) whether the breach fails the run, is below the threshold, or is known."""
    text = " [uncertain]" if f.breach.uncertain else ""
    if f.known:
        return text + " [known]"
    if policy is not None:
        text += " [fails]" if f.fails else f" [below --fail-on {policy.fail_on}]"
    return text
