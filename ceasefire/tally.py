"""Tallies, the way monitoring missions publish them: per party, breaches by severity, incidents, the toll.

A ``Tally`` is fed breach by breach (so a streamed run can keep one: its size grows with the
parties and the days, never with the breaches) and gives a row per party over the whole log,
and a row per party and day (or week: the Monday that starts it). A breach without a party
is counted under None ("unattributed"). Alleged breaches (a newer engine marks them) are
counted apart, in ``alleged``, and in nothing else. ``killed`` and ``injured`` are None
(unknown) until a breach carries them; ``casualties`` is the log's own figure.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from .agreement import SEVERITIES
from .formats import PERIODS  # what a tally's rows are counted per (``--per``)
from .found import Found
from .keptrow import Counted, Row as Kept
from .values import frozen

if TYPE_CHECKING:
    from .found import Tallied

__all__ = ["PERIODS", "Count", "Row", "Tally", "counted_facts", "party_order", "period_of"]


@frozen
class Row:
    """One party's count over one period (``period`` None: over the whole log)."""

    party: str | None
    period: str | None = None
    critical: int = 0
    major: int = 0
    minor: int = 0
    incidents: int = 0
    casualties: int = 0
    killed: int | None = None
    injured: int | None = None
    alleged: int = 0

    @property
    def breaches(self) -> int:
        """Breaches counted (alleged ones apart)."""
        return self.critical + self.major + self.minor

    def to_dict(self, per: str = "day") -> dict[str, Any]:
        """The row as the JSON report shows it (``per`` names the period's key)."""
        out: dict[str, Any] = {"party": self.party} if self.period is None else {per: self.period, "party": self.party}
        out.update({s: getattr(self, s) for s in reversed(SEVERITIES)})
        out.update(breaches=self.breaches, incidents=self.incidents, casualties=self.casualties, killed=self.killed,
                   injured=self.injured, alleged=self.alleged)
        return out


class Count:
    __slots__ = ("alleged", "casualties", "counts", "incidents", "injured", "killed", "last")

    def __init__(self) -> None:
        self.counts = dict.fromkeys(SEVERITIES, 0)
        self.incidents = self.casualties = self.alleged = 0
        self.killed: int | None = None
        self.injured: int | None = None
        self.last: object = None  # the incident counted last: one event breaking two rules is one incident

    def add(self, breach: Tallied) -> None:
        self.take(counted_facts(breach))

    def take(self, facts: tuple[Any, ...] | None) -> None:
        """Count a breach's ``counted_facts`` (None: an alleged breach)."""
        if facts is None:
            self.alleged += 1
            return
        severity, incident, incidents, casualties, killed, injured = facts
        self.counts[severity] += 1
        if incident is None or incident != self.last:
            self.incidents += incidents
        self.last = incident
        self.casualties += casualties
        if killed is not None:
            self.killed = (self.killed or 0) + killed
        if injured is not None:
            self.injured = (self.injured or 0) + injured

    def take_plain(self, severity: str, line: int, incidents: int, casualties: int) -> None:
        """``take`` of a plain breach: an established one of an event on a ``line``, counting ``incidents`` (above 0) and
        ``casualties``, none killed or injured (known), read by the caller without ``counted_facts``' tuple."""
        self.counts[severity] += 1
        if line != self.last:
            self.incidents += incidents
        self.last = line
        self.casualties += casualties

    def take_run(self, counts: dict[str, int], incidents: int, casualties: int, last: int) -> None:
        """``take_plain`` of a run of plain breaches the caller counted after one this count took: their ``counts`` by
        severity, the ``incidents`` (lines) past that one's, their ``casualties``, the ``last`` line."""
        for severity, n in counts.items():
            self.counts[severity] += n
        self.incidents += incidents
        self.casualties += casualties
        self.last = last

    def row(self, party: str | None, period: str | None) -> Row:
        c = self.counts
        return Row(party, period, c["critical"], c["major"], c["minor"], self.incidents, self.casualties, self.killed,
                   self.injured, self.alleged)

    def packed(self, index: int, odd: dict[int, object]) -> bytes:
        """The count as one fixed-size record (``_RECORD``), its party by ``index``: a past period's, seldom reopened.

        None (killed, injured unknown; no last incident) is written -1; a last incident that is not
        an event's line (an event without one) is written -2 and kept in ``odd``, by ``index``.
        """
        c, last = self.counts, self.last
        if type(last) is not int:
            if last is not None:
                odd[index] = last
            last = -1 if last is None else -2
        return _RECORD.pack(index, c["critical"], c["major"], c["minor"], self.incidents, self.casualties,
                            -1 if self.killed is None else self.killed, -1 if self.injured is None else self.injured,
                            self.alleged, last)

    @classmethod
    def unpacked(cls, fields: tuple[int, ...], odd: dict[int, object]) -> Count:
        """A packed count made countable again (a breach of a past period, told late)."""
        count = cls()
        index, count.counts["critical"], count.counts["major"], count.counts["minor"], count.incidents, count.casualties = fields[:6]
        killed, injured, count.alleged, last = fields[6:]
        count.killed, count.injured = (None if killed < 0 else killed), (None if injured < 0 else injured)
        count.last = None if last == -1 else odd.get(index) if last == -2 else last
        return count


