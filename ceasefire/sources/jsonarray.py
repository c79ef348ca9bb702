"""Streaming the ``data`` array of a JSON document (the ACLED API's answer) with the json module.

The document is one object, often on one line and many megabytes long; its ``data`` array is
decoded one element at a time from a bounded buffer, so the file is never held.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from ..errors import LogError

__all__ = ["MAX_ITEM_CHARS", "json_rows"]

MAX_ITEM_CHARS = 1 << 22
"""The longest element of ``data`` read, in characters; a longer one is an error."""

_CHUNK = 1 << 16
_DECODER = json.JSONDecoder()
_WS = " \t\r\n"


class _Buffer:
    """A window on the text of a stream, with the line number of any position in it."""

    def __init__(self, stream: IO[str], path: str) -> None:
        self.stream, self.path = stream, path
        self.text, self.pos, self.eof = "", 0, False
        self.line, self.counted = 1, 0

    def more(self) -> bool:
        """Read another block, dropping what has been consumed; False at the end of the stream."""
        if self.eof:
            return False
        self.line_at(self.pos)
        self.text, self.counted, self.pos = self.text[self.pos:], 0, 0
        block = self.stream.read(_CHUNK)
        self.eof = not block
        self.text += block
        return bool(block)

    def line_at(self, pos: int) -> int:
        self.line += self.text.count("\n", self.counted, pos)
        self.counted = pos
        return self.line

    def peek(self) -> str:
        """The next character that is not white space ('' at the end), without consuming it."""
        while True:
            while self.pos < len(self.text) and self.text[self.pos] in _WS:
                self.pos += 1
            if self.pos < len(self.text) or not self.more():
                return self.text[self.pos : self.pos + 1]

    def expect(self, chars: str, what: str) -> str:
        char = self.peek()
        if not char or char not in chars:
            found = repr(char) if char else "the end of the file"
            raise LogError(f"not an ACLED JSON file: expected {what}, found {found}", self.line_at(self.pos), path=self.path)
        self.pos += 1
        return char

    def value(self) -> Any:
        """Decode the JSON value starting here, reading more of the stream as needed."""
        self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.text, self.pos)
            except json.JSONDecodeError as exc:
                if len(self.text) - self.pos <= MAX_ITEM_CHARS and self.more():
                    continue
                line = self.line_at(self.pos)
                raise LogError(f"invalid JSON: {exc.msg}; the rest of the file was not read", line, path=self.path) from None
            except RecursionError:
                raise LogError("invalid JSON: nested too deeply", self.line_at(self.pos), path=self.path) from None
            self.pos = end
            return value


def json_rows(stream: IO[str], path: str, names: tuple[str, ...]) -> Iterator[tuple[int, str, tuple[str, ...] | str]]:
    """Yield ``(line, "data[i]", values)`` for each element of the document's ``data`` array.

    ``values`` are the element's values for ``names`` as strings ('' when absent), or a
    message saying why the element cannot be read. A document without a ``data`` array, or
    whose ``success`` is false, raises LogError.
    """
    buf = _Buffer(stream, path)
    buf.expect("{", "an object")
    while buf.peek() != "}":
        if buf.peek() != '"':
            buf.expect('"', "a key")
        key = buf.value()
        buf.expect(":", "':'")
        if key == "data":
            yield from _elements(buf, names)
            return
        value = buf.value()
        if key == "success" and value not in (True, 1, "1", "true"):
            raise LogError(f"the ACLED API reported a failure (success: {json.dumps(value)}); no data", 1, path=path)
        if buf.expect(",}", "',' or '}'") == "}":
            break
    raise LogError("not an ACLED JSON file: no \"data\" array", buf.line_at(buf.pos), path=path)


def _elements(buf: _Buffer, names: tuple[str, ...]) -> Iterator[tuple[int, str, tuple[str, ...] | str]]:
    buf.expect("[", "the data array ('[')")
    index = 0
    if buf.peek() == "]":
        return
    while True:
        buf.peek()
        line = buf.line_at(buf.pos)
        element = buf.value()
        yield line, f"data[{index}]", _values(element, names)
        index += 1
        if buf.expect(",]", "',' or ']'") == "]":
            return


def _values(element: Any, names: tuple[str, ...]) -> tuple[str, ...] | str:
    if type(element) is not dict:
        return "expected an object (one ACLED event)"
    out = []
    for name in names:
        value = element.get(name)
        if value is None:
            value = ""
        elif type(value) in (int, float):
            value = str(value)
        elif type(value) is not str:
            return f"{name} must be a string, got {json.dumps(value)[:40]}"
        elif not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return f"{name} contains an unpaired surrogate (\\u escape) that is not valid text"
        out.append(value)
    return tuple(out)
