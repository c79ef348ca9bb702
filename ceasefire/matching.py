"""Which rules an event meets, and at what severity: the pack's rules, indexed once per replay.

Rules are looked up by event type. A rule names actors and targets by id and by the groups
``party``, ``designated``, ``unknown`` (no actor given) and ``other`` (anyone else); these
lists are decided once per rule into a small table, so an event costs a dictionary look-up.
"""

from __future__ import annotations

from .agreement import SEVERITY_RANK, Agreement, Membership, Rule
from .events import Event

__all__ = ["Gate", "Matcher", "gates_for", "severity_of"]

_CACHE_LIMIT = 10_000

Gate = tuple[dict[str | None, bool], bool]
"""The verdict for each known id (None: no id given), and the verdict for any other id."""


class Matcher:
    """The rules of one agreement, by event type, with their actor and target tables."""

    def __init__(self, agreement: Agreement) -> None:
        self._all = agreement.rules
        self._by_type: dict[str, tuple[Rule, ...]] = {}
        self._gates = gates_for(agreement)

    def rules(self, event_type: str) -> tuple[Rule, ...]:
        """The rules whose type patterns match ``event_type``, in the pack's order."""
        rules = self._by_type.get(event_type)
        if rules is None:
            rules = tuple(r for r in self._all if r.matches_type(event_type))
            if len(self._by_type) < _CACHE_LIMIT:  # wildcards admit endless types: keep memory bounded
                self._by_type[event_type] = rules
        return rules

    def admits(self, rule: Rule, event: Event) -> bool:
        """Whether the event's actor, target and casualties are ones the rule applies to."""
        actors, targets = self._gates[rule]
        if actors is not None and not actors[0].get(event.actor, actors[1]):
            return False
        if targets is not None and not targets[0].get(event.target, targets[1]):
            return False
        casualties = event.casualties or 0
        if rule.casualties_min is not None and casualties < rule.casualties_min:
            return False
        return rule.casualties_max is None or casualties <= rule.casualties_max


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
