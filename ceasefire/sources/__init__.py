"""Conflict-event sources: ACLED, UCDP GED and GDELT files, read row by row into ``Row`` records.

A source module only reads and checks its format (columns, dates, numbers) and keeps the
source's own names; what a name or a type means for an agreement is the mapping's business
(ceasefire.mapping). Files are streamed: one row at a time, never the whole file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from importlib import import_module
from typing import Any, NamedTuple

__all__ = ["OUTSIDE", "SOURCES", "Bad", "Outside", "Row", "read_rows"]

SOURCES = ("acled", "ucdp", "gdelt")
"""The sources ``ceasefire import`` reads, by the name used on the command line."""


class Row(NamedTuple):
    """One event row of a source file, checked and in the source's own names.

    ``start`` and ``end`` are ISO dates (the first and last day the event may have taken
    place); ``types`` are the keys the mapping looks the row's type up by, most specific
    first; ``clash`` says the two actors are the sides of a fight that blames neither;
    ``extra`` holds the source's other columns as ``x_`` fields: their names and values, the
    empty values to be left out. A named tuple, because one is built per row of files with
    millions of rows.
    """

    line: int
    id: str
    start: str
    end: str
    types: tuple[str, ...]
    actor1: str
    actor2: str
    clash: bool
    country: str
    country_code: str
    admin1: str
    admin1_code: str
    admin2: str
    location: str
    latitude: float | None
    longitude: float | None
    killed: int | None
    source: str
    note: str
    url: str
    extra: tuple[tuple[str, ...], tuple[Any, ...]]


class Bad(NamedTuple):
    """A row that cannot be read: the line it starts on and what is wrong with it."""

    line: int
    message: str


class Outside(NamedTuple):
    """A row of a country not asked for: not read further (a predicate pushed down to the reader)."""

    line: int


OUTSIDE = Outside(0)
"""The one Outside record every reader yields."""


def read_rows(source: str, path: str, countries: frozenset[str] = frozenset()) -> Iterator[Row | Bad | Outside]:
    """Stream the rows of one file of ``source``: a Row per event row, a Bad per malformed row.

    With ``countries`` (names or the source's codes), a row of another country is not read
    further: it comes back as OUTSIDE, even if some of its values are wrong. A file that
    cannot be read at all (missing, not the source's format) raises LogError.
    """
    reader: Callable[[str, frozenset[str]], Iterator[Row | Bad | Outside]] = import_module(f"{__name__}.{source}").read
    return reader(path, countries)
