"""Dates in event time: parsing the log's ISO 8601 dates, durations, and showing instants in the pack's zone.

Instants are aware datetimes in UTC: arithmetic on them is absolute (72 hours are 72 hours
across a daylight-saving change), and comparing two of them, which the engine does several
times per event, is fifteen times cheaper than comparing datetimes with different offsets.
A bare date (``2016-09-17``) means "some time that day": it is placed at the last instant of
that day in the pack's time zone.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from .errors import kind_of
from .values import frozen

__all__ = ["instant_of", "moment_of", "DATE_GRAMMAR", "HOURS", "OFFSETS", "RESTS", "Moment", "OutOfRange", "learn_instant", "parse_moment", "parse_when", "parse_duration", "show", "day_bounds", "shown_instant", "UTC"]


class OutOfRange(ValueError):
    """A date the pack's zone cannot show, or whose day there is the calendar's first or last (the engine closes days)."""


_TICK = timedelta(microseconds=1)
_DURATION = r"(?:([0-9]+)w)?(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?"  # compiled by re's cache on need: a check reads no duration
ISO_HINT = "expected ISO 8601, e.g. 2016-09-17 or 2016-09-17T14:00:00+03:00"
_ISO_DURATION = r"P(?:([0-9]+)W)?(?:([0-9]+)D)?(?:T(?:([0-9]+)H)?(?:([0-9]+)M)?(?:([0-9]+)S)?)?"  # compiled by re's cache on need

DATE_GRAMMAR = (
    "[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}(:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)?)?(Z|[+-][0-9]{2}(:?[0-9]{2}(:[0-9]{2})?)?)?)?"
)
"""The one grammar of dates, for the log reader, packs, ``--as-of`` and the shipped ``schema events``:
a calendar date, then optionally ``T`` or a space, the hour, minutes, seconds and a fraction, and
an offset (``Z``, ``+03``, ``+0300``, ``+03:00``); ASCII digits only."""
_SHAPE = bytes.maketrans(b"0123456789", b"9999999999")  # a date's shape: every ASCII digit a 9
_SHAPES: dict[bytes, int] = {}  # shape -> -1 (not the grammar), 0 (the grammar), or where its +HH:MM offset starts
_OFFSETS: dict[str, timedelta] = {"Z": timedelta(0)}  # an offset as written (+03:00) -> its span, once a date has shown it valid
OFFSETS = _OFFSETS
"""The offsets a date may end with, as written (``Z``, and each ``+03:00`` once a date has shown it valid) -> their spans:
a date ``YYYY-MM-DDTHH:MM:SS`` then one of these is read as UTC and moved by it (the replay's quick path)."""
_HOURS: dict[str, datetime] = {}  # "YYYY-MM-DDTHH" (years 3 to 9997) -> that hour's first instant, read as UTC
_RESTS: dict[str, timedelta] = {}  # ":MM:SS" then an offset of _OFFSETS, as written -> the minutes and seconds less the offset
HOURS, RESTS = _HOURS, _RESTS
"""The common date ``YYYY-MM-DDTHH:MM:SS+03:00`` in two parts, each seen valid once: its instant is
``HOURS[date[:13]] + RESTS[date[13:]]``, two look-ups and one addition (``learn_instant`` fills them)."""
_KEPT = 4096  # entries of each, at most: then it starts again
_HOUR_SHAPE = str.maketrans("0123456789", "9999999999")  # ``YYYY-MM-DDTHH``: its shape is 9999-99-99T99 (ASCII digits only)
_MINUTES: dict[str, timedelta] = {}  # ":MM" -> so many minutes, and ":SS" -> so many seconds: made when a date is first learnt
_SECONDS: dict[str, timedelta] = {}
_DAYS: dict[str, datetime] = {}  # "YYYY-MM-DDT" of a learnt hour -> its day's first instant, read as UTC: the day's next hours
_CLOCK = {f"{n:02}": timedelta(hours=n) for n in range(24)}  # "HH" -> so many hours
TIME_GRAMMAR = r"[0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]{1,6})?)?"
"""A time of day alone: the end of an interval on its start's day."""
INTERVAL_GRAMMAR = rf"{DATE_GRAMMAR}(/({DATE_GRAMMAR}|{TIME_GRAMMAR}))?"
"""A log's ``date``: a point (``DATE_GRAMMAR``), or an interval ``START/END``; the schema's pattern, character for character."""


@frozen
class Moment:
    """A point in event time: the instant used for ordering, and the day when only a date was given."""

    instant: datetime
    day: date | None = None

    @property
    def bare(self) -> bool:
        """True when the source gave a date without a time of day."""
        return self.day is not None


def day_bounds(day: date, tz: tzinfo) -> tuple[datetime, datetime]:
    """Return the first instant of ``day`` and the first instant of the next day, in UTC."""
    first = datetime.combine(day, time(0), tz).astimezone(UTC)
    after = datetime.combine(day + timedelta(days=1), time(0), tz).astimezone(UTC)
    return first, after


def parse_moment(value: object, tz: tzinfo) -> Moment:
    """Parse an ISO 8601 date or datetime; a datetime without offset is read in ``tz``.

    Raises ValueError with a message fit for the user.
    """
    return Moment(*parse_when(value, tz))


def moment_of(shown: str, tz: tzinfo) -> Moment:
    """A date as reports show it (an instant, a bare date, or an interval ``start/end``) as the moment it counts at: an interval's end."""
    return parse_moment(shown.rpartition("/")[2] if "/" in shown else shown, tz)


def instant_of(shown: str, tz: tzinfo) -> datetime:
    """``moment_of(shown, tz).instant`` without the Moment: what orders a report's breaches and changes, once each."""
    return parse_when(shown.rpartition("/")[2] if "/" in shown else shown, tz)[0]


def parse_when(value: object, tz: tzinfo) -> tuple[datetime, date | None]:
    """Like ``parse_moment``, as a plain ``(instant, day)`` pair: the log reader's fast path."""
    if type(value) is str:
        base = _HOURS.get(value[:13])
        if base is not None:
            delta = _RESTS.get(value[13:])
            if delta is not None:  # the common date, its two parts seen valid before
                return base + delta, None
        # The grammar is checked once per shape of date, not per date: it has no literal digit, so
        # one shape has one verdict; and it is ASCII only, so any other character fails it.
        try:
            shape = value.encode().translate(_SHAPE)
        except UnicodeEncodeError:  # an unpaired surrogate
            shape = b""
        cut = _SHAPES.get(shape)
        if cut is None:
            cut = _shape(value, shape)
        if cut < 0:
            raise ValueError(f"invalid date {value!r}: {ISO_HINT}")
        if cut == 19 or value[19:] == "Z":  # the common date, seen for the first time: learnt for the next
            instant = learn_instant(value)
            if instant is not None:
                return instant, None
        if cut:
            offset = _OFFSETS.get(value[cut:])
            if offset is not None:  # read as UTC, then moved by its offset: astimezone's work, a third cheaper
                try:
                    parsed = datetime.fromisoformat(value[:cut] + "+00:00")
                except ValueError:
                    raise ValueError(f"invalid date {value!r}: {ISO_HINT}") from None
                try:
                    instant = parsed - offset
                    if instant.year in (1, 9999):
                        _on_calendar(instant, tz)
                    return instant, None
                except (OverflowError, ValueError):
                    raise OutOfRange(f"date {value!r} is out of range in the pack's time zone") from None
        if len(value) > 10:
            try:
                parsed = datetime.fromisoformat(value)
            except ValueError:
                raise ValueError(f"invalid date {value!r}: {ISO_HINT}") from None
            if cut and len(_OFFSETS) < 1000:
                _OFFSETS[value[cut:]] = parsed.utcoffset()  # type: ignore[assignment]
        else:
            try:
                day = date.fromisoformat(value)
            except ValueError:
                raise ValueError(f"invalid date {value!r}: {ISO_HINT}") from None
            return _bare(day, tz)
    elif isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        return _bare(value, tz)
    else:
        raise ValueError(f"date must be a string, got {kind_of(value)}")
    try:
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=tz)
        instant = parsed.astimezone(UTC)
        if instant.year in (1, 9999):
            _on_calendar(instant, tz)
        return instant, None
    except (OverflowError, ValueError):
        shown = value if isinstance(value, str) else parsed.isoformat()
        raise OutOfRange(f"date {shown!r} is out of range in the pack's time zone") from None


