"""A lapsed deadline extended: re-armed only where it should be (killing survivors of ``timers.extend`` and ``_set_deadline``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import LANGUAGE, cli, event

from ceasefire import check, load_agreement


@pytest.fixture
def language(tmp_path: Path):
    """The language pack, with rules that move the weapons deadline (per party) to an event's 'until' and bring withdrawn weapons back."""
    path = tmp_path / "lang.toml"
    text = LANGUAGE.replace('"postponed" = "A deadline moved by agreement"',
                            '"postponed" = "A deadline moved by agreement"\n"regrouped" = "Weapons deadline moved"\n"returned" = "Weapons back"')
    text = text.replace('{ trigger = "miss", source = "present", dest = "overdue" },',
                        '{ trigger = "miss", source = "present", dest = "overdue" },\n  { trigger = "return", source = "withdrawn", dest = "present" },')
    path.write_text(text + '[[rules]]\nid = "regrouped"\nprovision = "weapons"\ntypes = ["regrouped"]\nextend = "weapons-deadline"\n'
                    '[[rules]]\nid = "returned"\nprovision = "weapons"\ntypes = ["returned"]\ntrigger = "return"\n', encoding="utf-8")
    return load_agreement(path)


def test_a_lapsed_deadline_moved_to_the_extensions_own_instant_is_not_rearmed(language):
    """The handover, missed on the 16th, re-set on the 18th at 10:00 to that very instant: nothing moves, one breach."""
    report = check([event("2020-01-18T10:00:00Z", "postponed", until="2020-01-18T10:00:00Z")], agreement=language, as_of="2020-01-30")
    assert report.extensions == ()
    assert [b.date for b in report.breaches if b.rule == "handover-deadline"] == ["2020-01-16T00:00:00+00:00"]


@pytest.mark.parametrize("late", ["a", "b"])
def test_a_lapsed_deadline_is_rearmed_only_for_the_party_that_missed_it(language, late):
    """One party withdrew in time, the other missed the 15th: moved on the 18th, the deadline is re-armed for the late party alone."""
    on_time = "b" if late == "a" else "a"
    report = check([event("2020-01-05T10:00:00Z", "withdrawn", actor=on_time, verification="verified"),
                    event("2020-01-18T10:00:00Z", "regrouped", until="2020-01-25")], agreement=language, as_of="2020-01-30")
    assert [(x.timer, x.before, x.after, x.instance) for x in report.extensions] == [
        ("weapons-deadline", "2020-01-15T00:00:00+00:00", "2020-01-26T00:00:00+00:00", late)]
    assert report.instances["weapons"] == {on_time: "withdrawn", late: "overdue"}


def test_each_partys_moved_deadline_is_listed_as_its_own(monkeypatch):
    """A deadline moved for every party is an extension for each, naming its party, in text and JSON: not one line thrice."""
    monkeypatch.chdir(Path(__file__).resolve().parent.parent)
    log = "examples/minsk-2015-02.jsonl"
    result = cli("check", log)
    moved = [line for line in result.stdout.splitlines() if " moved from " in line]
    assert moved == [f"  withdrawal-end ({party}) moved from 2015-03-03T00:00:00+02:00 to 2015-03-08T00:00:00+02:00 ({log}:19)"
                     for party in ("ua-forces", "dpr", "lpr")]
    extensions = json.loads(cli("check", log, "-f", "json").stdout)["logs"][0]["extensions"]
    assert [x["instance"] for x in extensions] == ["ua-forces", "dpr", "lpr"]


def test_a_deadline_met_after_its_extension_is_not_moved_again_from_its_first_miss(language):
    """Party a misses the 15th, is given to the 25th, withdraws on the 20th, brings weapons back on the 21st: moved again on the 22nd, nothing moves."""
    report = check([event("2020-01-05T10:00:00Z", "withdrawn", actor="b", verification="verified"),
                    event("2020-01-18T10:00:00Z", "regrouped", actor="a", until="2020-01-25"),
                    event("2020-01-20T10:00:00Z", "withdrawn", actor="a", verification="verified"),
                    event("2020-01-21T10:00:00Z", "returned", actor="a"),
                    event("2020-01-22T10:00:00Z", "regrouped", actor="a", until="2020-01-30")], agreement=language, as_of="2020-02-05")
    assert [(x.before, x.after, x.line) for x in report.extensions] == [("2020-01-15T00:00:00+00:00", "2020-01-26T00:00:00+00:00", 2)]
    assert [(b.instance, b.date) for b in report.breaches if b.rule == "weapons-deadline"] == [("a", "2020-01-15T00:00:00+00:00")]
    assert report.instances["weapons"] == {"a": "present", "b": "withdrawn"}
