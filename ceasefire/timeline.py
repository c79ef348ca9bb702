"""A truce over time, as data to draw: the status and each provision's states as bands, breaches, timers.

Derived from a report's explanation (each provision's history), its breaches and the pack's
timers, in instants (UTC); ``page`` and ``drawing`` turn it into HTML and SVG. A bare-date
change or breach sits at the end of its day, where the engine applied it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import attrs

from .agreement import IMPLEMENTATIONS, SEVERITY_RANK, STATUS_RANK, STATUSES, Agreement, Provision, Timer
from .dates import day_bounds, moment_of
from .explain import Explanation, Story
from .report import Breach
from .tally import Tally
from .timers import later
from .values import frozen

__all__ = ["Band", "Lane", "Marker", "Tick", "Timeline", "timeline"]


@frozen
class Band:
    """A span of time in one state (a provision's), or with one status (the agreement's): ``weight`` is the status it stands for."""

    start: datetime
    end: datetime
    state: str
    weight: str


@frozen
class Tick:
    """A timer's moment on a lane: a deadline's due date (``missed``, ``met``, ``stopped`` or ``ahead``) or a calm period that ran out (``fired``)."""

    at: datetime
    timer: str
    kind: str
    outcome: str
    span: timedelta


@frozen
class Marker:
    """A breach at its instant."""

    at: datetime
    breach: Breach


@frozen
class Lane:
    """One provision (or instance): its states as bands, its timers' ticks, its breaches."""

    story: Story
    bands: tuple[Band, ...]
    ticks: tuple[Tick, ...]
    markers: tuple[Marker, ...]


@frozen
class Timeline:
    """Everything the page draws, between ``start`` and ``end``."""

    start: datetime
    end: datetime
    agreement: Agreement = attrs.field(eq=False, repr=False)
    status: tuple[Band, ...]
    lanes: tuple[Lane, ...]
    explanation: Explanation
    tally: Tally = attrs.field(eq=False, repr=False)


def timeline(explanation: Explanation, pack: Agreement, breaches: Sequence[Breach], per: str = "day") -> Timeline:
    """The timeline of an explained report (whose history was kept) and its breaches."""
    zone = pack.timezone

    def at(shown: str) -> datetime:
        return moment_of(shown, zone).instant

    changes = [(at(step.change.date), story, step.change.after) for story in explanation.provisions for step in story.history]
    entered: dict[str, list[tuple[datetime, str]]] = {}
    for when, story, after in changes:
        entered.setdefault(story.provision, []).append((when, after))
    fired: set[tuple[str, str | None, datetime]] = {(b.provision, b.rule, at(b.date)) for b in breaches if b.kind != "event"}
    fired |= {(s.provision, step.change.timer, at(step.change.date)) for s in explanation.provisions for step in s.history
              if step.change.cause == "timer"}
    marks = [Marker(at(b.date), b) for b in breaches]
    end = at(explanation.as_of) if explanation.as_of else pack.start
    end = max([end, *(c[0] for c in changes), *(m.at for m in marks)])
    start = min(pack.start, end)
    first = day_bounds(start.astimezone(zone).date(), zone)[0]
    last = day_bounds(end.astimezone(zone).date(), zone)[1]
    lanes = []
    kept_apart = {s.provision for s in explanation.provisions if s.instance is not None}
    for story in explanation.provisions:
        if story.instance is None and story.provision in kept_apart:  # as a whole: the state its instances give it
            mine = _combined(pack.provision(story.provision), [c for c in changes if c[1].provision == story.provision])
        else:
            mine = [(c[0], c[2]) for c in changes if c[1] is story]
        lane_marks = tuple(m for m in marks if m.breach.provision == story.provision
                           and getattr(m.breach, "instance", None) == story.instance)
        lanes.append(Lane(story, _bands(pack, story, mine, last), _ticks(pack, story, mine, entered, fired, end), lane_marks))
    status = _status(pack, explanation, changes, marks, last) or (Band(first, last, "pending", "pending"),)
    if first < status[0].start:
        status = (Band(first, status[0].start, "pending", "pending"), *status)
    return Timeline(first, last, pack, status, tuple(lanes), explanation, Tally(per, breaches))


def _bands(pack: Agreement, story: Story, changes: list[tuple[datetime, str]], end: datetime) -> tuple[Band, ...]:
    provision = pack.provision(story.provision)
    state, since, bands = provision.initial, pack.start, []
    for when, after in changes:
        if when > since:
            bands.append(Band(since, when, state, provision.status_of(state)))
        state, since = after, when
    if end > since:
        bands.append(Band(since, end, state, provision.status_of(state)))
    return tuple(bands)


