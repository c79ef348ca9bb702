"""Which rules an event meets, and at what severity: the pack's rules, indexed once per replay.

Rules are looked up by event type. A rule names actors and targets by id and by the groups
``party``, ``designated``, ``unknown`` (no actor given) and ``other`` (anyone else); these
lists are decided once per rule into a small table, so an event costs a dictionary look-up.
Each rule comes with what the engine needs to apply it (a ``Plan``), decided once too.
"""

from __future__ import annotations

from .agreement import SEVERITY_RANK, Agreement, Membership, Rule
from .areas import Area
from .events import Event
from .shared import once
from .typeindex import TypeIndex

__all__ = ["Gate", "Matcher", "Plan", "gates_for", "severity_of"]

_CACHE_LIMIT = 10_000

Gate = tuple[dict[str | None, bool], bool]
"""The verdict for each known id (None: no id given), and the verdict for any other id."""

Plan = tuple[Rule, int, Area | None, frozenset[str | None], bool, frozenset[str | None], bool]
"""A rule as the engine applies it: the rule, its provision's index, the area it is judged in
(its own, its provision's or the agreement's; one object for every rule with the same places),
and its actor and target gates as ``(ids, listed)``: an id passes when ``(id in ids) == listed``."""


class Matcher:
    """The rules of one agreement, by event type, with their actor and target tables."""

    def __init__(self, agreement: Agreement, in_force: list[bool] | None = None) -> None:
        self._in_force = in_force
        self._gates, self._plan, self._index, self._rule_of = once(agreement, "matcher", lambda: _tables(agreement))
        self.by_type: dict[str, tuple[Plan, ...]] = {}
        """The plans of the rules met by each event type seen so far (at most 10,000 types); ``forget`` them when ``in_force`` changes."""
        self._matching, self._names, self._head = self._index.matching, self._index.named, self._index.shortest
        self._by_head: dict[str, tuple[Plan, ...]] = {}  # the plans of each head the index answers alone (``TypeIndex.direct``)
        self._by_patterns: dict[tuple[int, ...], tuple[Plan, ...]] = {}  # as many as the pack's patterns allow
        self.judged: dict[tuple[str | int, str | None, str | None], object] = {}
        """What a replay judged of lines by their type (or class), actor and target for the rules in force (replayloop.py):
        kept here to be cleared with the plans when those rules change."""

    def plans(self, event_type: str) -> tuple[Plan, ...]:
        """The plans of the rules ``event_type`` meets whose provisions are in force (``in_force``, by index; all without one), in the pack's order."""
        plans = self.by_type.get(event_type)
        if plans is None:
            head = event_type[:self._head]
            if event_type not in self._names:  # a type under a prefix: one look-up of its head
                plans = self._by_head.get(head)
            if plans is None:
                plans = self._worked_out(event_type, head)
            if len(self.by_type) < _CACHE_LIMIT:  # wildcards admit endless types: keep memory bounded
                self.by_type[event_type] = plans
        return plans

    def under(self, prefix: str) -> tuple[Plan, ...]:
        """The plans of every type of the class of ``prefix`` (typeindex.classes), which are the prefix's own: kept in ``by_type``
        under it however many types it holds, as ``plans(prefix)`` would answer, so the replay looks a class up as a type."""
        matched = self._index.uniform(prefix)
        if matched is None or prefix in self._names:
            raise ValueError(f"the types under {prefix!r} do not all meet the rules {prefix!r} meets")
        plans = self.by_type[prefix] = self._of_patterns(matched)
        return plans

    def _worked_out(self, event_type: str, head: str) -> tuple[Plan, ...]:
        """The plans of a type never seen: a few look-ups, not a scan of the rules; kept by the set of patterns it matches."""
        matched = self._matching(event_type)
        plans = self._of_patterns(matched)
        if event_type not in self._names and self._index.direct.get(head) is matched:
            self._by_head[head] = plans  # every type with this head that the pack does not name matches the same
        return plans

    def _of_patterns(self, matched: tuple[int, ...]) -> tuple[Plan, ...]:
        """The plans of the rules of the patterns at ``matched`` whose provisions are in force; kept for the next type matching those."""
        plans = self._by_patterns.get(matched)
        if plans is None:
            rules = dict.fromkeys(self._rule_of[at] for at in matched)  # pattern order is the rules' order
            plans = tuple(plan for plan in (self._plan[r] for r in rules) if self._in_force is None or self._in_force[plan[1]])
            if len(self._by_patterns) < _CACHE_LIMIT:
                self._by_patterns[matched] = plans
        return plans

    def forget(self) -> None:
        """Drop the plans worked out so far: ``in_force`` has changed."""
        self.by_type.clear()
        self._by_patterns.clear()
        self._by_head.clear()
        self.judged.clear()

    def admits(self, rule: Rule, event: Event) -> bool:
        """Whether the event's actor, target and casualties are ones the rule applies to."""
        actors, targets = self._gates[rule]
        if actors is not None and not actors[0].get(event.actor, actors[1]):
            return False
        if targets is not None and not targets[0].get(event.target, targets[1]):
            return False
        return self.counts(rule, event)

    @staticmethod
    def counts(rule: Rule, event: Event) -> bool:
        """Whether the event's casualties lie in the rule's range (any, for a rule with none)."""
        if rule.casualties_min is None and rule.casualties_max is None:
            return True
        casualties = event.casualties or 0
        if rule.casualties_min is not None and casualties < rule.casualties_min:
            return False
        return rule.casualties_max is None or casualties <= rule.casualties_max


