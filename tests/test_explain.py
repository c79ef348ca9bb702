"""Explained verdicts: each provision's history, the cause of the status and since when, in words and in JSON."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from conftest import HEADER, attack, cli, event, write_pack

from ceasefire import check, load_agreement
from ceasefire.explain import Tracker, explain
from ceasefire.narrate import span, status_sentence, when
from ceasefire.report import Breach, Change
from ceasefire.schemas import schema

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.jsonl"))
CASES = [c for c in sorted((ROOT / "tests" / "cases" / "valid").glob("*.jsonl")) if not c.with_suffix(".args").exists()]
SYRIA = ROOT / "examples" / "syria-2016-09.jsonl"


def test_the_seed_article_is_in_doubt_because_of_the_strike_and_its_implementation_stalled_on_aid():
    """The status sentence names when, the provision that makes it so and the attack's line; then why implementation stalled."""
    assert status_sentence(explain(check(SYRIA))) == (
        "in doubt since 17 September 17:00: cessation gravely_violated by the attack-grave at line 7 on 17 September 17:00 "
        "(implementation stalled: aid stalled since 18 September 19:00, "
        "the 72-hour deadline from the due date of aid-deadline, 15 September 19:00)"
    )


def test_explain_prints_the_history_of_each_provision():
    """--explain prints why, then per provision its state since when and each change with its cause."""
    result = cli("check", SYRIA, "--explain")
    assert result.exit_code == 1
    out = result.stdout
    assert "why: in doubt since 17 September 17:00: cessation gravely_violated by the attack-grave at line 7" in out
    assert ("    17 September 17:00  in_force -> violated  the attack at line 7 (attack.airstrike, id deir-ez-zor-2016-09-17): "
            "a critical breach by us-coalition\n") in out
    assert "    15 September 19:00  awaiting_access -> overdue  the 72-hour deadline from the start: a major breach\n" in out
    assert "  jic (Joint Implementation Centre): not_established since the start [holding]\n" in out
    assert ("  aid (Humanitarian access to Aleppo): stalled since 18 September 19:00 [holding, implementation stalled]\n"
            "    15 September 19:00  awaiting_access -> overdue  the 72-hour deadline from the start: a major breach\n"
            "    18 September 19:00  overdue -> stalled  the 72-hour deadline from the due date of aid-deadline, 15 September 19:00\n"
            ) in out
    assert "  castello (Demilitarisation of Castello Road): overdue since 14 September 19:00 [holding, implementation behind]\n" in out
    assert "    15 September 00:00  first_48h -> lapsed  the deadline at the end of 14 September\n" in out
    assert out.index("why:") < out.index("breaches:")
    assert "why:" not in cli("check", SYRIA).stdout


def test_a_status_eased_by_a_calm_period_is_fragile_since_the_easing():
    """In doubt from the grave attack, eased to violated by 48 hours of calm: fragile since then, named by its calm period."""
    report = check([HEADER, event("2016-09-13T09:00:00+03:00", "aid.delivered"), attack("2016-09-13T10:00:00+03:00", casualties=60),
                    event("2016-09-17T10:00:00+03:00", "statement")])
    explanation = explain(report)
    assert (explanation.status, explanation.since) == ("fragile", "2016-09-15T10:00:00+03:00")
    assert status_sentence(explanation).startswith(
        "fragile since 15 September 10:00: cessation violated since 15 September 10:00, "
        "the 48-hour calm period from 13 September 10:00 (implementation behind: castello (opposition, sy-gov) overdue since "
        "14 September 19:00")
    cessation = explanation.provisions[0]
    assert [(s.change.cause, s.change.after, s.anchor) for s in cessation.history] == [
        ("start", "in_force", None), ("event", "violated", None), ("event", "gravely_violated", None),
        ("timer", "violated", "2016-09-13T10:00:00+03:00")]