_RECORD = struct.Struct("<10q")
"""A past period's count of one party: the party's index, critical, major, minor, incidents, casualties, killed, injured, alleged, last incident."""


def counted_facts(breach: Tallied) -> tuple[Any, ...] | None:
    """What a count adds of a breach, read once for the rows of its party and of its period (None: alleged, counted apart)."""
    if type(breach) is Found or type(breach) is Kept or type(breach) is Counted:  # recorded, or kept and read back: the facts are there
        if breach.alleged:
            return None
        count, killed, injured = breach.count, breach.killed, breach.injured  # type: int | None, int | None, int | None
    elif getattr(breach, "alleged", False):
        return None
    else:
        count, killed, injured = getattr(breach, "count", None), getattr(breach, "killed", None), getattr(breach, "injured", None)
    # an event's incident is named by its line (a past period's count then keeps a number, not the event's
    # strings); without a line, by its id and date
    line = breach.line
    incident = (line if line is not None else ("event", None, breach.event_id, breach.date)) if breach.kind == "event" else None
    return (breach.severity, incident,
            count if isinstance(count, int) and count > 0 else 1, breach.casualties or 0,
            killed if isinstance(killed, int) else None, injured if isinstance(injured, int) else None)


def period_of(shown: str, per: str) -> str:
    """The day of a report's date (``2016-09-17``), or the Monday that starts its week."""
    day = shown[:10]
    if per == "week":
        start = date.fromisoformat(day)
        return (start - timedelta(days=start.weekday())).isoformat()
    return day