def _tables(agreement: Agreement) -> tuple[dict[Rule, tuple[Gate | None, Gate | None]], dict[Rule, Plan], TypeIndex, list[Rule]]:
    """What a matcher reads of its pack alone, shared by every matcher of it (``shared.once``): the rules' gates, their
    plans, the index of their patterns, and the rule of each pattern the index holds."""
    gates = gates_for(agreement)
    index = {p.id: i for i, p in enumerate(agreement.provisions)}
    provisions = {p.id: p for p in agreement.provisions}
    same: dict[tuple[object, ...], Area] = {}
    plan: dict[Rule, Plan] = {}
    for r in agreement.rules:
        area = r.area or provisions[r.provision].area or agreement.area
        if area is not None:  # an event is judged once per area, however many rules share its places
            area = same.setdefault((area.places, id(area.polygons), area.unplaced), area)
        plan[r] = (r, index[r.provision], area, *_as_set(gates[r][0]), *_as_set(gates[r][1]))
    return gates, plan, TypeIndex(glob for r in agreement.rules for glob in r.types), [r for r in agreement.rules for _ in r.types]


def severity_of(rule: Rule, casualties: int | None) -> str | None:
    """The severity of the breach a rule records for an event: its own, raised by its escalation steps."""
    severity = rule.severity
    if severity is not None:
        for threshold, stronger in rule.escalate:
            if (casualties or 0) >= threshold and SEVERITY_RANK[stronger] > SEVERITY_RANK[severity]:
                severity = stronger
    return severity


def gates_for(agreement: Agreement) -> dict[Rule, tuple[Gate | None, Gate | None]]:
    """The actor gate and the target gate of every rule (None where the rule does not filter)."""
    return {r: (_gate(r.actor, r.actor_not, agreement), _gate(r.target, r.target_not, agreement)) for r in agreement.rules}


def _gate(include: Membership | None, exclude: Membership | None, agreement: Agreement) -> Gate | None:
    if include is None and exclude is None:
        return None
    known: set[str | None] = {None, *agreement.parties, *agreement.designated}
    for members in (include, exclude):
        if members is not None:
            known |= members.ids

    def passes(value: str | None) -> bool:
        return _admits(include, value, agreement) is not False and not _admits(exclude, value, agreement)

    return {value: passes(value) for value in known}, passes("")  # "" is no id: it stands for any other


def _as_set(gate: Gate | None) -> tuple[frozenset[str | None], bool]:
    """A gate as the ids it lists and whether those pass (the rest do not), or fail (the rest pass): one membership test."""
    if gate is None:
        return frozenset(), False
    known, other = gate
    return frozenset(value for value, verdict in known.items() if verdict != other), not other


def _admits(members: Membership | None, value: str | None, agreement: Agreement) -> bool | None:
    """Whether ``value`` is in a rule's list (None when there is no list)."""
    if members is None:
        return None
    if value is None:
        return members.unknown
    if value in members.ids:
        return True
    if value in agreement.parties:
        return members.party
    if value in agreement.designated:
        return members.designated
    return members.other
