"""Which actors and targets a rule lets through, decided once per rule rather than per event.

A rule names ids and the groups ``party``, ``designated``, ``unknown`` (no actor given) and
``other`` (anyone else); each event's actor and target are looked up in a small table.
"""

from __future__ import annotations

from .agreement import Agreement, Membership, Rule

__all__ = ["Gate", "gates_for"]

Gate = tuple[dict[str | None, bool], bool]
"""The verdict for each known id (None: no id given), and the verdict for any other id."""


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
