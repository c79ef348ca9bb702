"""``ceasefire test``: a pack's own test cases, the way ``conftest verify`` runs policy tests.

Cases live beside the pack, in a folder named after it: ``rules/syria-2016.tests/``. Each
case is a log, ``NAME.jsonl``, and its expectations, ``NAME.toml``::

    description = "The Deir ez-Zor strike puts the truce in doubt"

    [[expect]]
    as_of = "2016-09-18"                      # optional: the default is the latest event
    status = "in_doubt"
    provisions = { cessation = "violated" }   # the provisions named are checked
    breaches = [                              # every breach, in order, by the keys given
      { line = 7, provision = "cessation", severity = "critical", party = "us-coalition" },
      { date = "2016-09-15T19:00:00+03:00", provision = "aid", rule = "aid-deadline" },
    ]

A breach's keys may be ``line``, ``date``, ``provision``, ``rule``, ``kind``, ``severity``,
``party`` (``"-"`` for none) and ``uncertain``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import attrs

from ..agreement import Agreement
from ..replay import check
from ..errors import ConfigError
from ..report import Breach
from ..packs import bundled_packs, load_agreement, read_toml, resolve_pack
from ..report import Report

__all__ = ["CaseResult", "cases_of", "run_case", "run_packs", "tests_folder"]

_BREACH_KEYS = ("line", "date", "provision", "rule", "kind", "severity", "party", "uncertain")


@attrs.frozen
class CaseResult:
    """One expectation of one case: passed, or the differences found."""

    pack: str
    case: str
    as_of: str | None
    differences: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        """True when actual matched expected."""
        return not self.differences

    def describe(self) -> str:
        """``ok``/``FAIL`` with the case, then expected against actual for each difference."""
        head = f"{'ok  ' if self.passed else 'FAIL'} {self.pack} {self.case}" + (f" (as of {self.as_of})" if self.as_of else "")
        return "\n".join([head, *(f"    {line}" for d in self.differences for line in d.splitlines())])


def tests_folder(pack_path: Path) -> Path:
    """Where a pack's cases live: ``NAME.tests/`` beside ``NAME.toml``."""
    return pack_path.with_name(pack_path.stem + ".tests")


def cases_of(pack_path: Path) -> list[Path]:
    """The expectation files of a pack's cases, sorted."""
    folder = tests_folder(pack_path)
    return sorted(folder.glob("*.toml")) if folder.is_dir() else []


def run_packs(refs: Sequence[str] = ()) -> Iterator[CaseResult]:
    """Every case of the packs named (default: the bundled ones); a pack without cases fails."""
    for ref in refs or tuple(bundled_packs()):
        agreement, path = load_agreement(ref), resolve_pack(ref)
        cases = cases_of(path)
        if not cases:
            yield CaseResult(agreement.id, "(no cases)", None, (f"no test cases in {tests_folder(path)}",))
        for case in cases:
            yield from run_case(agreement, case)


def run_case(agreement: Agreement, case: Path) -> list[CaseResult]:
    """Check the case's log once per expectation and compare."""
    shown = str(case)
    data = read_toml(case, shown, ConfigError)
    unknown = set(data) - {"description", "log", "expect"}
    if unknown:
        raise ConfigError("unknown key (expected one of: description, expect, log)", path=shown, key=sorted(unknown)[0])
    name = data.get("log", case.stem + ".jsonl")
    if not isinstance(name, str) or not name:
        raise ConfigError(f"must be the name of the case's log file, got {type(name).__name__}", path=shown, key="log")
    log = case.parent / name
    expectations = data.get("expect")
    if not isinstance(expectations, list) or not expectations or not all(isinstance(e, dict) for e in expectations):
        raise ConfigError("needs at least one [[expect]] table", path=shown, key="expect")
    results = []
    for i, expect in enumerate(expectations):
        key = f"expect[{i}]"
        unknown = set(expect) - {"as_of", "status", "provisions", "breaches"}
        if unknown:
            raise ConfigError("unknown key (expected one of: as_of, breaches, provisions, status)", path=shown, key=f"{key}.{sorted(unknown)[0]}")
        _check_types(expect, shown, key)
        as_of = expect.get("as_of")
        report = check(log, agreement=agreement, as_of=None if as_of is None else str(as_of), name=str(log))
        results.append(CaseResult(agreement.id, case.stem, None if as_of is None else str(as_of),
                                  tuple(_differences(expect, report, shown, key))))
    return results


_TYPES: dict[str, tuple[type | tuple[type, ...], str]] = {"as_of": ((str, date), "a date or a date-time"), "status": (str, "a string"),
          "provisions": (dict, "a table of provision = state"), "breaches": (list, "a list of tables")}


def _check_types(expect: dict[str, Any], shown: str, key: str) -> None:
    """Every expectation of the type it must have, so that a typing mistake is an error, not a pass or a crash."""
    for name, (kinds, what) in _TYPES.items():
        if name in expect and not isinstance(expect[name], kinds):
            raise ConfigError(f"must be {what}", path=shown, key=f"{key}.{name}")
    for pid, state in expect.get("provisions", {}).items():
        if not isinstance(state, str):
            raise ConfigError("must be a state name (a string)", path=shown, key=f"{key}.provisions.{pid}")


def _differences(expect: dict[str, Any], report: Report, shown: str, key: str) -> list[str]:
    out = []
    if "status" in expect and expect["status"] != report.status:
        out.append(f"status: expected {expect['status']}, got {report.status}")
    for pid, state in dict(expect.get("provisions", {})).items():
        actual = report.provisions.get(pid, "(no such provision)")
        if state != actual:
            out.append(f"provision {pid}: expected {state}, got {actual}")
    if "breaches" in expect:
        wanted = expect["breaches"]
        if not isinstance(wanted, list) or not all(isinstance(b, dict) for b in wanted):
            raise ConfigError("must be a list of tables", path=shown, key=f"{key}.breaches")
        for j, b in enumerate(wanted):
            for name in b:
                if name not in _BREACH_KEYS:
                    raise ConfigError(f"unknown key (expected one of: {', '.join(_BREACH_KEYS)})", path=shown, key=f"{key}.breaches[{j}].{name}")
        got = [_project(actual, expected) for actual, expected in zip(report.breaches, wanted)]
        got += [_project(actual, {k: None for k in ("line", "date", "provision", "severity", "party")}) for actual in report.breaches[len(wanted):]]
        if got != [dict(b) for b in wanted]:
            out.append("breaches:\n  expected:\n" + "".join(f"    {_show(b)}\n" for b in wanted)
                       + "  actual:\n" + "".join(f"    {_show(_project(b, dict.fromkeys(_BREACH_KEYS)))}\n" for b in report.breaches))
    return out


def _project(breach: Breach, keys: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for name in keys:
        value = getattr(breach, name)
        out[name] = "-" if name == "party" and value is None else value
    return out


def _show(values: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{k} = {v!r}" for k, v in values.items() if v is not None) + "}"
