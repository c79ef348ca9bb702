"""The compliance engine: replays events against an agreement in event time.

It holds the provisions' current states, the armed timers and the findings not yet handed
out, never the log.
Time only moves forward: a timer due at or before an event's instant fires first, at its
own date. Events with a bare date are applied at the end of their day, after the day's
timed events.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import attrs

from .agreement import (
    SEVERITY_RANK,
    STATUS_RANK,
    STATUSES,
    Agreement,
    Membership,
    Rule,
    Timer,
)
from .dates import day_bounds, show
from .events import Event
from .findings import Breach
from .machines import Model, machine_for, moves_for

__all__ = ["Engine"]

_Key = tuple[int, int]  # (provision index, timer index)
_CACHE_LIMIT = 10_000


class Engine:
    """One replay of one agreement. Feed it events in order; read states, status and findings."""

    def __init__(self, agreement: Agreement) -> None:
        self.agreement = agreement
        self._zone = agreement.timezone
        self._provisions = agreement.provisions
        self._index = {p.id: i for i, p in enumerate(self._provisions)}
        self._machines = [machine_for(p) for p in self._provisions]
        self._moves = [moves_for(p) for p in self._provisions]
        self._models = [Model(p.initial) for p in self._provisions]
        self._now: datetime | None = None
        self._started = False
        self._ended = False
        self._deadlines: dict[_Key, datetime] = {}
        self._calms: dict[_Key, datetime] = {}  # armed calm timer -> start of its calm period
        self._ripe: set[_Key] = set()  # calm long enough, waiting on another provision
        self._spent: set[_Key] = set()  # fired; re-armed only when its provision leaves and re-enters
        self._watchers: dict[str, list[tuple[_Key, int]]] = {}
        # deadlines armed by another provision entering a state: (provision index, state) -> keys
        self._armed_by: dict[tuple[int, str], list[_Key]] = {}
        for i, p in enumerate(self._provisions):
            for j, timer in enumerate(p.timers):
                if timer.kind == "calm":
                    for watched in timer.watch or (p.id,):
                        self._watchers.setdefault(watched, []).append(((i, j), SEVERITY_RANK[timer.min_severity]))
                elif timer.start is not None and "." in timer.start:
                    other, _, state = timer.start.partition(".")
                    self._armed_by.setdefault((self._index[other], state), []).append((i, j))
        self._due: datetime | None = agreement.start
        self.pending: list[Breach] = []
        """Findings recorded but not yet handed out by ``drain`` (read it, do not change it)."""
        self._closed_before: date = date.min  # days before this one can hold no more events
        self._worst = 0
        self._bare: list[Event] = []
        self._bare_day: date | None = None
        self._timer_days: list[tuple[date, int, datetime]] = []  # pending timer findings: (local day, index, due)
        self._rules: dict[str, tuple[Rule, ...]] = {}
        self._gates = {r: (_gate(r.actor, r.actor_not, agreement), _gate(r.target, r.target_not, agreement)) for r in agreement.rules}

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
        """Hand out, in order, the findings that are settled since the last call.

        A finding of a timer waits until its day is over: an event of that day with only a
        date may still come and make it uncertain.
        """
        pending = self.pending
        if not pending:
            return []
        cut = len(pending)
        for day, index, _ in self._timer_days:
            if day >= self._closed_before:
                cut = index
                break
        if not cut:
            return []
        out = pending[:cut]
        del pending[:cut]  # in place: callers may hold this list
        self._timer_days = [(day, index - cut, due) for day, index, due in self._timer_days if index >= cut]
        return out

    # -- what a caller does --------------------------------------------------------------

    def feed(self, event: Event) -> None:
        """Apply one event. Events must come in date order (a bare date: no earlier than its day)."""
        day = event.day
        if day is not None:
            if self._bare and day != self._bare_day:
                self._flush()
            self._bare_day = day
            self._bare.append(event)
            if self._timer_days:
                self._close_before(day)
            return
        if self._bare and event.instant > self._bare[0].instant:
            self._flush()
        self._apply(event, event.instant, uncertain=False)
        if self._timer_days:
            self._close_before(self._local_day(event.instant))

    def advance(self, instant: datetime) -> None:
        """Move the clock to ``instant``, applying held bare-date events and firing due timers."""
        if self._bare and self._bare[0].instant <= instant:
            self._flush()
        self._run(instant)
        if self._now is None or instant > self._now:
            self._now = instant
        self._close_before(self._local_day(instant))

    def finish(self, instant: datetime | None) -> None:
        """End of the log: apply everything held, advance to ``instant`` (None: stay), settle all."""
        if self._bare:
            self._flush()
        if instant is not None:
            self.advance(instant)
        self._closed_before = date.max

    def _close_before(self, day: date) -> None:
        if day > self._closed_before:
            self._closed_before = day

    # -- events --------------------------------------------------------------------------

    def _apply(self, event: Event, at: datetime, uncertain: bool) -> set[str] | tuple[()]:
        """Apply an event's rules at ``at``; return the provisions whose rules matched it."""
        if self._due is not None and at >= self._due:
            self._run(at)
        if self._now is None or at > self._now:
            self._now = at
        if not self._started:
            return ()
        rules = self._rules.get(event.type)
        if rules is None:
            rules = tuple(r for r in self.agreement.rules if r.matches_type(event.type))
            if len(self._rules) < _CACHE_LIMIT:  # wildcards admit endless types: keep memory bounded
                self._rules[event.type] = rules
        if not rules:
            return ()
        if event.day is not None:
            first = day_bounds(event.day, self._zone)[0]
            end = self.agreement.end
            if end is not None and first >= end:
                return ()
            uncertain = uncertain or first < self.agreement.start or (end is not None and at >= end)
        elif self._ended:
            return ()
        matched = set()
        for rule in rules:
            if self._apply_rule(rule, event, at, uncertain):
                matched.add(rule.provision)
        return matched

    def _apply_rule(self, rule: Rule, event: Event, at: datetime, uncertain: bool) -> bool:
        actors, targets = self._gates[rule]
        if actors is not None and not actors[0].get(event.actor, actors[1]):
            return False
        if targets is not None and not targets[0].get(event.target, targets[1]):
            return False
        casualties = event.casualties or 0
        if rule.casualties_min is not None and casualties < rule.casualties_min:
            return False
        if rule.casualties_max is not None and casualties > rule.casualties_max:
            return False
        index = self._index[rule.provision]
        severity = rule.severity
        if severity is not None:
            for threshold, stronger in rule.escalate:
                if casualties >= threshold and SEVERITY_RANK[stronger] > SEVERITY_RANK[severity]:
                    severity = stronger
            party = event.actor if rule.party == "actor" else rule.party
            self._record(
                index,
                Breach(
                    provision=rule.provision,
                    rule=rule.id,
                    kind="event",
                    severity=severity,
                    date=event.day.isoformat() if event.day is not None else show(event.instant, self._zone),
                    party=party,
                    line=event.line,
                    event_id=event.id,
                    message=self._describe(rule, event),
                    uncertain=uncertain,
                    event_type=event.type,
                    target=event.target,
                ),
                at,
            )
        if rule.trigger is not None and (
            rule.trigger_from is None
            or (severity is not None and SEVERITY_RANK[severity] >= SEVERITY_RANK[rule.trigger_from])
        ):
            self._fire(index, rule.trigger, at)
        return True

    def _describe(self, rule: Rule, event: Event) -> str:
        words = [event.type, f"by {event.actor}" if event.actor else "by an unknown actor"]
        if event.target:
            words.append(f"on {event.target}")
        location = event.fields.get("location")
        if location:
            words.append(f"at {location}")
        if event.casualties is not None:
            words.append(f"({event.casualties} casualties)")
        text = " ".join(words)
        claimed = event.claimed_target
        if claimed and claimed in self.agreement.designated:
            who = event.actor or "the attacker"
            text += f"; {who} claims it struck {claimed}, a designated group"
        return f"{rule.message}: {text}" if rule.message else text

    def _flush(self) -> None:
        """Apply the held bare-date events at the end of their day."""
        events, day = self._bare, self._bare_day
        self._bare, self._bare_day = [], None
        at = events[0].instant
        if self._due is not None and at >= self._due:
            self._run(at)
        matched: set[str] = set()
        for event in events:
            matched.update(self._apply(event, at, uncertain=False))
        # A timer of a provision these events touched, due later than that day's first instant,
        # may have come after one of them.
        first = day_bounds(day, self._zone)[0]  # type: ignore[arg-type]  # held events always have a day
        for timer_day, index, due in self._timer_days:
            finding = self.pending[index]
            if timer_day == day and due > first and finding.provision in matched:
                self.pending[index] = attrs.evolve(finding, uncertain=True)

    # -- time ----------------------------------------------------------------------------

    def _next(self) -> tuple[datetime, int, _Key] | None:
        if not self._started:
            return (self.agreement.start, 0, (-1, -1))
        best: tuple[datetime, int, _Key] | None = None
        for key, due in self._deadlines.items():
            if best is None or (due, 1, key) < best:
                best = (due, 1, key)
        for key, anchor in self._calms.items():
            if key not in self._ripe:
                due = _later(anchor, self._timer(key).after)
                if best is None or (due, 1, key) < best:
                    best = (due, 1, key)
        end = self.agreement.end
        if end is not None and not self._ended and (best is None or end <= best[0]):
            best = (end, 2, (-1, -1))
        return best

    def _run(self, until: datetime) -> None:
        """Fire, in date order, everything due at or before ``until``."""
        while True:
            nxt = self._next()
            if nxt is None or nxt[0] > until:
                self._due = None if nxt is None else nxt[0]
                return
            due, order, key = nxt
            self._now = due
            if order == 0:
                self._start()
            elif order == 2:
                self._end()
            else:
                self._fire_timer(key, due)

    def _start(self) -> None:
        at = self.agreement.start
        self._started = True
        for i, provision in enumerate(self._provisions):
            for j, timer in enumerate(provision.timers):
                if timer.kind == "deadline" and timer.start == "start" and provision.initial not in timer.met_by:
                    self._deadlines[i, j] = _later(at, timer.after)
            self._arm(i, self._models[i].state, at)
        for i, provision in enumerate(self._provisions):
            if provision.on_start is not None:
                self._fire(i, provision.on_start, at)
        self._check_ripe(at)

    def _end(self) -> None:
        self._ended = True
        self._deadlines.clear()
        self._calms.clear()
        self._ripe.clear()

    def _timer(self, key: _Key) -> Timer:
        return self._provisions[key[0]].timers[key[1]]

    def _fire_timer(self, key: _Key, at: datetime) -> None:
        timer = self._timer(key)
        if timer.kind == "calm":
            if not self._requirements_met(timer):
                self._ripe.add(key)
                return
            del self._calms[key]
            self._spent.add(key)
        else:
            del self._deadlines[key]
        if timer.breach is not None:
            self._timer_days.append((self._local_day(at), len(self.pending), at))
            self._record(
                key[0],
                Breach(
                    provision=self._provisions[key[0]].id,
                    rule=timer.id,
                    kind=timer.kind,
                    severity=timer.breach.severity,
                    date=show(at, self._zone),
                    party=timer.breach.party,
                    line=None,
                    event_id=None,
                    message=timer.breach.message,
                ),
                at,
            )
        if timer.trigger is not None:
            self._fire(key[0], timer.trigger, at)

    def _requirements_met(self, timer: Timer) -> bool:
        return all(self._models[self._index[p]].state in states for p, states in timer.requires.items())

    def _check_ripe(self, at: datetime) -> None:
        for key in sorted(self._ripe):
            if key in self._ripe and self._requirements_met(self._timer(key)):
                self._ripe.discard(key)
                self._fire_timer(key, at)

    # -- states and findings -------------------------------------------------------------

    def _fire(self, index: int, trigger: str, at: datetime) -> None:
        model = self._models[index]
        before = model.state
        if (trigger, before) not in self._moves[index]:
            return
        self._machines[index].events[trigger].trigger(model)
        if model.state != before:
            self._arm(index, model.state, at)
            self._check_ripe(at)
            self._due = at  # timers changed: look again before the next event

    def _arm(self, index: int, state: str, at: datetime) -> None:
        """Arm and disarm the provision's timers for the state it has just entered."""
        for j, timer in enumerate(self._provisions[index].timers):
            key = (index, j)
            if timer.kind == "deadline":
                if state in timer.met_by:
                    self._deadlines.pop(key, None)
                elif timer.start == state and key not in self._deadlines:
                    self._deadlines[key] = _later(at, timer.after)
            elif state in timer.states:
                if key not in self._calms and key not in self._spent:
                    self._calms[key] = at
            else:
                self._calms.pop(key, None)
                self._ripe.discard(key)
                self._spent.discard(key)
        for key in self._armed_by.get((index, state), ()):
            owner = self._models[key[0]].state
            if key not in self._deadlines and owner not in self._timer(key).met_by:
                self._deadlines[key] = _later(at, self._timer(key).after)

    def _record(self, index: int, breach: Breach, at: datetime) -> None:
        self.pending.append(breach)
        rank = SEVERITY_RANK[breach.severity]
        self._worst = max(self._worst, rank)
        for key, least in self._watchers.get(breach.provision, ()):
            if rank >= least and key in self._calms:
                if at > self._calms[key]:
                    self._calms[key] = at
                self._ripe.discard(key)
                self._due = at

    def _local_day(self, instant: datetime) -> date:
        return instant.astimezone(self._zone).date()


