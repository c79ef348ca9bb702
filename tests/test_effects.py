"""Which of an event's rules apply (areas, casualty bounds, clashes) and how it is recorded: each rule judged on its own."""

from __future__ import annotations

import json

import pytest
from conftest import cli, event, write_pack

from ceasefire import check, load_agreement

TRUCE = """
[provisions.truce]
states = ["holding"]
initial = "holding"
transitions = []
"""


def rules(tmp_path, *bodies: str):
    """A one-provision pack whose attack rules are ``bodies`` (each the lines after id, provision and types), in that order."""
    text = TRUCE + "".join(f'\n[[rules]]\nid = "r{i}"\nprovision = "truce"\ntypes = ["attack.*"]\n{body}\n' for i, body in enumerate(bodies))
    return load_agreement(write_pack(tmp_path, text))


def test_an_event_outside_one_rules_area_still_meets_the_rules_after_it(tmp_path):
    """An attack in Korea is outside the first rule's area (Japan): it is counted out of that area, and the next rule, with no area, records it."""
    pack = rules(tmp_path, 'severity = "minor"\narea = { places = [{ country = "Japan" }] }', 'severity = "major"')
    report = check([event("2020-01-02T10:00:00Z", "attack.ground", actor="a", country="Korea")], agreement=pack)
    assert [(b.rule, b.severity) for b in report.breaches] == [("r1", "major")]
    assert report.counts.out_of_area == 1


@pytest.mark.parametrize("casualties, breached", [(3, True), (5, True), (6, False), (None, True)])
def test_a_rule_with_only_a_most_casualties_records_those_up_to_it(tmp_path, casualties, breached):
    """casualties_max = 5 alone: an attack with 3 or 5 casualties (or none given) is a breach, one with 6 is not."""
    pack = rules(tmp_path, 'severity = "minor"\ncasualties_max = 5')
    toll = {} if casualties is None else {"casualties": casualties}
    report = check([event("2020-01-02T10:00:00Z", "attack.ground", actor="a", **toll)], agreement=pack)
    assert bool(report.breaches) is breached


def test_a_clash_one_rule_ignores_still_meets_the_rules_after_it(tmp_path):
    """The first rule ignores clashes (clash = "neither"), the second counts them both ways: a clash of a and b is two breaches of the second."""
    pack = rules(tmp_path, 'severity = "minor"\nparty = "actor"\nclash = "neither"', 'severity = "major"\nparty = "actor"\nclash = "both"')
    report = check([event("2020-01-02T10:00:00Z", "attack.ground", sides=["a", "b"])], agreement=pack)
    assert [(b.rule, b.party) for b in report.breaches] == [("r1", "a"), ("r1", "b")]


def test_a_clash_one_rule_admits_neither_way_still_meets_the_rules_after_it(tmp_path):
    """The first rule counts clashes both ways but only from 10 casualties: a clash of a and b with one is two breaches of the second rule."""
    pack = rules(tmp_path, 'severity = "major"\nparty = "actor"\nclash = "both"\ncasualties_min = 10', 'severity = "minor"\nparty = "actor"\nclash = "both"')
    report = check([event("2020-01-02T10:00:00Z", "attack.ground", sides=["a", "b"], casualties=1)], agreement=pack)
    assert [(b.rule, b.party) for b in report.breaches] == [("r1", "a"), ("r1", "b")]


def test_a_clash_known_only_roughly_across_the_start_is_uncertain_both_ways(tmp_path):
    """A clash some time from 31 December to 2 January, across the start (1 January): both of its breaches are uncertain."""
    pack = rules(tmp_path, 'severity = "minor"\nparty = "actor"\nclash = "both"')
    report = check([event("2019-12-31/2020-01-02", "attack.ground", sides=["a", "b"])], agreement=pack)
    assert [(b.party, b.uncertain) for b in report.breaches] == [("a", True), ("b", True)]


@pytest.mark.parametrize("where, uncertain", [({"country": "Japan"}, False), ({}, True)], ids=["in-the-area", "no-place"])
def test_a_clash_in_a_rules_area_is_certain_and_one_with_no_place_uncertain(tmp_path, where, uncertain):
    """A rule for Japan that takes an event with no place as uncertain: a clash in Japan is two certain breaches, one with no place two uncertain ones."""
    pack = rules(tmp_path, 'severity = "minor"\nparty = "actor"\nclash = "both"\narea = { places = [{ country = "Japan" }], unplaced = "uncertain" }')
    report = check([event("2020-01-02T10:00:00Z", "attack.ground", sides=["a", "b"], **where)], agreement=pack)
    assert [(b.party, b.uncertain) for b in report.breaches] == [("a", uncertain), ("b", uncertain)]


SHARED_TRIGGER = TRUCE.replace('states = ["holding"]', 'states = ["holding", "broken"]').replace(
    "transitions = []", 'transitions = [{ trigger = "break", source = "holding", dest = "broken" }]') + """
[[provisions.truce.timers]]
id = "talks"
kind = "deadline"
start = "start"
after = "24h"
met_by = ["broken"]
trigger = "break"

[[rules]]
id = "strike"
provision = "truce"
types = ["attack.*"]
severity = "minor"
trigger = "break"
trigger_from = "major"
"""


def test_a_timer_fires_a_trigger_a_rule_fires_only_from_a_severity(tmp_path):
    """'break' is fired by a rule from major breaches and by a deadline: a minor attack leaves the truce holding, the deadline breaks it."""
    pack = load_agreement(write_pack(tmp_path, SHARED_TRIGGER))
    report = check([event("2020-01-01T10:00:00Z", "attack.ground", actor="a")], agreement=pack, as_of="2020-01-03")
    assert [(c.date, c.after, c.cause) for c in report.history if c.after == "broken"] == [("2020-01-02T00:00:00+00:00", "broken", "timer")]


# -- whose breach it is -------------------------------------------------------------------------------

PARTY_RULES = TRUCE + """
[[rules]]
id = "unowned"
provision = "truce"
types = ["attack.ground"]
severity = "minor"

[[rules]]
id = "owned"
provision = "truce"
types = ["attack.air"]
severity = "minor"
party = "b"

[[rules]]
id = "actors"
provision = "truce"
types = ["attack.sea"]
severity = "minor"
party = "actor"
"""


@pytest.mark.parametrize("quick", [False, True], ids=["fed", "quick-loop"])
def test_a_breach_is_the_party_its_rule_names_the_actor_or_nobody(tmp_path, quick):
    """A breach is of the party its rule names, of the actor, or of nobody, in the engine and in the quick loop alike."""
    # A rule naming no party records breaches of no party; party = "b", of b whoever acted; party = "actor", of the actor. The
    # same in a short log's engine and in a long log's quick loop (past its first 256 lines, a line of plain breaches).
    pack = write_pack(tmp_path, PARTY_RULES)
    lines = [{"date": "2020-01-02T10:00:00Z", "type": "statement", "actor": "a"}] * (300 if quick else 0)
    lines += [event(f"2020-01-02T11:0{i}:00Z", kind, actor="a", target="b") for i, kind in enumerate(["attack.ground", "attack.air", "attack.sea"])]
    log = tmp_path / "log.jsonl"
    log.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    result = cli("check", log, "--agreement", pack, "--format", "jsonl")
    breaches = [json.loads(line) for line in result.stdout.splitlines() if '"record": "breach"' in line]
    assert [(b["rule"], b["party"], b["actor"]) for b in breaches] == [("unowned", None, "a"), ("owned", "b", "a"), ("actors", "a", "a")]
