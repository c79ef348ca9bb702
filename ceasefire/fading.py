"""Fragility after breaches: the spans it lasts (``fragile_for`` past each breach at or above ``fragile_from``), joined.

A ``Tracker`` keeps them as ``[enter, breach, leave]`` lists (``leave`` None: for ever), in date
order, a bounded number. Most breaches of a log fall in the last span and only make it last
longer; ``Fading`` tells those from their shown dates alone (the same offset, the same day or
hour as the breach before, no earlier), without reading each date as an instant: the last of
them is read once, when the span's end is next needed (``fold``).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Callable

from .timers import later

__all__ = ["MAX_SPANS", "Fading", "first_spell", "spread"]

MAX_SPANS = 10_000
"""Spans remembered (of a fragile worst weight while no breach has set the floor; of fragility after breaches)."""


def spread(spans: list[list[Any]], at: datetime, breach: Any, leave: datetime | None) -> bool:
    """Count a breach at ``at`` whose fragility lasts until ``leave`` (None: for ever); return whether it is in the last span."""
    if spans:
        span = spans[-1]
        end = span[2]
        if span[0] <= at and (end is None or end >= at):  # within the last span, as most are: it lasts longer
            span[2] = None if leave is None or end is None else max(end, leave)
            return True
    i = len(spans)
    while i and spans[i - 1][0] > at:  # a breach told late (a timer's, held for its day) goes in its place
        i -= 1
    inserted = not (i and (spans[i - 1][2] is None or spans[i - 1][2] >= at))
    if not inserted:  # within the span before: it lasts longer, perhaps into the next (joined below)
        i -= 1
        spans[i][2] = None if leave is None or spans[i][2] is None else max(spans[i][2], leave)
    else:
        spans.insert(i, [at, breach, leave])
    while i + 1 < len(spans) and (spans[i][2] is None or spans[i + 1][0] <= spans[i][2]):
        nxt = spans.pop(i + 1)
        spans[i][2] = None if spans[i][2] is None or nxt[2] is None else max(spans[i][2], nxt[2])
    last = inserted and i == len(spans) - 1
    del spans[:-MAX_SPANS]
    return last


class Fading:
    """The quick way for a breach whose shown date says it falls in the last span (see the module's docstring)."""

    __slots__ = ("_cut", "_instant", "_span", "bound", "last", "pending", "tail")

    def __init__(self, span: timedelta | None, instant: Callable[[str], datetime]) -> None:
        self._span, self._instant = span, instant
        self._cut = 10 if span is not None and span >= timedelta(days=1) else 13 if span is not None and span >= timedelta(hours=1) else 0
        self.last: str | None = None
        """The shown date of the last breach counted, when it lies in the last span (a date to the second with an offset;
        None also when no span is long enough for the quick way: ``within`` then never says yes)."""
        self.bound, self.tail = "", ""
        """The least text after every date that begins with ``last``'s local day (or hour), and ``last``'s offset: a date from
        ``last`` to before ``bound`` begins with that day (its characters are ASCII), and one ``within`` ends with that offset."""
        self.pending: str | None = None
        """The last breach's date whose end the last span does not hold yet (``fold``)."""

    def within(self, date: str) -> bool:
        """Whether a breach shown at ``date`` falls in the last span for sure: the same offset and local day (or hour, for
        a span shorter than a day) as the last breach counted, and no earlier; then it is the one whose end is pending."""
        last = self.last
        if last is not None and last <= date < self.bound and date[19:] == self.tail and len(date) == 25:
            self.last = self.pending = date  # (of the same day or hour and offset: bound and tail stay)
            return True
        return False

    def counted(self, date: str, last: bool) -> None:
        """A breach shown at ``date`` was counted the long way (``last``: it lies in the last span)."""
        timed = len(date) == 25 and date[10] == "T" and date[19] in "+-" and date[13] == date[16] == ":"
        self.last = date if last and timed and self._cut else None
        if self.last is not None:
            self.bound, self.tail = date[:self._cut] + "\x7f", date[19:]

    def fold(self, spans: list[list[Any]]) -> None:
        """Make the last span last as long as the pending breach makes it."""
        date, self.pending = self.pending, None
        if date is not None and spans and spans[-1][2] is not None and self._span is not None:
            spans[-1][2] = max(spans[-1][2], later(self._instant(date), self._span))


def first_spell(runs: list[list[Any]], faded: list[list[Any]], down: tuple[datetime, str] | None) -> tuple[datetime, str] | None:
    """When the present fragile spell began: the fragile worst weights' spans (``runs``) and the breaches' (``faded``), joined, since the last fall."""
    spans = sorted([(s[0], s[1], s[2]) for s in runs] + [(s[0], s[1].date, s[2]) for s in faded], key=lambda span: span[0])
    first: tuple[datetime, str] | None = None
    until: datetime | None = None
    for enter, shown, leave in spans:
        if first is None or (until is not None and enter > until):
            first, until = (enter, shown), leave
        elif until is not None:
            until = None if leave is None else max(until, leave)
    if first is not None and down is not None and first[0] <= down[0]:
        return down
    return first
