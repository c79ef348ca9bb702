"""Sorting lines in bounded memory: what does not fit is sorted in chunks, written to a temporary
file as runs, and merged.

Lines are bytes ending in a newline, with no byte below it (JSON lines have none: control
characters are escaped), and sort as bytes. When a chunk is full, the half on the
side the input is heading for (the newer half if dates rise, the older if they fall, as in
ACLED's newest-first exports) stays in memory for the next chunk: an input in order, or in
reverse order, or nearly so (an event's date moved back by a week's or a month's precision),
gives runs that do not overlap. They are then copied one after the other, not merged, and an
input in order is already its own output: written once, renamed into place.
Used to put an import's events in date order (every line starts with ``{"date":"YYYY-MM-DD"``)
and to pair events by id for ``--previous``.
"""

from __future__ import annotations

import os
import tempfile
from bisect import bisect_left
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

__all__ = ["BUDGET", "Spill"]

BUDGET = 32 << 20
"""Bytes of lines held in memory before half of them are written out."""

_BLOCK = 1 << 20


class Spill:
    """Collects lines with ``add``/``extend``; gives them back sorted with ``lines``, ``write_to``
    or ``save``. ``head`` is written before the lines by ``write_to`` and ``save``."""

    def __init__(self, folder: str | None = None, budget: int = BUDGET, head: bytes = b"") -> None:
        self.folder, self.budget, self.head = folder, budget, head
        self.count = 0
        self._chunk: list[bytes] = []
        self._size = 0
        self._sorted = True
        self._fd = -1  # the temporary file's descriptor, written with writev and read with pread
        self._name = ""
        self._end = 0
        self._runs: list[list[Any]] = []  # [start offset, end offset, least line, greatest line]: int, int, bytes, bytes

    def add(self, line: bytes) -> None:
        """Take one line (ending in a newline)."""
        self._chunk.append(line)
        self._sorted = False
        self.count += 1
        self._size += len(line)
        if self._size > self.budget:
            self._flush()

    def extend(self, lines: list[bytes]) -> None:
        """Take several lines."""
        if lines:
            self._chunk += lines
            self._sorted = False
            self.count += len(lines)
            step = max(len(lines) // 64, 1)  # the size of a sample, scaled: close enough for a budget
            self._size += sum(map(len, lines[::step])) * len(lines) // len(lines[::step])
            if self._size > self.budget:
                self._flush()

    def _flush(self) -> None:
        chunk = self._chunk
        rising = len(chunk) < 2 or chunk[-1] >= chunk[0]
        chunk.sort()
        half = len(chunk) // 2
        if half == 0:
            keep, out = [], chunk
        elif rising:
            keep, out = chunk[half:], chunk[:half]
        else:
            keep, out = chunk[:half], chunk[half:]
        self._write_run(out)
        # the half kept is about half the bytes: an estimate, as in ``extend`` (a budget, not a limit)
        self._chunk, self._size, self._sorted = keep, self._size * len(keep) // len(chunk), True

    def _write_run(self, lines: list[bytes]) -> None:
        if not lines:
            return
        if self._fd < 0:
            self._fd, self._name = tempfile.mkstemp(dir=self.folder, prefix=".ceasefire-sort-")
            self._end = _write(self._fd, [self.head]) if self.head else 0
        start = self._end
        end = self._end = start + _write(self._fd, lines)
        last = self._runs[-1] if self._runs else None
        if last is not None and last[1] == start and lines[0] >= last[3]:
            last[1], last[3] = end, lines[-1]  # carries on where the last run stopped
        else:
            self._runs.append([start, end, lines[0], lines[-1]])

    def _sorted_chunk(self) -> list[bytes]:
        if not self._sorted:
            self._chunk.sort()
            self._sorted = True
        return self._chunk

    def lines(self) -> Iterator[bytes]:
        """Every line taken, in byte order."""
        for batch in self._batches():
            for line in batch:
                yield line + b"\n"

    def write_to(self, out: IO[bytes]) -> None:
        """Write the head and every line, sorted, to ``out``; runs that do not overlap are copied."""
        out.write(self.head)
        chunk = self._sorted_chunk()
        pieces = sorted([(run[2], run[3], run) for run in self._runs]
                        + ([(chunk[0], chunk[-1], None)] if chunk else []), key=lambda piece: piece[0])
        if any(before[1] > after[0] for before, after in zip(pieces, pieces[1:])):
            for batch in self._batches():
                out.write(b"\n".join(batch) + b"\n")
            return
        for _first, _last, run in pieces:
            if run is None:
                out.writelines(chunk)
                continue
            _copy(self._fd, run[0], run[1], out)

    def save(self, path: str | os.PathLike[str], mode: int = 0o644) -> None:
        """Write the head and the sorted lines to ``path`` atomically: a file in the same folder,
        renamed over it. An input in order is renamed as it was written, without a copy."""
        chunk = self._sorted_chunk()
        runs = self._runs
        if len(runs) == 1 and runs[0][0] == len(self.head) and (not chunk or chunk[0] >= runs[0][3]):
            self._write_run(chunk)
            self._chunk = []
            fd, name, self._fd, self._name, self._runs = self._fd, self._name, -1, "", []
            try:
                os.close(fd)
                os.chmod(name, mode)
                os.replace(name, path)
            except BaseException:
                _unlink(name)
                raise
            return
        handle, temp = tempfile.mkstemp(dir=Path(path).resolve().parent, prefix=f".{Path(path).name}.", suffix=".tmp")
        try:
            os.chmod(temp, mode)
            with os.fdopen(handle, "wb", buffering=_BLOCK) as out:
                self.write_to(out)
            os.replace(temp, path)
        except BaseException:
            _unlink(temp)
            raise

    def _batches(self) -> Iterator[list[bytes]]:
        """The lines of every run and of the chunk, merged, in batches (without their newlines).

        Each step takes, from the run whose next line is least, all its lines below the next
        line of any other run: where runs overlap little the batches are long, and the merge
        costs little more than a copy.
        """
        # A block per run, together about the budget (64 KB at least: past budget/64 KB runs, that is,
        # a log of some 500 times the budget, memory grows by 64 KB a run).
        block = min(_BLOCK, max(self.budget // (len(self._runs) + 1), 1 << 16))
        cursors = [_Cursor(_blocks(self._fd, run[0], run[1], block)) for run in self._runs]
        chunk = self._sorted_chunk()
        if chunk:
            cursors.append(_Cursor(iter(()), [line[:-1] for line in chunk]))
        cursors = [cursor for cursor in cursors if cursor.fill()]
        while cursors:
            cursors.sort(key=_Cursor.head)
            first = cursors[0]
            if len(cursors) == 1:
                yield first.take(None)
                while first.fill():
                    yield first.take(None)
                return
            yield first.take(cursors[1].head())
            if not first.fill():
                cursors.pop(0)

    def close(self) -> None:
        """Delete the temporary file."""
        if self._fd >= 0:
            os.close(self._fd)
            _unlink(self._name)
        self._fd, self._name, self._runs, self._chunk = -1, "", [], []

    def __enter__(self) -> Spill:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _write(fd: int, lines: list[bytes]) -> int:
    """Write ``lines`` to a file descriptor straight from their bytes (no copy through a
    buffer, where the system has writev); return how many bytes were written."""
    total = 0
    for i in range(0, len(lines), _IOV_MAX):
        part = lines[i:i + _IOV_MAX]
        size = sum(map(len, part))
        done = os.writev(fd, part) if _WRITEV else 0
        if done < size:  # a short write, or no writev: the rest, from one piece
            rest = memoryview(b"".join(part))[done:]
            while rest:
                rest = rest[os.write(fd, rest):]
        total += size
    return total


def _iov_max() -> int:
    """How many buffers one writev may take (1024 at most)."""
    try:
        value = os.sysconf("SC_IOV_MAX")
    except (AttributeError, ValueError, OSError):
        return 1024
    return min(value, 1024) if value > 0 else 1024


_IOV_MAX = _iov_max()
_WRITEV = hasattr(os, "writev")


def _blocks(fd: int, start: int, end: int, size: int = _BLOCK) -> Iterator[bytes]:
    """The bytes of a file from ``start`` to ``end``, in blocks, read without moving its position."""
    while start < end:
        block = os.pread(fd, min(size, end - start), start)
        if not block:
            return
        start += len(block)
        yield block


def _copy(fd: int, start: int, end: int, out: IO[bytes]) -> None:
    """Copy the bytes of a file from ``start`` to ``end`` to ``out``: inside the kernel where
    both are files (no pass through Python's buffers), else a block at a time."""
    if _COPY is not None:
        try:
            fileno = out.fileno()
        except (AttributeError, OSError, ValueError):
            fileno = -1
        if fileno >= 0:
            out.flush()
            try:
                while start < end:
                    done = _COPY(fd, fileno, end - start, start)
                    if not done:
                        break
                    start += done
            except OSError:
                pass  # not a file (a pipe, a terminal), or another file system: copied below
    for block in _blocks(fd, start, end):
        out.write(block)


_COPY = getattr(os, "copy_file_range", None)


def _unlink(name: str) -> None:
    try:
        os.unlink(name)
    except OSError:
        pass


class _Cursor:
    """Reads one sorted run as lines, a block at a time."""

    def __init__(self, blocks: Iterator[bytes], lines: list[bytes] | None = None) -> None:
        self.blocks, self.lines, self.pos, self.rest = blocks, lines or [], 0, b""

    def fill(self) -> bool:
        """Make sure there is a line to take; False when the run is finished."""
        while self.pos >= len(self.lines):
            block = next(self.blocks, None)
            if block is None:
                if not self.rest:
                    return False
                self.lines, self.pos, self.rest = [self.rest], 0, b""
                continue
            self.lines = (self.rest + block).split(b"\n")
            self.rest, self.pos = self.lines.pop(), 0
        return True

    def head(self) -> bytes:
        return self.lines[self.pos]

    def take(self, bound: bytes | None) -> list[bytes]:
        """The lines from here that sort below ``bound`` (at least one; all when None)."""
        end = len(self.lines) if bound is None else max(bisect_left(self.lines, bound, self.pos), self.pos + 1)
        batch = self.lines[self.pos:end]
        self.pos = end
        return batch
