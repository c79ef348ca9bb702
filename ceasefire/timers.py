"""The event-time scheduler: which timers are armed, when each falls due, and in what order they fire.

Two kinds of timer: a *deadline* falls due a fixed span after it is armed; a *calm* timer
falls due a span after the later of its start and the last breach it watches, so a breach
restarts it. A calm timer that falls due while the provisions it ``requires`` are not yet
where they must be is *ripe*: it fires as soon as they are. Once fired, a calm timer is
*spent* until its provision leaves the calm period's states.

Due timers come off a heap in the order ``(due, key)``: the same instants and keys give the
same order in any process. A calm timer keeps one heap entry however often it restarts: an
entry that comes off early is put back at the timer's real due date.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta

from .agreement import SEVERITY_RANK, Provision, Timer

__all__ = ["END_OF_TIME", "Key", "Scheduler", "later"]

Key = tuple[int, int]
"""A timer's key: (provision index, timer index)."""

END_OF_TIME = datetime.max.replace(tzinfo=UTC)


def later(instant: datetime, span: timedelta) -> datetime:
    """``instant + span``, or the end of the calendar when that lies past it (the timer never fires)."""
    try:
        return instant + span
    except OverflowError:
        return END_OF_TIME


class Scheduler:
    """The armed timers of one replay, and the calm periods that breaches restart."""

    def __init__(self, provisions: Sequence[Provision], state_of: Callable[[str], str]) -> None:
        self._provisions = provisions
        self._state_of = state_of
        self.deadlines: dict[Key, datetime] = {}
        self.calms: dict[Key, datetime] = {}  # armed calm timer -> start of its calm period
        self.ripe: set[Key] = set()
        self.spent: set[Key] = set()
        self._heap: list[tuple[datetime, Key]] = []
        self.due: datetime | None = None
        """The earliest instant at which a timer may fall due (None: none armed); may be early, never late."""
        # which calm timers a breach of each provision restarts, with the least severity that does
        self._watchers: dict[str, list[tuple[Key, int]]] = {}
        for i, p in enumerate(provisions):
            for j, timer in enumerate(p.timers):
                if timer.kind == "calm":
                    for watched in timer.watch or (p.id,):
                        self._watchers.setdefault(watched, []).append(((i, j), SEVERITY_RANK[timer.min_severity]))

    def timer(self, key: Key) -> Timer:
        """The timer a key names."""
        return self._provisions[key[0]].timers[key[1]]

    # -- what the machines' callbacks do -------------------------------------------------

    def arm_deadline(self, key: Key, at: datetime) -> None:
        """Arm a deadline from ``at``, unless it is armed already."""
        if key not in self.deadlines:
            self._push(key, self.deadlines.setdefault(key, later(at, self.timer(key).after)))

    def arm_if_unmet(self, key: Key, at: datetime) -> None:
        """Arm another provision's deadline, unless that provision already stands in a state that meets it."""
        timer = self.timer(key)
        if self._state_of(self._provisions[key[0]].id) not in timer.met_by:
            self.arm_deadline(key, at)

    def meet_deadline(self, key: Key) -> None:
        """A deadline is met: it will not fire."""
        self.deadlines.pop(key, None)

    def start_calm(self, key: Key, at: datetime) -> None:
        """Start a calm period at ``at``, unless one is running or this timer is spent."""
        if key not in self.calms and key not in self.spent:
            self.calms[key] = at
            self._push(key, later(at, self.timer(key).after))

    def stop_calm(self, key: Key) -> None:
        """The provision left the calm period's states: forget the period, and whether it was spent."""
        self.calms.pop(key, None)
        self.ripe.discard(key)
        self.spent.discard(key)

    # -- what the engine does ------------------------------------------------------------

    def breach(self, provision: str, rank: int, at: datetime) -> None:
        """A breach of ``provision`` at severity ``rank``: restart the calm periods that watch it."""
        for key, least in self._watchers.get(provision, ()):
            if rank >= least and key in self.calms:
                if at > self.calms[key]:
                    self.calms[key] = at
                if key in self.ripe:
                    self.ripe.discard(key)
                    self._push(key, later(self.calms[key], self.timer(key).after))

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
                return due
            heapq.heappop(heap)
            if real is not None and real > due:
                heapq.heappush(heap, (real, key))
        return None

    def fired(self, key: Key) -> bool:
        """A due timer fires: True, and it is spent or gone; False when a calm timer must wait (ripe)."""
        if key in self.calms:
            if not self.requirements_met(self.timer(key)):
                self.ripe.add(key)
                return False
            del self.calms[key]
            self.spent.add(key)
        else:
            del self.deadlines[key]
        return True

    def requirements_met(self, timer: Timer) -> bool:
        """Whether every provision a calm timer ``requires`` stands in one of the listed states."""
        return all(self._state_of(p) in states for p, states in timer.requires.items())

    def clear(self) -> None:
        """The agreement has ended: no timer will fire again."""
        self.deadlines.clear()
        self.calms.clear()
        self.ripe.clear()
        self._heap.clear()
        self.due = None

    def _due_of(self, key: Key) -> datetime | None:
        deadline = self.deadlines.get(key)
        if deadline is not None:
            return deadline
        anchor = self.calms.get(key)
        if anchor is None or key in self.ripe:
            return None
        return later(anchor, self.timer(key).after)

    def _push(self, key: Key, due: datetime) -> None:
        heapq.heappush(self._heap, (due, key))
        if self.due is None or due < self.due:
            self.due = due

    def armed(self) -> Mapping[Key, datetime]:
        """Every live timer and its due date (ripe calm timers are not due: they wait)."""
        out = {key: due for key in (*self.deadlines, *self.calms) if (due := self._due_of(key)) is not None}
        return dict(sorted(out.items(), key=lambda item: (item[1], item[0])))
