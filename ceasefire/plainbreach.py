"""Lines whose only effect is plain breaches: the replay takes them from the decoded line straight to their breaches.

The quiet memo's twin (``quiet.py``). A common line of one type (or class), actor and target
that meets rules in force, each of which records a breach and does nothing else (no trigger
it reaches, no observation, tally, extension or declaration, no instance of its own, an area
decided without the line's fields), gets its breaches worked out once per rule: what each
takes from the rule, and the casualties between which that holds (casualty ranges and
escalation steps decide it). Such a line, known to the instant and before anything is due
(``quiet.calm_until``), is recorded here as ``Effects._admitted`` and ``_record`` would record
it, without an ``Event``. Anything else is ``None``: the line is fed. tests/test_plainbreach.py
pins this against feeding every line.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import TYPE_CHECKING, Any

from .agreement import SEVERITY_RANK
from .effects import _acts
from .eventfacts import VERIFICATION_RANK
from .found import Found
from .matching import severity_of

if TYPE_CHECKING:
    from .engine import Engine
    from .matching import Plan

__all__ = ["Plain", "again", "plain_of", "record"]

Plain = tuple[int, int, tuple[tuple[Any, ...], ...], bool, tuple["Plan", ...]]
"""The casualties (``casualties or 0``) from and below which a line meets exactly these rules, each a plain breach; the facts
of each breach (``plain_of``); whether any restarts a calm period (then what is due may change: ``calm_until`` again); the
plans judged (for a line of other casualties)."""
_REPORTED = VERIFICATION_RANK["reported"]  # a common line's standing: it gives no verification and no claim
_ENDLESS = 1 << 62
_new = tuple.__new__


def plain_of(engine: Engine, plans: tuple[Plan, ...], actor: str | None, target: str | None, keys: Collection[str],
             casualties: int | None) -> Plain | None:
    """What a common line of this actor and target, with fields among ``keys`` only and these ``casualties``, does under
    ``plans`` (as ``Effects._apply_rules`` applies them), if it records only plain breaches; else None (feed it)."""
    lo, hi, rows, watched = 0, _ENDLESS, [], False
    number = casualties or 0
    for rule, index, area, actors, actor_listed, targets, target_listed in plans:
        if area is not None and (area.unplaced_as != "inside" or any(key in keys for key in area.reads)):
            return None  # judged by the line's fields, counted out of the area, or uncertain: the engine's to say
        if (actor in actors) != actor_listed or (target in targets) != target_listed:
            continue
        least, most = rule.casualties_min, rule.casualties_max
        if least is not None and number < least:
            hi = min(hi, least)
            continue
        if most is not None and number > most:
            lo = max(lo, most + 1)
            continue
        lo, hi = max(lo, least or 0), min(hi, _ENDLESS if most is None else most + 1)
        provision = engine._provisions[index]
        per, severity, breach_from, move_from, fires_from, follows, _, _, name, by_actor, party, note = _acts(rule, provision, engine.agreement)
        if per is not None:
            return None  # an instance of its own
        if severity is not None and rule.escalate:
            if rule.escalate_on != "casualties":
                return None
            for threshold, _ in rule.escalate:
                if number >= threshold:
                    lo = max(lo, threshold)
                else:
                    hi = min(hi, threshold)
            severity = severity_of(rule, number)
        rank = SEVERITY_RANK[severity] if severity is not None else 0
        if not (_REPORTED < move_from or (rank < fires_from and not follows)):
            return None  # it moves something, or may
        if severity is None:
            continue  # it meets the rule, which records nothing and moves nothing
        alleged = _REPORTED < breach_from
        kept = 0 if alleged else rank  # the rank _record is given
        weighs = bool(kept) and not engine._lagging[index]
        fragile = weighs and engine._fragile_rank is not None and kept >= engine._fragile_rank
        restarts = bool(kept) and kept >= engine.timers.watched_from[index]
        watched = watched or restarts
        rows.append((rule.provision, name, severity, actor if by_actor else party, note, alleged, kept, index, weighs, fragile, restarts))
    if not rows or lo >= hi:
        return None
    return lo, hi, tuple(rows), watched, plans


def again(engine: Engine, memo: dict[Any, Any], key: Any, plain: Plain, line: Any, casualties: int) -> Plain | None:
    """The plain breaches of a ``line`` whose casualties lie out of those ``plain`` holds for, kept in ``memo`` under ``key``
    for the next lines (a log's lines of one kind come in a few ranges); None (feed it, and keep ``plain``) when there are none."""
    other = plain_of(engine, plain[4], line.actor, line.target, line._names, casualties)
    if other is not None:
        memo[key] = other
    return other


def record(engine: Engine, rows: tuple[tuple[Any, ...], ...], line: Any, number: int, instant: datetime, when: str | None) -> list[Found]:
    """The breaches of a common ``line`` (at line ``number``, known to ``instant``, shown as ``when``: None, worked out here)
    whose rules are ``rows`` (``plain_of``'s), recorded as ``_record`` records them; those settled (``Settling.drain``'s, for
    the caller to hand out), after any that wait."""
    if when is None:
        when = engine._shown(instant)
    actor, target, casualties = line.actor, line.target, line.casualties
    found = []
    for provision, name, severity, party, note, alleged, rank, index, weighs, fragile, restarts in rows:
        found.append(_new(Found, (provision, name, "event", severity, when, party, number, line.id, False, line.type, actor, target,
                                  line.location, casualties, None, note, None, None, 1, None, "reported", None, alleged, None,
                                  line.source)))
        if weighs:
            if rank > engine._worst:
                engine._worst = rank
            if fragile:
                engine._last_fragile = instant
        if restarts:
            engine.timers.breach(index, 0, rank, instant, False)
    settling = engine.pending
    if settling.pending:  # a timer's finding waits for its day: these wait behind it
        settling.pending.extend(found)
        return settling.drain()
    settling._handed += len(found)
    return found
