"""Fuzz the pack loader through every pack tool: ``check``, ``show``, ``graph``, ``lint``, ``test`` and ``new``.

Packs are the bundled ones, parsed and then damaged as data: values replaced by values of
other types (tables where names are expected, numbers, long or hostile strings, 3,000-character
globs, names the state-machine library keeps), keys deleted, timers added that may loop, and
the whole written back as TOML beside a test case. Every tool must keep the contract of
``common.assert_contract`` on it: exit 0, 1 or 2, never an internal error, never a hang.
"""

from __future__ import annotations

import copy
import json
import os
import tempfile
import tomllib
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .common import assert_contract, cli, time_limit

ROOT = Path(__file__).resolve().parents[2]
PACKS = {p.stem: tomllib.loads(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "rules").glob("*.toml"))}
NAMES = ["state", "get_graph", "trigger", "__class__", "is_pending", "start", "violate", "miss", "in_force", "violated",
         "pending", "collapsed", "x" * 300, "a" + "*a" * 1500, "*.*.*.killed", "attack.*", "\x1b[2J", "é", "\u202e", "", "*"]
LEAVES = st.one_of(st.sampled_from(NAMES), st.integers(-5, 10**6), st.booleans(), st.floats(allow_nan=False),
                   st.just(datetime(9999, 12, 31, 23, 0)), st.just(date(1, 1, 1)), st.text(max_size=12),
                   st.sampled_from(["1s", "72h", "P3D", "٧٢h", "0s", "99999999999999999d"]))
VALUES = st.recursive(LEAVES, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(NAMES[:12]), inner, max_size=3),
                      max_leaves=8)


def toml(value: Any, key: str | None = None) -> str:
    """A minimal TOML writer: a table as ``key = value`` lines, nested values inline."""
    if key is None:
        return "".join(f"{json.dumps(k)} = {toml(v, k)}\n" for k, v in value.items())
    if value is None:
        return '""'  # TOML has no null
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value) if value == value and abs(value) != float("inf") else "nan"
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml(v, "") for v in value) + "]"
    return "{" + ", ".join(f"{json.dumps(k)} = {toml(v, '')}" for k, v in value.items()) + "}"


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into a parsed pack (keys and list indexes)."""
    out = [prefix]
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for k, v in items:
        out += paths(v, prefix + (k,))
    return out


@st.composite
def packs(draw: st.DrawFn) -> dict[str, Any]:
    """A bundled pack, damaged a few times."""
    data = json.loads(json.dumps(PACKS[draw(st.sampled_from(sorted(PACKS)))], default=str))
    data["agreement"]["start"] = draw(st.sampled_from(["2016-09-12T19:00:00+03:00", "2015-02-15T00:00:00+02:00", "2018-12-18T00:00:00+03:00"]))
    for _ in range(draw(st.integers(1, 3))):
        inner = [p for p in paths(data)[1:] if p[0] in ("provisions", "rules", "vocabulary")]  # most damage goes deep
        where = draw(st.sampled_from(inner or paths(data)[1:])) if draw(st.integers(0, 9)) else draw(st.sampled_from(paths(data)[1:]))
        parent = data
        for k in where[:-1]:
            parent = parent[k]
        how = draw(st.sampled_from(["replace", "replace", "delete", "timer", "provision"]))
        if how == "replace":
            parent[where[-1]] = draw(VALUES)
        elif how == "delete":
            del parent[where[-1]]
        elif how == "timer" and isinstance(data.get("provisions"), dict) and data["provisions"]:
            pid = draw(st.sampled_from(sorted(data["provisions"])))
            p = data["provisions"][pid]
            if isinstance(p, dict) and isinstance(p.get("states"), list) and p["states"]:
                states = p["states"]
                moves = p.get("transitions") if isinstance(p.get("transitions"), list) else []
                triggers = [t["trigger"] for t in moves if isinstance(t, dict) and isinstance(t.get("trigger"), str)] or ["x"]
                timer = {"id": draw(st.sampled_from(["t1", "t2", "t3"])), "kind": draw(st.sampled_from(["calm", "deadline"])),
                         "after": draw(st.sampled_from(["1s", "1h"])), "trigger": draw(st.sampled_from(triggers))}
                if timer["kind"] == "calm":
                    timer["states"] = draw(st.lists(st.sampled_from(states), min_size=1, max_size=2))
                else:
                    timer["start"] = draw(st.sampled_from(states + ["start"] + [f"{o}.{s}" for o in data["provisions"] for s in ["in_force", "pending"]]))
                    timer["met_by"] = [draw(st.sampled_from(states))]
                if isinstance(p.get("timers"), list):
                    p["timers"].append(timer)
        elif how == "provision" and isinstance(data.get("provisions"), dict) and data["provisions"]:
            pid = draw(st.sampled_from(sorted(data["provisions"])))
            data["provisions"][pid + "_copy"] = copy.deepcopy(data["provisions"][pid])
    return data


def _id(data: dict[str, Any]) -> str:
    """The pack's id as ``new`` would be given it, whatever the damage."""
    head = data.get("agreement")
    return str(head.get("id", "x")) if isinstance(head, dict) else str(head)


@settings(max_examples=int(os.environ.get("CEASEFIRE_FUZZ_EXAMPLES", "60")), deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(data=packs(), tool=st.sampled_from(["check", "show", "graph", "lint", "test", "new"]), as_of=st.sampled_from([None, "2016-09-20", "9999-01-01"]))
def fuzz(data: dict[str, Any], tool: str, as_of: str | None) -> None:
    """One damaged pack through one tool: the contract holds, within 60 seconds."""
    with tempfile.TemporaryDirectory() as folder:
        pack = Path(folder) / "pack.toml"
        pack.write_text(toml(data), encoding="utf-8")
        cases = Path(folder) / "pack.tests"
        cases.mkdir()
        log = (ROOT / "examples" / "syria-2016-09.jsonl").read_text(encoding="utf-8").splitlines()[1:]
        (cases / "case.jsonl").write_text("\n".join(log) + "\n", encoding="utf-8")
        (cases / "case.toml").write_text('[[expect]]\nstatus = "in_doubt"\n', encoding="utf-8")
        args: list[str] = {
            "check": ["check", str(cases / "case.jsonl"), "--agreement", str(pack)] + (["--as-of", as_of] if as_of else []),
            "show": ["show", str(pack)], "graph": ["graph", str(pack)], "lint": ["lint", str(pack)],
            "test": ["test", str(pack)], "new": ["new", _id(data)[:400], "--dir", folder],
        }[tool]
        with time_limit(60):
            result = cli(*args)
        assert_contract(result)
