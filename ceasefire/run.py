"""The checker the command line builds: check every log, judge the run, write every output.

``Checker.run()`` returns the exit code: 0 nothing at or above the thresholds, 1 something
is, 2 a log, pack, setting or output could not be used, or (strict) a line looks mistyped
(reported on ``stderr``, one line each). Warnings go to ``stderr`` as they come, and to every
format. Every output is opened, and checked against the inputs, before a log is read.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Generator, Iterator, Sequence
from contextlib import closing
from datetime import datetime
from typing import IO, TYPE_CHECKING, TextIO

import attrs

from . import textpaths
from .agreement import Agreement
from .checklog import LogOptions, check_log
from .errors import EXIT_ERROR, CeasefireError, ConfigError, OutputError, UsageError
from .escaping import file_name, printable
from .formats import Format, View, formatter
from .logfiles import expand_logs, header_pack
from .outputs import Guarded, OutputFile, check_outputs
from .packs import resolved
from .report import Change, LogWarning
from .values import define
from .verdicts import BaselineUse, Finding, Policy, Run
from .wording import baseline_summary, baseline_written, run_summary

if TYPE_CHECKING:
    from .parallel import Outcome

__all__ = ["Checker"]


@define(eq=False)  # a run, not a value: two checkers are never the same one
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
    root: str | os.PathLike[str] = attrs.field(factory=lambda: _cwd())
    """The project root: fingerprints name logs relative to it (default: the working directory, a ``Path``)."""
    now: datetime | None = None
    """The current time, for ``as_of`` ``now`` and ``today``."""
    source: str | None = None
    """Read each file as this dataset (acled, ucdp, gdelt) through the pack's mapping, as ``import`` would."""
    mapping: str | None = None
    view: View = attrs.field(factory=View)
    """What the reports show besides the verdict (``--explain``, ``--tally``, ``--per``)."""
    jobs: int | None = 1
    """How many processes check the logs (1: all in this one; None: as many as the cores, ``parallel.default_jobs``)."""
    resume: str | None = None
    """Go on checking the one log from the snapshot in this file, and write the next one there (``resume``)."""
    stdout: TextIO | None = attrs.field(factory=lambda: sys.stdout)  # None: closed
    stderr: TextIO = attrs.field(factory=lambda: sys.stderr)
    stdin: IO[bytes] = attrs.field(factory=lambda: sys.stdin.buffer)

    def run(self) -> int:
        """Check every log, write the outputs, return the exit code."""
        files = [path for _, path in self.outputs if path is not None]
        files += [self.write_baseline] if self.write_baseline is not None else []
        paths = expand_logs(self.logs, files)
        if self.resume is not None:
            if len(paths) != 1 or (self.jobs or 1) > 1 or self.write_baseline is not None:
                raise UsageError("--resume goes on checking one log, in this process: not with several logs, "
                                 "--jobs above 1 or --write-baseline")
            files.append(self.resume)
        refresh = (self.write_baseline, self.baseline) if self.write_baseline and self.baseline else None
        if files:  # only then are the inputs worth listing (headers are read for the packs they name)
            check_outputs(files, self._inputs(paths), refresh)
        sinks: list[_Sink] = []
        recorder: OutputFile | None = None
        saver: OutputFile | None = None
        try:
            for name, path in self.outputs:
                sinks.append(_Sink(name, path, self.stdout))
            previous = None
            if self.write_baseline is not None:
                recorder = OutputFile(self.write_baseline)
                previous = _previous_baseline(self.write_baseline)
            if self.resume is not None:
                saver = OutputFile(self.resume)
            known = _load_baseline(self.baseline) if self.baseline else set()
            return self._run(paths, known, sinks, recorder, previous, saver)
        finally:
            for sink in sinks:
                sink.close(keep=False)  # a no-op for those already closed
            for file in (recorder, saver):
                if file is not None:
                    file.discard()

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
                inputs.append(("the agreement pack", resolved(self.agreement)))
            except CeasefireError:
                pass  # reported when the first log is checked
        if self.baseline is not None:
            inputs.append(("the baseline", self.baseline))
        return inputs

    def _run(self, paths: list[str], known: set[str], sinks: list[_Sink], recorder: OutputFile | None,
             previous: set[str] | None, saver: OutputFile | None = None) -> int:
        formats = [formatter(s.format)(s.stream, color=self.color and s.path is None, quiet=self.quiet, policy=self.policy,  # type: ignore[arg-type]
                                       view=self.view) for s in sinks]
        keep = self.write_baseline is not None or not all(f.streaming for f in formats)
        marked = self.baseline is not None or self.write_baseline is not None or any(f.fingerprints for f in formats)
        options = LogOptions(self.agreement, self.as_of, self.sort, self.strict, self.now, self.root, self.policy,
                             self.stdin_filename, recorded=self.write_baseline is not None, keep=keep, fingerprints=marked,
                             source=self.source, mapping=self.mapping, resume=self.resume)
        run = Run(policy=self.policy, baseline=self.baseline)
        matched: set[str] = set()
        with closing(self._outcomes(paths, options, known, formats)) as outcomes:  # stops the workers, however the run ends
            self._check_all(outcomes, options, known, matched, formats, run)
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
            from .baseline import write_baseline  # only a run writing one pays for it

            count, dropped = write_baseline(recorder.stream, ((log.key, f) for log in run.logs for f in log.findings), previous)
        for sink in sinks:
            sink.close(keep=True)
        snapshot = next((log.snapshot for log in run.logs if log.snapshot is not None), None)
        if saver is not None and snapshot is not None:  # once the outputs are written: else the next run goes on from before
            saver.stream.write(snapshot)
            saver.commit()
        if recorder is not None:
            recorder.commit()
            shown = printable(file_name(self.write_baseline or ""))
            self.stderr.write(f"ceasefire: {baseline_written(count, shown, dropped)}\n")
        if not self.quiet and any(s.path is None and s.format != "text" for s in sinks):
            self.stderr.write(f"ceasefire: {run_summary(run)}\n")
        return run.exit_code

    def _check_all(self, outcomes: Iterator[tuple[str, Outcome | None]], options: LogOptions, known: set[str],
                   matched: set[str], formats: list[Format], run: Run) -> None:
        """Check (or take a worker's outcome for) each log in turn, telling the formats; errors join ``run.errors``."""
        live = _Live(formats, self.stderr)
        for path, outcome in outcomes:
            try:
                if outcome is None:
                    result = check_log(path, options, known, matched, live, self.stdin)
                else:
                    result = outcome.replay(live, matched, options.keep)
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
                if outcome is not None and outcome.part is not None:  # a worker wrote the log's part of it
                    f.log_part(result, outcome.part)

    def _outcomes(self, paths: list[str], options: LogOptions, known: set[str],
                  formats: list[Format]) -> Generator[tuple[str, Outcome | None], None, None]:
        """Each log in order, with what a worker process found in it (None: check it here, now).

        Only several files go to workers: one log, or standard input, is checked in this
        process, as it is read, so its memory stays flat however long it is. When every output
        is one format that workers can write a log's part of, and no baseline is written, they do.
        """
        if self.jobs == 1 or sum(path != "-" for path in paths) < 2:
            return ((path, None) for path in paths)
        from .parallel import default_jobs, outcomes  # only a run of several files pays for them

        jobs = self.jobs or default_jobs()
        if jobs <= 1:
            return ((path, None) for path in paths)
        parts = None
        if all(f.parts for f in formats) and len({name for name, _ in self.outputs}) == 1 and self.write_baseline is None:
            from .parts import Parts

            parts = Parts(self.outputs[0][0], self.view, self.policy)
        return outcomes(paths, options, known, jobs, parts=parts)


