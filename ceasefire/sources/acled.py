"""ACLED: CSV exports (a header row, columns found by name) and the API's JSON (a ``data`` array).

Dates come as ``2018-12-20`` (API), ``20 December 2018`` (export tool) or ``20-Dec-18``
(re-saved by a spreadsheet); ``time_precision`` 2 and 3 widen the day to its week or month.
A ``Battles`` row is a clash between ``actor1`` and ``actor2``: ACLED's actor order does not
say who attacked. In the other types ``actor1`` is the one who acted.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, datetime
from operator import itemgetter

from ..errors import LogError
from . import OUTSIDE, Bad, Outside, Row
from .common import day_span, decimal, open_text, show, utf8_error, whole
from .jsonarray import json_rows

__all__ = ["COLUMNS", "PICKED", "full_layout", "layout", "read"]

COLUMNS = (
    "event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
    "country", "admin1", "admin2", "location", "latitude", "longitude", "source", "notes", "fatalities",
)
"""The columns a row cannot do without."""

EXTRA = (
    "assoc_actor_1", "assoc_actor_2", "interaction", "civilian_targeting", "admin3", "geo_precision", "tags",
    "timestamp",
)
"""Columns kept as ``x_acled_*`` fields, as written, when present and not empty (older exports
lack some), with the actors' names and the types as ACLED gave them (and the date as written,
with its precision, when it is not a day)."""

_AGAIN = ("event_type", "sub_event_type", "actor1", "actor2", "event_date", "time_precision")
PICKED = COLUMNS + EXTRA + _AGAIN + ("iso",)
"""The columns read, in the order ``_row`` takes them: those kept as x_ fields are picked twice,
so that the x_ values are one slice of the row. ``iso`` lets scope name a country by number."""

_X_KEYS = tuple(f"x_acled_{name}" for name in EXTRA + _AGAIN)
_PRECISION = {"1": "day", "2": "week", "3": "month"}
_FORMATS = ("%d %B %Y", "%d-%b-%y")
_SPANS: dict[tuple[str, str], tuple[str, str]] = {}
_DAYS: dict[str, tuple[str, str]] = {}
_new = tuple.__new__


def read(path: str, countries: frozenset[str] = frozenset()) -> Iterator[Row | Bad | Outside]:
    """Stream the rows of an ACLED CSV export or API JSON file (told apart by the first character);
    rows of a country not in ``countries`` (if given) come back as OUTSIDE."""
    with open_text(path) as stream:
        try:
            first = stream.read(64).lstrip()[:1]
        except UnicodeDecodeError:
            first = ""
    return _json_rows(path, countries) if first == "{" else _csv_rows(path, countries)


def full_layout(path: str) -> tuple[int, list[int]] | None:
    """The layout (``layout``) of a CSV export that has every column of PICKED; None for the API's
    JSON, an older export, or a file that does not read (``read`` then says why)."""
    try:
        with open_text(path) as stream:
            if stream.read(64).lstrip()[:1] == "{":
                return None
            stream.seek(0)
            width, wanted = layout(next(csv.reader(stream), None), path)
    except (LogError, UnicodeDecodeError, csv.Error):
        return None
    return None if width in wanted else (width, wanted)


def _json_rows(path: str, countries: frozenset[str]) -> Iterator[Row | Bad | Outside]:
    with open_text(path) as stream:
        try:
            for line, where, values in json_rows(stream, path, PICKED):
                if countries and not isinstance(values, str) and values[7] not in countries and values[30] not in countries:
                    yield OUTSIDE
                    continue
                row = Bad(line, values) if isinstance(values, str) else _checked(line, values)
                yield Bad(line, f"{where}: {row.message}") if isinstance(row, Bad) else row
        except UnicodeDecodeError:
            yield Bad(*utf8_error(path))


def _csv_rows(path: str, countries: frozenset[str]) -> Iterator[Row | Bad | Outside]:
    with open_text(path) as stream:
        try:
            reader = csv.reader(stream)
            width, wanted = layout(next(reader, None), path)
            pick = itemgetter(*wanted)
            pad = [""] if width in wanted else []
            place = (wanted[7], wanted[30]) if countries else None
            row, start = _row, reader.line_num + 1
            while True:
                try:
                    for fields in reader:
                        line, start = start, reader.line_num + 1
                        if len(fields) != width:
                            if fields:
                                yield Bad(line, f"expected {width} fields as in the header, got {len(fields)}")
                            continue
                        if place and fields[place[0]] not in countries and (fields + pad)[place[1]] not in countries:
                            yield OUTSIDE
                            continue
                        values = pick(fields + pad if pad else fields)
                        try:
                            yield row(line, values)
                        except ValueError:
                            yield Bad(line, _fault(values))
                    return
                except csv.Error as exc:
                    yield Bad(start, f"not valid CSV: {exc}")
                    start = reader.line_num + 1
        except UnicodeDecodeError:
            yield Bad(*utf8_error(path))


def layout(header: list[str] | None, path: str) -> tuple[int, list[int]]:
    """The width of a CSV export's header row and where each of PICKED is in a row (the width
    itself for a column the export lacks); LogError when the row is missing or not ACLED's."""
    if not header:
        raise LogError("empty file: expected an ACLED header row (event_id_cnty,event_date,...)", 1, path=path)
    index = {name.strip(): i for i, name in enumerate(header)}
    missing = [name for name in COLUMNS if name not in index]
    if missing:
        raise LogError(f"not an ACLED file: no column {', '.join(missing)} in the header", 1, path=path)
    width = len(header)
    return width, [index.get(name, width) for name in PICKED]


