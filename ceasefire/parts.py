"""A log's part of a document, written by the worker process that checked the log.

A document format (``json``) writes every log's share of its document only at the end of the
run, after the last log, so that a failed run writes nothing. With ``--jobs``, that writing
would fall to the parent alone, on one core, once the workers are done. Instead, each worker
writes its log's part itself, as the parent's format would have written it, into a file of a
temporary folder, and tells the parent only what the run needs besides (warnings, counts, the
verdict). The parent gathers the parts, in the logs' order, into one temporary file (``Spool``)
and copies them into the document at the end, or drops them with a failed run. Memory stays
that of one log's kept findings, in the worker; the parts live on disk.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .agreement import Agreement
    from .checklog import Listener, LogOptions
    from .formats import Format, View
    from .report import Change, LogWarning
    from .verdicts import Finding, LogResult, Policy

__all__ = ["Part", "Parts", "Spool", "check_apart"]

_BLOCK = 1 << 20


class Parts:
    """Which format's part the workers write (seen with ``view`` and ``policy``, as the run's own format), and where:
    a temporary folder made with ``make`` and removed with ``remove``, one file per log."""

    def __init__(self, name: str, view: View, policy: Policy) -> None:
        self.name, self.view, self.policy = name, view, policy
        self.folder = ""

    def make(self) -> bool:
        """Make the folder the parts are written in; False when there can be none (no temporary folder may be written)."""
        import tempfile

        try:
            self.folder = tempfile.mkdtemp(prefix="ceasefire-parts-")
        except OSError:
            return False
        return True

    def remove(self) -> None:
        """Remove the folder and any part still in it (safe to repeat)."""
        if self.folder:  # flat: the parts only (no import here: this may run as the interpreter shuts down)
            try:
                for name in os.listdir(self.folder):
                    os.unlink(os.path.join(self.folder, name))
                os.rmdir(self.folder)
            except OSError:  # gone already, or not ours to remove: the run's outcome stands
                pass

    def path(self, index: int) -> str:
        """Where the part of the log at ``index`` among the run's logs is written."""
        return os.path.join(self.folder, f"{index}.part")


class _Apart:
    """A worker's listener when it writes its log's part: everything to the format, all but breaches to the recorder
    (the parent, which does not write them, is told what it writes besides)."""

    def __init__(self, recorder: Listener, format: Format) -> None:
        self.recorder, self.format = recorder, format
        self.breach = format.breach  # type: ignore[method-assign]
        self.hears = format.hears

    def begin(self, file: str, agreement: Agreement) -> None:
        self.recorder.begin(file, agreement)
        self.format.begin(file, agreement)

    def warning(self, file: str, warning: LogWarning) -> None:
        self.recorder.warning(file, warning)
        self.format.warning(file, warning)

    def breach(self, file: str, finding: Finding) -> None:  # replaced by the format's own in __init__
        self.format.breach(file, finding)

    def change(self, change: Change, file: str) -> None:
        self.recorder.change(change, file)
        self.format.change(change, file)

    def say(self, text: str) -> None:
        self.recorder.say(text)


def check_apart(path: str, index: int, options: LogOptions, known: set[str], matched: set[str], recorder: Listener,
                parts: Parts) -> LogResult | None:
    """In a worker: check one log, telling ``recorder`` all but its breaches, and write its part (``Parts.path(index)``).

    Returns the result without the findings and warnings it kept (they are in the part), or None when the part
    could not be written (the parent then checks the log itself). The log's errors are raised, as ``check_log``'s.
    """
    from .checklog import check_log
    from .formats import formatter
    from .packed import Findings

    format = formatter(parts.name)(None, policy=parts.policy, view=parts.view)  # type: ignore[arg-type]  # writes only parts
    result = check_log(path, options, known, matched, _Apart(recorder, format), keep=True)
    format.log(result)
    try:
        with open(parts.path(index), "w", encoding="utf-8", errors="surrogatepass", newline="") as out:
            format.write_part(result, out)
    except OSError:  # no room left for it, or the folder is gone
        return None
    result.findings, result.warnings = Findings(), []
    return result


class Part:
    """One log's part in a ``Spool``: its text, read back a block at a time."""

    def __init__(self, spool: Spool, start: int, end: int) -> None:
        self.spool, self.start, self.end = spool, start, end

    def chunks(self) -> Iterator[str]:
        """The part's text, in blocks of about a megabyte (never a character cut in two)."""
        import codecs

        decoder = codecs.getincrementaldecoder("utf-8")("surrogatepass")
        at, fd = self.start, self.spool.fd()
        while at < self.end:
            try:
                block = os.pread(fd, min(_BLOCK, self.end - at), at)
            except OSError as exc:
                raise _unwritten(exc) from None
            if not block:
                raise _unwritten(OSError(f"a temporary file was cut short at {at} bytes"))
            at += len(block)
            yield decoder.decode(block, at >= self.end)


class Spool:
    """The parts a run's format was handed, one after the other in one temporary file (gone when closed, or at exit)."""

    def __init__(self) -> None:
        self._file: Any = None
        self._end = 0

    def fd(self) -> int:
        """The temporary file's descriptor."""
        if self._file is None:
            import tempfile

            self._file = tempfile.TemporaryFile()
        return int(self._file.fileno())

    def add(self, path: str) -> Part:
        """Copy the part written at ``path`` to the end of the spool (``OutputError`` when it cannot be)."""
        start = self._end
        try:
            fd = self.fd()
            with open(path, "rb") as part:
                while block := part.read(_BLOCK):
                    left = memoryview(block)
                    while left:
                        written = os.pwrite(fd, left, self._end)
                        self._end += written
                        left = left[written:]
        except OSError as exc:
            raise _unwritten(exc) from None
        return Part(self, start, self._end)

    def close(self) -> None:
        """Drop every part (safe to repeat)."""
        if self._file is not None:
            self._file.close()
            self._file = None


def _unwritten(exc: OSError) -> Exception:
    """The run's output cannot be made: its temporary file failed (a full disk)."""
    import tempfile

    from .errors import OutputError

    return OutputError(f"cannot write a temporary file: {exc.strerror or exc}", path=tempfile.gettempdir())
