"""The compliance engine: replays events against an agreement in event time.

It matches each event to the pack's rules, records breaches as facts, and triggers the
provisions' machines (``machines``), whose states arm and disarm the timers that the
scheduler (``timers``) fires in date order. It holds the provisions' states, the armed
timers and the findings not yet handed out, never the log.

Time only moves forward: a timer due at or before an event's instant fires first, at its own
date. An event known only roughly (a bare date, an interval) counts at its end; a timer's
finding is held until its day is over, since such an event may still make it uncertain.
"""

from __future__ import annotations

from bisect import insort
from datetime import UTC, date, datetime
from operator import attrgetter

from .agreement import SEVERITY_RANK, STATUS_RANK, STATUSES, Agreement
from .dates import day_bounds, show
from .effects import Effects
from .errors import PackError
from .events import Event
from .machines import direct, machines_for
from .matching import Matcher
from .provisions import Provisions
from .found import Found
from .report import Change, Extension
from .settle import Settling
from .shown import ShownDates
from .timers import Key, Scheduler, later

__all__ = ["Engine", "MAX_FIRINGS"]

MAX_FIRINGS = 1000
"""How often one timer may fire with no event between: more is a pack whose timers loop (a quota's windows aside)."""
MAX_WINDOWS = 100_000
"""How many windows a quota may close with no event between."""
_DAWN = datetime.min.replace(tzinfo=UTC)


