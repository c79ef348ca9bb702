"""One replay's state as plain data (JSON values) and back: what a snapshot (``snapshot``) is made of.

``engine_state(engine)`` reads everything an ``Engine`` holds besides its pack: the clock, which
provisions are in force, each instance's state, the armed timers, the calm periods and quota
windows, the events known only roughly that wait for their end, the findings not yet settled,
the counts and what the status is made of. ``load_engine(engine, data)`` puts it into a new
engine of the same pack. Instants are ISO 8601 in UTC; provisions, instances and timers are
named by their place in the pack (the snapshot's pack hash makes sure it is the same pack).
The size grows with the pack, its instances and armed timers, never with the events seen.
Bad data raises ``ValueError`` (or ``KeyError``, ``TypeError``, ``IndexError``): the caller
says the snapshot is malformed.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import attrs

from .events import Event
from .found import found_of
from .report import Breach, Change, Extension

if TYPE_CHECKING:
    from .engine import Engine

__all__ = ["engine_state", "load_engine", "instant", "day", "breach_of", "change_of", "shown", "shown_day", "required"]


def shown(value: datetime | None) -> str | None:
    """An instant as the snapshot keeps it (ISO 8601, UTC), or None."""
    return None if value is None else value.isoformat()


def shown_day(value: date | None) -> str | None:
    """A day as the snapshot keeps it, or None."""
    return None if value is None else value.isoformat()


def instant(value: Any) -> datetime | None:
    """An instant read back (it must be aware), or None."""
    if value is None:
        return None
    if type(value) is not str:
        raise ValueError(f"expected an instant, got {value!r}")
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError(f"instant {value!r} has no offset")
    return parsed


def day(value: Any) -> date | None:
    """A day read back, or None."""
    if value is None:
        return None
    if type(value) is not str:
        raise ValueError(f"expected a date, got {value!r}")
    return date.fromisoformat(value)


def _record(cls: type, data: Any) -> Any:
    if not isinstance(data, Mapping) or not all(type(k) is str for k in data):
        raise ValueError(f"expected a {cls.__name__} object")
    names = {f.name for f in attrs.fields(cls)}
    unknown = set(data) - names
    if unknown:
        raise ValueError(f"unknown {cls.__name__} fields: {', '.join(sorted(unknown))}")
    return cls(**data)


def breach_of(data: Any) -> Breach:
    """A breach read back from ``attrs.asdict``'s plain form."""
    return _record(Breach, data)


def change_of(data: Any) -> Change:
    """A change of state read back."""
    return _record(Change, data)


def _event(event: Event) -> dict[str, Any]:
    out = event._asdict()
    out.update(instant=shown(event.instant), day=shown_day(event.day), start=shown(event.start), fields=dict(event.fields),
               sides=list(event.sides) if event.sides is not None else None)
    return out


def _event_of(data: Any) -> Event:
    if not isinstance(data, Mapping) or set(data) != set(Event._fields):
        raise ValueError("a held event must have exactly the Event's fields")
    values = dict(data)
    moment = instant(values["instant"])
    if moment is None or type(values["type"]) is not str or not isinstance(values["fields"], Mapping):
        raise ValueError("a held event needs an instant, a type and its fields")
    values.update(instant=moment, day=day(values["day"]), start=instant(values["start"]), fields=dict(values["fields"]),
                  sides=tuple(values["sides"]) if values["sides"] is not None else None)
    return Event(**values)


def engine_state(engine: Engine) -> dict[str, Any]:
    """Everything ``engine`` holds besides its pack and the changes already recorded, as plain data."""
    timers, pending = engine.timers, engine.pending
    return {
        "now": shown(engine._now),
        "started": engine._started,
        "ended": engine._ended,
        "end": shown(engine._end_at),
        "in_force": [i for i, on in enumerate(engine._in_force) if on],
        "worst": engine._worst,
        "last_fragile": shown(engine._last_fragile),
        "out_of_area": engine.out_of_area,
        "unobserved": dict(sorted(engine._observed.items())),
        "declared": sorted(engine._declared),
        "instances": [[[m.key, m.state] for m in models] for models in engine._instances.models],
        "deadlines": [[*key, shown(due)] for key, due in sorted(timers.deadlines.items())],
        "lapsed": [[*key, shown(due)] for key, due in sorted(timers.lapsed.items())],
        "calms": [[*key, shown(start)] for key, start in sorted(timers.calms.items())],
        "quotas": [[*key, shown(end), timers.counted.get(key, 0)] for key, end in sorted(timers.quotas.items())],
        "ripe": sorted(list(key) for key in timers.ripe),
        "spent": sorted(list(key) for key in timers.spent),
        "held_events": [_event(e) for e in engine._held],
        "unsettled": [b._asdict() for b in pending.pending],
        "handed": pending._handed,
        "waiting": [[n, shown_day(d), shown(due)] for n, d, due in pending.held],
        "closed_before": shown_day(pending._closed_before),
        "extensions": [attrs.asdict(x) for x in engine.extensions],
    }


