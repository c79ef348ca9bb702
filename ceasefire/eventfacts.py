"""The optional facts of an event line: rough times, numbers, claims, the place, the sides of a clash.

A line that carries none of these keys never comes here: the reader's fast path stays as it
was. Every problem is a LogError naming the line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from .dates import INTERVAL_GRAMMAR, ISO_HINT, TIME_GRAMMAR, UTC, day_bounds, parse_when
from .errors import LogError, kind_of

__all__ = ["FACT_FIELDS", "PRECISIONS", "VERIFICATION", "VERIFICATION_RANK", "Facts", "facts", "interval"]

VERIFICATION = ("unverifiable", "disputed", "claimed", "reported", "verified")
"""How far an event is established, weakest first; absent means ``reported`` (``claimed`` with ``claimed_by``)."""
VERIFICATION_RANK = {name: rank for rank, name in enumerate(VERIFICATION)}
PRECISIONS = ("day", "week", "month", "year")
FACT_FIELDS = frozenset({
    "date_end", "time_precision", "killed", "injured", "count", "claimed_by", "verification", "country", "admin1",
    "admin2", "latitude", "longitude", "sides", "party", "until", "url",
})
"""The event fields this module reads (``location`` and the rest are the reader's own)."""

_HUGE = 10**4300


class Facts:
    """What a line adds to its event: counts, the claim and its standing, the sides, the interval."""

    __slots__ = ("claimed_by", "count", "injured", "killed", "party", "sides", "start", "verification")

    def __init__(self) -> None:
        self.killed: int | None = None
        self.injured: int | None = None
        self.count = 1
        self.claimed_by: str | None = None
        self.verification = "reported"
        self.sides: tuple[str, str] | None = None
        self.party: str | None = None
        self.start: datetime | None = None


def facts(value: Mapping[str, Any], line: int | None) -> Facts:
    """Read and check the optional facts of one line (the interval is ``interval``'s business)."""
    out = Facts()
    get = value.get
    for name in ("killed", "injured", "count"):
        number = get(name)
        if number is None:
            continue
        least = 1 if name == "count" else 0
        if type(number) is not int or not least <= number < _HUGE:
            raise LogError(f"{name} must be a whole number {least} or more, got {_shown(number)}", line)
        setattr(out, name, number)
    for name in ("claimed_by", "party", "country", "admin1", "admin2", "url", "until"):
        text = get(name)
        if text is not None and (type(text) is not str or not text):
            raise LogError(f"{name} must be a non-empty string, got {_shown(text)}", line)
    out.claimed_by, out.party = get("claimed_by"), get("party")
    verification = get("verification")
    if verification is None:
        out.verification = "claimed" if out.claimed_by is not None else "reported"
    elif type(verification) is not str or verification not in VERIFICATION_RANK:  # an object or list is unhashable
        raise LogError(f"verification must be one of {', '.join(reversed(VERIFICATION))}, got {_shown(verification)}", line)
    else:
        out.verification = verification
    for name, low, high in (("latitude", -90, 90), ("longitude", -180, 180)):
        number = get(name)
        if number is not None and (type(number) not in (int, float) or not low <= number <= high):
            raise LogError(f"{name} must be a number from {low} to {high}, got {_shown(number)}", line)
    if (get("latitude") is None) != (get("longitude") is None):
        raise LogError("latitude and longitude go together: give both or neither", line)
    sides = get("sides")
    if sides is not None:
        if type(sides) is not list or len(sides) != 2 or not all(type(s) is str and s for s in sides):
            raise LogError(f"sides must be a list of two ids, got {_shown(sides)}", line)
        if get("actor") is not None or get("target") is not None:
            raise LogError("a clash names its two sides and blames neither: give 'sides' or 'actor'/'target', not both", line)
        out.sides = (sides[0], sides[1])
    return out


def interval(value: Mapping[str, Any], zone: tzinfo, line: int | None) -> tuple[datetime, datetime] | None:
    """The line's time as ``(start, end)`` when it gives an interval; None for a point or a bare date alone.

    An ISO 8601 interval in ``date`` (``2016-09-14T18:00/18:45``, ``2016-09-14/2016-09-16``),
    ``date`` with ``date_end``, or ``date`` with ``time_precision`` (the week, month or year
    around it). A bare date as an end means the end of that day.
    """
    when: Any  # a str wherever it is read as one (``slash``, or parse_when's own check)
    when, until, precision = value.get("date"), value.get("date_end"), value.get("time_precision")
    slash = type(when) is str and "/" in when
    if not slash and until is None and precision in (None, "day"):
        if precision is not None and precision != "day":
            raise LogError(f"time_precision must be one of {', '.join(PRECISIONS)}, got {_shown(precision)}", line)
        return None
    if sum((slash, until is not None, precision not in (None, "day"))) > 1:
        raise LogError("give a time interval one way only: 'date' as an interval, 'date_end', or 'time_precision'", line)
    try:
        if slash:
            first, _, last = when.partition("/")
            try:
                if re.fullmatch(INTERVAL_GRAMMAR, when) is None:  # compiled on first need, by re's cache
                    raise ValueError(when)
                start, start_day = parse_when(first, zone)
                end = _same_day(first, start, start_day, last, zone) if re.fullmatch(TIME_GRAMMAR, last) else _end_of(last, zone)[0]
            except ValueError:
                raise ValueError(f"invalid date {when!r}: {ISO_HINT}, or an interval such as 2016-09-14T18:00/18:45") from None
        elif until is not None:
            start, start_day = parse_when(when, zone)
            end, _ = _end_of(until, zone)
        else:
            start, start_day = parse_when(when, zone)
            start, end = _period(start, start_day, precision, zone, line)
    except ValueError as exc:
        raise LogError(str(exc), line) from None
    if start_day is not None and not slash and until is None:
        pass  # a precision's period starts at its own first day
    elif start_day is not None:
        start = day_bounds(start_day, zone)[0]
    if end < start:
        raise LogError(f"the interval ends before it starts ({_shown(when)} to {_shown(until or when)})", line)
    return start, end


def _end_of(text: object, zone: tzinfo) -> tuple[datetime, date | None]:
    """An interval's end: an instant, or the last instant of a bare date."""
    return parse_when(text, zone)  # a bare date is placed at the last instant of its day already


def _same_day(first: str, start: datetime, start_day: date | None, last: str, zone: tzinfo) -> datetime:
    """``18:45`` after ``2016-09-14T18:00``: that time on the same day, in the first date's offset or the pack's zone."""
    if start_day is not None:
        raise ValueError(f"invalid interval {first}/{last}: a time alone ends an interval that starts at a time")
    local = datetime.fromisoformat(first)
    clock = time.fromisoformat(last)
    end = datetime.combine(local.date(), clock, local.tzinfo or zone)
    return end.astimezone(UTC)


def _period(start: datetime, day: date | None, precision: object, zone: tzinfo, line: int | None) -> tuple[datetime, datetime]:
    if precision not in PRECISIONS:
        raise LogError(f"time_precision must be one of {', '.join(PRECISIONS)}, got {_shown(precision)}", line)
    base = day if day is not None else start.astimezone(zone).date()
    if precision == "week":
        first = base - timedelta(days=base.weekday())
        last = first + timedelta(days=6)
    elif precision == "month":
        first = base.replace(day=1)
        last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    else:
        first, last = base.replace(month=1, day=1), base.replace(month=12, day=31)
    return day_bounds(first, zone)[0], day_bounds(last, zone)[1] - timedelta(microseconds=1)


def _shown(value: object) -> str:
    text = repr(value) if isinstance(value, str) else kind_of(value) if isinstance(value, (dict, list)) else str(value)
    if isinstance(value, list) and len(value) <= 3:
        text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
