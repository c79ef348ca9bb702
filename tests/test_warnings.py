"""Lines the checker accepts but that look mistyped: warnings with suggestions, in every format, and --strict."""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest
from conftest import attack, cli, event

from ceasefire import LogError, Monitor, check, load_agreement
from ceasefire.schemas import schema

ROOT = Path(__file__).resolve().parent.parent
SYRIA_PACK = ROOT / "rules" / "syria-2016.toml"

FIELD = "log.jsonl:3: warning: unknown field 'casualities' (did you mean 'casualties'?)"
PARTY = "log.jsonl:4: warning: unknown actor 'us-coalitoin' (did you mean 'us-coalition'?)"
TYPE = ("log.jsonl:5: warning: event type 'declaration.ceasefire_ovr' is only matched by the pattern "
        "'declaration.*' (did you mean 'declaration.ceasefire_over'?)")


@pytest.fixture
def mistyped(write_log, tmp_path, monkeypatch) -> Path:
    """A log with a misspelt field (line 3), a misspelt party (line 4) and a misspelt type (line 5)."""
    monkeypatch.chdir(tmp_path)
    return write_log(
        event("2016-09-13T09:00:00+03:00", "aid.delivered"),
        attack("2016-09-14T10:00:00+03:00", actor="ru", casualities=60),
        attack("2016-09-14T11:00:00+03:00", actor="us-coalitoin", casualties=3),
        event("2016-09-15T10:00:00+03:00", "declaration.ceasefire_ovr", actor="sy-gov"),
    )


# -- the acceptance case ------------------------------------------------------------------


def test_misspelt_field_party_and_type_give_three_warnings_with_suggestions(mistyped):
    """Three mistakes, three FILE:LINE: warning lines on stderr, each naming what was meant; the verdict stands."""
    result = cli("check", "log.jsonl")
    assert result.stderr.splitlines() == [FIELD, PARTY, TYPE]
    assert result.exit_code == 1  # the attack by ru is a minor breach: warnings do not change the exit code
    assert "1 breach (1 minor), 3 warnings;" in result.stdout


def test_strict_makes_a_warning_an_error(mistyped):
    """--strict: the first mistyped line is an error, FILE:LINE: message, exit 2."""
    result = cli("check", "log.jsonl", "--strict")
    assert result.exit_code == 2
    assert result.stderr == "log.jsonl:3: unknown field 'casualities' (did you mean 'casualties'?)\n"


def test_strict_is_also_a_setting(mistyped, tmp_path):
    """strict = true in ceasefire.toml does what --strict does; --no-strict overrides it."""
    (tmp_path / "ceasefire.toml").write_text("strict = true\n")
    assert cli("check", "log.jsonl").exit_code == 2
    assert cli("check", "log.jsonl", "--no-strict").exit_code == 1
    assert 'strict = true' in cli("check", "--show-config").stdout


def test_an_unknown_type_stays_an_error_and_suggests_the_declared_one(write_log, tmp_path, monkeypatch):
    """A type the vocabulary does not accept is an error that says which type was probably meant (case mistakes too)."""
    monkeypatch.chdir(tmp_path)
    for typed, meant in [("aid.deliverd", "aid.delivered"), ("Attack.airstrike", "attack.airstrike"), ("atack.airstrike", "attack.airstrike")]:
        write_log(event("2016-09-14T10:00:00+03:00", typed))
        result = cli("check", "log.jsonl")
        assert result.exit_code == 2
        assert result.stderr.startswith(f"log.jsonl:2: unknown event type '{typed}' for agreement syria-2016 (did you mean '{meant}'?; known: attack.*,")


