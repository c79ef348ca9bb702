"""How the agreement's status is judged from the pack's [status]: whose declarations collapse it, and fragility switched off."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import event

from ceasefire import check, load_agreement

PACK = """
[agreement]
id = "declarations"
title = "A ceasefire that ends when enough of the right people say so"
start = 2020-01-01T00:00:00Z
timezone = "UTC"
[parties]
a = "Party A"
b = "Party B"
[guarantors]
g1 = "First guarantor"
g2 = "Second guarantor"
[vocabulary]
"over" = "The ceasefire declared over"
"attack" = "An attack"
[provisions.ceasefire]
states = ["pending", "in_force", "doubted", "collapsed"]
initial = "pending"
final = ["collapsed"]
on_start = "start"
transitions = [
  { trigger = "start", source = "pending", dest = "in_force" },
  { trigger = "doubt", source = "in_force", dest = "doubted" },
  { trigger = "collapse", source = "*", dest = "collapsed" },
]
status = { doubted = "in_doubt", collapsed = "collapsed" }
[[rules]]
id = "over"
provision = "ceasefire"
types = ["over"]
declares = "end"
trigger = "collapse"
trigger_partial = "doubt"
[[rules]]
id = "attack"
provision = "ceasefire"
types = ["attack"]
severity = "major"
[status]
STATUS
"""


def pack_with(tmp_path: Path, status: str):
    """The declarations pack with this [status] body."""
    path = tmp_path / "declarations.toml"
    path.write_text(PACK.replace("STATUS", status), encoding="utf-8")
    return load_agreement(path)


def states_after(pack, *who: str) -> list[str]:
    """The ceasefire's state after each of these declares it over, one a day."""
    return [check([event(f"2020-01-0{n + 2}T10:00:00Z", "over", actor=actor) for n, actor in enumerate(who[:k])], agreement=pack).provisions["ceasefire"]
            for k in range(1, len(who) + 1)]


def test_all_parties_must_declare_when_the_pack_says_all(tmp_path):
    """collapse_when = { parties = "all" }: A alone leaves it in doubt; with B it collapses."""
    pack = pack_with(tmp_path, 'collapse_when = { parties = "all" }')
    assert states_after(pack, "a", "b") == ["doubted", "collapsed"]


@pytest.mark.parametrize("guarantors", ['"all"', "2"])
def test_every_guarantor_must_declare_when_the_pack_asks_for_all_or_two(tmp_path, guarantors):
    """collapse_when = { parties = "any", guarantors = "all" (or 2) }: A and one guarantor leave it in doubt; the second collapses it."""
    pack = pack_with(tmp_path, f'collapse_when = {{ parties = "any", guarantors = {guarantors} }}')
    assert states_after(pack, "a", "g1", "g2") == ["doubted", "doubted", "collapsed"]


def test_a_pack_that_never_calls_the_truce_fragile_still_records_breaches(tmp_path):
    """fragile_from = false: a major attack is a breach, and the agreement is still holding."""
    report = check([event("2020-01-02T10:00:00Z", "attack")], agreement=pack_with(tmp_path, "fragile_from = false"))
    assert ([b.severity for b in report.breaches], report.status) == (["major"], "holding")