def _checked(line: int, values: tuple[str, ...]) -> Row | Bad:
    try:
        return _row(line, values)
    except ValueError:
        return Bad(line, _fault(values))


def _row(line: int, values: tuple[str, ...]) -> Row:
    """The Row for a row's values (in PICKED order); ValueError, without a message, when
    a value is wrong: this is the path of every row, so it checks quickly and ``_fault`` says why."""
    (event_id, when, precision, event_type, sub_type, actor1, actor2, country, admin1, admin2, location,
     latitude, longitude, source, notes, fatalities) = values[:16]
    if precision == "1":
        span = _DAYS.get(when) or _span(when, precision)
    else:
        span = _SPANS.get((when, precision)) or _span(when, precision)
    lat = float(latitude) if latitude else None
    lon = float(longitude) if longitude else None
    if not (event_id and (lat is None or -90.0 <= lat <= 90.0) and (lon is None or -180.0 <= lon <= 180.0)):
        raise ValueError
    killed = int(fatalities) if fatalities.isdigit() else whole(fatalities, "fatalities")
    return _new(Row, (
        line, event_id, span[0], span[1], (sub_type, event_type), actor1, actor2, event_type == "Battles",
        country, values[30], admin1, "", admin2, location, lat, lon, killed, source, notes, "",
        (_X_KEYS, values[16:28] if precision == "1" else values[16:30]),
    ))


def _fault(values: tuple[str, ...]) -> str:
    """What is wrong with a row ``_row`` refused."""
    event_id, when, precision = values[:3]
    try:
        if not event_id:
            return "event_id_cnty is empty"
        _span(when, precision)
        decimal(values[11], "latitude", 90)
        decimal(values[12], "longitude", 180)
        whole(values[15], "fatalities")
    except ValueError as exc:
        return str(exc)
    return "cannot be read"  # pragma: no cover - _row and _fault check the same things


def _span(when: str, precision: str) -> tuple[str, str]:
    word = _PRECISION.get(precision)
    if word is None:
        raise ValueError(f"time_precision must be 1 (day), 2 (week) or 3 (month), got {show(precision)}")
    day = _day(when)
    span = day_span(day, word)
    if len(_SPANS) + len(_DAYS) > 100_000:
        _SPANS.clear()
        _DAYS.clear()
    if precision == "1":
        _DAYS[when] = span
    else:
        _SPANS[when, precision] = span
    return span


def _day(text: str) -> date:
    """ACLED's event_date in any of the three forms its channels write."""
    if len(text) == 10 and text[4] == "-" and text[7] == "-" and text.replace("-", "").isdigit():
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    else:
        for form in _FORMATS:
            try:
                return datetime.strptime(text.strip(), form).date()
            except ValueError:
                continue
    raise ValueError(f"event_date must be a date such as 2018-12-20, 20 December 2018 or 20-Dec-18, got {show(text)}")
