"""The checker the command line builds: check every log, judge the run, write every output.

``Checker.run()`` returns the exit code: 0 nothing at or above the thresholds, 1 something
is, 2 a log, pack, setting or output could not be used, or (strict) a line looks mistyped
(reported on ``stderr``, one line each). Warnings go to ``stderr`` as they come, and to every
format. Every output is opened, and checked against the inputs, before a log is read.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import IO, TextIO

import attrs

from .agreement import Agreement
from .baseline import load_baseline, write_baseline
from .errors import EXIT_ERROR, CeasefireError, ConfigError, OutputError, UsageError
from .escaping import file_name, printable
from .fingerprints import Fingerprinter, display_path, project_path
from .formats import Format, View, formatter
from .logfiles import expand_logs, header_pack
from .outputs import Guarded, OutputFile, check_outputs
from .packs import resolve_pack
from .replay import check
from .report import Breach, Change, LogWarning
from .verdicts import BaselineUse, LogResult, Policy, Run
from .wording import baseline_summary, baseline_written, run_summary

__all__ = ["Checker"]


@attrs.define
class Checker:
    """One ``ceasefire check`` run over one or more logs."""

    logs: Sequence[str]
    agreement: str | None = None
    as_of: str | None = None
    sort: bool = False
    policy: Policy = attrs.field(factory=Policy)
    outputs: Sequence[tuple[str, str | None]] = (("text", None),)
    """(format, file) pairs; file None is standard output."""
    baseline: str | None = None
    write_baseline: str | None = None
    stdin_filename: str | None = None
    color: bool = False
    quiet: bool = False
    strict: bool = False
    root: Path = attrs.field(factory=Path.cwd)
    """The project root: fingerprints name logs relative to it."""
    now: datetime | None = None
    """The current time, for ``as_of`` ``now`` and ``today``."""
    source: str | None = None
    """Read each file as this dataset (acled, ucdp, gdelt) through the pack's mapping, as ``import`` would."""
    mapping: str | None = None
    view: View = attrs.field(factory=View)
    """What the reports show besides the verdict (``--explain``, ``--tally``, ``--per``)."""
    stdout: TextIO | None = attrs.field(factory=lambda: sys.stdout)  # None: closed
    stderr: TextIO = attrs.field(factory=lambda: sys.stderr)
    stdin: IO[bytes] = attrs.field(factory=lambda: sys.stdin.buffer)

    def run(self) -> int:
        """Check every log, write the outputs, return the exit code."""
        files = [path for _, path in self.outputs if path is not None]
        files += [self.write_baseline] if self.write_baseline is not None else []
        paths = expand_logs(self.logs, files)
        refresh = (self.write_baseline, self.baseline) if self.write_baseline and self.baseline else None
        if files:  # only then are the inputs worth listing (headers are read for the packs they name)
            check_outputs(files, self._inputs(paths), refresh)
        sinks: list[_Sink] = []
        recorder: OutputFile | None = None
        try:
            for name, path in self.outputs:
                sinks.append(_Sink(name, path, self.stdout))
            previous = None
            if self.write_baseline is not None:
                recorder = OutputFile(self.write_baseline)
                previous = _previous_baseline(self.write_baseline)
            known = load_baseline(self.baseline) if self.baseline else set()
            return self._run(paths, known, sinks, recorder, previous)
        finally:
            for sink in sinks:
                sink.close(keep=False)  # a no-op for those already closed
            if recorder is not None:
                recorder.discard()

    def _inputs(self, paths: list[str]) -> list[tuple[str, str | int]]:
        """What this run reads, which no output may replace."""
        inputs: list[tuple[str, str | int]] = []
        for path in paths:
            if path != "-":
                inputs.append(("a log", path))
                pack = None if self.agreement is not None else header_pack(path)
                if pack is not None:
                    inputs.append(("the agreement pack", pack))
            else:
                try:
                    inputs.append(("a log", self.stdin.fileno()))
                except (AttributeError, OSError, ValueError):
                    pass  # not a real file: nothing on disk to protect
        if self.agreement is not None:
            try:
                inputs.append(("the agreement pack", str(resolve_pack(self.agreement))))
            except CeasefireError:
                pass  # reported when the first log is checked
        if self.baseline is not None:
            inputs.append(("the baseline", self.baseline))
        return inputs

    def _run(self, paths: list[str], known: set[str], sinks: list[_Sink], recorder: OutputFile | None,
             previous: set[str] | None) -> int:
        formats = [formatter(s.format)(s.stream, color=self.color and s.path is None, quiet=self.quiet, policy=self.policy,  # type: ignore[arg-type]
                                       view=self.view) for s in sinks]
        keep = self.write_baseline is not None or not all(f.streaming for f in formats)
        run = Run(policy=self.policy, baseline=self.baseline)
        matched: set[str] = set()
        for path in paths:
            try:
                result = self._check(path, known, matched, formats, keep)
            except OutputError:
                raise
            except CeasefireError as exc:
                run.errors.append(exc)
                self.stderr.write(f"{printable(str(exc))}\n")
                for f in formats:
                    f.error(exc)
                continue
            run.logs.append(result)
            for f in formats:
                f.log(result)
        if run.errors:
            for sink, f in zip(sinks, formats):
                if f.writes_errors or f.streaming:
                    f.end(run)
                sink.close(keep=f.streaming or f.writes_errors)
            return max(getattr(e, "exit_code", EXIT_ERROR) for e in run.errors)
        if self.baseline is not None:
            run.baseline_use = BaselineUse(self.baseline, len(matched), len(known - matched))
            self.stderr.write(f"ceasefire: {printable(baseline_summary(run.baseline_use))}\n")
        for f in formats:
            f.end(run)
        if recorder is not None:
            count, dropped = write_baseline(recorder.stream, ((log.key, f) for log in run.logs for f in log.findings), previous)
        for sink in sinks:
            sink.close(keep=True)
        if recorder is not None:
            recorder.commit()
            shown = printable(file_name(self.write_baseline or ""))
            self.stderr.write(f"ceasefire: {baseline_written(count, shown, dropped)}\n")
        if not self.quiet and any(s.path is None and s.format != "text" for s in sinks):
            self.stderr.write(f"ceasefire: {run_summary(run)}\n")
        return run.exit_code

    def _check(self, path: str, known: set[str], matched: set[str], formats: list[Format], keep: bool) -> LogResult:
        name = (self.stdin_filename or "<stdin>") if path == "-" else path
        file = display_path(name)
        fingerprint = Fingerprinter(project_path(name, self.root))
        result = LogResult(file, None)  # type: ignore[arg-type]  # the report comes at the end
        result.key = fingerprint.file
        recorded = self.write_baseline is not None  # what is being recorded counts as known

        def on_breach(breach: Breach) -> None:
            mark = fingerprint(breach)
            if mark in known:
                matched.add(mark)
            finding = result.add(breach, mark, recorded or mark in known, self.policy, keep)
            for f in formats:
                f.breach(file, finding)

        def on_warning(warning: LogWarning) -> None:
            self.stderr.write(printable(warning.render(file)) + "\n")
            result.warn(warning, keep)
            for f in formats:
                f.warning(file, warning)

        def on_agreement(pack: Agreement) -> None:
            for f in formats:
                f.begin(file, pack)

        source = self.stdin if path == "-" else path
        fates = None
        if self.source is not None:
            source, fates = self._imported(path)
        on_change = None if keep else formats_change(formats, file)
        report = check(source, agreement=self.agreement, as_of=self.as_of, sort=self.sort, name=name, on_breach=on_breach,
                       on_warning=on_warning, strict=self.strict, now=self.now, on_change=on_change,
                       on_agreement=on_agreement)
        result.report = report
        result.status_fails = self.policy.status_fails(report.status)
        if fates is not None:
            for line in fates.describe().splitlines():
                self.stderr.write(f"{printable(file)}: {printable(line.strip())}\n")
            if fates.errors:  # malformed rows: each said as FILE:LINE: message, and the log fails as bad input
                for error in fates.errors[1:]:
                    self.stderr.write(f"{printable(str(error))}\n")
                raise fates.errors[0]
        return result

    def _imported(self, path: str) -> tuple[object, object]:
        """A dataset's file as a stream of log events (sorted by date in bounded memory), and the rows' fates."""
        from .fates import Fates
        from .importer import iter_events
        from .packs import load_agreement

        if self.agreement is None:
            raise UsageError("--from needs --agreement: a dataset's file names no agreement")
        if path == "-":
            raise UsageError("--from reads files, not standard input")
        fates = Fates()
        return iter_events(self.source, [path], load_agreement(self.agreement), self.mapping, fates=fates, sort=True, lines=True), fates


def formats_change(formats: list[Format], file: str | None = None) -> Callable[[Change], None]:
    """Tell every streaming format of each change of state in ``file`` as it happens (no history is kept)."""

    def on_change(change: Change) -> None:
        for f in formats:
            f.change(change, file)

    return on_change


def _previous_baseline(path: str | None) -> set[str] | None:
    """The fingerprints of the baseline about to be replaced (None: there is none, or it is not one)."""
    try:
        return load_baseline(path) if path is not None and Path(path).is_file() else None
    except (ConfigError, OSError):
        return None  # not a baseline: replaced whole, nothing to count


class _Sink:
    """Where one format writes: standard output, or an ``OutputFile`` put in place only once complete."""

    def __init__(self, format: str, path: str | None, stdout: TextIO | None) -> None:
        self.format, self.path = format, path
        self._file = None if path is None else OutputFile(path)
        self.stream = Guarded(stdout, "<stdout>") if self._file is None else self._file.stream
        self._open = True

    def close(self, keep: bool) -> None:
        """Finish: put the file in place (keep) or throw it away; standard output is flushed."""
        if not self._open:
            return
        self._open = False
        if self._file is None:
            if keep:
                self.stream.flush()
        elif keep:
            self._file.commit()
        else:
            self._file.discard()