def load_engine(engine: Engine, data: Mapping[str, Any]) -> None:
    """Put ``data`` (from ``engine_state`` for the same pack) into ``engine``, a new one that has seen nothing."""
    provisions = engine._provisions
    engine._now, engine._end_at, engine._last_fragile = instant(data["now"]), instant(data["end"]), instant(data["last_fragile"])
    engine._started, engine._ended = _flag(data["started"]), _flag(data["ended"])
    forced = {_index(i, len(provisions)) for i in data["in_force"]}
    for i in forced:
        engine._in_force[i] = True  # the matcher shares this list
    engine._forces = [(at, i) for at, i in engine._forces if i not in forced]
    engine._matcher.forget()  # the rules in force changed: every plan, and every quiet verdict, worked out again
    engine._worst, engine.out_of_area = count(data["worst"]), count(data["out_of_area"])
    engine._observed = {_text(p): (None if s is None else _text(s)) for p, s in dict(data["unobserved"]).items()}
    engine._declared = {_text(who) for who in data["declared"]}
    instances = engine._instances
    if len(data["instances"]) != len(provisions):
        raise ValueError("the instances do not match the pack's provisions")
    for i, models in enumerate(data["instances"]):
        for slot, (key, state) in enumerate(models):
            if state not in provisions[i].states:
                raise ValueError(f"provision {provisions[i].id!r} has no state {state!r}")
            if slot < len(instances.models[i]):
                model = instances.models[i][slot]
                if model.key != key:
                    raise ValueError(f"provision {provisions[i].id!r}: instance {slot} is {model.key!r}, not {key!r}")
            else:
                model = instances.add(i, None if key is None else _text(key))
            model.state = state
    timers = engine.timers
    for *key, due in data["deadlines"]:
        timers.deadlines[_key(engine, key)] = required(instant(due))
    for *key, due in data["lapsed"]:  # fallen due, and may yet be extended
        timers.lapsed[_key(engine, key)] = required(instant(due))
    for *key, start in data["calms"]:
        timers.calms[_key(engine, key)] = required(instant(start))
    for *key, end, counted in data["quotas"]:
        timers.quotas[_key(engine, key)] = required(instant(end))
        timers.counted[_key(engine, key)] = count(counted)
    timers.ripe.update(_key(engine, key) for key in data["ripe"])
    timers.spent.update(_key(engine, key) for key in data["spent"])
    for key in sorted({*timers.deadlines, *timers.calms, *timers.quotas}):
        due = timers._due_of(key)
        if due is not None:
            timers._push(key, due)
    engine._held = sorted((_event_of(e) for e in data["held_events"]), key=lambda e: e.instant)
    pending = engine.pending
    pending.pending.extend(found_of(breach_of(b)) for b in data["unsettled"])
    pending._handed = count(data["handed"])
    pending.held.extend((count(n), required(day(d)), required(instant(due))) for n, d, due in data["waiting"])
    if any(not 0 <= n - pending._handed < len(pending.pending) for n, _, _ in pending.held):
        raise ValueError("a waiting finding is not among the unsettled ones")
    pending._closed_before = required(day(data["closed_before"]))
    engine.extensions[:] = [_record(Extension, x) for x in data["extensions"]]
    engine._edge_changed()


def _key(engine: Engine, key: list[Any]) -> tuple[int, int, int]:
    if len(key) != 3:
        raise ValueError(f"a timer is named by (provision, instance, timer), got {key!r}")
    i = _index(key[0], len(engine._provisions))
    slot = _index(key[1], len(engine._instances.models[i]))
    return i, slot, _index(key[2], len(engine._provisions[i].timers))


def _index(value: Any, size: int) -> int:
    if type(value) is not int or not 0 <= value < size:
        raise ValueError(f"{value!r} is not an index below {size}")
    return value


def count(value: Any) -> int:
    """A count read back from a snapshot: a whole number, 0 or more."""
    if type(value) is not int or value < 0:
        raise ValueError(f"expected a count, got {value!r}")
    return value


def _flag(value: Any) -> bool:
    if type(value) is not bool:
        raise ValueError(f"expected true or false, got {value!r}")
    return value


def _text(value: Any) -> str:
    if type(value) is not str:
        raise ValueError(f"expected a string, got {value!r}")
    return value


def required(value: Any) -> Any:
    """``value``, refused when it is null: a snapshot's field that must be there."""
    if value is None:
        raise ValueError("a required value is null")
    return value