class _Live:
    """The run's own listener: warnings and what is said to stderr, everything to every format, as it comes."""

    def __init__(self, formats: list[Format], stderr: TextIO) -> None:
        self.formats, self.stderr = formats, stderr
        self.hears = any(f.hears for f in formats)  # whether a format is told of each breach as it comes
        if len(formats) == 1:
            self.breach = formats[0].breach  # type: ignore[method-assign]  # one format, told of each breach directly
            self.change = formats[0].change  # type: ignore[method-assign]  # and of each change
            lane = getattr(formats[0], "lane", None)
            if lane is not None:
                self.lane = lane  # and of its lane for plain breaches (see checklog)

    def begin(self, file: str, agreement: Agreement) -> None:
        for f in self.formats:
            f.begin(file, agreement)

    def warning(self, file: str, warning: LogWarning) -> None:
        self.stderr.write(printable(warning.render(file)) + "\n")
        for f in self.formats:
            f.warning(file, warning)

    def breach(self, file: str, finding: Finding) -> None:
        for f in self.formats:
            f.breach(file, finding)

    def change(self, change: Change, file: str) -> None:
        for f in self.formats:
            f.change(change, file)

    def say(self, text: str) -> None:
        self.stderr.write(text + "\n")


def _cwd() -> os.PathLike[str]:
    from pathlib import Path  # only a checker built without a root pays for pathlib

    return Path.cwd()


def _load_baseline(path: str) -> set[str]:
    from .baseline import load_baseline  # only a run with a baseline pays for it

    return load_baseline(path)


def _previous_baseline(path: str | None) -> set[str] | None:
    """The fingerprints of the baseline about to be replaced (None: there is none, or it is not one)."""
    try:
        return _load_baseline(path) if path is not None and textpaths.is_file(path) else None
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
