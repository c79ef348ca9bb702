"""An instant shown as reports show it (``dates.show``: in the pack's zone, with its offset), quicker for many.

``instant.astimezone(zone).isoformat()`` costs about a microsecond, most of it ``isoformat``
formatting the offset; a run that finds a million breaches shows a million dates, most of
them in a few hours. So each UTC hour is looked at once: when the zone's offset is the same
at its first and last second and a whole number of hours, every instant of it to the second
is shown as that hour's local text (``2016-09-12T20:``), its minutes and seconds (the UTC
ones: the offset is whole hours) and the offset's text (``+03:00``), which is what
``isoformat`` writes. Anything else (a fraction of a second, an offset of minutes, an hour
in which the offset changes, the ends of the calendar) is shown by ``dates.show``. The
hours kept are few (at most ``MOST``): memory does not grow with the log. A log's date written
in an offset of whole hours has those minutes and seconds too, so the replay shows an hour's
dates from their text (``written``): as written, or in the zone's hour and offset (a log in
UTC, or one whose offset the zone has left, as Damascus left +03:00 in October 2016).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from .dates import OFFSETS, show

__all__ = ["MOST", "ShownDates"]

MOST = 64
"""The UTC hours kept at once (some 200 bytes each); past that they are forgotten and looked at again. A log comes in date
order: the hours it is in are the last few; keeping every hour of a long log would grow with it."""
_TWO = tuple(f"{n:02d}" for n in range(60))
_LAST = timedelta(seconds=3599)
_WHOLE = frozenset(timedelta(hours=n) for n in range(-24, 25))  # the offsets of whole hours (a zone's is under a day)
_UNSEEN: Any = object()  # an hour not looked at yet (its entry is a pair, or None)


class ShownDates:
    """``show(instant, zone)`` for instants (aware datetimes), kept per UTC hour."""

    __slots__ = ("_hours", "zone")

    def __init__(self, zone: tzinfo) -> None:
        self.zone = zone
        self._hours: dict[int, tuple[str, str] | None] = {}  # UTC hour (since the epoch) -> (local text to the hour, offset); None: shown by show

    def __call__(self, instant: datetime) -> str:
        """The instant as ``show`` writes it."""
        if instant.tzinfo is None or instant.microsecond:
            return show(instant, self.zone)
        seconds = int(instant.timestamp())
        hour = seconds // 3600
        got = self._hours.get(hour, _UNSEEN)
        if got is _UNSEEN:
            got = self._look(hour)
        if got is None:
            return show(instant, self.zone)
        return f"{got[0]}{_TWO[seconds // 60 % 60]}:{_TWO[seconds % 60]}{got[1]}"

    def written(self, hour: str, instant: datetime, offset: str) -> tuple[str, str | None, str] | None:
        """How every date ``hour:MM:SS`` written with ``offset`` (``hour`` as ``YYYY-MM-DDTHH``) is shown, when ``instant`` is
        one of them: ``(offset, None, offset)`` as written; ``(offset, head, tail)`` as ``head`` + ``MM:SS`` + ``tail``, for an
        offset of whole hours (the minutes and seconds are the UTC ones); None when neither holds (each goes through ``show``)."""
        if instant.tzinfo is None or instant.microsecond:
            return None
        utc = int(instant.timestamp()) // 3600
        got = self._hours.get(utc, _UNSEEN)
        if got is _UNSEEN:
            got = self._look(utc)
        if got is None:
            return None
        if got[0] == hour + ":" and got[1] == offset:
            return offset, None, offset
        span = OFFSETS.get(offset)
        return (offset, got[0], got[1]) if span is not None and span in _WHOLE else None

    def _look(self, hour: int) -> tuple[str, str] | None:
        """What a UTC hour (since the epoch) is shown as (None: its instants go through ``show``)."""
        if len(self._hours) >= MOST:
            self._hours.clear()
        got: tuple[str, str] | None = None
        try:
            first = datetime.fromtimestamp(hour * 3600, UTC)
            local, last = first.astimezone(self.zone), (first + _LAST).astimezone(self.zone)
            offset = local.utcoffset()
            if offset is not None and offset == last.utcoffset() and offset in _WHOLE:
                text = local.isoformat()  # ``YYYY-MM-DDTHH:00:00+HH:MM``: the hour's text, and the offset's
                if text[13:19] == ":00:00":
                    got = (text[:14], text[19:])
        except (OverflowError, ValueError):  # at the ends of the calendar
            got = None
        self._hours[hour] = got
        return got
