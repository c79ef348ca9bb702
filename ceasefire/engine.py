"""The compliance engine: replays events against an agreement in event time.

It matches each event to the pack's rules, records breaches as facts, and triggers the
provisions' machines (``machines``), whose states arm and disarm the timers that the
scheduler (``timers``) fires in date order. It holds the provisions' states, the armed
timers and the findings not yet handed out, never the log.

Time only moves forward: a timer due at or before an event's instant fires first, at its own
date. Events with a bare date are applied at the end of their day, after the day's timed
events; a timer's finding is held until its day is over, since such an event may still come
and make it uncertain.
"""

from __future__ import annotations

from bisect import insort
from datetime import date, datetime
from typing import Any

from .agreement import SEVERITY_RANK, STATUS_RANK, STATUSES, Agreement, Rule
from .dates import day_bounds, show
from .errors import PackError
from .events import Event
from .report import Breach, Change
from .matching import Matcher, severity_of
from .machines import Instance, can_move, enter_initial, machines_for
from .settle import Settling
from .timers import Key, Scheduler

__all__ = ["Engine", "MAX_FIRINGS"]

MAX_FIRINGS = 1000
"""How often one timer may fire with no event between: more is a pack whose timers loop."""


class Engine:
    """One replay of one agreement. Feed it events in order; read states, status and findings."""

    def __init__(self, agreement: Agreement) -> None:
        self.agreement = agreement
        self._zone = agreement.timezone
        self._provisions = agreement.provisions
        self._index = {p.id: i for i, p in enumerate(self._provisions)}
        self._machines = machines_for(agreement)
        self.timers = Scheduler(self._provisions, self._state_of)
        self._models = [Instance(i, p.initial, self.timers, self._changed) for i, p in enumerate(self._provisions)]
        self.changes: list[Change] = []
        """Every change of a provision's state so far, in order (read it, or empty it once handed on)."""
        self._now: datetime | None = None
        self._started = False
        self._ended = False
        self._edge: datetime | None = agreement.start  # the start, then the end, while still ahead
        self._worst = 0
        self._matcher = Matcher(agreement)
        self.pending = Settling()
        """Findings recorded but not yet handed out by ``drain`` (true while there are any)."""
        self._held: list[Event] = []  # events known only roughly (a bare date, an interval), by their end

    # -- what a caller reads -------------------------------------------------------------

    @property
    def now(self) -> datetime | None:
        """The engine's clock: the latest instant it has reached (UTC), or None before any."""
        return self._now

    @property
    def states(self) -> dict[str, str]:
        """Each provision's current state, by provision id."""
        return {p.id: m.state for p, m in zip(self._provisions, self._models)}

    @property
    def status(self) -> str:
        """The agreement's status now: pending, holding, fragile, in_doubt or collapsed."""
        if not self._started:
            return "pending"
        rank = max(STATUS_RANK[p.status_of(m.state)] for p, m in zip(self._provisions, self._models))
        floor = self.agreement.fragile_from
        if floor is not None and self._worst >= SEVERITY_RANK[floor]:
            rank = max(rank, STATUS_RANK["fragile"])
        return STATUSES[rank]

    def drain(self) -> list[Breach]:
        """Hand out, in order, the findings that are settled since the last call."""
        return self.pending.drain()

    # -- what a caller does --------------------------------------------------------------

    def feed(self, event: Event) -> None:
        """Apply one event. Events must come in date order (one known roughly: its end no earlier than what came before).

        An event known only roughly (a bare date, an interval) is held and applied at its end,
        after every event that comes before that end.
        """
        if self._held and self._held[0].instant < event.instant:
            self._flush(event.instant)
        first = self._first(event)
        if first is not None:
            insort(self._held, event, key=_end)
            self.pending.close_before(self._local_day(first))
            self._reach(first)  # nothing can come before it begins
            return
        self._apply(event, event.instant, uncertain=False)
        if self.pending.holding:
            self.pending.close_before(self._local_day(event.instant))

    def _reach(self, instant: datetime) -> None:
        """Let time pass to ``instant``: fire what is due by then, and move the clock."""
        due = self.timers.due
        if (due is not None and instant >= due) or (self._edge is not None and instant >= self._edge):
            self._run(instant)
        if self._now is None or instant > self._now:
            self._now = instant

    def advance(self, instant: datetime) -> None:
        """Move the clock to ``instant``, applying held bare-date events and firing due timers."""
        if self._held and self._held[0].instant <= instant:
            self._flush(instant, inclusive=True)
        self._run(instant)
        if self._now is None or instant > self._now:
            self._now = instant
        self.pending.close_before(self._local_day(instant))

    def finish(self, instant: datetime | None) -> None:
        """End of the log: apply everything held, advance to ``instant`` (None: stay), settle all."""
        if self._held:
            self._flush(None)
        if instant is not None:
            self.advance(instant)
        self.pending.close_all()

    # -- events --------------------------------------------------------------------------

    def _apply(self, event: Event, at: datetime, uncertain: bool) -> set[str] | tuple[()]:
        """Apply an event's rules at ``at``; return the provisions whose rules matched it."""
        self._reach(at)
        if not self._started:
            return ()
        rules = self._matcher.rules(event.type)
        if not rules:
            return ()
        first = self._first(event)
        if first is not None:
            end = self.agreement.end
            if end is not None and first >= end:
                return ()
            uncertain = uncertain or first < self.agreement.start or (end is not None and at >= end)
        elif self._ended:
            return ()
        return {rule.provision for rule in rules if self._apply_rule(rule, event, at, uncertain)}

    def _apply_rule(self, rule: Rule, event: Event, at: datetime, uncertain: bool) -> bool:
        if not self._matcher.admits(rule, event):
            return False
        severity = severity_of(rule, event.casualties)
        rank = SEVERITY_RANK[severity] if severity is not None else 0
        when = self._when(event)
        if severity is not None:
            claimed = event.claimed_target
            self._record(
                Breach.of_event(rule, event, severity, when, uncertain, claimed if claimed in self.agreement.designated else None),
                rank,
                at,
            )
        if rule.trigger is not None:
            least = SEVERITY_RANK[rule.trigger_from] if rule.trigger_from is not None else 0
            cause = {"cause": "event", "rule": rule.id, "line": event.line, "event_id": event.id, "event_type": event.type}
            self._fire(self._index[rule.provision], rule.trigger, at, rank=rank, least=least, date=when, cause=cause)
        return True

    def _flush(self, before: datetime | None, inclusive: bool = False) -> None:
        """Apply, each at its end, the held events that end before ``before`` (None: all of them)."""
        held = self._held
        cut = len(held)
        if before is not None:
            cut = next((i for i, e in enumerate(held) if e.instant > before or (e.instant == before and not inclusive)), len(held))
        events, self._held = held[:cut], held[cut:]
        for event in events:
            matched = self._apply(event, event.instant, uncertain=False)
            # A timer of a provision this event touched, due inside its interval, may have come after it.
            if matched:
                self.pending.uncertain(self._first(event), event.instant, matched)  # type: ignore[arg-type]

    def _first(self, event: Event) -> datetime | None:
        """The first instant an event known only roughly may have happened at (None: known to the instant)."""
        if event.start is not None:
            return event.start
        return day_bounds(event.day, self._zone)[0] if event.day is not None else None

    def _when(self, event: Event) -> str:
        """An event's date as reports show it: a bare date as given, an interval as ``start/end``."""
        if event.day is not None:
            return event.day.isoformat()
        if event.start is not None:
            return f"{show(event.start, self._zone)}/{show(event.instant, self._zone)}"
        return show(event.instant, self._zone)

    # -- time ----------------------------------------------------------------------------

    def _run(self, until: datetime) -> None:
        """Fire, in date order, everything due at or before ``until``: the start, timers, the end."""
        fired: dict[Key, int] = {}
        timers = self.timers
        while True:
            if not self._started:
                if self.agreement.start > until:
                    return
                self._now = self.agreement.start
                self._start()
                continue
            end = self.agreement.end if not self._ended else None
            nxt = timers.peek()
            if end is not None and (nxt is None or end <= nxt):
                if end > until:
                    return
                self._now = end
                self._end()
                continue
            taken = timers.pop(until)
            if taken is None:
                return
            due, key = taken
            self._now = due
            fired[key] = count = fired.get(key, 0) + 1
            if count > MAX_FIRINGS:
                self._loop(key, until)
            self._fire_timer(key, due)

    def _loop(self, key: Key, until: datetime) -> None:
        timer = self.timers.timer(key)
        raise PackError(
            f"timer {timer.id!r} fired {MAX_FIRINGS} times with no event before {show(until, self._zone)}: "
            "the pack's timers move its provisions in a loop (ceasefire lint names it)",
            path=self.agreement.path or self.agreement.id,
            key=f"provisions.{self._provisions[key[0]].id}.timers",
        )

    def _start(self) -> None:
        at = self.agreement.start
        self._started = True
        self._edge = self.agreement.end
        for i, provision in enumerate(self._provisions):
            for j, timer in enumerate(provision.timers):
                if timer.kind == "deadline" and timer.start == "start":
                    self.timers.arm_if_unmet((i, j), at)
            enter_initial(self._machines[i], self._models[i], at)
        for i, provision in enumerate(self._provisions):
            if provision.on_start is not None:
                self._fire(i, provision.on_start, at, cause={"cause": "start"})
        self._check_ripe(at)

    def _end(self) -> None:
        self._ended = True
        self._edge = None
        self.timers.clear()

    def _fire_timer(self, key: Key, at: datetime) -> None:
        if not self.timers.fired(key):
            return
        timer = self.timers.timer(key)
        provision = self._provisions[key[0]]
        if timer.breach is not None:
            self._record(
                Breach.of_timer(provision.id, timer, show(at, self._zone)),
                SEVERITY_RANK[timer.breach.severity],
                at,
                timer=True,
            )
        if timer.trigger is not None:
            self._fire(key[0], timer.trigger, at, cause={"cause": "timer", "timer": timer.id})

    def _check_ripe(self, at: datetime) -> None:
        ripe = self.timers.ripe
        for key in sorted(ripe):
            if key in ripe and self.timers.requirements_met(self.timers.timer(key)):
                ripe.discard(key)
                self._fire_timer(key, at)

    # -- states and findings -------------------------------------------------------------

    def _fire(self, index: int, trigger: str, at: datetime, rank: int = 0, least: int = 0, date: str | None = None,
              cause: dict[str, object] | None = None) -> None:
        """Trigger a provision's machine, unless the machine says no transition can change its state."""
        model, machine = self._models[index], self._machines[index]
        if not can_move(machine, trigger, model.state):
            return
        before = model.state
        machine.events[trigger].trigger(model, at=at, rank=rank, least=least, date=date, cause=cause or {})
        if model.state != before:
            self._check_ripe(at)

    def _changed(self, model: Instance, before: str, after: str, how: dict[str, Any]) -> None:
        """The machine moved a provision: keep the change, with when and why."""
        date = how.get("date") or show(how["at"], self._zone)
        self.changes.append(Change(self._provisions[model.index].id, date, before, after, **how["cause"]))

    def _record(self, breach: Breach, rank: int, at: datetime, timer: bool = False) -> None:
        if timer:
            self.pending.add_timer(breach, self._local_day(at), at)
        else:
            self.pending.add(breach)
        if rank > self._worst:
            self._worst = rank
        self.timers.breach(breach.provision, rank, at)

    def _state_of(self, provision: str) -> str:
        return self._models[self._index[provision]].state

    def _local_day(self, instant: datetime) -> date:
        return instant.astimezone(self._zone).date()


def _end(event: Event) -> datetime:
    return event.instant
