"""The human report: per log, the verdict, each provision, each breach, a summary line.

With ``quiet``, only the breaches, one line each. Colour (ANSI) only when asked for. Every
string from a log, a pack or a file name is shown escaped (``escaping.printable``): one
finding, one line, and no terminal sequence of the log's author.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TextIO

from ..escaping import printable
from ..keptviews import each_breach, each_row
from ..verdicts import Finding, LogResult, Policy, Run
from ..wording import extension_text, log_summary, run_summary
from . import Format

if TYPE_CHECKING:
    from ..tally import Row, Tally

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

    def _policy(self, passing: bool) -> Policy | None:
        """The policy each breach is flagged by: none when every breach fails at the default threshold (nothing to tell apart)."""
        return self.policy if self.policy is not None and (self.policy.fail_on != "minor" or passing) else None

    def log(self, result: LogResult) -> None:
        write, report, file = self.out.write, result.report, printable(result.file)
        if self.quiet:
            policy = self._policy(any(not f.fails for f in _each(result.findings)))
            for f in _each(result.findings):
                write(f"{_where(file, f)}: {self._paint(f.breach.severity, _SEVERITY_COLOR[f.breach.severity])} "
                      f"{printable(f.breach.provision)}: {printable(f.breach.message)}{_flags(f, policy)}\n")
            return
        status = self._paint(report.status, _STATUS_COLOR.get(report.status))
        if self._logs:
            write("\n")
        self._logs += 1
        write(f"{file}: {printable(report.agreement)} ({printable(report.title)})\n")
        weighs = report.pack is not None and any(p.implementation for p in report.pack.provisions)
        write(f"as of {report.as_of or 'no event yet'}: status {status}"
              + (f", implementation {report.implementation}" if weighs or report.implementation != "on_track" else "") + "\n")
        write("\nprovisions:\n")
        provisions = {printable(pid): printable(state) for pid, state in report.provisions.items()}
        width = max((len(pid) for pid in provisions), default=0)
        for (pid, state), raw in zip(provisions.items(), report.provisions):
            extra = ""
            if report.instances.get(raw):  # a provision kept per convoy with no convoy yet has none
                extra += " (" + ", ".join(f"{printable(k)}: {printable(v)}" for k, v in report.instances[raw].items()) + ")"
            if raw in report.unobserved:
                extra += f" [unobserved since {printable(report.unobserved[raw])}]"
            write(f"  {pid:<{width}}  {state}{extra}\n")
        if report.extensions:
            write("\nextensions:\n" + "".join(f"  {printable(extension_text(x, result.file))}\n" for x in report.extensions))
        if self.view.explain and report.pack is not None:
            from ..explain import explain
            from ..narrate import explanation_lines

            write("\n" + "".join(printable(line) + "\n" for line in explanation_lines(explain(report, each_breach(result.findings)))))
        if result.findings:
            write("\nbreaches:\n")
            widths, passing = [0] * 5, False
            for f in _each(result.findings):  # the columns' widths, and whether any breach does not fail: one reading
                widths = [max(w, len(c)) for w, c in zip(widths, _cells(file, f))]
                passing = passing or not f.fails
            policy = self._policy(passing)
            for f in _each(result.findings):
                cells = [c.ljust(w) for c, w in zip(_cells(file, f), widths)]
                cells[2] = self._paint(cells[2], _SEVERITY_COLOR[f.breach.severity])
                write("  " + "  ".join(cells) + "  " + printable(f.breach.message) + _flags(f, policy) + "\n")
        if self.view.tally:
            from ..tally import Tally  # only --tally pays for it

            write("\n" + "".join(line + "\n" for line in tally_lines(Tally(self.view.per, (f.breach for f in _each(result.findings))))))
        write(f"\n{log_summary(result, status)}\n")

    def end(self, run: Run) -> None:
        if len(run.logs) + len(run.errors) > 1 and not self.quiet:
            self.out.write(f"\n{run_summary(run)}\n")


_COLUMNS = ("critical", "major", "minor", "incidents", "casualties", "killed", "injured", "alleged")


def tally_lines(tally: Tally) -> list[str]:
    """The ``--tally`` section: a row per party, then a row per party and day (or week)."""
    if not tally:
        return [f"tally (per {tally.per}): no breach"]

    def table(head: list[str], rows: list[Row], period: bool) -> list[str]:
        cells = [head] + [([r.period or ""] if period else []) + [printable(r.party or "unattributed")]
                          + ["-" if getattr(r, c) is None else str(getattr(r, c)) for c in _COLUMNS] for r in rows]
        widths = [max(len(row[i]) for row in cells) for i in range(len(head))]
        texts = len(head) - len(_COLUMNS)
        return ["  " + "  ".join(c.ljust(w) if i < texts else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))).rstrip()
                for row in cells]

    lines = [f"tally (per {tally.per}):"] + table(["party", *_COLUMNS], tally.parties(), False)
    return lines + [""] + table([tally.per, "party", *_COLUMNS], tally.periods(), True)


def _each(findings: Iterable[Finding]) -> Iterable[Finding]:
    """A log's findings, as light rows when they are kept packed (read twice, never all unpacked at once)."""
    return each_row(findings)  # a row reads as a finding


def _where(file: str, f: Finding) -> str:
    return f"{file}:{f.breach.line}" if f.breach.line is not None else f"{file} ({f.breach.kind})"


def _cells(file: str, f: Finding) -> tuple[str, str, str, str, str]:
    """The escaped cells of a breach's row (``file`` is escaped already)."""
    b = f.breach
    return (printable(b.date), printable(b.provision), b.severity, printable(b.party or "-"), _where(file, f))


def _flags(f: Finding, policy: Policy | None = None) -> str:
    """Uncertain, and (with ``policy``) whether the breach fails the run, is below the threshold, or is known."""
    text = " [uncertain]" if f.breach.uncertain else ""
    if f.breach.alleged:
        text += f" [alleged{', claimed by ' + printable(f.breach.claimed_by) if f.breach.claimed_by else ''}]"
    if f.known:
        return text + " [known]"
    if policy is not None and not (f.breach.alleged and not f.fails):
        text += " [fails]" if f.fails else f" [below --fail-on {policy.fail_on}]"
    return text
