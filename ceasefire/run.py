"""The checker the command line builds: check every log, judge the run, write every output.

``Checker.run()`` returns the exit code: 0 nothing at or above the thresholds, 1 something
is, 2 a log, pack or setting could not be used, or (strict) a line looks mistyped (reported
on ``stderr``, one line each). Warnings go to ``stderr`` as they come, and to every format.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import IO, TextIO

import attrs

from .replay import check
from .errors import CeasefireError, ConfigError, LogError
from .report import Breach, LogWarning
from .fingerprints import Fingerprinter, display_path, load_baseline, project_path, write_baseline
from .formats import Format, formatter
from .verdicts import BaselineUse, LogResult, Policy, Run

__all__ = ["Checker", "expand_logs", "is_report"]


def is_report(path: Path) -> bool:
    """True when the file's first line is the header of a JSON Lines report ceasefire wrote."""
    from .formats.jsonl import is_report_header

    try:
        with path.open("rb") as stream:
            first = stream.readline(4096)
        return is_report_header(json.loads(first.decode("utf-8-sig")))
    except (OSError, ValueError, RecursionError):
        return False


def expand_logs(args: Sequence[str], skip: Sequence[str] = ()) -> list[str]:
    """Files as given, ``-`` for standard input, directories walked for ``*.jsonl``.

    The walk skips hidden folders, the files in ``skip`` (this run's outputs) and the JSON
    Lines reports ceasefire wrote (their first line is the report header).
    """
    out: list[str] = []
    skipped = {os.path.realpath(p) for p in skip}
    for arg in args:
        path = Path(arg)
        if arg != "-" and path.is_dir():
            found = sorted(
                str(p) for p in path.rglob("*.jsonl")
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts[:-1])
                and os.path.realpath(p) not in skipped and not is_report(p)
            )
            if not found:
                raise LogError("no *.jsonl file in this directory", path=arg)
            out += found
        else:
            out.append(arg)
    return out


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
    stdout: TextIO = attrs.field(factory=lambda: sys.stdout)
    stderr: TextIO = attrs.field(factory=lambda: sys.stderr)
    stdin: IO[bytes] = attrs.field(factory=lambda: sys.stdin.buffer)

    def run(self) -> int:
        """Check every log, write the outputs, return the exit code."""
        known = load_baseline(self.baseline) if self.baseline else set()
        paths = expand_logs(self.logs, [p for _, p in self.outputs if p] + ([self.write_baseline] if self.write_baseline else []))
        sinks: list[_Sink] = []
        try:
            for name, path in self.outputs:
                sinks.append(_Sink(name, path, self.stdout))
            return self._run(paths, known, sinks)
        finally:
            for sink in sinks:
                sink.close(keep=False)  # a no-op for those already closed

    def _run(self, paths: list[str], known: set[str], sinks: list[_Sink]) -> int:
        formats = [formatter(s.format)(s.stream, color=self.color and s.path is None, quiet=self.quiet, policy=self.policy)
                   for s in sinks]
        keep = self.write_baseline is not None or not all(f.streaming for f in formats)
        run = Run(policy=self.policy, baseline=self.baseline)
        matched: set[str] = set()
        for path in paths:
            try:
                result = self._check(path, known, matched, formats, keep)
            except CeasefireError as exc:
                run.errors.append(exc)
                self.stderr.write(f"{exc}\n")
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
            return 2
        if self.baseline is not None:
            run.baseline_use = BaselineUse(self.baseline, len(matched), len(known - matched))
            self.stderr.write(f"ceasefire: {run.baseline_use.describe()}\n")
        if self.write_baseline is not None:
            count, dropped = write_baseline(self.write_baseline, ((log.key, f) for log in run.logs for f in log.findings))
            gone = "" if dropped is None else f" (dropped {dropped} stale)"
            self.stderr.write(f"ceasefire: wrote {count} fingerprint{'s' if count != 1 else ''} to {self.write_baseline}{gone}\n")
        for f in formats:
            f.end(run)
        for sink in sinks:
            sink.close(keep=True)
        if not self.quiet and any(s.path is None and s.format != "text" for s in sinks):
            self.stderr.write(f"ceasefire: {run.describe()}\n")
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
            self.stderr.write(warning.render(file) + "\n")
            result.warn(warning, keep)
            for f in formats:
                f.warning(file, warning)

        source = self.stdin if path == "-" else path
        report = check(source, agreement=self.agreement, as_of=self.as_of, sort=self.sort, name=name, on_breach=on_breach,
                       on_warning=on_warning, strict=self.strict, now=self.now)
        result.report = report
        result.status_fails = self.policy.status_fails(report.status)
        return result


class _Sink:
    """Where one format writes: standard output, or a file replaced only once it is complete."""

    def __init__(self, format: str, path: str | None, stdout: TextIO) -> None:
        self.format, self.path = format, path
        if path is None:
            self.stream: TextIO = stdout
            return
        import tempfile  # only a run that writes files pays for it

        folder = os.path.dirname(os.path.abspath(path))
        try:
            os.makedirs(folder, exist_ok=True)
            fd, self._temp = tempfile.mkstemp(prefix=".ceasefire-", dir=folder)
        except OSError as exc:
            raise ConfigError(path, None, f"cannot write: {exc.strerror or exc}") from None
        self.stream = open(fd, "w", encoding="utf-8", newline="\n")
        self._open = True

    def close(self, keep: bool) -> None:
        """Finish the file: put it in place (keep) or remove it; standard output is left alone."""
        if self.path is None or not self._open:
            return
        self._open = False
        self.stream.close()
        if keep:
            mask = os.umask(0)
            os.umask(mask)
            os.chmod(self._temp, 0o666 & ~mask)
            os.replace(self._temp, self.path)
        else:
            os.unlink(self._temp)