def _ticks(pack: Agreement, story: Story, changes: list[tuple[datetime, str]], entered: dict[str, list[tuple[datetime, str]]],
           fired: set[tuple[str, str | None, datetime]], end: datetime) -> tuple[Tick, ...]:
    """Each deadline's due date with what became of it, and each time a calm period ran out."""
    provision = pack.provision(story.provision)
    ticks = []
    for timer in provision.timers:
        if timer.kind != "deadline":
            ticks += [Tick(t, timer.id, timer.kind, "fired", timer.after) for p, name, t in fired
                      if p == story.provision and name == timer.id]
            continue
        for when, due in _armed(pack, provision.timers, timer, story.provision, entered):
            if (story.provision, timer.id, due) in fired:
                outcome = "missed"
            elif any(when <= t < due and s in timer.met_by for t, s in changes):
                outcome = "met"
            else:
                outcome = "ahead" if due > end else "stopped"
            ticks.append(Tick(due, timer.id, timer.kind, outcome, timer.after))
    return tuple(sorted(set(ticks), key=lambda t: (t.at, t.timer)))


def _combined(provision: Provision, changes: list[tuple[datetime, Story, str]]) -> list[tuple[datetime, str]]:
    """A provision kept per party, as a whole, over time: the state of the instance that sets its status (then implementation)."""
    states: dict[str | None, str] = {}
    out: list[tuple[datetime, str]] = []
    rank = {name: i for i, name in enumerate(IMPLEMENTATIONS)}

    def weight(state: str) -> tuple[int, int]:
        return STATUS_RANK[provision.status_of(state)], rank[provision.implementation_of(state)]

    for when, story, after in sorted(changes, key=lambda c: c[0]):
        states[story.instance] = after
        pick = min if provision.combine == "best" else max
        shown = pick(states.values(), key=weight)
        if not out or out[-1][1] != shown:
            out.append((when, shown))
    return out


def _armed(pack: Agreement, timers: Sequence[Timer], timer: Timer, provision: str,
           entered: dict[str, list[tuple[datetime, str]]], depth: int = 0) -> list[tuple[datetime, datetime]]:
    """When a deadline began counting and when it fell due: from the start, the signing, a fixed date, a state or another deadline."""
    start = timer.start or "start"
    if timer.due is not None and start == "start":
        return [(pack.start, timer.due)]
    if start in ("start", "signed"):
        base = [pack.signed if start == "signed" and pack.signed is not None else pack.start]
    elif start.startswith("due:"):
        other = next((t for t in timers if t.id == start[4:]), None)
        base = [] if other is None or depth > len(timers) else [d for _, d in _armed(pack, timers, other, provision, entered, depth + 1)]
    else:
        owner, state = start.split(".", 1) if "." in start else (provision, start)
        base = [when for when, after in entered.get(owner, ()) if after == state]
    return [(when, later(when, timer.after)) for when in base]


def _status(pack: Agreement, e: Explanation, changes: list[tuple[datetime, Story, str]], marks: list[Marker],
            end: datetime) -> tuple[Band, ...]:
    """The agreement's status over time: the worst weight of the states, at least fragile from the first breach that sets the floor."""
    least = SEVERITY_RANK[pack.fragile_from] if pack.fragile_from else None
    floors = sorted({m.at for m in marks if least is not None and not m.breach.alleged and SEVERITY_RANK[m.breach.severity] >= least
                     and not pack.provision(m.breach.provision).implementation_only})
    span = pack.fragile_for  # as the engine: fragile until ``span`` after the latest such breach (for good without it)
    fades = [later(at, span) for at in floors] if span is not None else []
    states = {(s.provision, s.instance): pack.provision(s.provision).initial for s in e.provisions}
    moments = sorted({pack.start, *(c[0] for c in changes), *floors, *(f for f in fades if f < end)})
    ordered = sorted(changes, key=lambda c: c[0])
    bands: list[Band] = []
    i = 0
    for n, moment in enumerate(moments):
        while i < len(ordered) and ordered[i][0] <= moment:
            states[(ordered[i][1].provision, ordered[i][1].instance)] = ordered[i][2]
            i += 1
        rank = max(STATUS_RANK[pack.provision(p).status_of(s)] for (p, _), s in states.items())
        if any(at <= moment and (span is None or moment < later(at, span)) for at in floors):
            rank = max(rank, STATUS_RANK["fragile"])
        stop = moments[n + 1] if n + 1 < len(moments) else end
        if moment < pack.start or stop <= moment:
            continue
        status = STATUSES[rank]
        if bands and bands[-1].state == status:
            bands[-1] = attrs.evolve(bands[-1], end=stop)
        else:
            bands.append(Band(moment, stop, status, status))
    return () if e.status == "pending" else tuple(bands)
