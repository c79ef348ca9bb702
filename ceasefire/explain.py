"""Why a report says what it says: each provision's history, and the cause of the agreement's status.

Derived only from what the engine recorded (each ``Change`` of state, each ``Breach``) and the
pack's weights (``Provision.status_of``), never from wording: ``explain(report)`` for a report
that kept its history; a ``Tracker`` (``tracker``) fed change by change where they are
streamed (a watch, a JSON Lines run). The records are ``story``'s, the sentences ``narrate``'s.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from .agreement import Agreement
from .dates import instant_of, shown_instant
from .report import Change, Report
from .story import Explanation, Step, Story
from .tracker import Tracker

if TYPE_CHECKING:
    from .found import Facts

_B = TypeVar("_B", bound="Facts")  # a breach of any kind: what in_order is given, it hands back

__all__ = ["Explanation", "Following", "Step", "Story", "Tracker", "explain", "in_order"]


def explain(report: Report, breaches: Iterable[Facts] | None = None) -> Explanation:
    """Explain a report from its history and its breaches (``breaches``: those handed to ``on_breach`` instead)."""
    pack = report.pack
    if pack is None:
        raise ValueError("explain() needs the report's agreement (report.pack)")
    source = report.breaches if breaches is None else breaches
    if iter(source) is source:  # read once only: kept, for a second reading out of order
        source = list(source)
    try:  # the breaches and changes each come in date order (as a replay records them): merged as they are read
        tracker = _fed(report, _merged(pack, report.history, source))
    except _Unordered:  # told out of order: every instant read, then sorted
        tracker = _fed(report, _sorted(pack, report.history, source))
    return _explained(report, tracker)


class Following:
    """``explain(report, breaches)``, fed the breaches one by one as they are read (the JSON report, as it writes
    them): each goes to the tracker at once, merged with the report's history, while they come in date order;
    else the explanation is made afresh from them all at the end."""

    def __init__(self, report: Report) -> None:
        if report.pack is None:
            raise ValueError("explain() needs the report's agreement (report.pack)")
        self.report, self._zone, self.count = report, report.pack.timezone, 0
        self._tracker: Tracker | None = _fed(report, ())
        self._changes = _read(self._zone, report.history)
        self._last: datetime | None = None  # the last breach's instant (None: unread, if ``_seen`` is its date)
        self._seen = ""  # the last breach's date
        self._change = self._next()
        self._offset: str | None = None  # the last breach's offset (``+03:00``), when its date is to the second with one
        self._until = ""  # the latest date of that offset a breach may have to come before the next change by its text ("": none)
        self._bound()
        self._shape: Any = None  # a run's (see ``plain``): the shape of its breaches, the last of them not told yet,
        self._latest: Any = None
        self._guard: Any = ()  # the dates a breach of that shape may be linked to a change at (the tracker's), whether it weighs
        self._weighs = False
        self._within: Callable[[str], bool]  # the run's tracker's Fading.within, set with its shape

    def _bound(self) -> None:
        """``_until``, after the last breach's date or the next change moved."""
        change, offset = self._change, self._offset
        if change is None:
            self._until = "\U0010ffff"  # no change left: any date of the offset
        else:
            self._until = change[1].date if len(change[1].date) == 25 and change[1].date[19:] == offset else ""

    def _next(self) -> tuple[datetime, Change] | None:
        try:
            return next(self._changes, None)
        except _Unordered:  # the history out of date order: made afresh at the end
            self._tracker = None
            return None

    def plain(self, row: Any, shape: Any) -> tuple[str, str, str, str] | None:
        """``breach`` of a kept plain breach (a light row: established, not alleged) of ``shape`` (one object for each of its
        provision, rule and instance), told in runs: of a run of one shape, no earlier than the last and no later than the next
        change by their text, the tracker is told the first and the last (before anything else) and those out of the last span
        of fragility, as jsonl's lane tells it (``formats.lane``); the others would change nothing of what it keeps.

        Returns the run's window (or None): ``(low, high, head, offset)``. A next breach of ``shape`` whose date ``d`` is in it
        (``low <= d <= high``, beginning with ``head``, ending with the ``offset``) may be told by ``skipped`` instead, the next
        one's ``low`` then ``d``."""
        date = row[4]
        if (shape is self._shape and date not in self._guard and len(date) == 25 and date[19:] == self._offset
                and self._seen <= date <= self._until):
            self.count += 1
            self._seen, self._last, self._latest = date, None, row
            if self._weighs and not self._within(date):  # (it weighs, out of the last span)
                self._tracker.breach(row)  # type: ignore[union-attr]
            return self._window()
        self.breach(row)
        tracker = self._tracker
        if tracker is None:
            return None
        key = (row[0], row[23])  # a run begins
        last, steps = tracker._last.get(key), tracker._history.get(key, ())
        self._shape, self._within, self._weighs = shape, tracker.fading.within, tracker.weighs(row[0], row[3])
        self._guard = {step.change.date for step in steps[-8:]} | ({last.date} if last is not None else set())
        return self._window()

    def _window(self) -> tuple[str, str, str, str] | None:
        """``plain``'s window: dates of the run's offset from the last breach's to the next change's (of that offset), and in the
        last span of fragility (its day and no earlier than its last) if the run weighs; none holding a date of ``_guard``."""
        low, high, offset, head = self._seen, self._until, self._offset, ""
        if offset is None or len(high) != 25 and high != "\U0010ffff":
            return None
        if self._weighs:
            fading = self._tracker.fading  # type: ignore[union-attr]
            if fading.last is None or fading.tail != offset or len(fading.last) != 25:
                return None
            low, head = max(low, fading.last), fading.bound[:-1]  # (the day or hour its dates begin with)
        if any(low <= d <= high and d.startswith(head) and d[19:] == offset and len(d) == 25 for d in self._guard):
            return None
        return low, high, head, offset

    def skipped(self, count: int, row: Any) -> None:
        """``plain`` of ``count`` breaches of the run's shape in its window (``plain``'s), the last ``row``."""
        date = self._seen = row[4]
        self.count += count
        self._last, self._latest = None, row
        if self._weighs:
            self._within(date)  # (in the last span: its end made later, as within makes it)

    def _ends(self) -> None:
        """A run ends: the tracker told of its last breach."""
        self._shape = None
        if self._latest is not None:
            self._tracker.breach(self._latest)  # type: ignore[union-attr]
            self._latest = None

    def breach(self, breach: Facts) -> None:
        """The next breach, in the order the report keeps them."""
        self.count += 1
        tracker = self._tracker
        if tracker is None:
            return
        if self._shape is not None:
            self._ends()
        date = breach.date
        if len(date) == 25 and date[19:] == self._offset and self._seen <= date <= self._until:
            # no earlier than the last and no later than the next change, by their text (the same offset): its instant unread
            self._seen, self._last = date, None
            tracker.breach(breach)  # which reads it only if it must (fading)
            return
        seen = self._seen
        at = tracker._instant(date)  # shown_instant's, by the offset it read before
        last = self._last if self._last is not None or not seen else tracker._instant(seen)
        if last is not None and at < last:
            self._tracker = None  # out of date order: made afresh at the end
            return
        self._seen, self._last, change = date, at, self._change
        self._offset = date[19:] if len(date) == 25 else None
        while change is not None and change[0] < at:  # the changes before it (at one instant, the breach first)
            tracker.change(change[1], change[0])
            change = self._change = self._next()
        self._bound()
        if self._tracker is not None:
            tracker.breach(breach, at)

    def explanation(self, breaches: Iterable[Facts]) -> Explanation:
        """The explanation, once every breach was read (``breaches``: all of them again, for one made afresh)."""
        if self._tracker is not None and self._shape is not None:
            self._ends()
        while self._tracker is not None and self._change is not None:
            self._tracker.change(self._change[1], self._change[0])
            self._change = self._next()
        if self._tracker is None or self.count != len(breaches):  # type: ignore[arg-type]
            return explain(self.report, breaches)
        return _explained(self.report, self._tracker)


