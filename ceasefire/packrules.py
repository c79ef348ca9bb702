"""A pack's rules to validated ``Rule`` values: which events, which actors and targets, what they record and fire."""

from __future__ import annotations

from typing import Any

from .agreement import SEVERITIES, Membership, Rule
from .dates import parse_duration
from .tomlfile import Table
from .tomlfile import check as _check

__all__ = ["ID", "NAME", "TYPE_PATTERN", "is_id", "is_name", "is_type_pattern", "party", "rule"]

_GRAMMARS = {"ID": r"[A-Za-z0-9][A-Za-z0-9_.-]*", "NAME": r"[A-Za-z_][A-Za-z0-9_]*", "TYPE_PATTERN": r"[A-Za-z0-9_*][A-Za-z0-9_.*-]*"}
"""``ID``: an id of a pack, party, rule or timer; ``NAME``: a provision, state or trigger name; ``TYPE_PATTERN``: an event
type, or a pattern of them with ``*``. Loading a pack tests its names with ``is_id``, ``is_name`` and ``is_type_pattern``
(the same sets of ASCII characters, without compiling the three expressions at import: 1.4 of the 380 million
instructions of checking the 10-line example); the compiled ``ID``, ``NAME`` and ``TYPE_PATTERN`` are made when first
asked for."""
_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
_ID_FIRST, _ID_REST = frozenset(_ALNUM), _ALNUM + "_.-"
_NAME_FIRST, _NAME_REST = frozenset(_ALNUM[:52] + "_"), _ALNUM + "_"
_TYPE_FIRST, _TYPE_REST = frozenset(_ALNUM + "_*"), _ALNUM + "_.*-"


def is_id(text: str) -> bool:
    """Whether ``ID`` matches all of ``text``: a letter or digit, then letters, digits, ``_``, ``.`` or ``-``."""
    return text[:1] in _ID_FIRST and not text.strip(_ID_REST)


def is_name(text: str) -> bool:
    """Whether ``NAME`` matches all of ``text``: a letter or ``_``, then letters, digits or ``_``."""
    return text[:1] in _NAME_FIRST and not text.strip(_NAME_REST)


def is_type_pattern(text: str) -> bool:
    """Whether ``TYPE_PATTERN`` matches all of ``text``: a letter, digit, ``_`` or ``*``, then those, ``.`` or ``-``."""
    return text[:1] in _TYPE_FIRST and not text.strip(_TYPE_REST)


def __getattr__(name: str) -> Any:
    """``ID``, ``NAME`` and ``TYPE_PATTERN``, compiled when first asked for, then kept."""
    if name not in _GRAMMARS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import re

    value = globals()[name] = re.compile(_GRAMMARS[name])
    return value

_GROUPS = ("party", "designated", "unknown", "other")
_ESCALATE_ON = ("casualties", "killed", "injured")


def _record_words(table: Table, triggers: set[str], path: str) -> dict[str, Any]:
    """The words a rule may use for the record: area, verification, tally, extension, observation, clash, declaration."""
    from .packparts import area, verification  # packparts imports packtimers, which imports this module

    out: dict[str, Any] = {"area": area(table, "area", path)}
    out["verify_move"], out["verify_breach"] = verification(table, "verification")
    out["tally"] = table.text("tally")
    out["extend"] = table.text("extend")
    by = table.text("by")
    if by is not None:
        if out["extend"] is None:
            table.fail("by", "needs 'extend'")
        try:
            out["extend_by"] = parse_duration(by)
        except ValueError as exc:
            table.fail("by", str(exc))
    out["observation"] = table.text("observation")
    if out["observation"] is not None:
        _check(table, "observation", out["observation"], ("lost", "restored"), "observation")
    out["clash"] = _check(table, "clash", table.text("clash", default="unattributed"), ("both", "neither", "unattributed"), "clash rule")
    declares = table.text("declares")
    if declares is not None:
        _check(table, "declares", declares, ("end",), "declaration")
    out["declares"] = declares is not None
    out["trigger_partial"] = table.text("trigger_partial")
    if out["trigger_partial"] is not None:
        _check(table, "trigger_partial", out["trigger_partial"], triggers, "trigger")
    return out


