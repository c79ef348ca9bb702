"""Writing the files a run produces without destroying anything.

A regular file (or a new one) is written to a hidden temporary file beside it, ``.ceasefire-*``,
and put in place with ``os.replace`` only once complete, keeping the old file's mode and
following its symbolic link; a failed run, a signal or a full disk leaves the old file as it
was and no temporary file behind. Anything else (a character device such as ``/dev/null``, a
FIFO, ``/dev/stdout``) is written to directly, never replaced. Every failure is an
``OutputError``, ``PATH: message``.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Iterable
from typing import Any, TextIO

from .errors import OutputError

__all__ = ["OutputFile", "Guarded", "check_outputs", "quiet_stdout", "remove_temporary_files", "write_atomic"]

_LIVE: set[str] = set()  # temporary files not yet put in place or removed

_FD_LINK = r"^/(?:proc/[^/]+|dev)/fd/\d+$|^/dev/std(?:in|out|err)$"  # compiled by re's cache when first used


def _reason(exc: OSError) -> str:
    return f"cannot write: {exc.strerror or exc}"


class Guarded:
    """A text stream whose write errors (a full disk, a closed descriptor) become ``OutputError``."""

    def __init__(self, stream: TextIO | None, name: str) -> None:
        self.stream, self.name = stream, name

    def write(self, text: str) -> int:
        """Write, or raise OutputError naming the output."""
        if self.stream is None:
            raise OutputError("cannot write: it is closed", path=self.name)
        try:
            return self.stream.write(text)
        except BrokenPipeError:
            raise
        except (OSError, ValueError) as exc:  # ValueError: a stream closed under us
            raise self.failed(exc) from None

    def failed(self, exc: OSError | ValueError) -> OutputError:
        """The error to raise for ``exc``, raised by the stream's own ``write`` (which a writer on the hot path calls itself)."""
        return OutputError(_reason(exc) if isinstance(exc, OSError) else "cannot write: it is closed", path=self.name)

    def flush(self) -> None:
        """Flush, or raise OutputError naming the output."""
        if self.stream is None:
            return
        try:
            self.stream.flush()
        except BrokenPipeError:
            raise
        except (OSError, ValueError) as exc:
            raise OutputError(_reason(exc) if isinstance(exc, OSError) else "cannot write: it is closed", path=self.name) from None

    def isatty(self) -> bool:
        """Whether the stream is a terminal."""
        return self.stream is not None and self.stream.isatty()


def _through_descriptor(path: str) -> bool:
    """Whether ``path`` is, or links through, ``/dev/stdout``, ``/dev/fd/N`` or ``/proc/PID/fd/N``."""
    current = os.path.abspath(path)
    for _ in range(40):
        if re.match(_FD_LINK, current):
            return True
        if not os.path.islink(current):
            return False
        current = os.path.normpath(os.path.join(os.path.dirname(current), os.readlink(current)))
    return False


def _target(path: str) -> tuple[str, os.stat_result | None]:
    """The file really written (symbolic links followed) and its status (None: it does not exist yet)."""
    try:
        real = os.path.realpath(path)
        return real, os.stat(real)
    except FileNotFoundError:
        return real, None
    except (OSError, ValueError) as exc:
        raise OutputError(_reason(exc) if isinstance(exc, OSError) else "cannot write: invalid file name", path=path) from None


