"""A provision's timers from TOML: deadlines (from the start, the signing, a state, another timer, or a fixed date), calm periods and quotas."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from .agreement import SEVERITIES, BreachSpec, Timer
from .dates import day_bounds, parse_duration, parse_moment
from .packrules import is_id, party
from .tomlfile import Table
from .tomlfile import check as _check

__all__ = ["TIMER_KINDS", "instant", "timer"]

TIMER_KINDS = ("deadline", "calm", "quota")
_ANCHORS = "a state, 'start', 'signed', 'provision.state' or 'due:TIMER'"


def instant(table: Table, name: str, zone: ZoneInfo, required: bool = False, end_of_day: bool = False) -> datetime | None:
    """A date or date-time of a pack, in its zone; a bare date is the start of that day.

    With ``end_of_day`` (a deadline's ``due``), a bare date means "by the end of that day": the
    first instant of the next day, so that every event of that day, bare-dated ones too, comes first.
    """
    value = table.get(name, (str, datetime, date), required)
    if value is None:
        return None
    try:
        moment = parse_moment(value, zone)
    except ValueError as exc:
        return table.fail(name, str(exc))
    if moment.day is not None:
        return day_bounds(moment.day, zone)[1 if end_of_day else 0]
    return moment.instant


def timer(table: Table, triggers: set[str], states: dict[str, None], parties: dict[str, str], zone: ZoneInfo) -> Timer:
    """Validate one ``[[provisions.X.timers]]`` table."""
    timer_id = table.text("id", required=True)
    if not is_id(timer_id):
        table.fail("id", "invalid timer id: use letters, digits, '-', '_' or '.'")
    kind = _check(table, "kind", table.text("kind", required=True), TIMER_KINDS, "timer kind")
    fields: dict[str, Any] = {}
    span = "every" if kind == "quota" else "after"
    due = instant(table, "due", zone, end_of_day=True) if kind == "deadline" else None
    if due is not None:
        fields["due"] = due
        if "after" in table.data:
            table.fail("due", "give a deadline 'after' a span or a fixed 'due' date, not both")
    try:
        after = timedelta(0) if due is not None else parse_duration(table.get(span, str, required=True))
    except ValueError as exc:
        after = table.fail(span, str(exc))
    trigger = table.text("trigger")
    if trigger is not None:
        _check(table, "trigger", trigger, triggers, "trigger")
    breach = None
    if "breach" in table.data:
        b = table.table("breach")
        breach = BreachSpec(
            severity=_check(b, "severity", b.text("severity", required=True), SEVERITIES, "severity"),
            message=b.text("message", required=True),
            party=party(b, "party", parties, allow_actor=False),
        )
        b.done()
    if kind == "deadline":
        start = table.text("start", default="start")
        if "." not in start and ":" not in start and start not in ("start", "signed"):
            _check(table, "start", start, states, f"state (or {_ANCHORS})")
        if start.startswith("due:") and len(start) == 4:
            table.fail("start", "name the timer: 'due:TIMER-ID'")
        fields["start"] = start
        fields["met_by"] = frozenset(_check(table, "met_by", s, states, "state") for s in table.names("met_by", required=True))
    elif kind == "calm":
        fields["states"] = frozenset(_check(table, "states", s, states, "state") for s in table.names("states", required=True))
        fields["watch"] = table.names("watch")
        fields["min_severity"] = _check(table, "min_severity", table.text("min_severity", default="minor"), SEVERITIES, "severity")
        req = table.table("requires")
        fields["requires"] = {name: frozenset(req.names(name, required=True)) for name in req.data}
    else:
        at_least = table.get("at_least", int, required=True)
        if at_least < 1:
            table.fail("at_least", "a quota needs at least 1")
        fields["at_least"] = at_least
        fields["sum"] = table.text("sum")
        fields["empty"] = _check(table, "empty", table.text("empty", default="short"), ("short", "unobserved"), "rule for an empty window")
        fields["states"] = frozenset(_check(table, "states", s, states, "state") for s in table.names("states"))
        if breach is None:
            table.fail("breach", "a quota records a breach for a window that falls short: give one")
    if trigger is None and breach is None:
        table.fail(None, "a timer needs a trigger, a breach, or both")
    table.done()
    return Timer(id=timer_id, kind=kind, after=after, trigger=trigger, breach=breach, **fields)