def test_fragility_fades_after_the_packs_calm_span_and_the_truce_holds_since():
    """syria-2016 keeps a breach's fragility 72 hours: restored and faded on the 16th, holding since 16 September 10:00."""
    report = check([HEADER, event("2016-09-13T09:00:00+03:00", "aid.delivered"), attack("2016-09-13T10:00:00+03:00", casualties=20),
                    event("2016-09-17T10:00:00+03:00", "statement")])
    explanation = explain(report)
    assert (explanation.status, explanation.since, explanation.floor) == ("holding", "2016-09-16T10:00:00+03:00", None)


def test_a_later_breach_keeps_the_truce_fragile_past_the_restoration():
    """A minor attack on the 15th lasts to the 18th: fragile since the first breach, which the sentence names."""
    report = check([HEADER, event("2016-09-13T09:00:00+03:00", "aid.delivered"), attack("2016-09-13T10:00:00+03:00", casualties=20),
                    attack("2016-09-15T10:00:00+03:00", casualties=0), event("2016-09-17T10:00:00+03:00", "statement")])
    explanation = explain(report)
    assert (report.provisions["cessation"], explanation.status, explanation.since) == (
        "in_force", "fragile", "2016-09-13T10:00:00+03:00")
    assert explanation.floor is not None and explanation.floor.line == 3
    assert status_sentence(explanation).startswith(
        "fragile since 13 September 10:00: the major breach of cessation at line 3 on 13 September 10:00 (")


def test_a_calm_period_is_named_with_when_it_began(tmp_path):
    """--explain names the calm period that restored the cessation, from the attack that started it."""
    log = tmp_path / "log.jsonl"
    rows = [HEADER, attack("2016-09-13T10:00:00+03:00", casualties=20), event("2016-09-17T10:00:00+03:00", "statement")]
    log.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert ("    16 September 10:00  violated -> in_force  the 72-hour calm period from 13 September 10:00\n"
            in cli("check", log, "--explain").stdout)


def test_before_the_start_the_status_is_pending_and_says_when_it_begins():
    """As of a date before the agreement's start, there is nothing to explain but the start."""
    report = check([HEADER, event("2016-09-10T10:00:00+03:00", "statement")])
    explanation = explain(report)
    assert (explanation.status, explanation.since, explanation.causes) == ("pending", None, ())
    assert status_sentence(explanation) == "pending: the agreement comes into force on 12 September 19:00"


def test_a_holding_truce_holds_since_the_start():
    """The counterfactual log: holding since the start, no cause; jic's conditions met by its 7-day calm period."""
    explanation = explain(check(ROOT / "examples" / "syria-2016-holding.jsonl"))
    assert status_sentence(explanation) == "holding since 12 September 19:00, the start"
    jic = next(story for story in explanation.provisions if story.provision == "jic")
    assert jic.history[0].anchor == "2016-09-12T19:00:00+03:00"
    assert jic.history[0].change.timer == "jic-conditions"


def test_a_deadline_armed_by_a_state_names_that_state_and_when():
    """A deadline counted from entering a state says so, with the date it began counting."""
    log = ROOT / "tests" / "cases" / "valid" / "jic-overdue.jsonl"
    assert status_sentence(explain(check(log))) == (
        "holding since 12 September 19:00, the start "
        "(implementation behind: castello (opposition, sy-gov) overdue since 14 September 19:00, the 48-hour deadline from the start; "
        "jic overdue since 22 September 19:00, the 72-hour deadline from entering conditions_met on 19 September 19:00)")


def test_years_are_named_only_when_they_are_not_the_verdicts():
    """Hodeidah runs from December 2018 into 2019: 2018 dates carry their year."""
    assert when("2018-12-18", 2019) == "18 December 2018"
    assert when("2019-01-08T00:00:00+03:00", 2019) == "8 January 00:00"
    assert when("2016-09-17T17:00:30+03:00", 2016) == "17 September 17:00:30"
    assert [span(load_agreement("minsk-2015").provision(p).timers[i].after) for p, i in
            (("heavy_weapons", 0), ("heavy_weapons", 1), ("ceasefire", 0))] == ["48-hour", "14-day", "72-hour"]


