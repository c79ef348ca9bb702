"""Which events change nothing but the engine's clock: the replay moves the clock for them and feeds nothing.

Most events of a long log meet no rule: a statement where no rule names statements, an attack
whose actor or target no rule's gate lets through. Fed to the engine, such an event known to the
instant only moves its clock, as long as no timer, edge, held event or waiting day comes before it
(``calm_until``). These questions mirror ``Engine.feed`` and ``Effects._apply_rules`` and answer
"feed it" whenever anything else could matter; tests/test_quiet.py pins them against feeding
every event.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .engine import Engine
    from .matching import Plan

__all__ = ["NO_RULES", "calm_until", "meets_none"]

NO_RULES = ()
"""The plans of a type that meets no rule in force (CPython's one empty tuple: elsewhere such events are fed, as any other)."""
_NEVER = datetime.max.replace(tzinfo=UTC)


def calm_until(engine: Engine) -> datetime:
    """The instant before which an event known to the instant that meets no rule only moves ``engine``'s clock:
    ``Engine.feed`` would fire no timer, cross no edge, apply no held event and close no day before it."""
    until = _NEVER
    due, edge, held = engine.timers.due, engine._edge, engine._held
    if due is not None:
        until = due
    if edge is not None and edge < until:
        until = edge
    if held and held[0].instant < until:
        until = held[0].instant
    if engine._waiting and engine._open_until < until:
        until = engine._open_until
    return until


def meets_none(plans: tuple[Plan, ...], actor: str | None, target: str | None, keys: Collection[str]) -> bool:
    """Whether a line of one side (no ``sides``), of this actor and target, with fields among ``keys`` only, meets none of
    ``plans``: for each, its actor or its target fails the rule's gate. False (feed it) as soon as anything else could
    decide: an area that reads one of ``keys``, or one that counts an unplaced event as outside it (the engine counts those)."""
    for _, _, area, actors, actor_listed, targets, target_listed in plans:
        if area is not None and (area.unplaced_as == "outside" or any(key in keys for key in area.reads)):
            return False
        if (actor in actors) == actor_listed and (target in targets) == target_listed:  # it meets the rule, or its casualty range decides
            return False
    return True
