"""UCDP GED: the Georeferenced Event Dataset's CSV (49 columns, found by name in the header row).

Each row is a day range (``date_start`` to ``date_end``) in which a dyad fought:
``type_of_violence`` 1 (state-based) and 2 (non-state) name the two sides of a clash, so
neither is blamed; 3 (one-sided) is violence by ``side_a`` against civilians. ``best`` is
the best estimate of the dead. Some Candidate releases come without a header row; the
standard column order is assumed for them.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, datetime
from operator import itemgetter
from typing import Any

from ..errors import LogError
from . import OUTSIDE, Bad, Outside, Row
from .common import DAY, decimal, open_text, show, utf8_error, whole

__all__ = ["COLUMNS", "STANDARD", "read"]

STANDARD = (
    "id,relid,year,active_year,code_status,type_of_violence,conflict_dset_id,conflict_new_id,conflict_name,"
    "dyad_dset_id,dyad_new_id,dyad_name,side_a_dset_id,side_a_new_id,side_a,side_b_dset_id,side_b_new_id,side_b,"
    "number_of_sources,source_article,source_office,source_date,source_headline,source_original,where_prec,"
    "where_coordinates,where_description,adm_1,adm_2,latitude,longitude,geom_wkt,priogrid_gid,country,country_id,"
    "region,event_clarity,date_prec,date_start,date_end,deaths_a,deaths_b,deaths_civilians,deaths_unknown,best,"
    "high,low,gwnoa,gwnob"
).split(",")
"""The 49 columns of GED 23.1 to 25.1, in order: used when a file has no header row."""

COLUMNS = (
    "id", "type_of_violence", "side_a", "side_b", "date_start", "date_end", "country", "country_id", "adm_1",
    "adm_2", "where_coordinates", "latitude", "longitude", "best", "source_article",
)
"""The columns a row cannot do without."""

EXTRA = (
    "relid", "conflict_name", "dyad_name", "conflict_new_id", "dyad_new_id", "side_a_new_id", "side_b_new_id",
    "where_prec", "where_description", "date_prec", "event_clarity", "source_office", "source_date",
    "source_headline", "source_original", "number_of_sources", "active_year", "code_status", "region",
    "priogrid_gid", "gwnoa", "gwnob",
)
"""Columns kept as ``x_ucdp_*`` fields when present and not empty."""

COUNTS = ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "low", "high")
"""Death counts, checked and kept as ``x_ucdp_*`` fields (as written, like every ``x_`` field)."""

_X_KEYS = tuple(f"x_ucdp_{name}" for name in (*EXTRA, *COUNTS, "type_of_violence", "side_a", "side_b"))
_VIOLENCE = {"1": ("state-based", True), "2": ("non-state", True), "3": ("one-sided", False)}
_DAYS: dict[str, str] = {}


def read(path: str, countries: frozenset[str] = frozenset()) -> Iterator[Row | Bad | Outside]:
    """Stream the rows of a UCDP GED CSV file; rows of a country not in ``countries`` (if given)
    come back as OUTSIDE."""
    with open_text(path) as stream:
        try:
            yield from _rows(csv.reader(stream), path, countries)
        except UnicodeDecodeError:
            yield Bad(*utf8_error(path))


def _rows(reader: Any, path: str, countries: frozenset[str]) -> Iterator[Row | Bad | Outside]:
    header = next(reader, None)
    if not header:
        raise LogError("empty file: expected a UCDP GED header row (id,relid,year,...)", 1, path=path)
    first = None
    if "id" not in header and "date_start" not in header and len(header) == len(STANDARD):
        header, first = STANDARD, header  # a Candidate file without a header row
    index = {name.strip(): i for i, name in enumerate(header)}
    missing = [name for name in COLUMNS if name not in index]
    if missing:
        raise LogError(f"not a UCDP GED file: no column {', '.join(missing)} in the header", 1, path=path)
    width = len(header)
    pick = itemgetter(*(index.get(name, width) for name in COLUMNS + EXTRA + COUNTS))
    pad = [""] if any(name not in index for name in EXTRA + COUNTS) else []
    place = (index["country"], index["country_id"]) if countries else None
    if first is not None:
        outside = place and first[place[0]] not in countries and first[place[1]] not in countries
        yield OUTSIDE if outside else _checked(1, pick(first + pad))
    start = reader.line_num + 1
    while True:
        try:
            for fields in reader:
                line, start = start, reader.line_num + 1
                if len(fields) != width:
                    if fields:
                        yield Bad(line, f"expected {width} fields as in the header, got {len(fields)}")
                    continue
                if place and fields[place[0]] not in countries and fields[place[1]] not in countries:
                    yield OUTSIDE
                    continue
                yield _checked(line, pick(fields + pad if pad else fields))
            return
        except csv.Error as exc:
            yield Bad(start, f"not valid CSV: {exc}")
            start = reader.line_num + 1


def _checked(line: int, values: tuple[str, ...]) -> Row | Bad:
    try:
        return _row(line, values)
    except ValueError as exc:
        return Bad(line, str(exc))


def _row(line: int, values: tuple[str, ...]) -> Row:
    (event_id, violence, side_a, side_b, first, last, country, country_id, adm_1, adm_2, place,
     latitude, longitude, best, article) = values[:15]
    if not event_id:
        raise ValueError("id is empty")
    kind = _VIOLENCE.get(violence)
    if kind is None:
        raise ValueError(f"type_of_violence must be 1, 2 or 3, got {show(violence)}")
    start, end = _day(first, "date_start"), _day(last, "date_end")
    if end < start:
        raise ValueError(f"date_end {end} is before date_start {start}")
    for name, value in zip(COUNTS, values[37:]):
        whole(value, name)
    return Row(
        line, event_id, start, end, (kind[0],), side_a, side_b, kind[1],
        country, country_id, adm_1, "", adm_2, place,
        decimal(latitude, "latitude", 90), decimal(longitude, "longitude", 180),
        whole(best, "best"), article, "", "", (_X_KEYS, values[15:] + (kind[0], side_a, side_b)),
    )


def _day(text: str, name: str) -> str:
    """The ISO day of a GED date: ``2016-09-17 00:00:00.000``, ``2016-09-17`` or ``9/17/2016``."""
    day = _DAYS.get(text)
    if day is not None:
        return day
    try:
        if DAY.match(text) and (len(text) == 10 or text[10] in " T"):
            day = date.fromisoformat(text[:10]).isoformat()
        else:
            day = datetime.strptime(text, "%m/%d/%Y").date().isoformat()
    except ValueError:
        raise ValueError(f"{name} must be a date such as 2016-09-17 00:00:00.000, got {show(text)}") from None
    if len(_DAYS) > 100_000:
        _DAYS.clear()
    _DAYS[text] = day
    return day