def test_with_a_type_no_pattern_accepts_the_mistakes_read_as_two_warnings_and_an_error(write_log, tmp_path, monkeypatch):
    """Misspelt field and party warn; a misspelt type the vocabulary refuses stays an error, with its suggestion; exit 2."""
    monkeypatch.chdir(tmp_path)
    write_log(
        event("2016-09-13T09:00:00+03:00", "aid.delivered"),
        attack("2016-09-14T10:00:00+03:00", actor="ru", casualities=60),
        attack("2016-09-14T11:00:00+03:00", actor="us-coalitoin", casualties=3),
        event("2016-09-15T10:00:00+03:00", "aid.convoy_atacked", actor="sy-gov"),
    )
    for strict in ([], ["--strict"]):
        result = cli("check", "log.jsonl", *strict)
        assert result.exit_code == 2
    lines = cli("check", "log.jsonl").stderr.splitlines()
    assert lines[:2] == [FIELD, PARTY]
    assert lines[2].startswith("log.jsonl:5: unknown event type 'aid.convoy_atacked' for agreement syria-2016 "
                               "(did you mean 'aid.convoy_attacked'?; known: ")


def test_show_lists_the_packs_other_known_actors():
    """ceasefire show names the actors a pack knows besides its parties."""
    text = cli("show", "hodeidah-2018").stdout
    assert "Other known actors (not parties):\n  coalition: " in text


def test_the_library_reports_the_three_warnings(mistyped):
    """check() keeps the warnings in the report, with lines and codes; strict=True raises LogError instead."""
    report = check(mistyped)
    assert [(w.line, w.code) for w in report.warnings] == [(3, "unknown-field"), (4, "unknown-actor"), (5, "wildcard-type")]
    assert [w.render("log.jsonl") for w in report.warnings] == [FIELD, PARTY, TYPE]
    assert report.exit_code == 1
    with pytest.raises(LogError, match=r":3: unknown field 'casualities' \(did you mean 'casualties'\?\)$"):
        check(mistyped, strict=True)


def test_on_warning_streams_the_warnings_and_the_report_keeps_none(mistyped):
    """With on_warning, each warning is handed over as its line is read; nothing is printed."""
    seen = []
    report = check(mistyped, on_warning=seen.append)
    assert [w.line for w in seen] == [3, 4, 5] and report.warnings == ()


def test_the_monitor_collects_warnings():
    """A Monitor fed an attack by 'Ru' finds no breach (not a party), and says the name looks mistyped."""
    monitor = Monitor("syria-2016")
    assert monitor.feed(attack("2016-09-14T10:00:00+03:00", actor="Ru", casualties=2)) == []
    assert [w.message for w in monitor.warnings] == ["unknown actor 'Ru' (did you mean 'ru'?)"]
    with pytest.raises(LogError, match="unknown target 'opositon'"):
        Monitor("syria-2016", strict=True).feed(attack("2016-09-14T10:00:00+03:00", target="opositon"))


# -- what does not warn ---------------------------------------------------------------------


def test_x_fields_and_the_packs_own_fields_and_actors_are_not_warned_about(tmp_path):
    """x_ fields never warn; a pack's [fields] and [actors] declare what its logs may carry."""
    pack = tmp_path / "mine.toml"
    pack.write_text(SYRIA_PACK.read_text(encoding="utf-8").replace(
        "[actors]\n", '[fields]\nverified_by = "Who verified the event"\n\n[actors]\nwhite-helmets = "Syria Civil Defence"\n', 1))
    rows = [event("2016-09-14T10:00:00+03:00", "statement", actor="white-helmets", verified_by="un", x_desk="Aleppo")]
    assert check(rows, agreement=pack).warnings == ()
    unknown, _ = check(rows, agreement="syria-2016").warnings
    assert unknown.message == "unknown field 'verified_by' (a pack may declare it under [fields]; fields named x_... are never checked)"


def test_a_pack_may_not_list_a_party_among_its_other_actors(tmp_path):
    """[actors] are those who are not parties: listing a party there is a pack error."""
    pack = tmp_path / "mine.toml"
    pack.write_text(SYRIA_PACK.read_text(encoding="utf-8").replace("[actors]\n", '[actors]\nsy-gov = "Syria"\n', 1))
    with pytest.raises(Exception, match=r"actors\.sy-gov: is also declared as a party"):
        load_agreement(pack)


def test_bundled_examples_give_no_warning():
    """The examples name only parties, designated groups and listed actors (the UN, the OSCE)."""
    logs = sorted((ROOT / "examples").glob("*.jsonl"))
    assert len(logs) >= 4, logs
    for log in logs:
        assert check(log).warnings == (), log