def learn_instant(value: str) -> datetime | None:
    """The instant of a date ``YYYY-MM-DDTHH:MM:SS`` (years 3 to 9997) ending with an offset of ``OFFSETS``, its two parts
    kept in ``HOURS`` and ``RESTS`` for the next dates; None for any other date (``parse_when`` reads it, and says why)."""
    hour, rest = value[:13], value[13:]
    base = _HOURS.get(hour)
    if base is None:
        day, clock = _DAYS.get(hour[:11]), _CLOCK.get(hour[11:])
        if day is not None and clock is not None:  # another hour of a day learnt: no grammar, no parsing (a long log's every hour)
            base = day + clock
        else:
            if not _is_hour(hour) or not "0002" < hour[:4] < "9998":  # (so its instants need no zone's check)
                return None
            try:
                base = datetime.fromisoformat(hour + ":00:00+00:00")
            except ValueError:  # no such day or hour
                return None
            if len(_DAYS) >= _KEPT:
                _DAYS.clear()
            _DAYS[hour[:11]] = base - _CLOCK[hour[11:]]
        if len(_HOURS) >= _KEPT:
            _HOURS.clear()
        _HOURS[hour] = base
    delta = _RESTS.get(rest)
    if delta is None:
        if not _MINUTES:
            _MINUTES.update((f":{n:02}", timedelta(minutes=n)) for n in range(60))
            _SECONDS.update((f":{n:02}", timedelta(seconds=n)) for n in range(60))
        offset, minutes, seconds = _OFFSETS.get(rest[6:]), _MINUTES.get(rest[:3]), _SECONDS.get(rest[3:6])
        if offset is None or minutes is None or seconds is None:
            return None
        delta = minutes + seconds - offset
        if len(_RESTS) >= _KEPT:
            _RESTS.clear()
        _RESTS[rest] = delta
    return base + delta


