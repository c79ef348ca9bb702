"""Findings recorded but not yet handed out: a timer's finding waits until its day is over.

An event with only a date counts at the end of its day, after every timed event of that day;
if it touches the provision whose timer fired that day, the timer's finding hangs on when the
event really happened, and is marked uncertain. So a timer's finding is settled only once its
local day is closed (a later day's event has come, or the log is complete); the findings
after it wait with it, so that findings are handed out in the order they were recorded. ``told`` hands settled
findings out with the changes of state, in date order.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Collection
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, TypeVar

from .dates import instant_of
from .found import Found
from .report import Change

if TYPE_CHECKING:
    from .found import Facts

__all__ = ["Settling", "told"]

_B = TypeVar("_B", bound="Facts")  # the breaches told: a replay's Found records, or what its caller made of them


class Settling:
    """The queue of findings between the engine and its reader."""

    def __init__(self) -> None:
        self.pending: deque[Found] = deque()
        self._handed = 0  # findings handed out in all
        self.held: deque[tuple[int, date, datetime]] = deque()
        """(finding number, local day, due) of the timer findings waiting for their day to close (read, never replace it)."""
        self._closed_before: date = date.min  # days before this one can hold no more events

    def __bool__(self) -> bool:
        return bool(self.pending)

    @property
    def holding(self) -> bool:
        """Whether a timer's finding waits for its day to close."""
        return bool(self.held)

    def add(self, breach: Found) -> None:
        """A finding that is settled as soon as those before it are."""
        self.pending.append(breach)

    def add_timer(self, breach: Found, day: date, due: datetime) -> None:
        """A timer's finding, held until its local ``day`` is closed."""
        self.held.append((self._handed + len(self.pending), day, due))
        self.pending.append(breach)

    def close_before(self, day: date) -> None:
        """No event of a day before ``day`` can come any more."""
        if day > self._closed_before:
            self._closed_before = day

    def close_all(self) -> None:
        """The log is complete: everything is settled."""
        self._closed_before = date.max

    def uncertain(self, first: datetime, last: datetime, provisions: Collection[str]) -> None:
        """An event known only to lie in ``(first, last]`` touched ``provisions``: a timer of theirs due inside may have come after it."""
        for number, _, due in self.held:
            index = number - self._handed
            finding = self.pending[index]
            if first < due <= last and finding.provision in provisions:
                self.pending[index] = finding._replace(uncertain=True)

    def drain(self) -> list[Found]:
        """Hand out, in order, the findings settled since the last call."""
        pending = self.pending
        if not pending:
            return []
        held = self.held
        if held and held[0][0] == self._handed and held[0][1] >= self._closed_before:
            return []  # the first finding waits for its day, and nothing is before it: the common case while one waits
        while held and held[0][1] < self._closed_before:
            held.popleft()
        if not held:  # nothing waits: all of them, as most times
            out = list(pending)
            pending.clear()
            self._handed += len(out)
            return out
        cut = held[0][0] - self._handed
        out = [pending.popleft() for _ in range(cut)]
        self._handed += cut
        return out


def told(found: list[_B], changes: list[Change], sink: Callable[[list[_B]], None],
         on_change: Callable[[Change], None], zone: tzinfo) -> None:
    """Hand out settled breaches and changes of state in date order, a breach before the change it causes; clear ``changes``."""
    if found:
        items = sorted([(instant_of(b.date, zone), 0, i, b) for i, b in enumerate(found)] +
                       [(instant_of(c.date, zone), 1, i, c) for i, c in enumerate(changes)], key=lambda t: t[:3])
        for _, kind, _, item in items:
            if kind:
                on_change(item)  # type: ignore[arg-type]
            else:
                sink([item])  # type: ignore[list-item]
    else:
        for change in changes:
            on_change(change)
    changes.clear()