def test_a_guarantor_named_as_actor_or_target_is_known():
    """A guarantor (Russia in karabakh-2020) may act, declare or be targeted in a log without a warning."""
    events = [{"date": "2020-11-11", "type": "monitoring_centre.agreed", "actor": "ru"},
              {"date": "2020-11-12", "type": "statement", "actor": "am", "target": "ru"}]
    assert check(events, agreement="karabakh-2020").warnings == ()


def test_an_unknown_actor_without_a_close_name_says_how_it_is_counted(tmp_path):
    """No suggestion: the warning says the actor is none of the pack's, and counts as anyone else."""
    (warning,) = check([attack("2016-09-14T10:00:00+03:00", actor="hezbollah")], agreement="syria-2016").warnings
    assert warning.message == ("unknown actor 'hezbollah' (not a party, designated group or listed actor of syria-2016: "
                               "counted as any other actor)")


# -- every format -------------------------------------------------------------------------


def test_json_lists_the_warnings_and_counts_them(mistyped):
    """JSON: each log's warnings list (line, code, message) and the summary's count; the schema accepts it."""
    document = json.loads(cli("check", "log.jsonl", "-f", "json").stdout)
    jsonschema.Draft202012Validator(schema("report")).validate(document)
    assert [w["line"] for w in document["logs"][0]["warnings"]] == [3, 4, 5]
    assert document["logs"][0]["warnings"][0] == {"line": 3, "code": "unknown-field", "message": FIELD.split("warning: ")[1]}
    assert document["summary"]["warnings"] == 3


def test_jsonl_streams_warning_records(mistyped):
    """JSONL: a warning record per warning, counted in the log record and the summary."""
    records = [json.loads(line) for line in cli("check", "log.jsonl", "-f", "jsonl").stdout.splitlines()]
    warnings = [r for r in records if r["record"] == "warning"]
    assert [(r["file"], r["line"], r["code"]) for r in warnings] == [
        ("log.jsonl", 3, "unknown-field"), ("log.jsonl", 4, "unknown-actor"), ("log.jsonl", 5, "wildcard-type")]
    assert records[-2]["warnings"] == 3 and records[-1]["warnings"] == 3


def test_github_annotates_each_warning(mistyped):
    """github: a ::warning command at each mistyped line."""
    lines = [line for line in cli("check", "log.jsonl", "-f", "github").stdout.splitlines() if "unknown" in line or "only matched" in line]
    assert [re.match(r"::warning file=log.jsonl,line=(\d),title=ceasefire%3A ", line).group(1) for line in lines] == ["3", "4", "5"]
    assert lines[0].endswith("::unknown field 'casualities' (did you mean 'casualties'?)")


def test_sarif_gitlab_and_junit_carry_warnings_as_notes(mistyped):
    """sarif: note results; gitlab: info issues; junit: a passing warnings case listing them."""
    sarif = json.loads(cli("check", "log.jsonl", "-f", "sarif").stdout)["runs"][0]
    notes = [r for r in sarif["results"] if r["ruleId"].startswith("ceasefire/")]
    assert [(r["level"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in notes] == [("note", 3), ("note", 4), ("note", 5)]
    issues = json.loads(cli("check", "log.jsonl", "-f", "gitlab").stdout)
    info = [i for i in issues if i["check_name"] == "ceasefire/unknown-field"]
    assert [(i["severity"], i["location"]["lines"]["begin"]) for i in info] == [("info", 3)]
    suite = ET.fromstring(cli("check", "log.jsonl", "-f", "junit").stdout).find("testsuite")
    case = next(c for c in suite.findall("testcase") if c.get("name") == "warnings")
    assert case.find("failure") is None and case.find("system-out").text.splitlines() == [FIELD, PARTY, TYPE]


def test_machine_formats_count_warnings_in_the_stderr_summary(mistyped):
    """The run's one-line summary counts the warnings too."""
    assert cli("check", "log.jsonl", "-f", "json").stderr.splitlines()[-1] == (
        "ceasefire: 1 log, 1 breach (1 failing); 3 warnings; status: 1 fragile")
