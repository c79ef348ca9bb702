"""``ceasefire lint``: the mistakes a pack author makes that loading alone does not catch.

It reads the pack's TOML as data, tolerating what is missing, and reports each finding with
the file and the key: unreachable states, transitions nothing can fire, rules that match no
declared event type, states missing from the status mapping, timers on states that do not
exist. A pack with none of these is then loaded, and a load error is a finding too.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import attrs

from ..errors import PackError
from ..packs import parse_pack, read_toml, resolve_pack

__all__ = ["LintFinding", "globs_meet", "lint"]


@attrs.frozen
class LintFinding:
    """One problem in a pack: ``FILE: key: message (code)``."""

    path: str
    key: str
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.key}: {self.message} ({self.code})"


def globs_meet(a: str, b: str) -> bool:
    """Whether some event type matches both patterns (``*`` stands for any run of characters)."""

    @cache
    def meet(i: int, j: int) -> bool:
        if i == len(a) and j == len(b):
            return True
        if i < len(a) and a[i] == "*":
            return meet(i + 1, j) or (j < len(b) and meet(i, j + 1))
        if j < len(b) and b[j] == "*":
            return meet(i, j + 1) or (i < len(a) and meet(i + 1, j))
        return i < len(a) and j < len(b) and a[i] == b[j] and meet(i + 1, j + 1)

    return meet(0, 0)


def lint(ref: str) -> list[LintFinding]:
    """Lint a pack given by bundled name or path; raise PackError if it is not TOML at all."""
    path = resolve_pack(ref)
    shown = str(path) if ref != str(path) and not Path(ref).exists() else ref
    data = read_toml(path, shown)
    findings = [LintFinding(shown, key, code, message) for key, code, message in _problems(data)]
    if not findings:
        try:
            parse_pack(data, shown)
        except PackError as exc:
            findings.append(LintFinding(shown, exc.key or "(pack)", "invalid", exc.message))
    return findings


def _table(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _problems(data: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    provisions = _table(data.get("provisions"))
    rules = [r for r in data.get("rules", []) if isinstance(r, dict)] if isinstance(data.get("rules"), list) else []
    vocabulary = list(_table(data.get("vocabulary")))
    for pid, raw in provisions.items():
        p = _table(raw)
        key = f"provisions.{pid}"
        states = _names(p.get("states"))
        final = set(_names(p.get("final")))
        transitions = [t for t in p.get("transitions", []) if isinstance(t, dict)] if isinstance(p.get("transitions"), list) else []
        timers = [t for t in p.get("timers", []) if isinstance(t, dict)] if isinstance(p.get("timers"), list) else []

        fired = {p.get("on_start")} | {t.get("trigger") for t in timers}
        fired |= {r.get("trigger") for r in rules if r.get("provision") == pid}
        for i, t in enumerate(transitions):
            if t.get("trigger") not in fired:
                yield (f"{key}.transitions[{i}]", "unfired-transition",
                       f"no rule, timer or on_start fires trigger {t.get('trigger')!r}, so this transition never happens")

        reachable, frontier = set(), [p.get("initial")]
        while frontier:
            state = frontier.pop()
            if state in reachable or state not in states:
                continue
            reachable.add(state)
            for t in transitions:
                sources = _names(t.get("source"))
                if (state in sources or (sources == ["*"] and state not in final)) and t.get("trigger") in fired:
                    frontier.append(t.get("dest"))
        for state in states:
            if state not in reachable:
                yield (f"{key}.states", "unreachable-state",
                       f"state {state!r} cannot be reached from the initial state {p.get('initial')!r}")

        mapped = _table(p.get("status"))
        for state in states:
            if state not in mapped:
                yield (f"{key}.status", "unmapped-state",
                       f"state {state!r} is missing from the status mapping (it would count as 'holding')")

        for i, timer in enumerate(timers):
            named = {"states": _names(timer.get("states")), "met_by": _names(timer.get("met_by"))}
            if timer.get("start") not in (None, "start") and "." not in str(timer.get("start")):
                named["start"] = _names(timer.get("start"))
            for field, values in named.items():
                for state in values:
                    if state not in states:
                        yield (f"{key}.timers[{i}].{field}", "timer-unknown-state",
                               f"timer {timer.get('id')!r} names state {state!r}, which provision {pid!r} does not have")

    for i, rule in enumerate(rules):
        for j, glob in enumerate(_names(rule.get("types"))):
            if not any(globs_meet(glob, word) for word in vocabulary):
                yield (f"rules[{i}].types[{j}]", "unknown-event-type",
                       f"rule {rule.get('id')!r} matches {glob!r}, which no type in [vocabulary] can be")