def party(table: Table, name: str, parties: dict[str, str], allow_actor: bool = True) -> str | None:
    value = table.text(name)
    if value is None:
        return None
    allowed = (["actor"] if allow_actor else []) + list(parties)
    return _check(table, name, value, allowed, "party")


def _membership(table: Table, name: str, parties: dict[str, str], designated: dict[str, str]) -> Membership | None:
    if name not in table.data:
        table.used.add(name)
        return None
    items = table.names(name, required=True)
    groups = {g: False for g in _GROUPS}
    ids = set()
    for item in items:
        if item in groups:
            groups[item] = True
        elif item in parties or item in designated:
            ids.add(item)
        else:
            table.fail(name, f"unknown actor {item!r}: use a declared party, designated group or actor, or one of {', '.join(_GROUPS)}")
    return Membership(ids=frozenset(ids), **groups)


def rule(table: Table, by_id: dict[str, set[str]], parties: dict[str, str], designated: dict[str, str], path: str = "") -> Rule:
    """Validate one ``[[rules]]`` table (``designated`` holds every other known id: groups, actors, guarantors)."""
    rule_id = table.text("id", required=True)
    if not is_id(rule_id):
        table.fail("id", "invalid rule id: use letters, digits, '-', '_' or '.'")
    provision = _check(table, "provision", table.text("provision", required=True), by_id, "provision")
    types = table.names("types", required=True)
    for i, glob in enumerate(types):
        if not is_type_pattern(glob):
            table.fail(f"types[{i}]", f"invalid event type pattern {glob!r}")
    severity = table.text("severity")
    if severity is not None:
        _check(table, "severity", severity, SEVERITIES, "severity")
    escalate = []
    on = set()
    for step in table.tables("escalate"):
        counted = [name for name in _ESCALATE_ON if name in step.data] or ["casualties"]
        if len(counted) > 1:
            step.fail(counted[1], f"a step counts one of {', '.join(_ESCALATE_ON)}")
        on.add(counted[0])
        number = step.get(counted[0], int, required=True)
        if number < 0:
            step.fail(counted[0], "must be 0 or more")
        escalate.append((number, _check(step, "severity", step.text("severity", required=True), SEVERITIES, "severity")))
        step.done()
    if len(on) > 1:
        table.fail("escalate", f"the steps of one rule count the same number (one of {', '.join(_ESCALATE_ON)})")
    if escalate and severity is None:
        table.fail("escalate", "needs a base 'severity'")
    triggers = by_id[provision]
    trigger = table.text("trigger")
    if trigger is not None:
        _check(table, "trigger", trigger, triggers, f"trigger of provision {provision!r}")
    trigger_from = table.text("trigger_from")
    if trigger_from is not None:
        _check(table, "trigger_from", trigger_from, SEVERITIES, "severity")
        if severity is None:
            table.fail("trigger_from", "needs a 'severity'")
        if trigger is None:
            table.fail("trigger_from", "needs a 'trigger'")
    if severity is None and trigger is None and not any(table.data.get(k) for k in ("tally", "extend", "observation")):
        table.fail(None, "a rule needs a severity (to record a breach), a trigger, a tally, an extension or an observation")
    bounds = {}
    for name in ("casualties_min", "casualties_max"):
        bounds[name] = table.get(name, int)
        if bounds[name] is not None and bounds[name] < 0:
            table.fail(name, "must be 0 or more")
    extras = _record_words(table, by_id[provision], path)
    if extras["trigger_partial"] is not None and not extras["declares"]:
        table.fail("trigger_partial", "needs 'declares'")
    rule = Rule(
        **extras,
        escalate_on=on.pop() if on else "casualties",
        id=rule_id,
        provision=provision,
        types=types,
        actor=_membership(table, "actor", parties, designated),
        actor_not=_membership(table, "actor_not", parties, designated),
        target=_membership(table, "target", parties, designated),
        target_not=_membership(table, "target_not", parties, designated),
        severity=severity,
        escalate=tuple(sorted(escalate)),
        party=party(table, "party", parties),
        message=table.text("message", default=""),
        trigger=trigger,
        trigger_from=trigger_from,
        **bounds,
    )
    table.done()
    return rule