class OutputFile:
    """One output file, opened before the logs are read and put in place by ``commit``."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._temp: str | None = None
        self._file: TextIO | None = None
        if not path:
            raise OutputError("an output needs a file name", path="''")
        real, st = _target(path)
        if st is not None and stat.S_ISDIR(st.st_mode):
            raise OutputError("is a directory", path=path)
        stream: TextIO
        try:
            if _through_descriptor(path) or (st is not None and not stat.S_ISREG(st.st_mode)):
                stream = open(path, "a", encoding="utf-8", newline="\n")  # noqa: SIM115  (a device or FIFO: written directly)
            else:
                stream = self._open_temp(real, st)
        except OSError as exc:
            self.discard()
            raise OutputError(_reason(exc), path=path) from None
        except BaseException:  # a signal while opening: leave nothing behind
            self.discard()
            raise
        self.stream = Guarded(stream, path)
        self._file = stream

    def _open_temp(self, real: str, st: os.stat_result | None) -> TextIO:
        import tempfile  # only a run that writes files pays for it

        folder = os.path.dirname(real)
        os.makedirs(folder, exist_ok=True)
        fd, self._temp = tempfile.mkstemp(prefix=".ceasefire-", dir=folder)
        _LIVE.add(self._temp)
        self._real = real
        self._file = open(fd, "w", encoding="utf-8", newline="\n")  # noqa: SIM115  (closes fd from now on)
        if st is not None:
            os.fchmod(fd, stat.S_IMODE(st.st_mode))
            try:
                os.fchown(fd, st.st_uid, st.st_gid)
            except OSError:
                pass  # not ours to give away: the mode is kept, the owner is whoever runs this
        else:
            mask = os.umask(0)
            os.umask(mask)
            os.fchmod(fd, 0o666 & ~mask)
        return self._file

    def commit(self) -> None:
        """Finish the file: flush it and, for a regular file, put it in place atomically."""
        try:
            self.stream.flush()
            if self._file is not None:
                self._file.close()
            if self._temp is not None:
                os.replace(self._temp, self._real)
                _LIVE.discard(self._temp)
                self._temp = None
        except OSError as exc:
            raise OutputError(_reason(exc), path=self.path) from None
        finally:
            self.discard()

    def discard(self) -> None:
        """Close without putting anything in place, and remove the temporary file (safe to repeat)."""
        file = self._file
        if file is not None and not file.closed:
            try:
                file.close()
            except OSError:
                pass  # what it could not write is being thrown away anyway
        if self._temp is not None:
            _remove(self._temp)
            self._temp = None


def _remove(temp: str) -> None:
    _LIVE.discard(temp)
    try:
        os.unlink(temp)
    except OSError:
        pass


def remove_temporary_files() -> None:
    """Remove every temporary file still open: the last word of a run a signal stopped."""
    for temp in list(_LIVE):
        _remove(temp)


def write_atomic(path: str, text: str) -> None:
    """Write a whole file as ``OutputFile`` does: all of it or nothing."""
    out = OutputFile(path)
    try:
        out.stream.write(text)
    except BaseException:
        out.discard()
        raise
    out.commit()


def _identity(path: str) -> tuple[int, int] | str | None:
    """What tells two names of one file apart: device and inode, or the resolved name of a file yet to be made."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return os.path.realpath(path)
    except (OSError, ValueError):
        return None
    return (st.st_dev, st.st_ino) if stat.S_ISREG(st.st_mode) else None


def check_outputs(outputs: Iterable[str], inputs: Iterable[tuple[str, Any]], refresh: tuple[str, str] | None = None) -> None:
    """Refuse an output that is one of the run's inputs, or named twice, before anything is written.

    ``inputs`` are ``(what, path or open descriptor)`` pairs: the logs, the pack, the baseline.
    ``refresh`` is the one exception, ``(output, input)``: ``--write-baseline`` may replace the
    ``--baseline`` it read.
    """
    seen: dict[tuple[int, int] | str, str] = {}
    read: dict[tuple[int, int] | str, tuple[str, str]] = {}
    key: tuple[int, int] | str | None
    for what, source in inputs:
        if isinstance(source, int):
            try:
                st = os.fstat(source)
            except OSError:
                continue
            key = (st.st_dev, st.st_ino) if stat.S_ISREG(st.st_mode) else None
            source = "standard input"
        else:
            key = _identity(source)
        if isinstance(key, tuple):
            read.setdefault(key, (what, source))
    for path in outputs:
        key = _identity(path)
        if key is None:
            continue
        if key in seen:
            raise OutputError(f"named as two outputs (also {seen[key]}): each output needs its own file", path=path)
        seen[key] = path
        if key in read:
            what, source = read[key]
            if refresh is not None and _identity(refresh[0]) == key == _identity(refresh[1]) and path == refresh[0]:
                continue
            same = "" if source == path else f" ({source})"
            raise OutputError(f"is {what} of this run{same}: refusing to overwrite it", path=path)


def quiet_stdout() -> None:
    """Point standard output at nothing, so that the interpreter's last flush cannot fail again (a closed pipe, a full disk)."""
    try:
        if sys.stdout is not None and sys.stdout.fileno() != 1:
            return
    except (AttributeError, ValueError, OSError):
        return  # not the process's own standard output (a test runner's): leave it alone
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    except OSError:
        pass
