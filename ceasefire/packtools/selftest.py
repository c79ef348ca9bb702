"""``ceasefire test``: a pack's own test cases, the way ``conftest verify`` runs policy tests.

Cases live beside the pack, in a folder named after it: ``rules/syria-2016.tests/``. Each
case is a log, ``NAME.jsonl``, and its expectations, ``NAME.toml``::

    description = "The Deir ez-Zor strike puts the truce in doubt"

    [[expect]]
    as_of = "2016-09-18"                      # optional: the default is the latest event
    status = "in_doubt"
    implementation = "behind"                 # optional: on_track, behind or stalled
    provisions = { cessation = "violated" }   # the provisions named are checked
    breaches = [                              # every breach, in order, by the keys given
      { line = 7, provision = "cessation", severity = "critical", party = "us-coalition" },
      { date = "2016-09-15T19:00:00+03:00", provision = "aid", rule = "aid-deadline" },
    ]

A breach's keys may be ``line``, ``date``, ``provision``, ``rule``, ``kind``, ``severity``,
``party`` (``"-"`` for none) and ``uncertain``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from ..agreement import Agreement
from ..errors import EXIT_FAIL, EXIT_OK, PackError
from ..packs import bundled_packs, load_agreement, resolve_pack
from ..replay import check
from ..report import Breach, Report
from ..tomlfile import Table, read_toml
from ..values import frozen
from ..wording import test_summary

__all__ = ["CaseResult", "cases_of", "run_case", "run_packs", "run_tests", "tests_folder"]

_BREACH_KEYS = ("line", "date", "provision", "rule", "kind", "severity", "party", "uncertain")


@frozen
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


def run_tests(refs: Sequence[str], echo: Callable[[str], object]) -> int:
    """Run the packs' cases, handing ``echo`` each result as it comes and then the tally: the exit code, 1 for a failure."""
    passed = failed = 0
    for result in run_packs(refs):
        echo(result.describe())
        passed += result.passed
        failed += not result.passed
    echo("\n" + test_summary(passed, failed))
    return EXIT_FAIL if failed else EXIT_OK


def run_case(agreement: Agreement, case: Path) -> list[CaseResult]:
    """Check the case's log once per expectation and compare."""
    shown = str(case)
    top = Table(shown, "", read_toml(case, shown, PackError), PackError)
    top.text("description")
    log = case.parent / top.text("log", default=case.stem + ".jsonl", empty=False, what="the name of the case's log file")
    expectations = [_expectation(table) for table in top.tables("expect", required=True)]
    top.done()
    results = []
    for expect in expectations:
        as_of = None if expect.get("as_of") is None else str(expect["as_of"])
        report = check(log, agreement=agreement, as_of=as_of, name=str(log))
        results.append(CaseResult(agreement.id, case.stem, as_of, tuple(_differences(expect, report))))
    return results


def _expectation(table: Table) -> dict[str, Any]:
    """One [[expect]] table, every value of the type it must have: a typing mistake is an error, not a pass or a crash."""
    expect: dict[str, Any] = {
        "as_of": table.get("as_of", (str, date), what="a date or a date-time"),
        "status": table.text("status"),
        "implementation": table.text("implementation"),
    }
    if "provisions" in table.data:
        states = table.table("provisions", what="a table of provision = state")
        expect["provisions"] = {pid: states.text(pid, what="a state name (a string)") for pid in list(states.data)}
    if "breaches" in table.data:
        breaches = table.tables("breaches", what="a list of tables")
        for breach in breaches:
            breach.allow(*_BREACH_KEYS)
            breach.done()
        expect["breaches"] = [breach.data for breach in breaches]
    table.allow("provisions", "breaches")
    table.done()
    return {name: value for name, value in expect.items() if value is not None}


def _differences(expect: dict[str, Any], report: Report) -> list[str]:
    out = []
    if expect.get("status") is not None and expect["status"] != report.status:
        out.append(f"status: expected {expect['status']}, got {report.status}")
    if expect.get("implementation") is not None and expect["implementation"] != report.implementation:
        out.append(f"implementation: expected {expect['implementation']}, got {report.implementation}")
    for pid, state in expect.get("provisions", {}).items():
        actual = report.provisions.get(pid, "(no such provision)")
        if state != actual:
            out.append(f"provision {pid}: expected {state}, got {actual}")
    if "breaches" in expect:
        wanted = expect["breaches"]
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