class Engine(Effects):
    """One replay of one agreement. Feed it events in order; read states, status and findings."""

    def __init__(self, agreement: Agreement) -> None:
        self.agreement = agreement
        self._zone = agreement.timezone
        self._shown, self._acts = ShownDates(self._zone), {}  # an instant shown in the zone; what each rule does (effects._acts)
        self._provisions = agreement.provisions
        self._index = {p.id: i for i, p in enumerate(self._provisions)}
        self._machines = machines_for(agreement)
        self._direct = [direct(m) for m in self._machines]
        self.timers = Scheduler(self._provisions, lambda i, slot: self._instances.state(i, slot),
                                lambda i, model: self._instances.slots(i, model))  # the instances, made just below
        self._instances = Provisions(agreement, self.timers, self._changed)
        self._timer_ref = {t.id: (i, j) for i, p in enumerate(self._provisions) for j, t in enumerate(p.timers)}
        self.changes: list[Change] = []
        """Every change of a provision's state so far, in order (read it, or empty it once handed on)."""
        self.extensions: list[Extension] = []
        """Every deadline (or the agreement's end) the parties moved, in order."""
        self.out_of_area = 0
        """Events that met a rule by type but lay outside its area."""
        self._observed: dict[str, str | None] = {}  # provision -> since when it is unobserved (None: observed again)
        self._declared: set[str] = set()  # who has declared the ceasefire over
        self._now: datetime | None = None
        self._started = self._ended = False
        self._end_at = agreement.end
        self._in_force = [False] * len(self._provisions)
        forces = [(agreement.signed if p.in_force == "signed" else agreement.start if p.in_force == "start" else p.in_force, i)
                  for i, p in enumerate(self._provisions)]
        self._forces = sorted((at or agreement.start, i) for at, i in forces)  # provisions still to come into force, by date
        self._edge: datetime | None = None
        self._edge_changed()
        self._worst = 0
        self._lagging = [p.implementation_only for p in self._provisions]  # duties whose breaches weigh on the implementation only
        self._fragile_rank = None if agreement.fragile_from is None else SEVERITY_RANK[agreement.fragile_from]
        self._last_fragile: datetime | None = None
        self._matcher = Matcher(agreement, self._in_force)
        self._plans = self._matcher.by_type
        self.pending = Settling()
        """Findings recorded but not yet handed out by ``drain`` (true while there are any)."""
        self._waiting = self.pending.held  # timer findings waiting for their day to close
        self.drain = self.pending.drain  # type: ignore[method-assign]  # ``drain`` itself, without a call around it per event
        self._held: list[Event] = []  # events known only roughly (a bare date, an interval), by their end
        self._open_until = _DAWN  # a timed event before this instant closes no day (none held)

    # -- what a caller reads -------------------------------------------------------------

    @property
    def now(self) -> datetime | None:
        """The engine's clock: the latest instant it has reached (UTC), or None before any."""
        return self._now

    @property
    def states(self) -> dict[str, str]:
        """Each provision's current state (for one kept per party: the state of the instance that sets its status)."""
        return self._instances.states()

    @property
    def instances(self) -> dict[str, dict[str, str]]:
        """Each per-party or per-field provision's instances and their states."""
        return self._instances.instances()

    @property
    def unobserved(self) -> dict[str, str]:
        """The provisions no monitor can observe now, and since when."""
        return {p: since for p, since in self._observed.items() if since is not None}

    @property
    def status(self) -> str:
        """The agreement's status now: pending, holding, fragile, in_doubt or collapsed."""
        if not self._started:
            return "pending"
        rank = self._instances.status()
        floor, span = self.agreement.fragile_from, self.agreement.fragile_for
        if floor is not None and self._worst >= SEVERITY_RANK[floor]:
            lasting = span is None or self._last_fragile is None or self._now is None or self._now < later(self._last_fragile, span)
            if lasting:
                rank = max(rank, STATUS_RANK["fragile"])
        return STATUSES[rank]

    @property
    def implementation(self) -> str:
        """How the agreement's other provisions are being carried out: on_track, behind or stalled."""
        return self._instances.implementation()

    def drain(self) -> list[Found]:
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
        if event.day is None and event.start is None:  # the common event, known to the instant: _apply, inline
            at = event.instant
            due = self.timers.due
            if (due is not None and at >= due) or (self._edge is not None and at >= self._edge):
                self._run(at)
            if self._now is None or at > self._now:
                self._now = at
            plans = self._plans.get(event.type)
            if plans is None:
                plans = self._matcher.plans(event.type)
            if plans and not self._ended:  # plans are of provisions in force only
                self._apply_rules(plans, event, at, False)
            if self._waiting and at >= self._open_until:
                self._close_before(at)
            return
        first = self._first(event)  # known only roughly: held until its end
        insort(self._held, event, key=attrgetter("instant"))
        self._close_before(first)  # type: ignore[arg-type]
        self._reach(first)  # type: ignore[arg-type]  # nothing can come before it begins

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
        self._close_before(instant)

    def finish(self, instant: datetime | None) -> None:
        """End of the log: apply everything held, advance to ``instant`` (None: stay), settle all."""
        if self._held:
            self._flush(None)
        if instant is not None:
            self.advance(instant)
        self.pending.close_all()

    # -- events --------------------------------------------------------------------------

    def _apply(self, event: Event, at: datetime, uncertain: bool) -> set[str] | tuple[()] | None:
        """Apply an event's rules at ``at``; return the provisions whose rules matched it."""
        self._reach(at)
        rules = self._plans.get(event.type) or self._matcher.plans(event.type)
        if not rules:  # of provisions in force only
            return ()
        first = None if event.day is None and event.start is None else self._first(event)
        if first is not None:
            end = self._end_at
            if end is not None and first >= end:
                return ()
            uncertain = uncertain or first < self.agreement.start or (end is not None and at >= end)
        elif self._ended:
            return ()
        return self._apply_rules(rules, event, at, uncertain)

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

    def _close_before(self, instant: datetime) -> None:
        """No event can come on a local day before ``instant``'s; a held event's days stay open (its end may make their findings uncertain)."""
        capped = False
        for event in self._held:
            first = self._first(event)
            if first is not None and first < instant:
                instant, capped = first, True
        day = self._local_day(instant)
        self.pending.close_before(day)
        self._open_until = _DAWN if capped else day_bounds(day, self._zone)[1]  # before it, closing again closes nothing

    def _first(self, event: Event) -> datetime | None:
        """The first instant an event known only roughly may have happened at (None: known to the instant)."""
        if event.start is not None:
            return event.start
        return day_bounds(event.day, self._zone)[0] if event.day is not None else None

    # -- time ----------------------------------------------------------------------------

    def _run(self, until: datetime) -> None:
        """Fire, in date order, everything due at or before ``until``: provisions coming into force, the start, timers, the end."""
        fired: dict[Key, int] = {}
        timers = self.timers
        while True:
            edge = self._edge
            nxt = timers.peek()
            if edge is not None and (nxt is None or edge <= nxt):
                if edge > until:
                    return
                self._now = edge
                self._cross(edge)
                continue
            taken = timers.pop(until)
            if taken is None:
                return
            due, key = taken
            self._now = due
            fired[key] = count = fired.get(key, 0) + 1
            if count > (MAX_WINDOWS if timers.timer(key).kind == "quota" else MAX_FIRINGS):
                self._loop(key, until)
            self._fire_timer(key, due)

    def _edge_changed(self) -> None:
        """The next instant at which provisions come into force, the agreement starts, or it ends."""
        edges = [self._forces[0][0]] if self._forces else []
        if not self._started:
            edges.append(self.agreement.start)
        elif not self._ended and self._end_at is not None:
            edges.append(self._end_at)
        self._edge = min(edges) if edges else None

    def _cross(self, at: datetime) -> None:
        """At ``at``: provisions come into force, the agreement starts, or it ends (in that order)."""
        coming = []
        while self._forces and self._forces[0][0] <= at:
            coming.append(self._forces.pop(0)[1])
        if coming:
            for i in coming:
                self._in_force[i] = True
                for model in self._instances.models[i]:
                    self._enter(i, model, at)
            self._matcher.forget()  # the rules of the provisions come into force now apply
            for i in coming:
                on_start = self._provisions[i].on_start
                if on_start is not None:
                    self._fire(i, on_start, at, cause=("start", None, None, None, None, None))
            self._check_ripe(at)
        if not self._started and self.agreement.start <= at:
            self._started = True
        elif self._started and not self._ended and self._end_at is not None and self._end_at <= at and not coming:
            self._ended = True
            self.timers.clear()
        self._edge_changed()

    def _loop(self, key: Key, until: datetime) -> None:
        raise PackError(f"timer {self.timers.timer(key).id!r} fired {MAX_FIRINGS} times with no event before {show(until, self._zone)}: "
                        "the pack's timers move its provisions in a loop (ceasefire lint names it)",
                        path=self.agreement.path or self.agreement.id, key=f"provisions.{self._provisions[key[0]].id}.timers")

    def _local_day(self, instant: datetime) -> date:
        return instant.astimezone(self._zone).date()
