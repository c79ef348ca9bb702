"""GDELT 2.0 event files: tab-separated, no header, 61 columns, every code read as a string.

CAMEO codes keep their leading zeros (``0871`` declare a truce: base ``087``, root ``08``)
and are looked up most specific first. Actor1 is the one coded as acting on Actor2, so a
GDELT row is never a clash; the events are machine-coded from news reports, which the
importer records as ``verification = "reported"`` at most. Places are the ActionGeo fields.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from operator import itemgetter

from . import OUTSIDE, Bad, Outside, Row
from .common import decimal, open_text, show, utf8_error

__all__ = ["WIDTH", "read"]

WIDTH = 61
"""Fields in a GDELT 2.0 event row (GDELT 1.0 files have 58)."""

_KEPT = (
    (5, "actor1_code"), (6, "actor1_name"), (15, "actor2_code"), (16, "actor2_name"), (25, "is_root_event"),
    (26, "event_code"), (27, "event_base_code"), (28, "event_root_code"), (29, "quad_class"),
    (30, "goldstein_scale"), (31, "num_mentions"), (32, "num_sources"), (33, "num_articles"), (34, "avg_tone"),
    (51, "action_geo_type"), (54, "action_geo_adm1_code"), (55, "action_geo_adm2_code"),
    (58, "action_geo_feature_id"), (59, "date_added"),
)
_X_KEYS = tuple(f"x_gdelt_{name}" for _index, name in _KEPT)
_PICK = itemgetter(*(index for index, _name in _KEPT))
_DAYS: dict[str, str] = {}


def read(path: str, countries: frozenset[str] = frozenset()) -> Iterator[Row | Bad | Outside]:
    """Stream the rows of a GDELT 2.0 event file (``*.export.CSV``, unzipped); rows whose action
    took place in a country not in ``countries`` (if given) come back as OUTSIDE."""
    with open_text(path) as stream:
        try:
            for line, text in enumerate(stream, 1):
                text = text.rstrip("\r\n")
                if not text:
                    continue
                fields = text.split("\t")
                if (countries and len(fields) == WIDTH and fields[53] not in countries
                        and fields[52].rpartition(", ")[2] not in countries):
                    yield OUTSIDE
                    continue
                yield _checked(line, fields)
        except UnicodeDecodeError:
            yield Bad(*utf8_error(path))


def _checked(line: int, fields: list[str]) -> Row | Bad:
    if len(fields) != WIDTH:
        hint = ": a GDELT 1.0 file? only GDELT 2.0 event files are read" if len(fields) == 58 else ""
        return Bad(line, f"expected {WIDTH} tab-separated fields, got {len(fields)}{hint}")
    try:
        return _row(line, fields)
    except ValueError as exc:
        return Bad(line, str(exc))


def _row(line: int, f: list[str]) -> Row:
    event_id, code = f[0], f[26]
    if not event_id:
        raise ValueError("GLOBALEVENTID is empty")
    if not (code.isdigit() and code.isascii()):
        raise ValueError(f"EventCode must be a CAMEO code such as 0871, got {show(code)}")
    day = _day(f[1])
    geo_type, name = f[51], f[52]
    parts = name.split(", ") if name else []
    country = parts[-1] if parts else ""
    admin1 = parts[-2] if len(parts) > 1 else ""
    extra = (_X_KEYS, _PICK(f))
    return Row(
        line, event_id, day, day, (code, f[27], f[28]), f[5], f[15], False,
        country, f[53], admin1, f[54] if geo_type != "1" else "", "", name,
        decimal(f[56], "ActionGeo_Lat", 90), decimal(f[57], "ActionGeo_Long", 180),
        None, "", "", f[60], extra,
    )


def _day(text: str) -> str:
    day = _DAYS.get(text)
    if day is None:
        try:
            if len(text) != 8 or not (text.isdigit() and text.isascii()):
                raise ValueError
            day = date(int(text[:4]), int(text[4:6]), int(text[6:])).isoformat()
        except ValueError:
            raise ValueError(f"SQLDATE must be a date such as 20160920, got {show(text)}") from None
        if len(_DAYS) > 100_000:
            _DAYS.clear()
        _DAYS[text] = day
    return day