def _explained(report: Report, tracker: Tracker) -> Explanation:
    """What a tracker fed a report's changes and breaches explains of it."""
    pack = report.pack
    assert pack is not None  # explain() and Following checked it
    explanation = tracker.explanation(report.as_of, report.status, report.provisions, getattr(report, "implementation", None))
    moved = any(state != pack.provision(pid).initial for pid, state in report.provisions.items() if _has(pack, pid))
    if not report.history and moved and report.resumed is None:  # streamed (on_change): only the states are known, not how they came
        explanation = attrs.evolve(explanation, kept=False, known=False, since=None)
    return explanation


def _has(pack: Agreement, provision: str) -> bool:
    return any(p.id == provision for p in pack.provisions)


class _Unordered(Exception):
    """The breaches or the changes were not told in date order: they must be sorted first."""


def _fed(report: Report, items: Iterable[tuple[datetime, Change | Facts]]) -> Tracker:
    """A tracker (keeping the history) fed the report's changes and breaches in date order, each with its instant."""
    tracker = Tracker(report.pack, keep=True)  # type: ignore[arg-type]  # explain() checked it
    if report.resumed is not None:  # resumed from a snapshot: the tracker as it stood then
        from .snapshot import load_tracker

        load_tracker(tracker, report.resumed)
    for at, item in items:
        if isinstance(item, Change):
            tracker.change(item, at)
        else:
            tracker.breach(item, at)  # its instant, read once for the order and the tracker both
    return tracker