class Tally:
    """Breaches counted per party, and per party and period, as they are told.

    Breaches are told in date order, so a period is done when a later one begins: its parties'
    counts are then packed into one bytes record (80 bytes a party), and a tally's memory grows
    with the days a log covers by about 100 bytes a day and party. A breach of a past period,
    told late, unpacks it again.
    """

    def __init__(self, per: str = "day", breaches: Iterable[Tallied] = ()) -> None:
        if per not in PERIODS:
            raise ValueError(f"per must be one of {', '.join(PERIODS)}, got {per!r}")
        self.per = per
        self._parties: dict[str | None, Count] = {}
        self._index: dict[str | None, int] = {}  # each party's number in a packed period, in the order they came
        self._periods: dict[str, dict[str | None, Count] | bytes] = {}
        self._odd: dict[str, dict[int, object]] = {}  # a packed period's last incidents that are not lines
        self._period = ""  # the latest period counted, not packed
        self._last: tuple[Any, ...] = (None, None, None, None)  # the last breach's period and party, and their two counts
        for breach in breaches:
            self.add(breach)

    def add(self, breach: Tallied) -> None:
        """Count one breach."""
        if type(breach) is Found and self.per == "day":
            (_, _, kind, severity, date, party, line, _, _, _, _, _, _, casualties, _, _, killed, injured, times, _, _, _,
             alleged) = breach[:23]  # a plain tuple's unpacking: a third of the cost of the Found's own (a subclass)
            last = self._last
            if (last[1] == party and last[0] == date[:10] and type(party) is type(last[1]) and kind == "event" and line is not None
                    and alleged is False and type(times) is int and times > 0 and type(casualties) is int and killed is None
                    and injured is None):  # as the last breach, and plain: its two counts, without counted_facts' tuple
                last[2].take_plain(severity, line, times, casualties)
                last[3].take_plain(severity, line, times, casualties)
                return
        party, facts = breach.party, counted_facts(breach)
        period = breach.date[:10] if self.per == "day" else period_of(breach.date, self.per)  # period_of, inline for a day
        last = self._last
        if last[0] == period and last[1] == party and type(party) is type(last[1]):  # as the last breach: its two counts
            last[2].take(facts)
            last[3].take(facts)
            return
        count = self._parties.get(party)
        if count is None:  # a count made only when its party (or period) first comes
            count = self._parties[party] = Count()
            self._index[party] = len(self._index)
        whole = count
        count.take(facts)
        if period > self._period:
            self._pack(self._period)
            self._period = period
        rows = self._periods.get(period)
        if rows is None:
            rows = self._periods[period] = {}
        elif type(rows) is bytes:  # a breach of a past period, told late
            rows = self._periods[period] = self._unpack(period, rows)
            self._odd.pop(period, None)
        count = rows.get(party)  # type: ignore[union-attr]
        if count is None:
            count = rows[party] = Count()  # type: ignore[index]
        count.take(facts)
        self._last = (period, party, whole, count) if period == self._period else (None, None, None, None)  # the period's counts, not packed

    def plain(self, severity: str, date: str, party: str | None, line: int, count: int, casualties: int) -> bool:
        """``add`` of a plain breach (an established event's on a ``line``: a ``count`` above 0 and a whole toll, none killed
        or injured (known)), read by the caller, when it is of the last breach's day and party: its two counts in place.
        False (nothing counted) for any other: the caller then calls ``add``."""
        last = self._last
        if last[1] != party or last[0] != date[:10] or type(party) is not type(last[1]) or self.per != "day":
            return False
        whole, day = last[2], last[3]
        whole.counts[severity] += 1
        day.counts[severity] += 1
        if line != whole.last:
            whole.incidents += count
        if line != day.last:
            day.incidents += count
        whole.last = day.last = line
        whole.casualties += casualties
        day.casualties += casualties
        return True

    def counts_of(self, date: str, party: str | None) -> tuple[Count, Count] | None:
        """The party's two counts (its whole, its day's) when the last breach counted was of ``date``'s day and of ``party``
        (counted per day): a caller that counts the plain breaches of that day and party itself hands them over with
        ``Count.take_run`` before the tally is next told or read. Else None."""
        last = self._last
        if self.per == "day" and last[1] == party and type(party) is type(last[1]) and last[0] == date[:10]:
            return last[2], last[3]
        return None

    def _pack(self, period: str) -> None:
        rows = self._periods.get(period)
        if type(rows) is dict:
            odd: dict[int, object] = {}
            self._periods[period] = b"".join(count.packed(self._index[party], odd) for party, count in rows.items())
            if odd:
                self._odd[period] = odd

    def _unpack(self, period: str, data: bytes) -> dict[str | None, Count]:
        parties, odd = list(self._index), self._odd.get(period, {})
        return {parties[fields[0]]: Count.unpacked(fields, odd) for fields in _RECORD.iter_unpack(data)}

    def __bool__(self) -> bool:
        return bool(self._parties)

    def parties(self) -> list[Row]:
        """A row per party over the whole log, by party name (unattributed last)."""
        return [self._parties[p].row(p, None) for p in sorted(self._parties, key=party_order)]

    def periods(self) -> list[Row]:
        """A row per period and party that has a breach, by period, then party."""
        return list(self.each_period())

    def each_period(self) -> Iterator[Row]:
        """The rows of ``periods``, made one at a time as they are read."""
        for period in sorted(self._periods):
            rows = self._periods[period]
            if isinstance(rows, bytes):
                rows = self._unpack(period, rows)
            for party in sorted(rows, key=party_order):
                yield rows[party].row(party, period)

    def to_dict(self) -> dict[str, Any]:
        """The tally as the JSON report shows it."""
        return {"per": self.per, "parties": [r.to_dict() for r in self.parties()],
                "periods": [r.to_dict(self.per) for r in self.periods()]}


def party_order(party: str | None) -> tuple[bool, str]:
    return (party is None, party or "")
