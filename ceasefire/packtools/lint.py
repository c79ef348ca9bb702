"""``ceasefire lint``: the mistakes a pack author makes that loading alone does not catch.

It reads the pack's TOML as data, tolerating what is missing, and reports each finding with
the file and the key: unreachable states, transitions nothing can fire, rules that match no
declared event type, states missing from the status mapping, timers on states that do not
exist, timers that move provisions in a loop with no event (``timer-loop``). A pack with none
of the others is then loaded, and a load error is a finding too. Every check is linear in the
pack's size, whatever types the TOML holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..agreement import glob_match
from ..errors import EXIT_FAIL, EXIT_OK, PackError
from ..packcheck import PackCheckError
from ..packs import parse_pack, resolve_pack
from ..tomlfile import read_toml
from ..values import frozen

__all__ = ["LintFinding", "globs_meet", "lint", "lint_packs"]


@frozen
class LintFinding:
    """One problem in a pack: ``FILE: key: message (code)``."""

    path: str
    key: str
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.key}: {self.message} ({self.code})"


_RECORD_KEYS = re.compile(r"\.(start|tally|extend|in_force|per|area|at_least|every|due)\b|^area")
"""Keys of the record's language whose mistakes load cannot pass and the other checks do not explain."""


def globs_meet(a: str, b: str) -> bool:
    """Whether some event type matches both patterns (``*`` stands for any run of characters).

    Two patterns that both hold a ``*`` meet exactly when their fixed starts agree (one is a
    prefix of the other) and their fixed ends agree: the stars can absorb everything else.
    A pattern without a star is a type, which the other must match.
    """
    if "*" not in a:
        return glob_match(b, a)
    if "*" not in b:
        return glob_match(a, b)
    a_head, b_head = a.split("*", 1)[0], b.split("*", 1)[0]
    a_tail, b_tail = a.rsplit("*", 1)[1], b.rsplit("*", 1)[1]
    return a_head.startswith(b_head) or b_head.startswith(a_head) if a_tail.endswith(b_tail) or b_tail.endswith(a_tail) else False


def lint(ref: str) -> list[LintFinding]:
    """Lint a pack given by bundled name or path; raise PackError if it is not TOML at all."""
    path = resolve_pack(ref)
    shown = str(path) if ref != str(path) and not Path(ref).exists() else ref
    data = read_toml(path, shown)
    findings = [LintFinding(shown, key, code, message) for key, code, message in _problems(data)]
    try:
        parse_pack(data, shown)
    except PackCheckError as exc:  # a loop, a reserved name: always worth saying
        findings.append(LintFinding(shown, exc.key or "(pack)", exc.code, exc.message))
    except PackError as exc:
        if not findings or _RECORD_KEYS.search(exc.key or ""):  # the others usually explain it; not the record's words
            findings.append(LintFinding(shown, exc.key or "(pack)", "invalid", exc.message))
    return findings


def lint_packs(refs: Sequence[str], echo: Callable[[str], object]) -> int:
    """Lint each pack in turn, handing ``echo`` a line per finding (or the pack's all-clear): the exit code, 1 for a finding."""
    found = 0
    for ref in refs:
        findings = lint(ref)
        found += len(findings)
        for finding in findings:
            echo(str(finding))
        if not findings:
            echo(f"{ref}: no problems found")
    return EXIT_FAIL if found else EXIT_OK


def _table(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _text(value: Any) -> str | None:
    """A name where one is expected; anything else (a table, a number) counts as none."""
    return value if isinstance(value, str) else None


def _tables(value: Any) -> list[dict[str, Any]]:
    return [t for t in value if isinstance(t, dict)] if isinstance(value, list) else []


def _problems(data: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    provisions = _table(data.get("provisions"))
    rules = _tables(data.get("rules"))
    vocabulary = list(_table(data.get("vocabulary")))
    for pid, raw in provisions.items():
        p = _table(raw)
        key = f"provisions.{pid}"
        states = _names(p.get("states"))
        known = set(states)
        final = set(_names(p.get("final")))
        transitions = _tables(p.get("transitions"))
        timers = _tables(p.get("timers"))
        initial = _text(p.get("initial"))

        fired = {_text(p.get("on_start"))} | {_text(t.get("trigger")) for t in timers}
        fired |= {_text(r.get(k)) for r in rules if r.get("provision") == pid for k in ("trigger", "trigger_partial")}
        for i, t in enumerate(transitions):
            if _text(t.get("trigger")) not in fired:
                yield (f"{key}.transitions[{i}]", "unfired-transition",
                       f"no rule, timer or on_start fires trigger {t.get('trigger')!r}, so this transition never happens")

        leaving: dict[str | None, list[str]] = {}  # state -> where the transitions that can fire take it
        for t in transitions:
            dest = _text(t.get("dest"))
            if _text(t.get("trigger")) in fired and dest is not None:
                sources = _names(t.get("source"))
                for state in ([s for s in states if s not in final] if sources == ["*"] else sources):
                    leaving.setdefault(state, []).append(dest)
        reachable: set[str] = set()
        frontier = [initial] if initial in known else []
        while frontier:
            state = frontier.pop()
            if state in reachable:
                continue
            reachable.add(state)
            frontier += [d for d in leaving.get(state, ()) if d in known and d not in reachable]
        for state in states:
            if state not in reachable:
                yield (f"{key}.states", "unreachable-state",
                       f"state {state!r} cannot be reached from the initial state {p.get('initial')!r}")

        mapped = _table(p.get("status"))
        weighed = _table(p.get("implementation"))  # a provision with only implementation weights weighs on that alone
        for state in states if mapped or not weighed else ():
            if state not in mapped:
                yield (f"{key}.status", "unmapped-state",
                       f"state {state!r} is missing from the status mapping (it would count as 'holding')")

        for i, timer in enumerate(timers):
            named = {"states": _names(timer.get("states")), "met_by": _names(timer.get("met_by"))}
            start = _text(timer.get("start"))
            if start is not None and start not in ("start", "signed") and "." not in start and not start.startswith("due:"):
                named["start"] = [start]
            for field, values in named.items():
                for state in values:
                    if state not in known:
                        yield (f"{key}.timers[{i}].{field}", "timer-unknown-state",
                               f"timer {timer.get('id')!r} names state {state!r}, which provision {pid!r} does not have")

    for i, rule in enumerate(rules):
        for j, glob in enumerate(_names(rule.get("types"))):
            if not any(globs_meet(glob, word) for word in vocabulary):
                yield (f"rules[{i}].types[{j}]", "unknown-event-type",
                       f"rule {rule.get('id')!r} matches {glob!r}, which no type in [vocabulary] can be")