@pytest.mark.parametrize("log", EXAMPLES + CASES, ids=lambda p: p.stem)
def test_a_tracker_fed_as_a_stream_explains_as_the_whole_history_does(log):
    """Changes and breaches handed out as check() streams them give the same since and causes as the kept history."""
    whole = explain(check(log))
    told: list = []
    report = check(log, on_change=told.append, on_breach=told.append, on_agreement=lambda pack: told.append(Tracker(pack)))
    tracker = told.pop(0)
    for item in told:
        (tracker.change if isinstance(item, Change) else tracker.breach)(item)
    streamed = tracker.explanation(report.as_of, report.status, report.provisions, report.implementation)
    assert (streamed.status, streamed.since, streamed.floor) == (whole.status, whole.since, whole.floor)
    assert [(s.provision, s.state, s.since, s.breach) for s in streamed.causes] == [
        (s.provision, s.state, s.since, s.breach) for s in whole.causes]
    assert status_sentence(streamed) == status_sentence(whole)


PACK = """
[provisions.p]
states = ["calm", "tense", "broken"]
initial = "calm"
transitions = [
  { trigger = "tense", source = "*", dest = "tense" },
  { trigger = "calm", source = "*", dest = "calm" },
]
status = { calm = "holding", tense = "fragile", broken = "in_doubt" }
"""


def test_a_floor_told_after_later_changes_still_dates_the_status_right(tmp_path):
    """Tense (fragile) at 10:00, calm at 12:00; a breach at 11:00 told last: fragile since 10:00, not 11:00 or 12:00."""
    pack = load_agreement(write_pack(tmp_path, PACK))
    tracker = Tracker(pack)
    tracker.change(Change("p", "2020-01-02T10:00:00+00:00", "calm", "tense", "event", rule="r", line=2))
    tracker.change(Change("p", "2020-01-02T12:00:00+00:00", "tense", "calm", "event", rule="r", line=3))
    assert tracker.since("holding") == "2020-01-02T12:00:00+00:00"
    tracker.breach(Breach("p", "deadline", "deadline", "minor", "2020-01-02T11:00:00+00:00", None, None, None))
    assert tracker.since("fragile") == "2020-01-02T10:00:00+00:00"
    other = Tracker(pack)
    other.change(Change("p", "2020-01-02T12:00:00+00:00", "calm", "tense", "event", rule="r", line=3))
    other.breach(Breach("p", "deadline", "deadline", "minor", "2020-01-02T11:00:00+00:00", None, None, None))
    assert other.since("fragile") == "2020-01-02T11:00:00+00:00"


def test_the_json_report_has_each_provisions_history_and_the_cause_of_the_status():
    """Per provision: state, the status it stands for, since, the cause (with a timer's anchor) and the history; status_cause."""
    result = cli("check", SYRIA, "-f", "json")
    document = json.loads(result.stdout)
    jsonschema.Draft202012Validator(schema("report")).validate(document)
    (log,) = document["logs"]
    aid = log["provisions"]["aid"]
    assert (aid["state"], aid["status"], aid["since"]) == ("stalled", "holding", "2016-09-18T19:00:00+03:00")
    assert aid["cause"]["timer"] == "aid-stalled" and aid["cause"]["anchor"] == "2016-09-15T19:00:00+03:00"
    assert [(c["timer"], c["after"], c["anchor"], c["breach"]) for c in aid["history"]] == [
        ("aid-deadline", "overdue", "2016-09-12T19:00:00+03:00", {"severity": "major", "party": None}),
        ("aid-stalled", "stalled", "2016-09-15T19:00:00+03:00", None)]
    cessation = log["provisions"]["cessation"]
    assert [(c["cause"], c["after"], c["line"], c["event_id"]) for c in cessation["history"]] == [
        ("start", "in_force", None, None), ("event", "violated", 7, "deir-ez-zor-2016-09-17"),
        ("event", "gravely_violated", 7, "deir-ez-zor-2016-09-17")]
    castello = log["provisions"]["castello"]
    assert (castello["since"], castello["cause"]["timer"], sorted(castello["instances"])) == (
        "2016-09-14T19:00:00+03:00", "castello-d2", ["opposition", "sy-gov"])
    cause = log["status_cause"]
    assert (cause["status"], cause["since"], cause["implementation"]) == ("in_doubt", "2016-09-17T17:00:00+03:00", "stalled")
    assert [(c["provision"], c["state"]) for c in cause["causes"]] == [("cessation", "gravely_violated")]
    assert [(c["provision"], c["state"], c["since"]) for c in cause["implementation_causes"]] == [
        ("aid", "stalled", "2016-09-18T19:00:00+03:00")]
    assert cause["text"].startswith("in doubt since 17 September 17:00: cessation gravely_violated by the attack-grave at line 7")


