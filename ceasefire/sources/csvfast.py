"""CSV records as ``csv.reader`` reads them, read faster: lines split with ``str.split`` where
that gives csv.reader's fields, and csv.reader itself for the rest.

The csv module wants a file opened with ``newline=""``, whose universal-newline decoding costs
more than splitting the lines. Here the file is opened with ``newline="\\n"`` (lines end at
line feeds only), and a line with a lone carriage return, which that mode would have split
there, sends the file from there on through ``_universal``, which splits as that mode does.
A line is split by ``str.split`` when it has no quote, or one quoted field that starts and ends
between commas (its doubled quotes made single); any other line, and a quoted field over
several lines, is read by csv.reader. The tests hold the records and their lines to
csv.reader's on any text. One difference remains, in files broken twice over: where lines end
with lone carriage returns and a later block of the file is not UTF-8, csv's mode has read the
lines of the block before, and this reader, still waiting for a line feed, has not.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import IO

from .common import open_text

__all__ = ["open_lines", "records"]


def open_lines(path: str) -> IO[str]:
    """Open a source file for ``records``: UTF-8 (a BOM skipped), lines ended by line feeds."""
    return open_text(path, newline="\n")


def records(stream: IO[str]) -> Iterator[tuple[int, list[str] | str]]:
    """``(line, fields)`` for each record of a stream opened with ``open_lines``, as csv.reader gives
    them for the same file opened with ``newline=""``; ``line`` is the line the record starts on,
    and ``fields`` is a message (a str) for a record csv.reader refuses. Blank lines are not
    records. UnicodeDecodeError comes through as reading the file raises it."""
    limit = csv.field_size_limit()
    number = 0
    pending: list[str] = []
    lines: Iterator[str] = stream
    fast = True  # lines as the file gives them, each checked for a lone carriage return
    while True:
        for text in lines:
            if fast:
                cr = text.find("\r")
                if cr >= 0 and (cr < len(text) - 2 or (cr == len(text) - 2 and text[-1] != "\n")):
                    lines, fast = _universal(chain((text,), stream), pending), False
                    break
            number += 1
            body = text.rstrip("\r\n")
            first = body.find('"')
            if first < 0 and len(body) <= limit:
                if body:
                    yield number, body.split(",")
                continue
            fields: list[str] | str | None = _quoted(body, first) if len(body) <= limit else None
            if fields is None:  # csv.reader's to read, from the lines as it would have them
                more = _universal(chain((text,), lines), pending) if fast else chain((text,), lines)
                reader = csv.reader(more)
                try:
                    fields = next(reader)
                except csv.Error as exc:
                    fields = f"not valid CSV: {exc}"
                start, number = number, number + reader.line_num - 1
                if fast and pending:  # the record ended inside a line: the rest of the file goes
                    lines, fast = more, False  # through _universal, from that line's other pieces
                    if fields:
                        yield start, fields
                    break
                if fields:
                    yield start, fields
                continue
            yield number, fields
        else:
            return


def _universal(lines: Iterable[str], pending: list[str]) -> Iterator[str]:
    """The lines a file opened with ``newline=""`` gives (ended by a carriage return, a line feed
    or both, the ends kept), from lines ended by line feeds only; ``pending`` holds the pieces of
    the current line not yet given."""
    for text in lines:
        start = 0
        pieces = []
        while True:
            cr = text.find("\r", start)
            if cr < 0 or cr == len(text) - 1 or text[cr + 1] == "\n":
                break
            pieces.append(text[start:cr + 1])
            start = cr + 1
        pieces.append(text[start:] if start else text)
        pending[:] = pieces[1:]
        yield pieces[0]
        while pending:
            yield pending.pop(0)


def _quoted(body: str, first: int) -> list[str] | None:
    """The fields of a line whose one quoted field starts at ``first``, as csv.reader reads
    them (the field's doubled quotes made single); None for any other quoting, for csv.reader."""
    last = body.rfind('"')
    end = len(body)
    if last == first or (first and body[first - 1] != ",") or (last + 1 < end and body[last + 1] != ","):
        return None
    inside = body[first + 1:last]
    if '"' in inside:
        single = inside.replace('""', '"')
        if single.count('"') != len(inside) - len(single):  # a quote in it that is not doubled
            return None
        inside = single
    fields = body[:first - 1].split(",") if first else []
    fields.append(inside)
    if last + 1 < end:
        fields += body[last + 2:].split(",")
    return fields
