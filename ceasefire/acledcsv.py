"""ACLED CSV exports to log lines in one step per row: the loop ``run_import`` runs over them.

The row path (ceasefire.sources.acled reads a ``Row``, ceasefire.converting makes it an event)
is the reference, and what ``check --from``, the API's JSON and the other sources use. Over an
export of millions of rows its layers cost more than reading the CSV does, so this lane goes
from a row's fields to its event line without them. It takes only the plain case: the row's
date, precision, coordinates and fatalities read, and its type and names are mapped. Any
other row (malformed, unmapped, without coordinates or fatalities) goes down the row path as
it is, which counts its fate and writes its event or its message: the tests hold the two
paths to the same bytes. Records are read by ceasefire.sources.csvfast, as csv.reader reads
them but faster.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from operator import itemgetter
from typing import Any

from .fates import Fates
from .mapping import UNKNOWN, SourceMap
from .sources import Row
from .sources.acled import _DAYS, _SPANS, _fault, _row, _span, full_layout
from .sources.common import utf8_error
from .sources.csvfast import open_lines, records

__all__ = ["acled_lines"]

_LIMIT = 50_000
_MISS = object()


def acled_lines(path: str, mapping: SourceMap, fates: Fates, convert: Callable[[Row], dict[str, Any] | None],
                dump: Callable[[dict[str, Any]], bytes]) -> Iterator[list[bytes]] | None:
    """The log lines (each ``dump(event)`` and a newline) of an ACLED CSV export, in batches,
    every row's fate counted in ``fates``; ``convert`` is the row path's converter.

    None when the file is not a CSV export with all the columns (the API's JSON, an older
    export) or does not read: the row path is for those, and says what is wrong.
    """
    found = full_layout(path)
    return None if found is None else _lines(path, *found, mapping, fates, convert, dump)


def _lines(path: str, width: int, wanted: list[int], mapping: SourceMap, fates: Fates,
           convert: Callable[[Row], dict[str, Any] | None], dump: Callable[[dict[str, Any]], bytes]) -> Iterator[list[bytes]]:
    (i_id, i_when, i_precision, i_type, i_sub, i_actor1, i_actor2, i_country, i_admin1, i_admin2, i_location,
     i_latitude, i_longitude, i_source, i_notes, i_fatalities, i_assoc1, i_assoc2, i_interaction, i_civilians, i_admin3,
     i_geo, i_tags, i_timestamp) = wanted[:24]
    i_iso, pick = wanted[30], itemgetter(*wanted)
    countries, admin1s, admin2s = mapping.countries, mapping.admin1, mapping.admin2
    first_day, last_day, verification = mapping.start or "", mapping.end or "9999", mapping.verification
    days, spans, span_of, coordinate, miss, unknown = _DAYS, _SPANS, _span, _coordinate, _MISS, UNKNOWN
    kinds: dict[tuple[str, str], str | bool | None] = {}
    actors: dict[str, str | None] = {}
    numbers: dict[str, float] = {}
    counts: dict[str, int] = {}
    aside = outside = area = period = excluded = imported = 0
    batch: list[bytes] = []

    def slow(line: int, fields: Sequence[str]) -> None:
        """One row down the row path (``read``'s checks, then ``convert``): its fate, its event."""
        if len(fields) != width:
            fates.bad(path, line, f"expected {width} fields as in the header, got {len(fields)}")
            return
        values = pick(fields)
        try:
            row = _row(line, values)
        except ValueError:
            fates.bad(path, line, _fault(values))
            return
        event = convert(row)
        if event is not None:
            batch.append(dump(event) + b"\n")

    with open_lines(path) as stream:
        try:
            rows = records(stream)
            next(rows)  # the header, read and checked by full_layout
            for line, fields in rows:
                if type(fields) is str:  # csv.reader's complaint
                    aside += 1
                    fates.bad(path, line, fields)
                    continue
                if len(fields) != width:
                    aside += 1
                    slow(line, fields)
                    continue
                country = fields[i_country]
                if countries and country not in countries and fields[i_iso] not in countries:
                    outside += 1
                    continue
                when, precision = fields[i_when], fields[i_precision]
                latitude, longitude, fatalities = fields[i_latitude], fields[i_longitude], fields[i_fatalities]
                span = days.get(when) if precision == "1" else spans.get((when, precision))
                lat, lon, killed = numbers.get(latitude), numbers.get(longitude), counts.get(fatalities)
                try:
                    first, last = span or span_of(when, precision)
                    if lat is None:
                        lat = coordinate(numbers, latitude, 90.0)
                    if lon is None:
                        lon = coordinate(numbers, longitude, 180.0)
                    if killed is None:
                        killed = _count(counts, fatalities)
                except ValueError:
                    aside += 1
                    slow(line, fields)  # an empty or unreadable value
                    continue
                event_id = fields[i_id]
                if not event_id or lat > 90.0 or lat < -90.0:
                    aside += 1
                    slow(line, fields)
                    continue
                if (admin1s and fields[i_admin1] not in admin1s) or (admin2s and fields[i_admin2] not in admin2s):
                    area += 1
                    continue
                if last < first_day or first > last_day:
                    period += 1
                    continue
                event_type, sub_type = fields[i_type], fields[i_sub]
                kind = kinds.get((sub_type, event_type), miss)
                if kind is miss:
                    if len(kinds) > _LIMIT:
                        kinds.clear()
                    kind = kinds[sub_type, event_type] = mapping.event_type((sub_type, event_type))
                if kind is False:
                    excluded += 1
                    continue
                name1, name2 = fields[i_actor1], fields[i_actor2]
                actor, target = actors.get(name1, miss), actors.get(name2, miss)
                if actor is miss or target is miss:
                    if len(actors) > _LIMIT:
                        actors.clear()
                    actor = actors[name1] = mapping.actor(name1.strip()) if name1 else unknown
                    target = actors[name2] = mapping.actor(name2.strip()) if name2 else unknown
                if kind is None or actor is None or target is None:
                    aside += 1
                    slow(line, fields)  # unmapped: counted and named there
                    continue
                event: dict[str, Any] = {"date": first, "date_end": last, "type": kind} if last != first else {
                    "date": first, "type": kind}
                if event_type == "Battles":
                    event["sides"] = [actor, target]
                else:
                    if actor != unknown:
                        event["actor"] = actor
                    if target != unknown:
                        event["target"] = target
                event["killed"] = killed
                event["id"] = event_id
                if verification:
                    event["verification"] = verification
                # the row path's order: place, coordinates, citation, then the x_ fields as written
                value = fields[i_country]
                if value:
                    event["country"] = value
                value = fields[i_admin1]
                if value:
                    event["admin1"] = value
                value = fields[i_admin2]
                if value:
                    event["admin2"] = value
                value = fields[i_location]
                if value:
                    event["location"] = value
                event["latitude"] = lat
                event["longitude"] = lon
                value = fields[i_source]
                if value:
                    event["source"] = value
                value = fields[i_notes]
                if value:
                    event["note"] = value
                value = fields[i_assoc1]
                if value:
                    event["x_acled_assoc_actor_1"] = value
                value = fields[i_assoc2]
                if value:
                    event["x_acled_assoc_actor_2"] = value
                value = fields[i_interaction]
                if value:
                    event["x_acled_interaction"] = value
                value = fields[i_civilians]
                if value:
                    event["x_acled_civilian_targeting"] = value
                value = fields[i_admin3]
                if value:
                    event["x_acled_admin3"] = value
                value = fields[i_geo]
                if value:
                    event["x_acled_geo_precision"] = value
                value = fields[i_tags]
                if value:
                    event["x_acled_tags"] = value
                value = fields[i_timestamp]
                if value:
                    event["x_acled_timestamp"] = value
                if event_type:
                    event["x_acled_event_type"] = event_type
                if sub_type:
                    event["x_acled_sub_event_type"] = sub_type
                if name1:
                    event["x_acled_actor1"] = name1
                if name2:
                    event["x_acled_actor2"] = name2
                if precision != "1":
                    event["x_acled_event_date"] = when
                    event["x_acled_time_precision"] = precision
                imported += 1
                batch.append(dump(event) + b"\n")
                if len(batch) >= 4096:
                    yield batch
                    batch = []
        except UnicodeDecodeError:
            aside += 1
            fates.bad(path, *utf8_error(path))
        finally:
            fates.rows += aside + outside + area + period + excluded + imported
            fates.imported += imported
            scope = fates.out_of_scope
            scope["country"] += outside
            scope["area"] += area
            scope["period"] += period
            scope["type"] += excluded
    if batch:
        yield batch


def _count(counts: dict[str, int], text: str) -> int:
    """A fatality count, remembered in ``counts``; ValueError unless it is ASCII digits."""
    if not (text.isdigit() and text.isascii()):
        raise ValueError(text)
    if len(counts) > _LIMIT:
        counts.clear()
    value = counts[text] = int(text)
    return value


def _coordinate(numbers: dict[str, float], text: str, bound: float) -> float:
    """A coordinate's value, remembered in ``numbers``; ValueError when it is empty, not a
    number, or beyond ``bound`` (a latitude beyond 90 is caught by its caller: both share
    ``numbers``, which holds values up to 180)."""
    value = float(text)
    if not -bound <= value <= bound:
        raise ValueError(text)
    if len(numbers) > _LIMIT:
        numbers.clear()
    numbers[text] = value
    return value