def test_jsonl_has_a_transition_record_as_each_change_happens():
    """Transitions stream between the breaches, in the engine's order, with a timer's anchor; the log record says why."""
    lines = [json.loads(line) for line in cli("check", SYRIA, "-f", "jsonl").stdout.splitlines()]
    records = [(r["record"], r.get("provision"), r.get("after") or r.get("severity")) for r in lines[1:-2]]
    assert records == [
        ("transition", "cessation", "in_force"), ("transition", "castello", "overdue"), ("transition", "castello", "overdue"),
        ("transition", "term", "lapsed"), ("breach", "aid", "major"), ("transition", "aid", "overdue"),
        ("breach", "cessation", "critical"), ("transition", "cessation", "violated"),
        ("transition", "cessation", "gravely_violated"), ("transition", "aid", "stalled"), ("breach", "cessation", "minor"),
    ]
    assert [r["instance"] for r in lines[2:4]] == ["sy-gov", "opposition"]
    overdue = lines[6]
    assert (overdue["cause"], overdue["timer"], overdue["anchor"]) == ("timer", "aid-deadline", "2016-09-12T19:00:00+03:00")
    assert overdue["file"].endswith("examples/syria-2016-09.jsonl")
    log = lines[-2]
    assert log["status_cause"]["text"].startswith("in doubt since 17 September 17:00")
    assert log["provisions"]["aid"]["since"] == "2016-09-18T19:00:00+03:00" and "history" not in log["provisions"]["aid"]


def test_jsonl_tells_the_history_before_the_log_when_another_format_keeps_the_report(tmp_path):
    """With a JSON report beside it the history is kept: the same transitions and log record, told at the log's end."""
    streamed = [json.loads(x) for x in cli("check", SYRIA, "-f", "jsonl").stdout.splitlines()]
    kept = [json.loads(x) for x in cli("check", SYRIA, "-f", "jsonl", "--report", f"json:{tmp_path / 'r.json'}").stdout.splitlines()]
    assert [r for r in kept if r["record"] == "transition"] == [r for r in streamed if r["record"] == "transition"]
    assert [r for r in kept if r["record"] == "log"] == [r for r in streamed if r["record"] == "log"]


def test_sarif_and_json_carry_the_breach_facts_as_fields():
    """Actor, target, location, casualties, claimed target and source are fields, not only words in the message."""
    document = json.loads(cli("check", SYRIA, "-f", "sarif").stdout)
    strike = next(r for r in document["runs"][0]["results"] if r["properties"]["severity"] == "critical")
    facts = strike["properties"]
    assert (facts["actor"], facts["target"], facts["location"], facts["casualties"], facts["claimed"], facts["event_type"]) == (
        "us-coalition", "sy-gov", "Deir ez-Zor", 80, "isil", "attack.airstrike")
    assert facts["source"].startswith("CCTV World Today")
    deadline = next(r for r in document["runs"][0]["results"] if r["properties"]["kind"] == "deadline")
    assert deadline["properties"]["actor"] is None and deadline["properties"]["source"] is None


