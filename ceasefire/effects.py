"""What a matched rule and a fired timer do: breaches (established or alleged), moves, declarations, extensions, tallies.

This is the engine's second half (a mixin of ``Engine``): the engine says when; this says
what follows. Every effect is recorded as a fact: a breach (``Found``), a ``Change``, an
``Extension``; the words come later, from ``wording``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .agreement import SEVERITY_RANK, Agreement, Provision, Rule
from .dates import day_bounds, parse_when, show
from .eventfacts import VERIFICATION_RANK
from .events import Event
from .machines import Instance, enter_initial, move
from .matching import Plan, severity_of
from .found import Found
from .engineparts import EngineParts
from .report import Change, Extension

__all__ = ["Effects"]

_NEVER = len(SEVERITY_RANK) + 1  # above every severity's rank
_new = tuple.__new__


def _acts(rule: Rule, provision: Provision, agreement: Agreement) -> tuple[Any, ...]:
    """What a rule does, read once per rule rather than once per event it meets: its provision's ``per``, its severity
    (before escalation), the verification ranks from which it records an established breach and moves its provision,
    the least severity rank at which it fires a trigger (``_NEVER``: none), whether anything else follows a move, its
    severities once escalated, by the number it escalates on (filled as they are met), and the facts its breaches
    take from it (provision, id, the party when it is not the event's actor, the sentence's note)."""
    fires_from = SEVERITY_RANK[rule.trigger_from] if rule.trigger_from is not None else 0
    return (provision.per, rule.severity, VERIFICATION_RANK[rule.verify_breach or agreement.verify_breach],
            VERIFICATION_RANK[rule.verify_move or agreement.verify_move],
            fires_from if rule.trigger is not None or rule.declares else _NEVER,
            rule.observation is not None or rule.tally is not None or rule.extend is not None or rule.declares, {},
            rule.provision, rule.id, rule.party == "actor", rule.party, rule.message)


class Effects(EngineParts):  # its base: what Effects reads of an Engine, for a type checker (object at run time)
    """The effects of rules and timers, for an ``Engine``."""

    agreement: Agreement

    def _apply_rules(self, plans: tuple[Plan, ...], event: Event, at: datetime, uncertain: bool) -> set[str] | None:
        """Apply the rules an event's type meets (of provisions in force; in area, whose actors and target it has); return their provisions."""
        matched = None
        actor, target, fields, sides = event.actor, event.target, event.fields, event.sides
        judged = verdict = None
        outside = False
        for rule, index, area, actors, actor_listed, targets, target_listed in plans:  # of provisions in force
            if area is not None:
                if area is not judged:  # rules with the same places share one area: one verdict per event
                    judged, verdict = area, area.unplaced_as
                    for key in area.reads:  # an event with none of the fields it reads is unplaced
                        if key in fields:
                            verdict = area.where(fields)
                            break
                if verdict == "outside":
                    outside = True
                    continue
            if sides is None or rule.clash == "unattributed":
                if ((actor in actors) != actor_listed or (target in targets) != target_listed
                        or ((rule.casualties_min is not None or rule.casualties_max is not None) and not self._matcher.counts(rule, event))):
                    continue
                self._admitted(rule, event, at, uncertain or (area is not None and verdict == "uncertain"), index)
            else:
                if rule.clash == "neither":
                    continue
                here = uncertain or (area is not None and verdict == "uncertain")
                a, b = sides
                applied = [self._apply_one(rule, event._replace(actor=x, target=y), at, here, index) for x, y in ((a, b), (b, a))]
                if not any(applied):
                    continue
            if matched is None:
                matched = set()
            matched.add(rule.provision)
        if outside:
            self.out_of_area += 1
        return matched

    def _apply_one(self, rule: Rule, event: Event, at: datetime, uncertain: bool, index: int) -> bool:
        if not self._matcher.admits(rule, event):
            return False
        self._admitted(rule, event, at, uncertain, index)
        return True

    def _admitted(self, rule: Rule, event: Event, at: datetime, uncertain: bool, index: int) -> None:
        """A rule meets an event: record its breach (established or alleged), then move, tally, extend."""
        acts = self._acts.get(id(rule))
        if acts is None:
            acts = self._acts[id(rule)] = _acts(rule, self._provisions[index], self.agreement)
        per, severity, breach_from, move_from, fires_from, follows, escalations, provision, name, by_actor, party, note = acts
        (line, instant, day, kind, actor, target, claimed, casualties, event_id, fields, start, killed, injured, count,
         verification, claimed_by) = event[:16]  # read at once, as a plain tuple: an Event's fields one by one cost more
        model = None
        if per is not None:
            provision_ = self._provisions[index]
            if per != "party" or rule.party in (None, "actor"):
                key = self._instances.key_of(provision_, event)
            else:  # the rule says whose duty it is, whatever the event's actor
                key = rule.party if rule.party in provision_.instances else None
            model = None if key is None else self._instances.by_key[index].get(key) or self._instance(index, key, at)  # (known, or made)
        if severity is not None and rule.escalate:
            number = casualties if rule.escalate_on == "casualties" else getattr(event, rule.escalate_on)
            escalated = escalations.get(number) if type(number) is int or number is None else None
            if escalated is None:
                escalated = severity_of(rule, number)
                if len(escalations) < 256 and (type(number) is int or number is None):
                    escalations[number] = escalated  # a rule's severity by the number it escalates on: a log repeats a few
            severity = escalated
        rank = SEVERITY_RANK[severity] if severity is not None else 0
        standing = VERIFICATION_RANK[verification]
        if severity is not None:
            alleged = standing < breach_from
            when = self._shown(instant) if day is None and start is None else self._when(event)  # _when's, quicker for the common event
            breach = _new(Found, (  # Found.of_event's record, made here: a breach may be recorded a million times
                provision, name, "event", severity, when, actor if by_actor else party, line, event_id, uncertain, kind, actor, target,
                fields.get("location"), casualties, claimed if claimed in self.agreement.designated else None, note, killed, injured,
                count, None, verification, claimed_by, alleged, None if model is None else model.key, fields.get("source")))
            self._record(breach, 0 if alleged else rank, at, False, 0 if model is None else model.slot, index)
        if standing < move_from or (rank < fires_from and not follows):
            return  # it moves nothing: no observation, tally, extension or declaration, and no trigger it reaches
        if rule.observation is not None:
            self._observed[rule.provision] = None if rule.observation == "restored" else self._observed.get(rule.provision) or self._when(event)
        if rule.tally is not None:
            self._tally(rule, event, index, model)
        if rule.extend is not None:
            self._extend(rule, event, at, model)
        trigger = rule.trigger
        if rule.declares:
            trigger = self._declare(rule, event.actor if rule.party in (None, "actor") else rule.party)
        if trigger is not None and (per is None or model is not None) and rank >= fires_from:  # (a rule with a trigger: its trigger_from's rank)
            # Below the rule's threshold the machine is not asked: each transition of a trigger fired from a
            # severity is conditioned on it (machines.machine_config's thresholds), so none would be taken.
            cause = ("event", rule.id, None, line, event_id, kind)  # a Change's cause, rule, timer, line, event id and type
            self._fire(index, trigger, at, rank, fires_from, event, cause, model)

    def _when(self, event: Event) -> str:
        """An event's date as reports show it: a bare date as given, an interval as ``start/end``."""
        if event.day is not None:
            return event.day.isoformat()
        if event.start is not None:
            return f"{show(event.start, self._zone)}/{show(event.instant, self._zone)}"
        return show(event.instant, self._zone)

    def _declare(self, rule: Rule, who: str | None) -> str | None:
        """A declaration that the ceasefire is over, by ``who`` (the rule's party, or the event's actor): the full trigger once enough have declared, else the partial one."""
        if who is not None:
            self._declared.add(who)
        a = self.agreement
        parties = sum(1 for p in a.parties if p in self._declared)
        guarantors = sum(1 for g in a.guarantors if g in self._declared)

        def enough(need: str | int, have: int, of: int) -> bool:
            return have >= (1 if need == "any" else of if need == "all" else int(need)) if need else True

        if enough(a.collapse_parties, parties, len(a.parties)) and enough(a.collapse_guarantors, guarantors, len(a.guarantors)):
            return rule.trigger
        return rule.trigger_partial

    def _tally(self, rule: Rule, event: Event, index: int, model: Instance | None) -> None:
        ref = self._timer_ref.get(rule.tally or "")
        if ref is None:
            return
        timer = self.timers.timer(ref)
        amount = event.count
        if timer.sum is not None:
            value = event.fields.get(timer.sum)
            amount = value if type(value) is int and value >= 0 else 0
        slots = [model.slot] if model is not None and ref[0] == index else self._instances.slots(ref[0], model)
        for slot in slots:
            self.timers.count((ref[0], slot, ref[1]), amount)

    def _extend(self, rule: Rule, event: Event, at: datetime, model: Instance | None) -> None:
        until = event.fields.get("until")
        if rule.extend == "end":
            old = self._end_at
            new = self._new_due(until, rule, old)
            if new is not None and old is not None:
                self._end_at = new
                self._edge_changed()
                self.extensions.append(Extension("end", show(old, self._zone), show(new, self._zone), event.line, event.id))
            return
        ref = self._timer_ref.get(rule.extend or "")
        if ref is None:
            return
        slots = [model.slot] if model is not None and model.index == ref[0] else self._instances.slots(ref[0], model)
        for slot in slots:
            key = (ref[0], slot, ref[1])
            old = self.timers.deadlines.get(key) or self.timers.lapsed.get(key)  # armed, or fallen due: re-armed
            new = self._new_due(until, rule, old)
            if old is not None and new is not None and self.timers.extend(key, new, at) is not None:
                self.extensions.append(Extension(rule.extend or "", show(old, self._zone), show(new, self._zone), event.line, event.id,
                                                 self._instances.models[ref[0]][slot].key))

    def _new_due(self, until: Any, rule: Rule, old: datetime | None) -> datetime | None:
        if until is not None:
            try:
                instant, day = parse_when(until, self._zone)
            except ValueError:
                return None
            return instant if day is None else day_bounds(day, self._zone)[1]  # a bare date: by the end of that day
        if rule.extend_by is not None and old is not None:
            return old + rule.extend_by
        return None

    def _fire_timer(self, key: tuple[int, int, int], at: datetime) -> None:
        fired = self.timers.fired(key)
        if fired is False:
            return
        timer = self.timers.timer(key)
        provision = self._provisions[key[0]]
        model = self._instances.models[key[0]][key[1]]
        if timer.kind == "quota":
            counted = int(fired)
            if counted == 0 and timer.empty == "unobserved":
                return  # nothing reported in the window: nobody saw it, which is not a shortfall
            if counted < timer.at_least and timer.breach is not None:
                breach = Found.of_timer(provision.id, timer, show(at, self._zone))
                self._record(breach._replace(count=counted, needed=timer.at_least, instance=model.key),
                             SEVERITY_RANK[timer.breach.severity], at, timer=True, slot=key[1])
            return
        if timer.breach is not None:
            breach = Found.of_timer(provision.id, timer, show(at, self._zone))
            if model.key is not None:  # an instance's own timer: its party owes it, unless the pack names one
                party = breach.party if breach.party is not None or provision.per != "party" else model.key
                breach = breach._replace(instance=model.key, party=party)
            self._record(breach,
                         SEVERITY_RANK[timer.breach.severity], at, timer=True, slot=key[1])
        if timer.trigger is not None:
            self._fire(key[0], timer.trigger, at, cause=("timer", None, timer.id, None, None, None), model=model)

    def _check_ripe(self, at: datetime) -> None:
        ripe = self.timers.ripe
        if not ripe:
            return
        for key in sorted(ripe):
            if key in ripe and self.timers.requirements_met(self.timers.timer(key)):
                ripe.discard(key)
                self._fire_timer(key, at)

    def _fire(self, index: int, trigger: str, at: datetime, rank: int = 0, least: int = 0, event: Event | None = None,
              cause: tuple[object, ...] = (), model: Instance | None = None) -> None:
        """Trigger a provision's machine (each of its instances, when none is named), unless no transition can change its state
        (``cause``: its changes' fields after their states, a tuple: cause, rule, timer, line, event id, event type)."""
        machine, is_direct = self._machines[index], self._direct[index]
        how = {"at": at, "rank": rank, "least": least, "event": event, "cause": cause}
        for m in (model,) if model is not None else list(self._instances.models[index]):
            if move(machine, trigger, m, how, is_direct) and self.timers.ripe:  # (_check_ripe's own test: none ripe, nothing to do)
                self._check_ripe(at)

    def _changed(self, model: Instance, before: str, after: str, how: dict[str, Any]) -> None:
        """The machine moved a provision: keep the change, with when (the event's date, or the instant) and why."""
        event = how["event"]  # a common event's date, or the instant, as the breaches' are shown (``_shown``: ``show``, quicker)
        date = self._shown(how["at"] if event is None else event.instant) if event is None or (event.day is None and event.start is None) else self._when(event)
        self.changes.append(Change(self._provisions[model.index].id, date, before, after, *how["cause"], model.key))  # type: ignore[call-arg]  # mypy spreads *cause (6 fields) over all 7 left

    def _instance(self, index: int, key: str, at: datetime) -> Instance | None:
        """The instance of a per-field provision for ``key``, made on first mention (a per-party one must be listed)."""
        model = self._instances.by_key[index].get(key)
        if model is None and self._provisions[index].per != "party":
            model = self._instances.add(index, key)
            if self._in_force[index]:
                self._enter(index, model, at)
            self._check_ripe(at)  # a calm timer waiting for this provision's instances may be free now
        return model

    def _enter(self, index: int, model: Instance, at: datetime) -> None:
        """An instance comes into force: its initial state's timers, and the deadlines anchored on the start or the signing."""
        provision = self._provisions[index]
        for j, timer in enumerate(provision.timers):
            if timer.kind == "deadline" and timer.start in ("start", "signed") and provision.initial not in timer.met_by:
                anchor = self.agreement.signed if timer.start == "signed" else self.agreement.start
                self.timers.arm_deadline(model, (index, j), at, anchor=anchor)
            elif timer.kind == "quota" and not timer.states:
                self.timers.start_calm(model, (index, j), at)
        enter_initial(self._machines[index], model, at)

    def _record(self, breach: Found, rank: int, at: datetime, timer: bool = False, slot: int = 0, index: int | None = None) -> None:
        if timer:
            self.pending.add_timer(breach, self._local_day(at), at)
        else:
            self.pending.add(breach)
        if rank:
            if index is None:
                index = self._index[breach.provision]
            if not self._lagging[index]:  # a lagging duty is the implementation's, not the fighting's
                if rank > self._worst:
                    self._worst = rank
                if self._fragile_rank is not None and rank >= self._fragile_rank:
                    self._last_fragile = at
            if rank >= self.timers.watched_from[index]:  # else no calm period restarts: not asked
                self.timers.breach(index, slot, rank, at, self._provisions[index].per is not None)
