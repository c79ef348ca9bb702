"""Finding and loading agreement packs: TOML data, validated on load, never executed.

Every mistake in a pack is a PackError naming the file and the key: ``FILE: key: message``.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Collection
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .agreement import (
    SEVERITIES,
    STATUSES,
    Agreement,
    BreachSpec,
    Membership,
    Provision,
    Rule,
    Timer,
    Transition,
)
from .dates import day_bounds, parse_duration, parse_moment
from .errors import FileError, PackError, UsageError
from .events import EVENT_FIELDS
from .packcheck import check_agreement, check_timer_references

__all__ = ["MAX_TOML_BYTES", "bundled_packs", "load_agreement", "read_toml", "resolve_pack"]

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_TYPE_PATTERN = re.compile(r"[A-Za-z0-9_*][A-Za-z0-9_.*-]*")
_GROUPS = ("party", "designated", "unknown", "other")
_PACK_SUFFIX = ".toml"


def _rules_dir() -> Path:
    installed = Path(__file__).resolve().parent / "rules"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent / "rules"  # a source checkout


def bundled_packs() -> dict[str, Path]:
    """The packs shipped with the package, by name (the file name without ``.toml``)."""
    folder = _rules_dir()
    if not folder.is_dir():
        return {}
    return {p.stem: p for p in sorted(folder.glob(f"*{_PACK_SUFFIX}")) if p.is_file()}


def resolve_pack(ref: str, base: Path | None = None, confine: Path | None = None) -> Path:
    """Turn a pack reference (a bundled name or a path) into a file path.

    A relative path is read from ``base`` (default: the working directory). With ``confine``,
    a path must lie inside that folder or among the bundled packs: a log's header may not
    point the checker at arbitrary files.
    """
    packs = bundled_packs()
    if ref in packs:
        return packs[ref]
    if not ref or ref.strip() != ref or "\x00" in ref:
        raise PackError(f"no bundled agreement {ref!r}; bundled: {', '.join(packs) or 'none'}", path=ref or "''")
    path = Path(ref)
    if not path.is_absolute() and base is not None:
        path = base / path
    try:
        if confine is not None:
            real = Path(os.path.realpath(path))
            allowed = (Path(os.path.realpath(confine)), Path(os.path.realpath(_rules_dir())))
            if not any(real == root or root in real.parents for root in allowed):
                raise PackError("a log header may only name a bundled agreement or a pack inside the log's folder; "
                                "pass --agreement to use this file", path=ref)
        if not path.suffix and not path.exists():
            raise PackError(f"no bundled agreement {ref!r}; bundled: {', '.join(packs) or 'none'}", path=ref)
    except (OSError, ValueError) as exc:  # a name too long, a lone surrogate: not a file this system can have
        raise PackError(f"cannot read: {exc.strerror if isinstance(exc, OSError) else 'not a valid file name'}", path=ref) from None
    return path


_CACHE: dict[tuple[str, int, int], Agreement] = {}
MAX_TOML_BYTES = 1 << 20
"""The largest pack, settings or test-case file read; a larger one is refused unread."""


def read_toml(path: Path, shown: str, error: type[FileError] = PackError) -> dict[str, Any]:
    """Read a TOML file, turning every way it can fail into ``error(message, path=FILE)``."""
    try:
        if not path.is_file():
            raise error("no such file" if not path.exists() else "not a file", path=shown)
        if path.stat().st_size > MAX_TOML_BYTES:
            raise error(f"larger than {MAX_TOML_BYTES} bytes: not read", path=shown)
        return tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror or exc}", path=shown) from None
    except UnicodeDecodeError:
        raise error("not a UTF-8 text file", path=shown) from None
    except tomllib.TOMLDecodeError as exc:
        raise error(f"invalid TOML: {exc}", path=shown) from None
    except RecursionError:
        raise error("invalid TOML: nested too deeply", path=shown) from None
    except ValueError:  # a file name this system cannot have (a lone surrogate)
        raise error("cannot read: not a valid file name", path=shown) from None


def load_agreement(ref: str | os.PathLike[str], base: Path | None = None, confine: Path | None = None) -> Agreement:
    """Load and validate a pack by bundled name or path.

    A pack loaded twice unchanged is the same object, so its state machines are built once.
    """
    if not isinstance(ref, (str, os.PathLike)):
        raise UsageError(f"an agreement is a bundled name, a path or an Agreement, got {type(ref).__name__}")
    path = resolve_pack(os.fspath(ref), base, confine)
    shown = os.fspath(ref) if os.fspath(ref) == os.fspath(path) else str(path)
    try:
        stat = path.stat()
        key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    except (OSError, ValueError):
        key = None  # read_toml says what is wrong
    if key in _CACHE:
        return _CACHE[key]
    data = read_toml(path, shown)
    agreement = parse_pack(data, shown)
    if key is not None:
        _CACHE[key] = agreement
    return agreement


class _Table:
    """Reads one TOML table, checking types and rejecting keys it was not asked for."""

    def __init__(self, path: str, key: str, data: object) -> None:
        self.path, self.key = path, key
        if not isinstance(data, dict):
            self.fail(None, f"must be a table, got {_kind(data)}")
        self.data: dict[str, Any] = data  # type: ignore[assignment]
        self.used: set[str] = set()

    def where(self, name: str | None) -> str:
        return f"{self.key}.{name}" if self.key and name else (name or self.key)

    def fail(self, name: str | None, message: str) -> Any:
        raise PackError(message, path=self.path, key=self.where(name))

    def get(self, name: str, kinds: type | tuple[type, ...], required: bool = False, default: Any = None) -> Any:
        self.used.add(name)
        if name not in self.data:
            if required:
                self.fail(name, "is required")
            return default
        value = self.data[name]
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in _tuple(kinds)):
            self.fail(name, f"must be {_expect(kinds)}, got {_kind(value)}")
        return value

    def text(self, name: str, required: bool = False, default: str | None = None) -> Any:
        return self.get(name, str, required, default)

    def names(self, name: str, required: bool = False, single: bool = True) -> tuple[str, ...]:
        value = self.get(name, (str, list) if single else list, required, [])
        items = [value] if isinstance(value, str) else value
        for i, item in enumerate(items):
            if not isinstance(item, str) or not item:
                self.fail(f"{name}[{i}]", f"must be a non-empty string, got {_kind(item)}")
        if required and not items:
            self.fail(name, "must not be empty")
        return tuple(items)

    def table(self, name: str, required: bool = False) -> _Table:
        return _Table(self.path, self.where(name), self.get(name, dict, required, {}))

    def tables(self, name: str) -> list[_Table]:
        items = self.get(name, list, False, [])
        return [_Table(self.path, f"{self.where(name)}[{i}]", item) for i, item in enumerate(items)]

    def done(self) -> None:
        for name in self.data:
            if name not in self.used:
                expected = ", ".join(sorted(self.used))
                self.fail(name, f"unknown key (expected one of: {expected})")


def _tuple(kinds: type | tuple[type, ...]) -> tuple[type, ...]:
    return kinds if isinstance(kinds, tuple) else (kinds,)


def _expect(kinds: type | tuple[type, ...]) -> str:
    words = {str: "a string", int: "an integer", list: "an array", dict: "a table", datetime: "a date-time", bool: "true or false"}
    return " or ".join(words.get(k, k.__name__) for k in _tuple(kinds))


def _kind(value: object) -> str:
    words = {bool: "a boolean", int: "an integer", float: "a number", str: "a string", list: "an array", dict: "a table"}
    return words.get(type(value), type(value).__name__)


def _check(table: _Table, name: str, value: str, allowed: Collection[str], what: str) -> str:
    """``value`` if it is in ``allowed`` (a dict or set for long lists: membership is tested once per name)."""
    if value not in allowed:
        shown = sorted(allowed) if isinstance(allowed, (set, frozenset)) else allowed
        table.fail(name, f"unknown {what} {value!r} (expected one of: {', '.join(shown)})")
    return value


def _ids(table: _Table, what: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for name in table.data:
        description = table.get(name, str)
        if not _ID.fullmatch(name):
            table.fail(name, f"invalid {what} id: use letters, digits, '-', '_' or '.'")
        out[name] = description
    return out


def parse_pack(data: dict[str, Any], path: str) -> Agreement:
    """Validate a pack's parsed TOML and build the Agreement it declares."""
    top = _Table(path, "", data)
    head = top.table("agreement", required=True)
    agreement_id = head.text("id", required=True)
    if not _ID.fullmatch(agreement_id):
        head.fail("id", "invalid agreement id: use letters, digits, '-', '_' or '.'")
    zone_name = head.text("timezone", required=True)
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        zone = head.fail("timezone", f"unknown time zone {zone_name!r}")
    start = _instant(head, "start", zone, required=True)
    assert start is not None  # required=True: _instant has failed otherwise
    end = _instant(head, "end", zone)
    if end is not None and end <= start:
        head.fail("end", "must be after the start")
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
    fields_table = top.table("fields")
    fields = {}
    for name in fields_table.data:
        fields[name] = fields_table.get(name, str)
        if not _ID.fullmatch(name):
            fields_table.fail(name, "invalid field name: use letters, digits, '-', '_' or '.'")
        if name in EVENT_FIELDS:
            fields_table.fail(name, "is a field every log may carry: declare only extra fields")
    vocab_table = top.table("vocabulary", required=True)
    vocabulary = {}
    for name in vocab_table.data:
        vocabulary[name] = vocab_table.get(name, str)
        if not _TYPE_PATTERN.fullmatch(name):
            vocab_table.fail(name, "invalid event type: use dotted names such as 'attack.airstrike' or 'attack.*'")

    status = top.table("status")
    fragile_from = status.get("fragile_from", (str, bool), default="minor")
    if fragile_from is False:
        fragile_from = None
    elif fragile_from is True:
        fragile_from = "minor"
    else:
        _check(status, "fragile_from", fragile_from, SEVERITIES, "severity")
    status.done()

    prov_table = top.table("provisions", required=True)
    if not prov_table.data:
        prov_table.fail(None, "an agreement needs at least one provision")
    provisions = [_provision(prov_table, name, parties) for name in prov_table.data]
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
        rule = _rule(rule_table, triggers_by, parties, {**designated, **actors})
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
    )
    check_agreement(agreement, path)  # loops of timers, reserved names, how deep timers wait
    return agreement


