"""Following one replay's changes and breaches as they come, keeping only what an explanation needs.

The status at an instant is the worst weight of the provisions' states then (the pack's ``Provision.status_of``),
and at least ``fragile`` for the pack's ``fragile_for`` after each breach at or above its ``fragile_from`` (for ever
when it sets no span), as the engine judges it; the status is *since* the last instant it took its present value.
The tracker holds each provision's last change (and, with ``keep``, its whole history), when the worst weight last
took each value, and the last spans of fragility (of a fragile worst weight, and after breaches), a bounded number
of each: memory does not grow with the log.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import suppress
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import attrs

from .agreement import SEVERITY_RANK, STATUS_RANK, Agreement, Timer
from .dates import show, shown_instant
from .fading import MAX_SPANS, Fading, first_spell, spread
from .found import Found, fields_at
from .keptrow import Row
from .recent import Recent, caused
from .report import Breach, Change
from .story import Explanation, Step, Story
from .timers import later
if TYPE_CHECKING: from .found import Facts  # noqa: E701  # a breach's facts: a Breach, a Found, a Row

__all__ = ["Tracker"]

_FRAGILE = STATUS_RANK["fragile"]


class Tracker:
    """Follows the changes and breaches of one replay, as they come, keeping what an explanation needs.

    Fed in the order the engine recorded them (or, for breaches, a little later: a breach that sets the floor may come after
    changes dated after it), it gives the same since as a replay of the whole history. ``keep`` also keeps every change, for
    ``Story.history``. A breach may be told as a packed log's light row: the few the explanation keeps are made ``Breach``
    records when it is given, the others never are.
    """

    def __init__(self, agreement: Agreement, keep: bool = False) -> None:
        self.agreement = agreement
        self._zone = agreement.timezone
        self._keep = keep
        self._weights = {p.id: p for p in agreement.provisions}
        self._lagging = {p.id for p in agreement.provisions if p.implementation_only}  # duties whose breaches date no fragility
        self._states: dict[tuple[str, str | None], str] = {(p.id, None): p.initial for p in agreement.provisions}
        self._ranks: dict[int, int] = {}  # how many of the states weigh each rank: the worst without a scan per change
        for (provision, _), state in self._states.items():
            self._count(provision, state, 1)
        self._last: dict[tuple[str, str | None], Change] = {}
        self._linked: dict[tuple[str, str | None], Facts] = {}
        self._recent = Recent()  # the last breaches of each provision, rule and instance
        self._history: dict[tuple[str, str | None], list[Step]] = {}
        self._w: int | None = None  # the worst weight now (None before the start)
        self._entered: dict[int, tuple[datetime, str]] = {}  # weight -> when the worst weight last became it
        self._down: tuple[datetime, str] | None = None  # when the worst weight last fell to fragile or below
        self._runs: list[list[Any]] = []  # [enter, shown, leave] spans of a fragile worst weight since then
        self._faded: list[list[Any]] = []  # [enter, breach, leave] spans of fragility after breaches (leave None: for ever)
        self._least = SEVERITY_RANK[agreement.fragile_from] if agreement.fragile_from else None
        self._span = agreement.fragile_for
        self._shown, self._at = "", datetime.min  # the last breach's date read, and its instant
        self._offsets: dict[str, timedelta] = {}  # a date's offset (``+03:00``) as a span
        self.fading = Fading(self._span, self._instant)  # (read by a caller that tells a run of breaches of one shape at once)

    def _instant(self, shown: str) -> datetime:
        """``shown_instant``; a date to the second with an offset read before, as a breach's is, as UTC less that offset (quicker)."""
        timed = len(shown) == 25 and shown[10] == "T" and shown[19] in "+-" and shown[4] == shown[7] == "-"  # as shown_instant's
        offset = self._offsets.get(shown[19:]) if timed else None
        if offset is not None:
            try:
                return datetime.fromisoformat(shown[:19] + "+00:00") - offset
            except (ValueError, OverflowError):
                pass
        at = shown_instant(shown, self._zone)
        if timed and len(self._offsets) < 64:
            with suppress(ValueError, OverflowError):  # read as shown_instant reads it: the offset, found once
                self._offsets[shown[19:]] = datetime.fromisoformat(shown[:19] + "+00:00") - at
        return at

    def _begin(self) -> None:
        if self._w is None:
            self._set(self._worst(), self.agreement.start, show(self.agreement.start, self._zone))

    def _worst(self) -> int:
        return max((rank for rank, count in self._ranks.items() if count), default=0)

    def _count(self, provision: str, state: str, by: int) -> None:
        rank = STATUS_RANK[self._weight(provision, state)]
        self._ranks[rank] = self._ranks.get(rank, 0) + by

    def _weight(self, provision: str, state: str) -> str:
        known = self._weights.get(provision)
        return known.status_of(state) if known is not None else "holding"

    def feed(self, item: Change | Facts) -> None:
        """Take a change or a breach, whichever it is."""
        (self.change if isinstance(item, Change) else self.breach)(item)  # type: ignore[arg-type]  # the isinstance picks the method

    def change(self, change: Change, at: datetime | None = None) -> None:
        """A provision changed state (``at``: its instant, when the caller has read it from its date)."""
        if self._w is None:  # (_begin's own test: begun already, nothing to do)
            self._begin()
        key = (change.provision, getattr(change, "instance", None))
        before = self._states.get(key)
        self._states[key] = change.after
        if moved := before is None or ((w := self._weights.get(change.provision)) is not None and w.status_of(before) != w.status_of(change.after)):  # (else: the same weight, the counts and the worst stay)
            if before is not None:
                self._count(change.provision, before, -1)
            self._count(change.provision, change.after, 1)
        self._last[key] = change
        self._linked.pop(key, None)
        name = change.rule if change.cause == "event" else change.timer
        recent = self._recent.cause(change, key[1], name or "") if self._recent else None
        if recent is not None:
            self._linked[key] = recent
        if self._keep:
            self._history.setdefault(key, []).append(Step(change, self.anchor(change)[1], self._linked.get(key)))
        worst = self._worst() if moved else self._w
        if worst != self._w:  # the date is read back only when the worst weight moves
            self._set(worst, self._instant(change.date) if at is None else at, change.date)  # type: ignore[arg-type]

    def breach(self, breach: Facts, at: datetime | None = None) -> None:
        """A breach was recorded (it may set the floor, and explain the change its event or timer made; ``at`` as for ``change``)."""
        if type(breach) is Found or type(breach) is Row:  # recorded, or kept and read back: its facts by place, at once
            provision, rule, severity, date, alleged, instance = _FACTS(breach)
        else:
            provision, rule, severity, date = breach.provision, breach.rule, breach.severity, breach.date
            alleged, instance = getattr(breach, "alleged", False), getattr(breach, "instance", None)
        self._recent.told((provision, rule, instance), breach)
        key = (provision, instance)
        last = self._last.get(key)
        if last is not None and last.date == date and caused(last, breach):  # a change it caused is of its date
            self._linked[key] = breach
        steps = self._history.get(key) if self._keep else None
        if steps:
            for i in range(len(steps) - 1, max(-1, len(steps) - 9), -1):  # a timer's breach may be told a few changes late
                if steps[i].breach is None and steps[i].change.date == date and caused(steps[i].change, breach):  # (a date test first)
                    steps[i] = attrs.evolve(steps[i], breach=breach)
                    break
        if self._least is None or SEVERITY_RANK[severity] < self._least or alleged:
            return  # an alleged breach (a claim short of the rule's verification) makes nothing fragile
        if provision in self._lagging:
            return  # nor does a lagging duty: it is the implementation's
        fading = self.fading
        if at is None and fading.within(date):
            return  # in the last span for sure: its end is made later once needed (fading.Fading)
        if fading.pending is not None:
            fading.fold(self._faded)
        if at is None:
            if date == self._shown:  # another breach of the same moment (two rules, one event): read once
                at = self._at
            else:
                at = self._at = self._instant(date)
                self._shown = date
        self.fading.counted(date, spread(self._faded, at, breach, None if self._span is None else later(at, self._span)))

    def weighs(self, provision: str, severity: str) -> bool:
        """Whether an established breach of this provision and severity dates fragility (as ``breach`` judges it)."""
        return self._least is not None and SEVERITY_RANK[severity] >= self._least and provision not in self._lagging

    def told(self, breach: Facts, date: str, recent: tuple[Any, ...], key: tuple[Any, ...], weighs: bool) -> None:
        """``breach`` of an established breach at ``date``, whose shape's keys the caller keeps: ``recent`` (provision, rule, instance),
        ``key`` (provision, instance), ``weighs`` (``weighs``'s), not made again for each; past the last span, ``breach`` does the rest."""
        self._recent.told(recent, breach)
        last = self._last.get(key)
        if last is not None and last.date == date and caused(last, breach):  # a change it caused is of its date
            self._linked[key] = breach
        if self._keep or (weighs and not self.fading.within(date)):
            self.breach(breach)  # the same again (idempotent), and the rest: the history kept, or the spans made longer

    def _set(self, worst: int, at: datetime, shown: str) -> None:
        old = self._w
        if worst == old:
            return
        self._w = worst
        self._entered[worst] = (at, shown)
        if (old is None or old > _FRAGILE) and worst <= _FRAGILE:
            self._down = (at, shown)
        if old == _FRAGILE and self._runs and self._runs[-1][2] is None:
            self._runs[-1][2] = at
        if worst > _FRAGILE:
            self._runs.clear()
        elif worst == _FRAGILE:
            self._runs.append([at, shown, None])
            del self._runs[:-MAX_SPANS]

    def since(self, status: str) -> str | None:
        """Since when the status has been ``status`` (None: pending, or not known from what was told)."""
        if status not in STATUS_RANK:
            return None
        self._begin()
        self.settle()
        rank = STATUS_RANK[status]
        entered = self._entered.get(rank)
        if rank == _FRAGILE and self._faded:
            first = first_spell(self._runs, self._faded, self._down)
            return first[1] if first is not None else None
        if rank == 0 and self._faded and self._faded[-1][2] is not None:  # fragility faded: holding since it did
            leave = self._faded[-1][2]
            if entered is None or entered[0] < leave:
                return show(leave, self._zone)
        return entered[1] if entered is not None else None

    def floor(self) -> Breach | None:
        """The breach that began the present spell of fragility after breaches (None: none did)."""
        self.settle()
        return _made(self._faded[-1][1]) if self._faded else None

    def settle(self) -> None:
        """Bring the spans of fragility up to date (``fading``): before they are read, or kept in a snapshot."""
        if self.fading.pending is not None:
            self.fading.fold(self._faded)

    def explanation(self, as_of: str | None, status: str, states: Mapping[str, str] | None = None,
                    implementation: str | None = None) -> Explanation:
        """The explanation of a verdict: ``status`` (the engine's) as of ``as_of``, with each provision's story."""
        stories = [self._story(key, (states or {}).get(key[0]) if key[1] is None else None) for key in self._keys()]
        stories = [self._whole(story, stories) for story in stories]
        started = status in STATUS_RANK
        causes = sorted((s for s in stories if STATUS_RANK[s.weight] > 0 and s.instance is None),  # a provision as a whole
                        key=lambda s: -STATUS_RANK[s.weight]) if started else []
        floor = None
        if status == "fragile" and not any(s.weight == "fragile" for s in causes):
            floor = self.floor()
        return Explanation(
            agreement=self.agreement.id, as_of=as_of, status=status, since=self.since(status) if started else None,
            start=show(self.agreement.start, self._zone), causes=tuple(causes), provisions=tuple(stories), floor=floor,
            kept=self._keep, implementation=implementation,
            lagging=tuple(s for s in stories if s.instance is None and implementation not in (None, "on_track")
                          and s.implementation == implementation),
        )

    def _whole(self, story: Story, stories: list[Story]) -> Story:
        """A per-party (or per-field) provision as a whole: in its state since the first of its instances in that state was."""
        provision = self._weights.get(story.provision)
        if story.instance is not None or story.change is not None or provision is None or provision.per is None:
            return story
        alike = [s for s in stories if s.provision == story.provision and s.instance is not None
                 and s.state == story.state and s.change is not None]
        if not alike:
            return story
        first = min(alike, key=lambda s: self._instant(s.change.date))  # type: ignore[union-attr]
        return attrs.evolve(story, change=first.change, breach=first.breach, timer=first.timer, anchor=first.anchor,
                            members=tuple(s.instance for s in alike if s.instance is not None))

    def _keys(self) -> list[tuple[str, str | None]]:
        order = {p.id: i for i, p in enumerate(self.agreement.provisions)}
        return sorted(self._states, key=lambda k: (order.get(k[0], len(order)), k[0], k[1] is not None, k[1] or ""))

    def anchor(self, change: Change) -> tuple[Timer | None, str | None]:
        """The timer that made a change, and when it began counting (its due date less its span)."""
        provision = self._weights.get(change.provision)
        if change.cause != "timer" or provision is None:
            return None, None
        timer = next((t for t in provision.timers if t.id == change.timer), None)
        if timer is None:
            return None, None
        return timer, show(self._instant(change.date) - timer.after, self._zone)

    def _story(self, key: tuple[str, str | None], state: str | None) -> Story:
        provision = self._weights.get(key[0])
        state = state or self._states[key]
        change = self._last.get(key)
        timer, anchor = self.anchor(change) if change is not None else (None, None)
        return Story(provision=key[0], title=provision.title if provision is not None else key[0], state=state,
                     weight=self._weight(key[0], state), instance=key[1], change=change, breach=_made(self._linked.get(key)),
                     timer=timer, anchor=anchor, history=tuple(_step(step) for step in self._history.get(key, ())),
                     timers={t.id: t for t in provision.timers} if provision is not None else {},
                     implementation=provision.implementation_of(state) if provision is not None else "on_track")


def _made(breach: Any) -> Any:
    """A breach the explanation keeps, as a ``Breach``: one told as a light row (``packed.Row``: its fields first, in order) is made one now."""
    return breach if breach is None or type(breach) is Breach or not isinstance(breach, tuple) else Breach(*breach[:_FIELDS])


def _step(step: Step) -> Step:
    return step if step.breach is None or type(step.breach) is Breach else attrs.evolve(step, breach=_made(step.breach))


_FIELDS = len(attrs.fields(Breach))
_FACTS = fields_at("provision", "rule", "severity", "date", "alleged", "instance")
"""What ``Tracker.breach`` reads of a ``Found`` or a ``Row`` (a breach's fields first, in order): provision, rule, severity, date, alleged, instance."""