def _merged(pack: Agreement, changes: Iterable[Change], breaches: Iterable[Facts]) -> Iterator[tuple[datetime, Change | Facts]]:
    """The changes and breaches in ``_ordered``'s order, merged as they are read: nothing held per breach (flat memory).

    Raises ``_Unordered`` (before the item out of place is yielded) when either comes out of date order.
    """
    zone = pack.timezone
    told, made = _read(zone, changes), _read(zone, breaches)
    change, breach = next(told, None), next(made, None)
    while change is not None or breach is not None:
        if change is None or (breach is not None and breach[0] <= change[0]):  # at one instant, the breach first
            yield breach  # type: ignore[misc]
            breach = next(made, None)
        else:
            yield change
            change = next(told, None)


def _read(zone: Any, items: Iterable[Any]) -> Iterator[tuple[datetime, Any]]:
    """Each item with its instant, in the order given; ``_Unordered`` at the first earlier than the one before."""
    last: datetime | None = None
    for item in items:
        at = shown_instant(item.date, zone)
        if last is not None and at < last:
            raise _Unordered
        last = at
        yield at, item


def _sorted(pack: Agreement, changes: Iterable[Change], breaches: Iterable[Facts]) -> Iterator[tuple[datetime, Change | Facts]]:
    """The changes and breaches in ``_ordered``'s order, sorted after every instant is read."""
    items = _ordered(pack, changes, breaches)
    for i, (at, _, n, item) in enumerate(items):
        items[i] = None  # type: ignore[call-overload]  # let go of each instant as it is fed: the tracker's history grows meanwhile
        if item is None:  # a packed log's breach, made now (``date_at``/``breach_at``): never all of them at once
            item = breaches.breach_at(n)  # type: ignore[attr-defined]
        yield at, item


def in_order(pack: Agreement, changes: Iterable[Change], breaches: Iterable[_B]) -> list[Change | _B]:
    """Changes and breaches merged by instant; at one instant a breach first (the engine records it before the change it causes)."""
    return [breaches.breach_at(n) if item is None else item  # type: ignore[attr-defined]
            for _, _, n, item in _ordered(pack, changes, breaches)]


def _ordered(pack: Agreement, changes: Iterable[Change], breaches: Iterable[_B]) -> list[tuple[datetime, int, int, Change | _B | None]]:
    """``in_order``'s items, each after its instant (and what orders those at one instant)."""
    zone = pack.timezone
    items: list[tuple[datetime, int, int, Change | _B | None]] = []  # None: a packed log's breach, made when needed
    for i, change in enumerate(changes):
        items.append((instant_of(change.date, zone), 1, i, change))
    date_at = getattr(breaches, "date_at", None)
    if date_at is not None and getattr(breaches, "breach_at", None) is not None:
        for i in range(len(breaches)):  # type: ignore[arg-type]
            items.append((instant_of(date_at(i), zone), 0, i, None))
    else:
        for i, breach in enumerate(breaches):
            items.append((instant_of(breach.date, zone), 0, i, breach))
    items.sort(key=lambda item: item[:3])
    return items
