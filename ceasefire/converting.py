"""One row to one event: a mapping applied to a source's row, and the row's fate counted.

Who fought whom is not who attacked: a clash row (ACLED Battles, UCDP GED state-based and
non-state dyads) becomes ``sides: [a, b]`` with no actor and blames neither (a side the
mapping calls ``unknown`` is written so); a one-sided row keeps its actor, and its target
when the mapping knows the other side (an unknown target is left out, and named in the
unmapped report). The event's fields follow the event-log contract: date and date_end (an
interval of days), type, sides or actor/target, killed, id, verification, country, admin1,
admin2, location, latitude/longitude, source, note, url, then the source's ``x_`` fields.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import compress
from typing import Any

from .fates import Fates
from .mapping import UNKNOWN, SourceMap
from .sources import Row

__all__ = ["converter"]

_CACHE_LIMIT = 50_000
_MISS = object()


def converter(mapping: SourceMap, fates: Fates) -> Callable[[Row], dict[str, Any] | None]:
    """A function turning one source's rows into events for one agreement, counting each row's
    fate in ``fates``: the event, or None when the row is out of scope or unmapped.

    A closure, not a class: it runs once per row, and its names are local to it.
    """
    countries, admin1s, admin2s = mapping.countries, mapping.admin1, mapping.admin2
    first_day, last_day, verification = mapping.start or "", mapping.end or "9999", mapping.verification
    out_of_scope, unmapped_actors = fates.out_of_scope, fates.actors
    actors: dict[str, str | None] = {"": UNKNOWN}
    kinds: dict[tuple[str, ...], str | bool | None] = {}

    def actor(name: str) -> str | None:
        if len(actors) > _CACHE_LIMIT:
            actors.clear()
            actors[""] = UNKNOWN
        found = actors[name] = mapping.actor(name.strip())
        return found

    def event(row: Row) -> dict[str, Any] | None:
        (_line, event_id, start, end, types, actor1, actor2, clash, country, country_code, admin1, admin1_code,
         admin2, location, latitude, longitude, killed, source, note, url, (keys, values)) = row
        if countries and country not in countries and country_code not in countries:
            out_of_scope["country"] += 1
            return None
        if (admin1s and admin1 not in admin1s and admin1_code not in admin1s) or (admin2s and admin2 not in admin2s):
            out_of_scope["area"] += 1
            return None
        if end < first_day or start > last_day:
            out_of_scope["period"] += 1
            return None
        kind = kinds.get(types)
        if kind is None:
            if len(kinds) > _CACHE_LIMIT:
                kinds.clear()
            kind = kinds[types] = mapping.event_type(types)
        if kind is False:
            out_of_scope["type"] += 1
            return None
        first = actors.get(actor1, _MISS)
        if first is _MISS:
            first = actor(actor1)
        second = actors.get(actor2, _MISS)
        if second is _MISS:
            second = actor(actor2)
        if kind is None or first is None or (second is None and clash):
            _unmapped(fates, row, kind, first, second)  # type: ignore[arg-type]
            return None
        event: dict[str, Any] = {"date": start, "date_end": end, "type": kind} if end != start else {
            "date": start, "type": kind}
        if clash:
            event["sides"] = [first, second]
        else:
            if first != UNKNOWN:
                event["actor"] = first
            if second is None:
                fates.name(unmapped_actors, actor2)  # imported, without a target
            elif second != UNKNOWN:
                event["target"] = second
        if killed is not None:
            event["killed"] = killed
        event["id"] = event_id
        if verification:
            event["verification"] = verification
        if country:
            event["country"] = country
        if admin1:
            event["admin1"] = admin1
        if admin2:
            event["admin2"] = admin2
        if location:
            event["location"] = location
        if latitude is not None and longitude is not None:
            event["latitude"] = latitude
            event["longitude"] = longitude
        if source:
            event["source"] = source
        if note:
            event["note"] = note
        if url:
            event["url"] = url
        event.update(compress(zip(keys, values), values))
        fates.imported += 1
        return event

    return event


def _unmapped(fates: Fates, row: Row, kind: str | bool | None, first: str | None, second: str | None) -> None:
    fates.unmapped += 1
    if kind is None:
        keys = [key for key in dict.fromkeys(row.types) if key] or ["(no type)"]
        fates.name(fates.types, keys[0] + (f" ({', '.join(keys[1:])})" if keys[1:] else ""))
    if first is None:
        fates.name(fates.actors, row.actor1)
    if second is None:
        fates.name(fates.actors, row.actor2)
