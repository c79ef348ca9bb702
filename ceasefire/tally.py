"""Tallies, the way monitoring missions publish them: per party, breaches by severity, incidents, the toll.

A ``Tally`` is fed breach by breach (so a streamed run can keep one: its size grows with the
parties and the days, never with the breaches) and gives a row per party over the whole log,
and a row per party and day (or week: the Monday that starts it). A breach without a party
is counted under None ("unattributed"). Alleged breaches (a newer engine marks them) are
counted apart, in ``alleged``, and in nothing else. ``killed`` and ``injured`` are None
(unknown) until a breach carries them; ``casualties`` is the log's own figure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, timedelta
from typing import Any

from .agreement import SEVERITIES
from .formats import PERIODS  # what a tally's rows are counted per (``--per``)
from .report import Breach
from .values import frozen

__all__ = ["PERIODS", "Periods", "Row", "Tally", "Told", "tally_dict"]


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


class _Count:
    __slots__ = ("alleged", "casualties", "counts", "incidents", "injured", "killed", "last")

    def __init__(self) -> None:
        self.counts = dict.fromkeys(SEVERITIES, 0)
        self.incidents = self.casualties = self.alleged = 0
        self.killed: int | None = None
        self.injured: int | None = None
        self.last: object = None  # the incident counted last: one event breaking two rules is one incident

    def add(self, breach: Breach) -> None:
        self.take(_facts(breach))

    def take(self, facts: tuple[Any, ...] | None) -> None:
        """Count a breach's ``_facts`` (None: an alleged breach)."""
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

    def row(self, party: str | None, period: str | None) -> Row:
        c = self.counts
        return Row(party, period, c["critical"], c["major"], c["minor"], self.incidents, self.casualties, self.killed,
                   self.injured, self.alleged)

    def closed(self) -> _Closed:
        """The count as a plain tuple, a third of the memory: a past period's, which later breaches seldom reopen."""
        c = self.counts
        return (c["critical"], c["major"], c["minor"], self.incidents, self.casualties, self.killed, self.injured,
                self.alleged, self.last)

    @classmethod
    def reopened(cls, closed: _Closed) -> _Count:
        """A closed count made countable again (a breach of a past period, told late)."""
        count = cls()
        count.counts["critical"], count.counts["major"], count.counts["minor"] = closed[0], closed[1], closed[2]
        (count.incidents, count.casualties, count.killed, count.injured, count.alleged, count.last) = closed[3:]
        return count


_Closed = tuple[int, int, int, int, int, "int | None", "int | None", int, object]
"""A past period's count (``_Count.closed``): severities, incidents, casualties, killed, injured, alleged, last incident."""


