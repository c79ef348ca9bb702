"""The event-time scheduler: which timers are armed, when each falls due, and in what order they fire.

Three kinds of timer. A *deadline* falls due a span after it is armed (or at a fixed date,
or a span after another deadline's due date, which it follows when that one is extended; an
extension re-arms a deadline that has fallen due);
a *calm* timer falls due a span after the later of its start and the last breach it
watches, so a breach restarts it; a *quota* falls due at the end of each window, and asks
how much was counted in it. A calm timer that falls due while the provisions it
``requires`` are not yet where they must be is *ripe*: it fires as soon as they are. Once
fired, a calm timer is *spent* until its provision leaves the calm period's states.

A timer's key is ``(provision, instance, timer)``: a provision kept per party has its own
timers per instance. Due timers come off a heap in the order ``(due, key)``: the same
instants and keys give the same order in any process. A calm timer keeps one heap entry
however often it restarts: an entry that comes off early is put back at its real due date.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from .agreement import SEVERITY_RANK, Provision, Timer

if TYPE_CHECKING:
    from .machines import Instance, Ref

__all__ = ["END_OF_TIME", "Key", "Scheduler", "later"]

Key = tuple[int, int, int]
"""A timer's key: (provision index, instance slot, timer index)."""

END_OF_TIME = datetime.max.replace(tzinfo=UTC)


def later(instant: datetime, span: timedelta) -> datetime:
    """``instant + span``, or the end of the calendar when that lies past it (the timer never fires)."""
    try:
        return instant + span
    except OverflowError:
        return END_OF_TIME


