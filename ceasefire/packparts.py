"""The parts of a pack that say what the record needs: areas, verification, per-party duties, implementation, collapse."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from .agreement import IMPLEMENTATIONS, Agreement
from .errors import PackError
from .areas import PLACE_KEYS, UNPLACED, Area, load_polygons
from .dates import parse_duration
from .eventfacts import VERIFICATION
from .packtimers import instant
from .tomlfile import Table
from .tomlfile import check as _check

__all__ = ["area", "check_references", "collapse_when", "fragile_for", "per_instance", "verification"]

_COUNTS = ("any", "all")


def area(table: Table, name: str, pack_path: str) -> Area | None:
    """An ``area`` table (a provision's, a rule's, or the agreement's ``[area]``): places, polygons, the unplaced rule."""
    if name not in table.data:
        table.used.add(name)
        return None
    t = table.table(name)
    places = []
    for place in t.tables("places"):
        keys = []
        for key in PLACE_KEYS:
            if key in place.data:
                values = place.names(key, required=True)
                keys.append((key, frozenset(v.casefold() for v in values)))
        place.done()
        if not keys:
            place.fail(None, f"a place names at least one of {', '.join(PLACE_KEYS)}")
        places.append(tuple(keys))
    polygons: tuple[Any, ...] = ()
    source = t.text("geojson", default="")
    if source:
        try:
            polygons = load_polygons(source, pack_path)
        except ValueError as exc:
            t.fail("geojson", str(exc))
    unplaced = _check(t, "unplaced", t.text("unplaced", default="inside"), UNPLACED, "rule for unplaced events")
    t.done()
    if not places and not polygons:
        t.fail(None, "an area needs places or a geojson file of polygons")
    return Area(tuple(places), polygons, unplaced, source)


def verification(table: Table, name: str) -> tuple[str | None, str | None]:
    """``{ move = ..., breach = ... }``: the least verification that moves a state, and that records a breach."""
    if name not in table.data:
        table.used.add(name)
        return None, None
    t = table.table(name)
    move = t.text("move")
    breach = t.text("breach")
    for key, value in (("move", move), ("breach", breach)):
        if value is not None:
            _check(t, key, value, VERIFICATION, "verification")
    t.done()
    return move, breach


def fragile_for(status: Table) -> Any:
    """How long fragile lasts after the last breach (None: for good)."""
    text = status.text("fragile_for")
    if text is None:
        return None
    try:
        return parse_duration(text)
    except ValueError as exc:
        return status.fail("fragile_for", str(exc))


def collapse_when(status: Table, guarantors: dict[str, str]) -> tuple[str | int, str | int]:
    """``{ parties = any|all|N, guarantors = any|all|N }``: whose declarations collapse the ceasefire."""
    if "collapse_when" not in status.data:
        status.used.add("collapse_when")
        return "any", 0
    t = status.table("collapse_when")
    out = []
    for key, default in (("parties", "any"), ("guarantors", 0)):
        value = t.get(key, (str, int), default=default)
        if isinstance(value, str):
            _check(t, key, value, _COUNTS, "count")
        elif value < 0:
            t.fail(key, "must be 0 or more")
        out.append(value)
    t.done()
    if out[1] and not guarantors:
        t.fail("guarantors", "the pack lists no [guarantors]")
    return out[0], out[1]


def per_instance(table: Table, parties: dict[str, str], fields: dict[str, str], zone: ZoneInfo, pack_path: str) -> dict[str, Any]:
    """A provision's per-party or per-field instances, when it comes into force, its implementation weights and area."""
    out: dict[str, Any] = {}
    per = table.text("per")
    if per is not None:
        if per != "party" and per not in fields:
            table.fail("per", f"'party', or a field the pack declares under [fields] (declared: {', '.join(fields) or 'none'})")
        out["per"] = per
        listed = table.names("instances")
        if per == "party":
            for i, name in enumerate(listed):
                _check(table, f"instances[{i}]", name, parties, "party")
        out["instances"] = listed or (tuple(parties) if per == "party" else ())
        out["combine"] = _check(table, "combine", table.text("combine", default="worst"), ("worst", "best"), "way to combine instances")
    else:
        for key in ("instances", "combine"):
            if key in table.data:
                table.fail(key, "needs 'per' (party, or a declared field)")
    force = table.get("in_force", (str, datetime, date), default="start")
    if isinstance(force, str) and force not in ("start", "signed"):
        force = instant(table, "in_force", zone)
    elif isinstance(force, date):
        force = instant(table, "in_force", zone)
    out["in_force"] = force
    weights = table.table("implementation")
    implementation = {}
    for state in weights.data:
        implementation[state] = _check(weights, state, weights.get(state, str), IMPLEMENTATIONS, "implementation")
    out["implementation"] = implementation
    out["area"] = area(table, "area", pack_path)
    return out


def check_references(agreement: Agreement, path: str) -> None:
    """What the record's words name must exist: anchors, tallies, extensions, the signing; anchors must not loop."""
    timers = {t.id: (p, t) for p in agreement.provisions for t in p.timers}

    def fail(key: str, message: str) -> None:
        raise PackError(message, path=path, key=key)

    for p in agreement.provisions:
        if p.in_force == "signed" and agreement.signed is None:
            fail(f"provisions.{p.id}.in_force", "'signed' needs the agreement's signing date ([agreement] signed)")
        if p.per == "party" and not p.instances:
            fail(f"provisions.{p.id}.per", "a provision kept per party needs parties")
        for index, t in enumerate(p.timers):
            key = f"provisions.{p.id}.timers[{index}].start"
            if t.start == "signed" and agreement.signed is None:
                fail(key, "'signed' needs the agreement's signing date ([agreement] signed)")
            seen = {t.id}
            anchor = t.start
            while anchor is not None and anchor.startswith("due:"):
                name = anchor[4:]
                if name not in timers or timers[name][1].kind != "deadline":
                    fail(key, f"'due:' names a deadline of the pack: no deadline {name!r}")
                if name in seen:
                    fail(key, f"deadline {t.id!r} is anchored on itself (through {' -> '.join(sorted(seen))})")
                seen.add(name)
                anchor = timers[name][1].start
    for index, rule in enumerate(agreement.rules):
        key = f"rules[{index}]"
        if rule.tally is not None and (rule.tally not in timers or timers[rule.tally][1].kind != "quota"):
            fail(f"{key}.tally", f"names a quota timer of the pack: no quota {rule.tally!r}")
        if rule.extend == "end" and agreement.end is None:
            fail(f"{key}.extend", "'end' needs the agreement's end ([agreement] end)")
        elif rule.extend not in (None, "end") and (rule.extend not in timers or timers[rule.extend][1].kind != "deadline"):
            fail(f"{key}.extend", f"names a deadline of the pack, or 'end': no deadline {rule.extend!r}")
