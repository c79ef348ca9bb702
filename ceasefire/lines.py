"""Reading a log's lines: bytes to JSON values, one line at a time, never the whole log.

Accepts a UTF-8 BOM and CRLF endings; every problem (bytes that are not UTF-8, invalid JSON,
a line too long) is a LogError naming the line. orjson decodes the common line when the
``fast`` extra is installed; the standard library decides whatever it refuses.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from typing import Any, Protocol

from .errors import LogError, UsageError

__all__ = ["MAX_DEPTH", "MAX_LINE_BYTES", "LineStream", "StreamLines", "decode_json", "line_value", "quick_from", "read_lines"]


class LineStream(Protocol):
    """What a log is read from: a binary file, or anything that reads its lines as one does (``resume``'s counting stream)."""

    def readline(self, size: int = -1, /) -> bytes: ...

MAX_LINE_BYTES = 1 << 20
"""The longest line accepted, in bytes: a longer one is refused without being read into memory."""

STDLIB_LINES = 256
"""Lines the standard library decodes before orjson is imported: a short log is read before orjson's
import (about 2 ms, a fiftieth of a check's start-up) would pay for itself. The value is the same either
way. ``CEASEFIRE_JSON=orjson`` has orjson decode from the first line, ``stdlib`` never."""


MAX_DEPTH = 512
"""How deep a line's JSON may nest (containers within containers): a deeper line is refused, whichever decoder reads it.
The decoders' own limits differ (orjson's 1,024, msgspec's lower, the standard library's moving with the interpreter's
stack), so a line nested between them was refused by one and read by another."""

_LONG = 2 * MAX_DEPTH
"""A line this long or shorter cannot nest more than ``MAX_DEPTH`` deep: its depth is never looked at (the common line)."""


def _too_deep(raw: bytes | str, value: Any) -> bool:
    """Whether ``value``, decoded from ``raw``, nests more than ``MAX_DEPTH`` deep: walked without recursion, and only when
    ``raw`` has that many opening brackets."""
    opens = raw.count(b"[") + raw.count(b"{") if type(raw) is bytes else raw.count("[") + raw.count("{")  # type: ignore[arg-type]
    if opens <= MAX_DEPTH:
        return False
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        for child in item.values() if type(item) is dict else item:
            if type(child) is dict or type(child) is list:
                stack.append((child, depth + 1))
    return False


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a valid JSON value")


_DECODER = json.JSONDecoder(parse_constant=_reject_constant)


def read_lines(stream: LineStream, limit: int = MAX_LINE_BYTES, start: int = 0,
               fast: Callable[[bytes], Any] | None = None) -> Iterator[tuple[int, Any]]:
    """Yield ``(line number, JSON value)`` for each line (numbered after ``start``); a blank line yields ``None``.

    Accepts a UTF-8 BOM and CRLF endings; raises LogError for bytes that are not UTF-8,
    for invalid JSON and for a line longer than ``limit`` bytes (its ending included).
    ``fast``, a quick decoder to try first from the first line (else orjson's, after the first lines).
    """
    number = start
    quick = -1 if fast is not None else start + (1 if os.environ.get("CEASEFIRE_JSON") == "orjson" else STDLIB_LINES)  # where orjson takes over, if installed
    size = limit + 1
    readline = stream.readline
    while True:
        try:
            raw = readline(size)
        except OSError as exc:
            raise LogError(f"cannot read: {exc.strerror or exc}", number + 1) from None
        except ValueError:  # I/O on a closed file
            raise UsageError("the log's stream is closed") from None
        if not raw:
            return
        number += 1
        if number == quick:
            fast = _fast_loads()
        if type(raw) is bytes and len(raw) <= limit and number != 1:  # line_value's common paths, without a call
            if fast is not None:
                try:
                    value = fast(raw)
                except (ValueError, RecursionError):  # as line_value: msgspec may hit the interpreter's limit before its own
                    pass
                else:
                    if (type(value) is dict and type(value.get("casualties", 0)) is not float and type(value.get("id", 0)) is not float
                            and (len(raw) <= _LONG or not _too_deep(raw, value))):
                        yield number, value
                        continue
            try:
                text = raw.decode("utf-8").strip()
            except UnicodeDecodeError:
                pass
            else:
                if text:
                    yield number, decode_json(text, number)
                    continue
        yield number, line_value(raw, number, limit, fast)  # the first line (its BOM), a blank one, any refused


def line_value(raw: bytes, number: int, limit: int = MAX_LINE_BYTES, fast: Callable[[bytes], Any] | None = None) -> Any:
    """One line's JSON value as ``read_lines`` reads it (None: a blank line), with ``fast`` as the quick decoder if any.

    Raises what ``read_lines`` raises for that line.
    """
    if type(raw) is not bytes and not isinstance(raw, bytes):
        raise UsageError("open the log in binary mode ('rb'): it is read as UTF-8 bytes")
    if len(raw) > limit and not raw.endswith(b"\n"):
        raise LogError(f"line is longer than {limit} bytes", number)
    if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if fast is not None:
        # orjson (or msgspec), when installed, decodes the common line; whatever it refuses or reads
        # differently (integers too big for orjson become floats) the standard path decides.
        try:
            value = fast(raw)
        except (ValueError, RecursionError):  # msgspec refuses a deep nesting as the standard library does: that one says how
            pass
        else:
            if (type(value) is dict and type(value.get("casualties", 0)) is not float and type(value.get("id", 0)) is not float
                    and (len(raw) <= _LONG or not _too_deep(raw, value))):  # else the standard path says what is wrong
                return value
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        hint = "; is it a binary or compressed file?" if number == 1 else ""
        raise LogError(f"not valid UTF-8 text (byte 0x{raw[exc.start]:02x} at column {exc.start + 1}){hint}", number) from None
    text = text.strip()
    if not text:
        return None
    return decode_json(text, number)


class StreamLines:
    """``read_lines`` over a stream, which a quicker reader may take over between two lines: at ``number``, from ``stream``."""

    def __init__(self, stream: LineStream, limit: int = MAX_LINE_BYTES, start: int = 0) -> None:
        self.stream, self.limit, self.start, self.number = stream, limit, start, start
        self.pairs = read_lines(stream, limit, start)
        """The lines as ``read_lines`` yields them, the count kept by the caller (iterating this object keeps it here)."""

    def __iter__(self) -> Iterator[tuple[int, Any]]:
        return self

    def __next__(self) -> tuple[int, Any]:
        pair = next(self.pairs)
        self.number = pair[0]
        return pair


def quick_from(start: int, first: int) -> int | None:
    """The line from which msgspec's typed record may read a log numbered after ``start``, whose next line is ``first``.

    None: never (``CEASEFIRE_JSON=stdlib`` or ``orjson``, each its own decoder alone). ``msgspec`` has it
    read from ``first``; otherwise it takes over after the first lines, as orjson does in ``read_lines``.
    """
    chosen = os.environ.get("CEASEFIRE_JSON")
    if chosen in ("stdlib", "orjson"):
        return None
    return first if chosen == "msgspec" else max(first, start + STDLIB_LINES)


def _fast_loads() -> Callable[[bytes], Any] | None:
    """orjson's decoder if the ``fast`` extra is installed (and CEASEFIRE_JSON is not ``stdlib``)."""
    if os.environ.get("CEASEFIRE_JSON") == "stdlib":
        return None
    try:
        import orjson
    except ImportError:
        return None
    return orjson.loads


def decode_json(text: str, number: int | None) -> Any:
    """Decode one line of JSON, turning every decoder failure into a LogError."""
    try:
        value, end = _DECODER.raw_decode(text)
    except json.JSONDecodeError as exc:
        raise LogError(f"invalid JSON: {exc.msg} (column {exc.colno})", number) from None
    except RecursionError:
        raise LogError("invalid JSON: nested too deeply", number) from None
    except ValueError as exc:
        raise LogError(f"invalid JSON: {exc}", number) from None
    if end != len(text):
        raise LogError(f"invalid JSON: extra data after the object (column {end + 1})", number)
    if len(text) > _LONG and _too_deep(text, value):
        raise LogError("invalid JSON: nested too deeply", number)
    return value
