"""A pack's rules to validated ``Rule`` values: which events, which actors and targets, what they record and fire."""

from __future__ import annotations

import re

from .agreement import SEVERITIES, Membership, Rule
from .tomlfile import Table
from .tomlfile import check as _check

__all__ = ["ID", "NAME", "TYPE_PATTERN", "party", "rule"]

ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
"""An id of a pack, party, rule or timer."""
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
"""A provision, state or trigger name."""
TYPE_PATTERN = re.compile(r"[A-Za-z0-9_*][A-Za-z0-9_.*-]*")
"""An event type, or a pattern of them with ``*``."""

_GROUPS = ("party", "designated", "unknown", "other")


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


def rule(table: Table, by_id: dict[str, set[str]], parties: dict[str, str], designated: dict[str, str]) -> Rule:
    rule_id = table.text("id", required=True)
    if not ID.fullmatch(rule_id):
        table.fail("id", "invalid rule id: use letters, digits, '-', '_' or '.'")
    provision = _check(table, "provision", table.text("provision", required=True), by_id, "provision")
    types = table.names("types", required=True)
    for i, glob in enumerate(types):
        if not TYPE_PATTERN.fullmatch(glob):
            table.fail(f"types[{i}]", f"invalid event type pattern {glob!r}")
    severity = table.text("severity")
    if severity is not None:
        _check(table, "severity", severity, SEVERITIES, "severity")
    escalate = []
    for step in table.tables("escalate"):
        casualties = step.get("casualties", int, required=True)
        if casualties < 0:
            step.fail("casualties", "must be 0 or more")
        escalate.append((casualties, _check(step, "severity", step.text("severity", required=True), SEVERITIES, "severity")))
        step.done()
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
    if severity is None and trigger is None:
        table.fail(None, "a rule needs a severity (to record a breach), a trigger, or both")
    bounds = {}
    for name in ("casualties_min", "casualties_max"):
        bounds[name] = table.get(name, int)
        if bounds[name] is not None and bounds[name] < 0:
            table.fail(name, "must be 0 or more")
    rule = Rule(
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
