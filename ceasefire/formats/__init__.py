"""Output formats, chosen by name from a registry, each in a module imported only when used.

A format is told of each breach as it is settled, of each warning about a log's line, of
each log when it is done, of each error, and of the end of the run, and writes to the stream
it was handed. A streaming format writes as it is told; a document format writes once, at
the end of the run: ``json`` only after a run without errors, so a failed run never leaves
half a document; the CI formats (``sarif``, ``gitlab``, ``junit``) also after one with
errors, which they report in their own terms.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, TextIO

from ..values import frozen

if TYPE_CHECKING:
    from ..agreement import Agreement
    from ..errors import CeasefireError
    from ..report import Change, LogWarning, Report
    from ..verdicts import Finding, LogResult, Policy, Run

__all__ = ["FORMATS", "PERIODS", "Format", "View", "formatter", "render"]

FORMATS: dict[str, str] = {
    "text": "text",
    "json": "json",
    "jsonl": "jsonl",
    "github": "github",
    "gitlab": "gitlab",
    "junit": "junit",
    "sarif": "sarif",
    "markdown": "markdown",
    "csv": "csv",
    "html": "html",
}
"""Format name -> module under ``ceasefire.formats`` whose ``Output`` class writes it."""


PERIODS = ("day", "week")
"""What a tally's rows are counted per (``--per``): the tally's own, named here where the view's ``per`` is."""


@frozen
class View:
    """What a report shows besides the verdict: why (``--explain``), the tallies (``--tally``), per day or week (``--per``)."""

    explain: bool = False
    tally: bool = False
    per: str = "day"


class Format:
    """The base of every format: by default a document written at the end of the run."""

    streaming = False
    """True when the format needs no breach kept in memory (it writes each as it comes)."""

    writes_errors = False
    """True when the format writes its document after a run with errors, reporting them."""

    fingerprints = True
    """False when the format never shows a breach's fingerprint: a run with only such formats (and no
    baseline to read or write) leaves ``Finding.fingerprint`` empty rather than hash every breach."""

    parts = False
    """True when a worker process that checked a log may write the log's part of the output itself (``write_part``),
    which the run then hands to the format (``log_part``) in place of the log's breaches (see ``parts.py``)."""

    def __init__(self, out: TextIO, *, color: bool = False, quiet: bool = False, policy: Policy | None = None,
                 view: View | None = None) -> None:
        self.out = out
        self.color = color
        self.quiet = quiet
        self.policy = policy
        self.view = view or View()

    def begin(self, file: str, agreement: Agreement) -> None:
        """A log is about to be checked against ``agreement`` (before any of its breaches or changes)."""

    def breach(self, file: str, finding: Finding) -> None:
        """A breach has been settled in ``file``."""

    @property
    def hears(self) -> bool:
        """Whether the format is told of each breach as it comes (``breach`` is its own): else a run that writes only such
        formats makes no ``Finding`` of a recorded breach (``LogResult.add_found``)."""
        return type(self).breach is not Format.breach

    def warning(self, file: str, warning: LogWarning) -> None:
        """A line of ``file`` was accepted but looks mistyped."""

    def change(self, change: Change, file: str | None = None) -> None:
        """A provision of ``file`` changed state (told as it happens only when no format keeps the report whole)."""

    def log(self, result: LogResult) -> None:
        """A log has been checked."""

    def write_part(self, result: LogResult, out: TextIO) -> None:
        """In a worker, told of a log as the run would tell it: write the log's part of the output to ``out``."""
        raise NotImplementedError

    def log_part(self, result: LogResult, path: str) -> None:
        """A log has been checked, its part of the output written by ``write_part`` to the file at ``path``."""
        raise NotImplementedError

    def error(self, error: CeasefireError) -> None:
        """A log, pack or setting could not be used; the run will exit 2."""

    def end(self, run: Run) -> None:
        """The run is over: every log was checked, or is among ``run.errors``."""


def formatter(name: str) -> type[Format]:
    """The class of a format (KeyError for an unknown name)."""
    return import_module(f"{__name__}.{FORMATS[name]}").Output


def render(report: Report, name: str = "text", view: View | None = None) -> str:
    """Render one library Report in the named format, as ``ceasefire check`` would (UsageError for an unknown one)."""
    import io

    from ..errors import UsageError
    from ..report import Report

    if name not in FORMATS:
        raise UsageError(f"unknown format {name!r} (expected one of: {', '.join(FORMATS)})")
    if not isinstance(report, Report):
        raise UsageError(f"render() takes a Report, got {type(report).__name__}")

    from ..fingerprints import Fingerprinter, display_path
    from ..verdicts import LogResult, Run

    file = display_path(report.log)
    fingerprint = Fingerprinter(file)
    result = LogResult(file, report)
    run = Run(logs=[result])
    out = io.StringIO()
    output = formatter(name)(out, policy=run.policy, view=view)
    if report.pack is not None:
        output.begin(file, report.pack)
    for warning in report.warnings:
        result.warn(warning)
        output.warning(file, warning)
    for breach in report.breaches:
        output.breach(file, result.add(breach, fingerprint(breach), False, run.policy))
    if report.found and not report.breaches:  # handed to on_breach, not kept: count them all the same
        result.by_severity.update(report.by_severity)
        result.failing = sum(n for s, n in report.by_severity.items() if run.policy.fails_at(s))
    output.log(result)
    output.end(run)
    return out.getvalue()