def test_a_report_streamed_without_history_says_so():
    """A report whose changes went to on_change cannot say how the provisions came to their states, and does not pretend."""
    report = check(SYRIA, on_change=lambda change: None)
    explanation = explain(report)
    assert (explanation.known, explanation.since) == (False, None)
    assert status_sentence(explanation) == "in doubt: how the provisions came to their states was not kept (streamed)"


def test_times_known_roughly_and_ends_of_days_read_as_people_say_them():
    """An interval within a day, across days, of whole days; a bare date's last instant is the end of that day."""
    assert when("2025-03-18T05:00:00+02:00/2025-03-18T12:00:00+02:00", 2025) == "18 March 05:00–12:00"
    assert when("2016-09-14T18:00:00+03:00/2016-09-15T01:00:00+03:00", 2016) == "14 September 18:00 to 15 September 01:00"
    assert when("2019-02-16T00:00:00+03:00/2019-02-17T23:59:59+03:00", 2019) == "16 February to 17 February"
    assert when("2019-02-16T00:00:00+03:00/2019-02-16T23:59:59+03:00", 2019) == "16 February"
    assert when("2019-07-21T23:59:59+03:00", 2019) == "the end of 21 July"


def test_a_fixed_deadline_and_one_from_another_timers_due_date_say_so():
    """syria-2016's term ends with 14 September; aid stalls 72 hours after its first deadline fell due."""
    out = cli("check", SYRIA, "--explain").stdout
    assert "    15 September 00:00  first_48h -> lapsed  the deadline at the end of 14 September\n" in out
    assert "overdue -> stalled  the 72-hour deadline from the due date of aid-deadline, 15 September 19:00\n" in out


def test_an_alleged_breach_makes_nothing_fragile():
    """A claim short of the rule's verification is reported, but the truce holds since the start."""
    log = ROOT / "tests" / "cases" / "valid" / "claim-is-alleged.jsonl"
    explanation = explain(check(log))
    assert (explanation.status, explanation.since, explanation.floor) == ("holding", "2020-01-01T00:00:00+00:00", None)


@pytest.mark.parametrize("attacks", [2, 10, 40])
def test_a_change_names_its_breach_when_other_breaches_of_its_rule_share_its_day(write_log, attacks):
    """A day's convoy attacks known only by their day: the first attack's change is explained by its critical breach."""
    log = write_log(*[event("2016-09-13", "aid.convoy_attacked")] * attacks)
    text = cli("check", log, "--explain").stdout
    assert ("    13 September  awaiting_access -> attacked  the convoy-attacked at line 2 (aid.convoy_attacked): a critical breach\n"
            in text)
    aid = json.loads(cli("check", log, "-f", "json", "--explain").stdout)["logs"][0]["provisions"]["aid"]
    assert (aid["cause"]["line"], aid["cause"]["breach"]) == (2, {"severity": "critical", "party": None})


def test_a_timed_change_names_its_breach_when_a_held_event_of_its_instant_breaches_after_it(write_log, tmp_path):
    """A timed attack's change names its breach though a held attack of its instant breaches after it, whole or resumed."""
    log = write_log(event("2016-09-13T19:00:00+03:00/2016-09-13T19:00:00+03:00", "aid.convoy_attacked"),
                    event("2016-09-13T19:00:00+03:00", "aid.convoy_attacked"))
    whole = json.loads(cli("check", log, "-f", "json", "--explain").stdout)["logs"][0]["provisions"]["aid"]["cause"]
    state = tmp_path / "state.json"
    cli("check", log, "--resume", state)
    resumed = json.loads(cli("check", log, "-f", "json", "--explain", "--resume", state).stdout)["logs"][0]["provisions"]["aid"]["cause"]
    assert (whole["line"], whole["breach"]) == (3, {"severity": "critical", "party": None})
    assert resumed == whole
