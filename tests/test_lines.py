"""Reading a log's lines: the length limit to the byte, streams that fail or are of the wrong kind, the first line's hint."""

from __future__ import annotations

import io

import pytest

from ceasefire import LogError, check
from ceasefire.errors import UsageError
from ceasefire.events import read_lines

LINE = b'{"a": 1}'  # eight bytes


@pytest.mark.parametrize("data", [LINE, LINE + b"\n"], ids=["at-the-end", "with-its-newline"])
def test_a_line_of_exactly_the_limit_is_accepted(data):
    """Eight bytes under a limit of eight are read, with or without a newline after them."""
    assert list(read_lines(io.BytesIO(data), limit=8)) == [(1, {"a": 1})]


def test_a_line_one_byte_over_the_limit_is_refused():
    """Nine bytes and a newline under a limit of eight: refused at line 1."""
    with pytest.raises(LogError) as caught:
        list(read_lines(io.BytesIO(b'{"ab": 1}\n'), limit=8))
    assert (caught.value.message, caught.value.line) == ("line is longer than 8 bytes", 1)


class Failing(io.BytesIO):
    """A log whose second read fails, as a disk or a network share can."""

    name = "flaky.jsonl"

    def __init__(self, error: OSError) -> None:
        super().__init__(b'{"agreement": "syria-2016"}\n{"date": "2016-09-13", "type": "statement"}\n')
        self.error, self.reads = error, 0

    def readline(self, size: int | None = -1) -> bytes:  # type: ignore[override]
        """Fail on the second call."""
        self.reads += 1
        if self.reads == 2:
            raise self.error
        return super().readline(size)


@pytest.mark.parametrize("error, said", [(OSError(5, "Input/output error"), "Input/output error"), (OSError("disk gone"), "disk gone")])
def test_a_read_that_fails_is_an_error_at_the_line_it_was_reading(error, said):
    """The second line cannot be read: FILE:2: cannot read: and the system's words (or the error's, when it has none)."""
    with pytest.raises(LogError) as caught:
        check(Failing(error))
    assert str(caught.value) == f"flaky.jsonl:2: cannot read: {said}"


def test_reading_a_closed_stream_is_a_usage_error():
    """A stream closed before it is read is the caller's mistake, said as such."""
    stream = io.BytesIO(b"{}\n")
    stream.close()
    with pytest.raises(UsageError, match=r"^the log's stream is closed$"):
        list(read_lines(stream))


def test_reading_a_text_stream_is_a_usage_error():
    """A log opened in text mode is refused with the way to open it."""
    with pytest.raises(UsageError, match=r"^open the log in binary mode \('rb'\): it is read as UTF-8 bytes$"):
        list(read_lines(io.StringIO("{}\n")))  # type: ignore[arg-type]


def test_bytes_that_are_not_utf8_on_the_first_line_ask_whether_the_file_is_binary(tmp_path):
    """A compressed log fails at line 1 with a hint; the same bytes further down get no hint."""
    first = tmp_path / "log.jsonl.gz"
    first.write_bytes(b"\x1f\x8b\x08\x00\n")
    with pytest.raises(LogError) as caught:
        check(first)
    assert str(caught.value) == f"{first}:1: not valid UTF-8 text (byte 0x8b at column 2); is it a binary or compressed file?"
    later = tmp_path / "later.jsonl"
    later.write_bytes(b'{"agreement": "syria-2016"}\n\x1f\x8b\x08\x00\n')
    with pytest.raises(LogError) as caught:
        check(later)
    assert str(caught.value) == f"{later}:2: not valid UTF-8 text (byte 0x8b at column 2)"



def test_orjson_takes_over_after_the_first_lines_unless_asked_from_the_first(monkeypatch):
    """A short log is read by the standard library alone; CEASEFIRE_JSON=orjson has orjson read from line 1."""
    pytest.importorskip("orjson")
    import ceasefire.lines as lines

    used: list[int] = []

    def spy() -> object:
        used.append(1)
        return lambda raw: lines.decode_json(raw.decode().strip(), None)

    monkeypatch.setattr(lines, "_fast_loads", spy)
    row = b'{"date": "2016-09-13", "type": "statement"}\n'
    monkeypatch.delenv("CEASEFIRE_JSON", raising=False)
    assert len(list(lines.read_lines(io.BytesIO(row * (lines.STDLIB_LINES - 1))))) == lines.STDLIB_LINES - 1
    assert used == []
    assert len(list(lines.read_lines(io.BytesIO(row * lines.STDLIB_LINES)))) == lines.STDLIB_LINES
    assert used == [1]
    monkeypatch.setenv("CEASEFIRE_JSON", "orjson")
    list(lines.read_lines(io.BytesIO(row)))
    assert used == [1, 1]


def test_a_quick_decoder_out_of_stack_leaves_the_line_to_the_standard_library():
    """A quick decoder that runs out of stack leaves the line to the standard library, never an internal error."""
    # msgspec may reach the interpreter's recursion limit before its own depth limit (a caller deep in its own stack).

    def fast(raw: bytes) -> object:
        raise RecursionError("maximum recursion depth exceeded while deserializing an object")

    assert list(read_lines(io.BytesIO(b'{"a": 1}\n{"b": [1]}\n'), fast=fast)) == [(1, {"a": 1}), (2, {"b": [1]})]