def _instant(table: _Table, name: str, zone: ZoneInfo, required: bool = False) -> datetime | None:
    value = table.get(name, (str, datetime), required)
    if value is None:
        return None
    try:
        moment = parse_moment(value, zone)
    except ValueError as exc:
        return table.fail(name, str(exc))
    if moment.day is not None:
        return day_bounds(moment.day, zone)[0]  # a bare date in a pack means the start of that day
    return moment.instant


def _provision(parent: _Table, name: str, parties: dict[str, str]) -> Provision:
    table = parent.table(name)
    if not _NAME.fullmatch(name):
        parent.fail(name, "invalid provision id: use letters, digits and '_'")
    states = table.names("states", required=True, single=False)
    known: dict[str, None] = {}  # the states in order, for messages, and for membership in constant time
    for i, state in enumerate(states):
        if not _NAME.fullmatch(state):
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
        if not _NAME.fullmatch(trigger):
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
    timers = tuple(_timer(t, triggers, known, parties) for t in table.tables("timers"))
    title = table.text("title", default=name)
    table.done()
    return Provision(
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


def _timer(table: _Table, triggers: set[str], states: dict[str, None], parties: dict[str, str]) -> Timer:
    timer_id = table.text("id", required=True)
    if not _ID.fullmatch(timer_id):
        table.fail("id", "invalid timer id: use letters, digits, '-', '_' or '.'")
    kind = _check(table, "kind", table.text("kind", required=True), ("deadline", "calm"), "timer kind")
    try:
        after = parse_duration(table.get("after", str, required=True))
    except ValueError as exc:
        after = table.fail("after", str(exc))
    trigger = table.text("trigger")
    if trigger is not None:
        _check(table, "trigger", trigger, triggers, "trigger")
    breach = None
    if "breach" in table.data:
        b = table.table("breach")
        breach = BreachSpec(
            severity=_check(b, "severity", b.text("severity", required=True), SEVERITIES, "severity"),
            message=b.text("message", required=True),
            party=_party(b, "party", parties, allow_actor=False),
        )
        b.done()
    fields: dict[str, Any] = {}
    if kind == "deadline":
        start = table.text("start", required=True)
        if "." not in start and start != "start":  # another provision's state is checked once all are known
            _check(table, "start", start, states, "state (or 'start', or 'provision.state')")
        fields["start"] = start
        fields["met_by"] = frozenset(_check(table, "met_by", s, states, "state") for s in table.names("met_by", required=True))
    else:
        fields["states"] = frozenset(_check(table, "states", s, states, "state") for s in table.names("states", required=True))
        fields["watch"] = table.names("watch")
        fields["min_severity"] = _check(table, "min_severity", table.text("min_severity", default="minor"), SEVERITIES, "severity")
        req = table.table("requires")
        fields["requires"] = {name: frozenset(req.names(name, required=True)) for name in req.data}
    if trigger is None and breach is None:
        table.fail(None, "a timer needs a trigger, a breach, or both")
    table.done()
    return Timer(id=timer_id, kind=kind, after=after, trigger=trigger, breach=breach, **fields)


def _party(table: _Table, name: str, parties: dict[str, str], allow_actor: bool = True) -> str | None:
    value = table.text(name)
    if value is None:
        return None
    allowed = (["actor"] if allow_actor else []) + list(parties)
    return _check(table, name, value, allowed, "party")


def _membership(table: _Table, name: str, parties: dict[str, str], designated: dict[str, str]) -> Membership | None:
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


def _rule(table: _Table, by_id: dict[str, set[str]], parties: dict[str, str], designated: dict[str, str]) -> Rule:
    rule_id = table.text("id", required=True)
    if not _ID.fullmatch(rule_id):
        table.fail("id", "invalid rule id: use letters, digits, '-', '_' or '.'")
    provision = _check(table, "provision", table.text("provision", required=True), by_id, "provision")
    types = table.names("types", required=True)
    for i, glob in enumerate(types):
        if not _TYPE_PATTERN.fullmatch(glob):
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
        party=_party(table, "party", parties),
        message=table.text("message", default=""),
        trigger=trigger,
        trigger_from=trigger_from,
        **bounds,
    )
    table.done()
    return rule