def _shape(value: str, shape: bytes) -> int:
    """The grammar's verdict on a shape of date (kept for the next 1,000 shapes): -1, 0, or where a ``+HH:MM`` offset starts."""
    cut = -1
    if _in_grammar(shape):
        cut = len(value) - 6 if len(value) > 16 and shape[-6:-5] in (b"+", b"-") and shape[-5:] == b"99:99" else 0
    if len(_SHAPES) < 1000:
        _SHAPES[shape] = cut
    return cut


def _is_hour(text: str) -> bool:
    """Whether ``text`` is ``YYYY-MM-DDTHH`` in ASCII digits (the pattern ``[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}``), without compiling it."""
    return text.translate(_HOUR_SHAPE) == "9999-99-99T99"


def _in_grammar(shape: bytes) -> bool:
    """Whether a date of this shape (``_SHAPE``'s) is in ``DATE_GRAMMAR``, read a part at a time as the pattern reads it (each
    part begins with a character the one before cannot end with: nothing to try again), without compiling it at start-up."""
    if shape[:10] != b"9999-99-99":
        return False
    at, end = 10, len(shape)
    if at < end and shape[at:at + 1] in (b"T", b" ") and shape[at + 1:at + 3] == b"99":  # the hour
        at += 3
        if shape[at:at + 3] == b":99":  # minutes
            at += 3
            if shape[at:at + 3] == b":99":  # seconds
                at += 3
                if shape[at:at + 1] in (b".", b",") and shape[at + 1:at + 2] == b"9":  # a fraction
                    at += 2
                    while shape[at:at + 1] == b"9":
                        at += 1
        if shape[at:at + 1] == b"Z":
            at += 1
        elif shape[at:at + 1] in (b"+", b"-") and shape[at + 1:at + 3] == b"99":  # an offset
            at += 3
            colon = shape[at:at + 1] == b":"
            if shape[at + colon:at + colon + 2] == b"99":
                at += colon + 2
                if shape[at:at + 3] == b":99":
                    at += 3
    return at == end


def _on_calendar(instant: datetime, tz: tzinfo) -> None:
    """Raise OverflowError unless ``instant`` can be shown in the pack's zone, and its day there begins and ends on the
    calendar: the engine closes days, so an event on the calendar's first or last local day is out of range, as a bare date is."""
    day_bounds(instant.astimezone(tz).date(), tz)


def _bare(day: date, tz: tzinfo) -> tuple[datetime, date]:
    try:
        return day_bounds(day, tz)[1] - _TICK, day
    except (OverflowError, ValueError):
        raise OutOfRange(f"date {day.isoformat()!r} is out of range") from None


def parse_duration(value: object) -> timedelta:
    """Parse ``72h``, ``7d``, ``1d12h``, ``30m`` or an ISO 8601 duration such as ``P3D``/``PT72H``."""
    if not isinstance(value, str) or not value:
        raise ValueError(f"a duration must be a string such as '72h' or 'P3D', got {value!r}")
    match = re.fullmatch(_DURATION, value) or re.fullmatch(_ISO_DURATION, value)
    if match is None or not any(match.groups()) or value == "P":
        raise ValueError(f"invalid duration {value!r}: use e.g. '72h', '7d', '1d12h' or 'P3D'")
    weeks, days, hours, minutes, seconds = (int(g or 0) for g in match.groups())
    try:
        span = timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=seconds)
    except OverflowError:
        raise ValueError(f"duration {value!r} is too long") from None
    if not span:
        raise ValueError(f"duration {value!r} is zero")
    return span


def show(moment: Moment | datetime, tz: tzinfo) -> str:
    """Render a moment for reports: a bare date as given, an instant in the pack's zone with its offset."""
    if isinstance(moment, Moment):
        if moment.day is not None:
            return moment.day.isoformat()
        moment = moment.instant
    return moment.astimezone(tz).isoformat()


def shown_instant(shown: str, zone: tzinfo) -> datetime:
    """``instant_of``, quicker for a date as a report shows an instant to the second (``2016-09-17T17:00:00+03:00``):
    what the replay wrote is read back once per breach and change to order and date them."""
    if len(shown) == 25 and shown[10] == "T" and shown[19] in "+-" and shown[4] == shown[7] == "-":
        try:
            return datetime.fromisoformat(shown).astimezone(UTC)
        except ValueError:  # not what it looked like: read by the one grammar, which says why
            pass
    return instant_of(shown, zone)