_END_OF_TIME = datetime.max.replace(tzinfo=UTC)


def _later(instant: datetime, span: timedelta) -> datetime:
    """``instant + span``, or the end of the calendar when that lies past it (the timer never fires)."""
    try:
        return instant + span
    except OverflowError:
        return _END_OF_TIME


_Gate = tuple[dict[str | None, bool], bool]  # verdict per known id (None: unknown), verdict for any other


def _gate(include: Membership | None, exclude: Membership | None, agreement: Agreement) -> _Gate | None:
    """Precompute which actors (or targets) a rule's include and exclude lists let through."""
    if include is None and exclude is None:
        return None
    known: set[str | None] = {None, *agreement.parties, *agreement.designated}
    for members in (include, exclude):
        if members is not None:
            known |= members.ids

    def passes(value: str | None) -> bool:
        return _admits(include, value, agreement) is not False and not _admits(exclude, value, agreement)

    return {value: passes(value) for value in known}, passes("")  # "" is no id: it stands for any other


def _admits(members: Membership | None, value: str | None, agreement: Agreement) -> bool | None:
    """Whether ``value`` is in a rule's list (None when there is no list)."""
    if members is None:
        return None
    if value is None:
        inside = members.unknown
    elif value in members.ids:
        inside = True
    elif value in agreement.parties:
        inside = members.party
    elif value in agreement.designated:
        inside = members.designated
    else:
        inside = members.other
    return inside
