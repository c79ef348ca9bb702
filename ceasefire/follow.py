"""Following a file as it grows, as ``tail -F`` does: new lines as they are appended, through truncation and rotation.

``Follower.poll()`` reads what was appended since the last call, in chunks, and yields each
complete line with its number, and a notice when the file is missing, appears, is truncated
(read again from its start) or replaced by another (rotated: the old one is read to its end
first). Memory holds one chunk and one unfinished line, never the file: a line longer than
``limit`` is reported as too long and skipped to its end.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import IO

from .events import MAX_LINE_BYTES
from .values import frozen

__all__ = ["CHUNK", "Follower", "Line", "Notice"]

CHUNK = 1 << 16


@frozen
class Line:
    """A complete line (without its ending) and its number in the file it came from; ``too_long`` when it was cut."""

    number: int
    data: bytes
    too_long: bool = False


@frozen
class Notice:
    """Something happened to the file: ``missing``, ``appeared``, ``truncated`` or ``rotated``."""

    what: str


class Follower:
    """Reads a growing file from its start, then what is appended, across truncation and rotation."""

    def __init__(self, path: str | os.PathLike[str], limit: int = MAX_LINE_BYTES) -> None:
        self.path = os.fspath(path)
        self.limit = limit
        self._file: IO[bytes] | None = None
        self._id: tuple[int, int] | None = None
        self._pos = 0
        self._number = 0
        self._partial = b""
        self._skipping = False  # inside a line that is too long
        self._missing = False

    def close(self) -> None:
        """Stop following (the file is closed)."""
        if self._file is not None:
            self._file.close()
            self._file = None

    def poll(self) -> Iterator[Line | Notice]:
        """What happened since the last call: new complete lines, and notices."""
        if self._file is None and not self._open():
            if not self._missing:
                self._missing = True
                yield Notice("missing")
            return
        if self._missing:
            self._missing = False
            yield Notice("appeared")
        yield from self._read()
        assert self._file is not None
        try:
            size = os.fstat(self._file.fileno()).st_size
        except OSError:
            size = self._pos
        if size < self._pos:
            self._file.seek(0)
            self._pos, self._number, self._partial, self._skipping = 0, 0, b"", False
            yield Notice("truncated")
            yield from self._read()
        if self._replaced():
            yield from self._read()
            if self._partial:  # the old file's last line had no ending: it is complete now
                yield from self._emit(self._partial)
                self._partial = b""
            self.close()
            self._pos, self._number, self._skipping = 0, 0, False
            yield Notice("rotated")
            if self._open():
                yield from self._read()

    def _open(self) -> bool:
        try:
            handle = open(self.path, "rb")  # noqa: SIM115  (kept open while followed)
        except OSError:
            return False
        stat = os.fstat(handle.fileno())
        self._file, self._id, self._pos = handle, (stat.st_dev, stat.st_ino), 0
        return True

    def _replaced(self) -> bool:
        """Whether the path now names another file, or none (rotated or removed)."""
        try:
            stat = os.stat(self.path)
        except OSError:
            return True
        return (stat.st_dev, stat.st_ino) != self._id

    def _read(self) -> Iterator[Line]:
        assert self._file is not None
        while True:
            chunk = self._file.read(CHUNK)
            if not chunk:
                return
            self._pos += len(chunk)
            start = 0
            while True:
                end = chunk.find(b"\n", start)
                if end < 0:
                    rest = chunk[start:]
                    if not self._skipping:
                        self._partial += rest
                        if len(self._partial) > self.limit:
                            self._number += 1
                            self._partial, self._skipping = b"", True
                            yield Line(self._number, b"", too_long=True)
                    break
                piece, start = chunk[start:end], end + 1
                if self._skipping:
                    self._skipping = False
                    continue
                data, self._partial = self._partial + piece, b""
                if len(data) > self.limit:
                    self._number += 1
                    yield Line(self._number, b"", too_long=True)
                    continue
                yield from self._emit(data)

    def _emit(self, data: bytes) -> Iterator[Line]:
        self._number += 1
        yield Line(self._number, data.rstrip(b"\r"))
