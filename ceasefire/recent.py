"""The breaches a change of state may have been caused by: the last few of each provision, rule and instance.

A change is explained by the breach its event or timer recorded (``caused``: the same provision, rule or timer, date,
line and instance). Within one instant the explanation is told the breaches before the changes, and an event known only
roughly (a bare date, an interval) is applied after the timed events of its instant: so when an instant holds several
breaches of one key (a day's convoy attacks in a log of bare dates, a timed attack and a held one), the one a change was
caused by is not always the last told. ``Recent`` keeps the last breach of each key, the ``KEPT`` before it, and the
first of the run of breaches of the last's date (the one that moved the state, when a busy day's attacks are known only by
their day and applied in line order): a bounded number, so memory grows with the keys, not the log.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .found import Facts
    from .report import Change

__all__ = ["KEPT", "Recent", "caused"]

KEPT = 8
"""Breaches kept of each key before its last: a change finds its breach among the last ``KEPT + 1`` of its key."""

Key = tuple[str, str, "str | None"]


class Recent(dict[Key, "Facts"]):
    """The last breach of each provision, rule and instance (the mapping), the few told before it (``before``), and the
    first of the last's date (``first``, while later ones of that date follow it)."""

    __slots__ = ("before", "first")

    def __init__(self) -> None:
        super().__init__()
        self.before: dict[Key, deque[Facts]] = {}
        self.first: dict[Key, Facts] = {}

    def told(self, key: Key, breach: Facts) -> None:
        """``breach`` is now the last of its key; the one it follows is kept among those before it."""
        old = self.get(key)
        if old is not None:
            if old is breach:  # told again (a tracker told a breach, then given it whole): nothing new
                return
            kept = self.before.get(key)
            if kept is None:
                kept = self.before[key] = deque(maxlen=KEPT)
            kept.append(old)
            if old.date != breach.date:  # a run of another date begins with it
                self.first.pop(key, None)
            elif key not in self.first:
                self.first[key] = old
        self[key] = breach

    def cause(self, change: Change, instance: str | None, name: str) -> Facts | None:
        """The breach ``change`` was caused by (``name``: its rule or timer), among the last of its instance's key, else of
        the provision's as a whole; None when none of them was."""
        key = (change.provision, name, instance)
        last = self.get(key)
        if last is None:
            key = (change.provision, name, None)
            last = self.get(key)
            if last is None:
                return None
        if caused(change, last):
            return last
        for breach in reversed(self.before.get(key, ())):
            if caused(change, breach):
                return breach
        first = self.first.get(key)
        return first if first is not None and caused(change, first) else None

    def pending(self, instant: Callable[[str], datetime]) -> dict[Key, list[Facts]]:
        """The breaches before each key's last that a change still to come may be caused by, for a snapshot: those of the
        last's instant (``instant`` reads a shown date), as an instant's changes come after its breaches."""
        out: dict[Key, list[Facts]] = {}
        for key, kept in self.before.items():
            at = instant(self[key].date)
            first = self.first.get(key)
            same = [] if first is None or first in kept else [first]  # (the run's first leads, as ``restore`` reads it)
            same += [breach for breach in kept if instant(breach.date) == at]
            if same:
                out[key] = same
        return out

    def restore(self, last: dict[Key, Facts], before: dict[Key, list[Facts]]) -> None:
        """Take a snapshot's breaches (``snapshot.load_tracker``): the first of a list of its key's last's date is its run's first."""
        self.update(last)
        self.before = {key: deque(kept[-KEPT:], maxlen=KEPT) for key, kept in before.items()}
        self.first = {key: run[0] for key, kept in before.items() if key in last
                      and (run := [breach for breach in kept if breach.date == last[key].date])}


def caused(change: Change, breach: Facts) -> bool:
    """Whether the breach was recorded by the event or timer that made the change."""
    if breach.provision != change.provision:
        return False
    if breach.instance is not None and breach.instance != getattr(change, "instance", None):
        return False  # another instance's breach, by the same rule or timer at the same date
    if change.cause == "event":
        return breach.kind == "event" and breach.rule == change.rule and breach.line == change.line and breach.date == change.date
    return change.cause == "timer" and breach.kind != "event" and breach.rule == change.timer and breach.date == change.date
