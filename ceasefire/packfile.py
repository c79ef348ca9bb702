"""A pack's TOML data to a validated ``Agreement``: every key checked, nothing executed.

Every mistake is a PackError naming the file and the key: ``FILE: key: message``.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .agreement import (
    SEVERITIES,
    STATUSES,
    Agreement,
    Provision,
    Transition,
)
from .events import EVENT_FIELDS
from .packcheck import check_agreement, check_timer_references
from .tomlfile import Table as _Table
from .tomlfile import check as _check
from .packrules import is_id, is_name, is_type_pattern
from .packtimers import instant as _time
from .packtimers import timer
from .packparts import area, check_references, collapse_when, fragile_for, per_instance, verification
from .packrules import rule as _rule

__all__ = ["parse_pack"]



def _ids(table: _Table, what: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for name in table.data:
        description = table.get(name, str)
        if not is_id(name):
            table.fail(name, f"invalid {what} id: use letters, digits, '-', '_' or '.'")
        out[name] = description
    return out


def parse_pack(data: dict[str, Any], path: str) -> Agreement:
    """Validate a pack's parsed TOML and build the Agreement it declares."""
    top = _Table(path, "", data)
    head = top.table("agreement", required=True)
    agreement_id = head.text("id", required=True)
    if not is_id(agreement_id):
        head.fail("id", "invalid agreement id: use letters, digits, '-', '_' or '.'")
    zone_name = head.text("timezone", required=True)
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        zone = head.fail("timezone", f"unknown time zone {zone_name!r}")
    start = _time(head, "start", zone, required=True)
    assert start is not None  # required=True: _instant has failed otherwise
    end = _time(head, "end", zone)
    if end is not None and end <= start:
        head.fail("end", "must be after the start")
    signed = _time(head, "signed", zone)
    title = head.text("title", required=True)
    summary = head.text("summary", default="")
    source = head.text("source", default="")
    head.done()

    parties = _ids(top.table("parties", required=True), "party")
    designated = _ids(top.table("designated"), "designated group")
    for name in designated:
        if name in parties:
            top.fail(f"designated.{name}", "is also declared as a party")
    actors = _ids(top.table("actors"), "actor")
    for name in actors:
        if name in parties or name in designated:
            top.fail(f"actors.{name}", f"is also declared as a {'party' if name in parties else 'designated group'}")
    guarantors = _ids(top.table("guarantors"), "guarantor")
    for name in guarantors:
        if name in parties or name in designated or name in actors:
            top.fail(f"guarantors.{name}", "is also declared as a party, designated group or actor")
    fields_table = top.table("fields")
    fields = {}
    for name in fields_table.data:
        fields[name] = fields_table.get(name, str)
        if not is_id(name):
            fields_table.fail(name, "invalid field name: use letters, digits, '-', '_' or '.'")
        if name in EVENT_FIELDS:
            fields_table.fail(name, "is a field every log may carry: declare only extra fields")
    vocab_table = top.table("vocabulary", required=True)
    vocabulary = {}
    for name in vocab_table.data:
        vocabulary[name] = vocab_table.get(name, str)
        if not is_type_pattern(name):
            vocab_table.fail(name, "invalid event type: use dotted names such as 'attack.airstrike' or 'attack.*'")

    status = top.table("status")
    fragile_from = status.get("fragile_from", (str, bool), default="minor")
    if fragile_from is False:
        fragile_from = None
    elif fragile_from is True:
        fragile_from = "minor"
    else:
        _check(status, "fragile_from", fragile_from, SEVERITIES, "severity")
    extras: dict[str, Any] = {"fragile_for": fragile_for(status)}
    extras["collapse_parties"], extras["collapse_guarantors"] = collapse_when(status, guarantors)
    status.done()
    move, breach = verification(top, "verification")
    extras.update(verify_move=move or "reported", verify_breach=breach or "reported", area=area(top, "area", path),
                  signed=signed, guarantors=guarantors)

    prov_table = top.table("provisions", required=True)
    if not prov_table.data:
        prov_table.fail(None, "an agreement needs at least one provision")
    provisions = [_provision(prov_table, name, parties, fields, zone, path) for name in prov_table.data]
    prov_table.used.update(prov_table.data)
    triggers_by = {p.id: {t.trigger for t in p.transitions} for p in provisions}
    check_timer_references(path, provisions)
    names: set[str] = set()
    for p in provisions:
        for t in p.timers:
            if t.id in names:
                prov_table.fail(f"{p.id}.timers", f"timer id {t.id!r} is used twice")
            names.add(t.id)
    rules = []
    for rule_table in top.tables("rules"):
        rule = _rule(rule_table, triggers_by, parties, {**designated, **actors, **guarantors}, path)
        if rule.id in names:
            rule_table.fail("id", f"id {rule.id!r} is already used by another rule or timer")
        names.add(rule.id)
        rules.append(rule)
    top.done()
    agreement = Agreement(
        id=agreement_id,
        title=title,
        start=start,
        end=end,
        timezone=zone,
        parties=parties,
        designated=designated,
        actors=actors,
        fields=fields,
        vocabulary=vocabulary,
        provisions=tuple(provisions),
        rules=tuple(rules),
        fragile_from=fragile_from,
        summary=summary,
        source=source,
        path=path,
        **extras,
    )
    check_references(agreement, path)  # anchors, tallies, extensions and the signing name what exists
    check_agreement(agreement, path)  # loops of timers, reserved names, how deep timers wait
    return agreement