class Scheduler:
    """The armed timers of one replay, and the calm periods that breaches restart.

    ``state_of(provision, slot)`` is an instance's state; ``slots_of(provision, model)`` the
    instances of ``provision`` that ``model``'s moves concern (the same party's, or all).
    """

    def __init__(self, provisions: Sequence[Provision], state_of: Callable[[int, int], str],
                 slots_of: Callable[[int, Instance | None], list[int]]) -> None:
        self._provisions = provisions
        self._state_of = state_of
        self._slots_of = slots_of
        self._index = {p.id: i for i, p in enumerate(provisions)}
        self.deadlines: dict[Key, datetime] = {}
        self.lapsed: dict[Key, datetime] = {}  # deadline that fell due (and was not re-armed since) -> its due date
        self.calms: dict[Key, datetime] = {}  # armed calm timer -> start of its calm period
        self.quotas: dict[Key, datetime] = {}  # running quota -> end of its current window
        self.counted: dict[Key, int] = {}  # running quota -> what its window has counted so far
        self.ripe: set[Key] = set()
        self.spent: set[Key] = set()
        self._heap: list[tuple[datetime, Key]] = []
        self.due: datetime | None = None
        """The earliest instant at which a timer may fall due (None: none armed); may be early, never late."""
        self._watchers: dict[int, list[tuple[Ref, int]]] = {}
        self._followers: dict[Ref, list[Ref]] = {}  # deadline -> the deadlines due a span after it
        ids = {t.id: (i, j) for i, p in enumerate(provisions) for j, t in enumerate(p.timers)}
        for i, p in enumerate(provisions):
            for j, timer in enumerate(p.timers):
                if timer.kind == "calm":
                    for watched in timer.watch or (p.id,):
                        self._watchers.setdefault(self._index[watched], []).append(((i, j), SEVERITY_RANK[timer.min_severity]))
                elif timer.kind == "deadline" and timer.start is not None and timer.start.startswith("due:"):
                    self._followers.setdefault(ids[timer.start[4:]], []).append((i, j))
        self.watched_from = [min((least for _, least in self._watchers.get(i, ())), default=len(SEVERITY_RANK) + 1)
                             for i in range(len(provisions))]
        """Per provision, the least severity rank of a breach of it that restarts a calm period (above every rank: none does)."""

    def timer(self, key: Key | Ref) -> Timer:
        """The timer a key (or a reference) names."""
        return self._provisions[key[0]].timers[key[-1]]

    # -- what the machines' callbacks do -------------------------------------------------

    def arm_deadline(self, model: Instance, ref: Ref, at: datetime, anchor: datetime | None = None) -> None:
        """Arm a deadline from ``at`` (or its fixed date, or ``anchor``), unless it is armed already."""
        key = (ref[0], model.slot, ref[1])
        if key in self.deadlines:
            return
        timer = self._provisions[ref[0]].timers[ref[1]]
        due = timer.due if timer.due is not None else later(anchor or at, timer.after)
        self._set_deadline(key, due)

    def arm_other(self, model: Instance, ref: Ref, at: datetime) -> None:
        """Arm another provision's deadline in the instances it concerns, unless already met there."""
        timer = self.timer(ref)
        for slot in self._slots_of(ref[0], model):
            if self._state_of(ref[0], slot) not in timer.met_by and (ref[0], slot, ref[1]) not in self.deadlines:
                self._set_deadline((ref[0], slot, ref[1]), timer.due or later(at, timer.after))

    def meet_deadline(self, model: Instance, ref: Ref) -> None:
        """A deadline is met: it will not fire."""
        self.deadlines.pop((ref[0], model.slot, ref[1]), None)

    def start_calm(self, model: Instance, ref: Ref, at: datetime) -> None:
        """Start a calm period (or a quota's windows) at ``at``, unless one is running or the timer is spent."""
        key = (ref[0], model.slot, ref[1])
        if self.timer(ref).kind == "quota":
            if key not in self.quotas:
                self._start_window(key, at)
            return
        if key not in self.calms and key not in self.spent:
            self.calms[key] = at
            self._push(key, later(at, self.timer(ref).after))

    def stop_calm(self, model: Instance, ref: Ref) -> None:
        """The provision left the period's states: forget the period, and whether it was spent."""
        key = (ref[0], model.slot, ref[1])
        self.calms.pop(key, None)
        self.quotas.pop(key, None)
        self.counted.pop(key, None)
        self.ripe.discard(key)
        self.spent.discard(key)

    # -- what the engine does ------------------------------------------------------------

    def breach(self, provision: int, slot: int, rank: int, at: datetime, per: bool) -> None:
        """A breach of ``provision`` (instance ``slot``) at severity ``rank``: restart the calm periods that watch it.

        ``per`` is True when the breached provision is kept per instance: a calm period of the
        same provision restarts only in that instance.
        """
        for (i, j), least in self._watchers.get(provision, ()):
            if rank < least:
                continue
            for s in ([slot] if per and i == provision else self._slots_of(i, None)):
                key = (i, s, j)
                if key not in self.calms:
                    continue
                if at > self.calms[key]:
                    self.calms[key] = at
                if key in self.ripe:
                    self.ripe.discard(key)
                    self._push(key, later(self.calms[key], self.timer(key).after))

    def count(self, key: Key, amount: int) -> None:
        """An event counts ``amount`` toward a running quota's current window."""
        if key in self.quotas:
            self.counted[key] = self.counted.get(key, 0) + amount

    def extend(self, key: Key, due: datetime, at: datetime) -> datetime | None:
        """Move a deadline to ``due``; return its old date (None: nothing moved).

        An armed deadline simply moves. One that has fallen due is re-armed at ``due``, unless
        ``due`` is not after ``at`` (it would be missed again at once) or its instance stands
        in a state that meets it: what it recorded when it fell due stays recorded.
        """
        old = self.deadlines.get(key)
        if old is None:
            old = self.lapsed.get(key)
            if old is None or due <= at or self._state_of(key[0], key[1]) in self.timer(key).met_by:
                return None
        self._set_deadline(key, due)
        return old

    def pop(self, until: datetime) -> tuple[datetime, Key] | None:
        """Take the next timer due at or before ``until``, with its due date; None when there is none."""
        heap = self._heap
        while heap:
            due, key = heap[0]
            if due > until:
                self.due = due
                return None
            heapq.heappop(heap)
            real = self._due_of(key)
            if real is None or real < due:
                continue  # disarmed, ripe, fired, or re-armed earlier: a stale entry
            if real > due:
                heapq.heappush(heap, (real, key))  # a calm period restarted since this entry
                continue
            self.due = heap[0][0] if heap else None
            return due, key
        self.due = None
        return None

    def peek(self) -> datetime | None:
        """The due date of the next live timer, or None (stale entries are dropped on the way)."""
        heap = self._heap
        while heap:
            due, key = heap[0]
            real = self._due_of(key)
            if real == due:
                self.due = due  # (it may have been earlier: a stale entry's)
                return due
            heapq.heappop(heap)
            if real is not None and real > due:
                heapq.heappush(heap, (real, key))
        self.due = None  # nothing armed: a stale ``due`` would have every event fire nothing, and no event be quiet
        return None

    def fired(self, key: Key) -> bool | int:
        """A due timer fires: True, and it is spent or gone; False when a calm timer must wait (ripe).

        A quota answers what its window counted (an int), and starts its next window.
        """
        if key in self.quotas:
            counted = self.counted.get(key, 0)
            self._start_window(key, self.quotas[key])
            return counted
        if key in self.calms:
            if not self.requirements_met(self.timer(key)):
                self.ripe.add(key)
                return False
            del self.calms[key]
            self.spent.add(key)
        else:
            self.lapsed[key] = self.deadlines.pop(key)
        return True

    def requirements_met(self, timer: Timer) -> bool:
        """Whether every instance of each provision a calm timer ``requires`` stands in one of the listed states."""
        for provision, states in timer.requires.items():
            i = self._index[provision]
            slots = self._slots_of(i, None)
            if not slots or any(self._state_of(i, s) not in states for s in slots):
                return False
        return True

    def clear(self) -> None:
        """The agreement has ended: no timer will fire again."""
        for table in (self.deadlines, self.lapsed, self.calms, self.quotas, self.counted):
            table.clear()
        self.ripe.clear()
        self._heap.clear()
        self.due = None

    def armed(self) -> Mapping[Key, datetime]:
        """Every live timer and its due date (ripe calm timers are not due: they wait)."""
        out = {key: due for key in (*self.deadlines, *self.calms, *self.quotas) if (due := self._due_of(key)) is not None}
        return dict(sorted(out.items(), key=lambda item: (item[1], item[0])))

    def _set_deadline(self, key: Key, due: datetime) -> None:
        self.deadlines[key] = due
        self.lapsed.pop(key, None)
        self._push(key, due)
        for i, j in self._followers.get((key[0], key[2]), ()):
            follower = self.timer((i, j))
            slots = [key[1]] if i == key[0] else self._slots_of(i, None)
            for slot in slots:
                if (i, slot, j) in self.deadlines or self._state_of(i, slot) not in follower.met_by:
                    self._set_deadline((i, slot, j), later(due, follower.after))

    def _start_window(self, key: Key, start: datetime) -> None:
        end = later(start, self.timer(key).after)
        self.quotas[key] = end
        self.counted[key] = 0
        self._push(key, end)

    def _due_of(self, key: Key) -> datetime | None:
        deadline = self.deadlines.get(key)
        if deadline is not None:
            return deadline
        window = self.quotas.get(key)
        if window is not None:
            return window
        anchor = self.calms.get(key)
        if anchor is None or key in self.ripe:
            return None
        return later(anchor, self.timer(key).after)

    def _push(self, key: Key, due: datetime) -> None:
        heapq.heappush(self._heap, (due, key))
        if self.due is None or due < self.due:
            self.due = due