def _facts(breach: Breach) -> tuple[Any, ...] | None:
    """What a count adds of a breach, read once for the rows of its party and of its period (None: alleged, counted apart)."""
    if getattr(breach, "alleged", False):
        return None
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

    Breaches are told in date order, so a period is done when a later one begins: its counts are
    then kept as plain tuples (``_Count.closed``), and a tally's memory grows with the days a log
    covers at about a third of the cost. A breach of a past period, told late, reopens its count.
    """

    def __init__(self, per: str = "day", breaches: Iterable[Breach] = ()) -> None:
        if per not in PERIODS:
            raise ValueError(f"per must be one of {', '.join(PERIODS)}, got {per!r}")
        self.per = per
        self._parties: dict[str | None, _Count] = {}
        self._names: dict[str | None, str | None] = {}
        self._periods: dict[tuple[str, str | None], _Count | _Closed] = {}
        self._period = ""  # the latest period counted, its counts still open (in _open)
        self._open: list[tuple[str, str | None]] = []
        for breach in breaches:
            self.add(breach)

    def add(self, breach: Breach) -> None:
        """Count one breach."""
        party, facts = breach.party, _facts(breach)
        count = self._parties.get(party)
        if count is None:  # a count made only when its party (or period) first comes
            count = self._parties[party] = _Count()
            self._names[party] = party
        else:
            party = self._names[party]  # the name first seen: each period's key holds it, not each line's own copy
        count.take(facts)
        period = period_of(breach.date, self.per)
        if period > self._period:
            self._close()
            self._period = period
        latest = period == self._period
        key = (self._period if latest else period, party)  # the latest period's keys share one string
        entry = self._periods.get(key)
        if entry is None:
            count = self._periods[key] = _Count()
            if latest:
                self._open.append(key)
        elif type(entry) is tuple:
            count = self._periods[key] = _Count.reopened(entry)
        else:
            count = entry  # type: ignore[assignment]
        count.take(facts)

    def _close(self) -> None:
        periods = self._periods
        for key in self._open:
            entry = periods[key]
            if type(entry) is _Count:
                periods[key] = entry.closed()
        self._open = []

    def __bool__(self) -> bool:
        return bool(self._parties)

    def parties(self) -> list[Row]:
        """A row per party over the whole log, by party name (unattributed last)."""
        return [self._parties[p].row(p, None) for p in sorted(self._parties, key=_party_order)]

    def periods(self) -> list[Row]:
        """A row per period and party that has a breach, by period, then party."""
        return list(self.each_period())

    def each_period(self) -> Iterator[Row]:
        """The rows of ``periods``, made one at a time as they are read."""
        periods = self._periods
        for key in sorted(periods, key=lambda k: (k[0], _party_order(k[1]))):
            entry = periods[key]
            if type(entry) is tuple:
                yield Row(key[1], key[0], *entry[:8])
            else:
                yield entry.row(key[1], key[0])  # type: ignore[union-attr]

    def to_dict(self) -> dict[str, Any]:
        """The tally as the JSON report shows it."""
        return {"per": self.per, "parties": [r.to_dict() for r in self.parties()],
                "periods": [r.to_dict(self.per) for r in self.periods()]}


def _party_order(party: str | None) -> tuple[bool, str]:
    return (party is None, party or "")


def tally_dict(per: str, breaches: Callable[[], Iterable[Breach]], told: Told | None = None) -> dict[str, Any]:
    """``Tally(per, breaches()).to_dict()``, with its rows per period made only as they are written (``Periods``)
    when the breaches come in period order, as a replay records them: then what a document holds does not grow
    with the days a log covers. ``breaches`` gives them afresh each time it is called; ``told``, the same
    breaches already counted as they were told (else they are counted now)."""
    if told is None:
        told = Told(per)
        for breach in breaches():
            told.add(breach)
            if not told.ordered:
                break
    return told.to_dict(breaches)


class Told:
    """A tally's first reading, breach by breach as they are told: the rows per party, and whether the breaches
    come in period order (and then how many rows per period they make), not the rows per period themselves."""

    def __init__(self, per: str) -> None:
        if per not in PERIODS:
            raise ValueError(f"per must be one of {', '.join(PERIODS)}, got {per!r}")
        self.per = per
        self.count = 0
        self.ordered = True
        self._parties: dict[str | None, _Count] = {}
        self._rows, self._last, self._seen = 0, "", set[Any]()

    def add(self, breach: Breach) -> None:
        """Count one breach."""
        self.count += 1
        party = breach.party
        count = self._parties.get(party)
        if count is None:
            count = self._parties[party] = _Count()
        count.add(breach)
        period = period_of(breach.date, self.per)
        if period != self._last:
            if period < self._last:  # out of period order: the rows per period are counted whole
                self.ordered = False
            self._rows, self._last, self._seen = self._rows + len(self._seen), period, set()
        self._seen.add(party)

    def to_dict(self, breaches: Callable[[], Iterable[Breach]]) -> dict[str, Any]:
        """The tally's JSON object, its rows per period read from ``breaches()`` as they are written (or counted whole now)."""
        if not self.ordered:
            return Tally(self.per, breaches()).to_dict()
        return {"per": self.per, "parties": [self._parties[p].row(p, None).to_dict() for p in sorted(self._parties, key=_party_order)],
                "periods": Periods(self.per, breaches, self._rows + len(self._seen))}


class Periods:
    """A tally's rows per period and party as JSON objects, counted one period at a time as they are read (breaches in period order)."""

    def __init__(self, per: str, breaches: Callable[[], Iterable[Breach]], size: int) -> None:
        self.per, self._breaches, self._size = per, breaches, size

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[dict[str, Any]]:
        per, last = self.per, None
        counts: dict[str | None, _Count] = {}
        for breach in self._breaches():
            period = period_of(breach.date, per)
            if period != last:
                yield from _rows(last, counts, per)
                last, counts = period, {}
            count = counts.get(breach.party)
            if count is None:
                count = counts[breach.party] = _Count()
            count.add(breach)
        yield from _rows(last, counts, per)


def _rows(period: str | None, counts: dict[str | None, _Count], per: str) -> Iterator[dict[str, Any]]:
    """One period's rows, by party (unattributed last)."""
    for party in sorted(counts, key=_party_order):
        yield counts[party].row(party, period).to_dict(per)
