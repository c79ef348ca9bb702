"""The checker the command line builds: check every log, judge the run, write every output.

``Checker.run()`` returns the exit code: 0 nothing at or above the thresholds, 1 something
is, 2 a log, pack or setting could not be used (reported on ``stderr``, one line each).
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO, TextIO

import attrs

from .checking import check
from .errors import CeasefireError, LogError, OutputError
from .events import is_header, read_lines
from .escaping import file_name, printable
from .findings import Breach
from .fingerprints import Fingerprinter, display_path, load_baseline, write_baseline
from .formats import Format, formatter
from .outputs import Guarded, OutputFile, check_outputs
from .packs import resolve_pack
from .results import LogResult, Policy, Run

__all__ = ["Checker", "expand_logs"]


def expand_logs(args: Sequence[str]) -> list[str]:
    """Files as given, ``-`` for standard input, directories walked for ``*.jsonl`` (hidden folders skipped)."""
    out: list[str] = []
    for arg in args:
        if arg != "-" and os.path.isdir(arg):
            found = _jsonl_below(arg)
            if not found:
                raise LogError("no *.jsonl file in this directory", path=arg)
            out += found
        else:
            out.append(arg)
    return out


def _jsonl_below(folder: str) -> list[str]:
    """The ``*.jsonl`` files below a folder, sorted; a folder that cannot be read is an error, never skipped."""

    def refuse(exc: OSError) -> None:
        raise LogError(f"cannot read this folder: {exc.strerror or exc}", path=exc.filename or folder)

    found = []
    for root, dirs, files in os.walk(folder, onerror=refuse):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [os.path.join(root, name) for name in files if name.endswith(".jsonl")]
    return sorted(found)


def _header_pack(path: str) -> str | None:
    """The pack a regular file's header names, if it names one that resolves: an input too."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None  # a FIFO or a device: what is read now would be lost to the check
        with open(path, "rb") as f:
            for number, value in read_lines(f):
                if value is not None:
                    ref = value.get("agreement") if is_header(value) else None
                    folder = Path(path).parent
                    return str(resolve_pack(ref, base=folder, confine=folder)) if isinstance(ref, str) and ref else None
    except (CeasefireError, OSError, ValueError):
        pass  # the check itself will say what is wrong
    return None


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
    stdout: TextIO | None = attrs.field(factory=lambda: sys.stdout)  # None: closed
    stderr: TextIO = attrs.field(factory=lambda: sys.stderr)
    stdin: IO[bytes] = attrs.field(factory=lambda: sys.stdin.buffer)

    def run(self) -> int:
        """Check every log, write the outputs, return the exit code.

        Every output is opened (and checked against the inputs) before a log is read.
        """
        paths = expand_logs(self.logs)
        files = [path for _, path in self.outputs if path is not None]
        files += [self.write_baseline] if self.write_baseline is not None else []
        refresh = (self.write_baseline, self.baseline) if self.write_baseline and self.baseline else None
        if files:  # only then are the inputs worth listing (headers are read for the packs they name)
            check_outputs(files, self._inputs(paths), refresh)
        sinks: list[_Sink] = []
        recorder: OutputFile | None = None
        try:
            for name, path in self.outputs:
                sinks.append(_Sink(name, path, self.stdout))
            if self.write_baseline is not None:
                recorder = OutputFile(self.write_baseline)
            known = load_baseline(self.baseline) if self.baseline else set()
            return self._run(paths, known, sinks, recorder)
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
                pack = None if self.agreement is not None else _header_pack(path)
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

    def _run(self, paths: list[str], known: set[str], sinks: list[_Sink], recorder: OutputFile | None) -> int:
        formats = [formatter(s.format)(s.stream, color=self.color and s.path is None, quiet=self.quiet) for s in sinks]  # type: ignore[arg-type]
        keep = self.write_baseline is not None or not all(f.streaming for f in formats)
        run = Run(policy=self.policy, baseline=self.baseline)
        errors = 0
        for path in paths:
            try:
                result = self._check(path, known, formats, keep)
            except OutputError:
                raise
            except CeasefireError as exc:
                errors += 1
                self.stderr.write(f"{printable(str(exc))}\n")
                for f in formats:
                    f.error(exc)
                continue
            run.logs.append(result)
            for f in formats:
                f.log(result)
        if errors:
            for sink, f in zip(sinks, formats):
                sink.close(keep=f.streaming)
            return 2
        for f in formats:
            f.end(run)
        count = 0
        if recorder is not None:
            count = write_baseline(recorder.stream, ((log.file, f) for log in run.logs for f in log.findings))
        for sink in sinks:
            sink.close(keep=True)
        if recorder is not None:
            recorder.commit()
            shown = printable(file_name(self.write_baseline or ""))
            self.stderr.write(f"ceasefire: wrote {count} fingerprint{'s' if count != 1 else ''} to {shown}\n")
        if not self.quiet and any(s.path is None and s.format != "text" for s in sinks):
            self.stderr.write(f"ceasefire: {run.describe()}\n")
        return run.exit_code

    def _check(self, path: str, known: set[str], formats: list[Format], keep: bool) -> LogResult:
        name = (self.stdin_filename or "<stdin>") if path == "-" else path
        file = display_path(name)
        fingerprint = Fingerprinter(file)
        result = LogResult(file, None)  # type: ignore[arg-type]  # the report comes at the end
        recorded = self.write_baseline is not None  # what is being recorded counts as known

        def on_breach(breach: Breach) -> None:
            mark = fingerprint(breach)
            finding = result.add(breach, mark, recorded or mark in known, self.policy, keep)
            for f in formats:
                f.breach(file, finding)

        source = self.stdin if path == "-" else path
        report = check(source, agreement=self.agreement, as_of=self.as_of, sort=self.sort, name=name, on_breach=on_breach)
        result.report = report
        result.status_fails = self.policy.status_fails(report.status)
        return result


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
