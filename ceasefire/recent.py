"""The breaches a change of state may have been caused by: the last few of each provision, rule and instance.

A change is explained by the breach its event or timer recorded (``caused``: the same provision, rule or timer, date,
line and instance). Within one instant the explanation is told the breaches before the changes, and an event known only
roughly (a bare date, an interval) is applied after the timed events of its instant: so when an instant holds several
breaches of one key (a day's convoy attacks in a log of bare dates, a timed attack and a held one), the one a change was
caused by is not always the last told. ``Recent`` keeps the last breach of each key and the ``KEPT`` before it, a bounded
number: memory grows with the keys, not the log.
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
    """The last breach of each provision, rule and instance (the mapping), and the few told before it (``before``)."""

    __slots__ = ("before",)

    def __init__(self) -> None:
        super().__init__()
        self.before: dict[Key, deque[Facts]] = {}

    def told(self, key: Key, breach: Facts) -> None:
        """``breach`` is now the last of its key; the one it follows is kept among those before it."""
        old = self.get(key)
        if old is not None:
            kept = self.before.get(key)
            if kept is None:
                kept = self.before[key] = deque(maxlen=KEPT)
            kept.append(old)
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
        return None

    def pending(self, instant: Callable[[str], datetime]) -> dict[Key, list[Facts]]:
        """The breaches before each key's last that a change still to come may be caused by, for a snapshot: those of the
        last's instant (``instant`` reads a shown date), as an instant's changes come after its breaches."""
        out: dict[Key, list[Facts]] = {}
        for key, kept in self.before.items():
            at = instant(self[key].date)
            same = [breach for breach in kept if instant(breach.date) == at]
            if same:
                out[key] = same
        return out

    def restore(self, last: dict[Key, Facts], before: dict[Key, list[Facts]]) -> None:
        """Take a snapshot's breaches (``snapshot.load_tracker``)."""
        self.update(last)
        self.before = {key: deque(kept[-KEPT:], maxlen=KEPT) for key, kept in before.items()}


def caused(change: Change, breach: Facts) -> bool:
    """Whether the breach was recorded by the event or timer that made the change."""
    if breach.provision != change.provision:
        return False
    if breach.instance is not None and breach.instance != getattr(change, "instance", None):
        return False  # another instance's breach, by the same rule or timer at the same date
    if change.cause == "event":
        return breach.kind == "event" and breach.rule == change.rule and breach.line == change.line and breach.date == change.date
    return change.cause == "timer" and breach.kind != "event" and breach.rule == change.timer and breach.date == change.date