def _provision(parent: _Table, name: str, parties: dict[str, str], fields: dict[str, str], zone: ZoneInfo, path: str) -> Provision:
    table = parent.table(name)
    if not is_name(name):
        parent.fail(name, "invalid provision id: use letters, digits and '_'")
    states = table.names("states", required=True, single=False)
    known: dict[str, None] = {}  # the states in order, for messages, and for membership in constant time
    for i, state in enumerate(states):
        if not is_name(state):
            table.fail(f"states[{i}]", f"invalid state name {state!r}: use letters, digits and '_'")
        if state in known:
            table.fail(f"states[{i}]", f"state {state!r} is listed twice")
        known[state] = None
    initial = _check(table, "initial", table.text("initial", required=True), known, "state")
    final = frozenset(_check(table, "final", s, known, "state") for s in table.names("final"))
    transitions: list[Transition] = []
    seen: dict[tuple[str, str], int] = {}
    for t_table in table.tables("transitions"):
        trigger = t_table.text("trigger", required=True)
        if not is_name(trigger):
            t_table.fail("trigger", f"invalid trigger name {trigger!r}: use letters, digits and '_'")
        sources = t_table.names("source", required=True)
        if sources == ("*",):
            sources = tuple(s for s in states if s not in final)
        for s in sources:
            _check(t_table, "source", s, known, "state")
            if s in final:
                t_table.fail("source", f"state {s!r} is final: nothing may leave it")
            if (trigger, s) in seen:
                t_table.fail("source", f"trigger {trigger!r} already leaves state {s!r} (transitions[{seen[trigger, s]}])")
            seen[trigger, s] = len(transitions)
        dest = _check(t_table, "dest", t_table.text("dest", required=True), known, "state")
        t_table.done()
        transitions.append(Transition(trigger, sources, dest))
    triggers = {t.trigger for t in transitions}
    on_start = table.text("on_start")
    if on_start is not None:
        _check(table, "on_start", on_start, triggers, "trigger")
    status_table = table.table("status")
    status_map = {}
    for state in status_table.data:
        _check(status_table, state, state, known, "state")
        status_map[state] = _check(status_table, state, status_table.get(state, str), STATUSES, "status")
    timers = tuple(timer(t, triggers, known, parties, zone) for t in table.tables("timers"))
    title = table.text("title", default=name)
    extras = per_instance(table, parties, fields, zone, path)
    for state in extras["implementation"]:
        _check(table, "implementation", state, known, "state")
    table.done()
    return Provision(
        **extras,
        id=name,
        title=title,
        states=states,
        initial=initial,
        final=final,
        on_start=on_start,
        transitions=tuple(transitions),
        timers=timers,
        status=status_map,
    )
