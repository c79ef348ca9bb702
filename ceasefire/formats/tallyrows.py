"""The JSON report's tally, read twice from the kept breaches rather than kept whole.

As the breaches are told, ``Told`` counts the rows per party and how many rows per period they
make; as the document is written, ``Periods`` counts each period's rows from the kept breaches
and lets them go. What the document holds does not grow with the days a log covers. Breaches
told out of period order are counted whole, by a ``Tally``, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..found import Found
from ..keptrow import Counted
from ..report import Breach
from ..tally import PERIODS, Count, Tally, counted_facts, party_order, period_of

_NONE = object()  # no party yet (None is one: the unattributed)

__all__ = ["Periods", "Told", "tally_dict"]


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
        self._parties: dict[str | None, Count] = {}
        self._rows, self._last, self._seen = 0, "", set[Any]()
        self._party: Any = _NONE  # the party of the breach before (seen in its period)

    def add(self, breach: Breach) -> None:
        """Count one breach."""
        self.count += 1
        if type(breach) is Found and self.per == "day":
            (_, _, kind, severity, date, party, line, _, _, _, _, _, _, casualties, _, _, killed, injured, number, _, _, _,
             alleged) = breach[:23]
            if (party == self._party and type(party) is type(self._party) and date[:10] == self._last and kind == "event" and line is not None and alleged is False
                    and type(number) is int and number > 0 and type(casualties) is int and killed is None and injured is None):
                self._parties[party].take_plain(severity, line, number, casualties)  # the party and day of the breach before
                return
        party = self._party = breach.party
        count = self._parties.get(party)
        if count is None:
            count = self._parties[party] = Count()
        count.take(counted_facts(breach))
        period = breach.date[:10] if self.per == "day" else period_of(breach.date, self.per)  # period_of, inline for a day
        if period != self._last:
            if period < self._last:  # out of period order: the rows per period are counted whole
                self.ordered = False
            self._rows, self._last, self._seen = self._rows + len(self._seen), period, set()
        self._seen.add(party)

    def to_dict(self, breaches: Callable[[], Iterable[Breach]]) -> dict[str, Any]:
        """The tally's JSON object, its rows per period read from ``breaches()`` as they are written (or counted whole now)."""
        if not self.ordered:
            return Tally(self.per, breaches()).to_dict()
        return {"per": self.per, "parties": [self._parties[p].row(p, None).to_dict() for p in sorted(self._parties, key=party_order)],
                "periods": Periods(self.per, breaches, self._rows + len(self._seen))}


class Periods:
    """A tally's rows per period and party as JSON objects, counted one period at a time as they are read (breaches in period order)."""

    def __init__(self, per: str, breaches: Callable[[], Iterable[Breach]], size: int) -> None:
        self.per, self._breaches, self._size = per, breaches, size

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[dict[str, Any]]:
        per, last = self.per, None
        day = per == "day"
        counts: dict[str | None, Count] = {}
        party: Any = _NONE
        count = Count()
        for breach in self._breaches():
            period = breach.date[:10] if day else period_of(breach.date, per)  # period_of, inline for a day
            if period != last:
                yield from _rows(last, counts, per)
                last, counts, party = period, {}, _NONE
            if breach.party is not party or party is _NONE:  # else the same party as the breach before: its count
                party = breach.party
                count = counts.get(party)  # type: ignore[assignment]
                if count is None:
                    count = counts[party] = Count()
            if type(breach) is Counted:  # read back from a packed record: a plain one without counted_facts' tuple
                _, _, severity, kind, line, _, casualties, killed, injured, number, alleged = breach[:11]  # a plain tuple's: quicker
                if (kind == "event" and line is not None and alleged is False and type(number) is int and number > 0
                        and type(casualties) is int and killed is None and injured is None):
                    count.take_plain(severity, line, number, casualties)
                    continue
            count.take(counted_facts(breach))
        yield from _rows(last, counts, per)


def _rows(period: str | None, counts: dict[str | None, Count], per: str) -> Iterator[dict[str, Any]]:
    """One period's rows, by party (unattributed last)."""
    for party in sorted(counts, key=party_order):
        yield counts[party].row(party, period).to_dict(per)
