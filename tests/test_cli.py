"""The ``ceasefire check`` command: the bundled examples' verdicts, formats, exit codes, errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import cli


EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_seed_article_is_in_doubt():
    """The September 2016 story prints status in_doubt and exits 1."""
    result = cli("check", str(EXAMPLES / "syria-2016-09.jsonl"))
    assert result.exit_code == 1
    assert "status in_doubt" in result.stdout
    assert result.stderr == ""


def test_seed_article_json_names_the_deir_ez_zor_breach():
    """The JSON names the 17 September breach by us-coalition, with its line."""
    result = cli("check", str(EXAMPLES / "syria-2016-09.jsonl"), "--format", "json")
    report = json.loads(result.stdout)["logs"][0]
    assert report["status"] == "in_doubt"
    strikes = [b for b in report["breaches"] if b["date"].startswith("2016-09-17")]
    assert strikes == [
        {
            "provision": "cessation",
            "rule": "attack",
            "kind": "event",
            "severity": "critical",
            "date": "2016-09-17T17:00:00+03:00",
            "party": "us-coalition",
            "line": 7,
            "event_id": "deir-ez-zor-2016-09-17",
            "message": strikes[0]["message"],
            "uncertain": False,
            "event_type": "attack.airstrike",
            "actor": "us-coalition",
            "target": "sy-gov",
            "claimed": "isil",
            "location": "Deir ez-Zor",
            "casualties": 80,
            "killed": 80,
            "injured": None,
            "count": 1,
            "needed": None,
            "instance": None,
            "verification": "verified",
            "claimed_by": None,
            "alleged": False,
            "source": "CCTV World Today, 'Fragile Syrian ceasefire in doubt' (18 September 2016)",
            "fingerprint": strikes[0]["fingerprint"],
            "known": False,
        }
    ]
    assert "claims it struck isil" in strikes[0]["message"]
    provisions = report["provisions"]
    assert {pid: p["state"] for pid, p in provisions.items()} == {
        "aid": "stalled", "castello": "overdue", "cessation": "gravely_violated", "jic": "not_established", "term": "lapsed",
    }
    assert {i: p["state"] for i, p in provisions["castello"]["instances"].items()} == {"opposition": "overdue", "sy-gov": "overdue"}


def test_one_partys_declared_end_of_the_truce_leaves_it_in_doubt():
    """The story continued to 19 September: the Syrian army declared its calm over, the US did not: in doubt, not collapsed."""
    result = cli("check", str(EXAMPLES / "syria-2016-09-19.jsonl"), "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["logs"][0]["status"] == "in_doubt"


def test_the_record_collapses_when_a_side_agrees():
    """The record to 3 October: collapsed, from the US Secretary of State's word on 22 September."""
    result = cli("check", str(EXAMPLES / "syria-2016-record.jsonl"), "--format", "json")
    assert json.loads(result.stdout)["logs"][0]["status"] == "collapsed"


def test_clean_example_is_holding():
    """The counterfactual log where the truce was kept is holding and exits 0."""
    result = cli("check", str(EXAMPLES / "syria-2016-holding.jsonl"))
    assert result.exit_code == 0
    assert "status holding" in result.stdout


def test_json_report_shape():
    """One shape for one log: schema_version 2, tool, summary, logs; no report repeated at the top; keys sorted."""
    result = cli("check", str(EXAMPLES / "syria-2016-09.jsonl"), "-f", "json")
    document = json.loads(result.stdout)
    assert list(document) == ["logs", "schema_version", "summary", "tool"]
    assert document["schema_version"] == 2
    (report,) = document["logs"]
    assert list(report) == ["agreement", "as_of", "breaches", "counts", "file", "implementation", "provisions", "status", "status_cause", "tally", "warnings"]
    assert document["summary"]["status"] == report["status"] == "in_doubt"
    for breach in report["breaches"]:
        assert set(breach) == {
            "provision", "rule", "kind", "severity", "date", "party", "line", "event_id", "message", "uncertain", "fingerprint", "known",
            "event_type", "target", "actor", "location", "casualties", "claimed", "source",
            "killed", "injured", "count", "needed", "verification", "claimed_by", "alleged", "instance",
        }
    assert report["counts"] == {"lines": 12, "events": 11, "skipped": 1, "out_of_area": 0}
    deadline = report["breaches"][0]
    assert (deadline["kind"], deadline["line"], deadline["date"]) == ("deadline", None, "2016-09-15T19:00:00+03:00")


def test_text_report_lists_provisions_breaches_and_summary():
    """The text report shows the agreement, as-of date, each provision, each breach with FILE:LINE, a summary."""
    log = "examples/syria-2016-09.jsonl"  # reports name a log relative to the working directory
    lines = cli("check", str(EXAMPLES / "syria-2016-09.jsonl")).stdout.splitlines()
    assert lines[0] == f"{log}: syria-2016 (US–Russia cessation of hostilities in Syria, September 2016)"
    assert lines[1] == "as of 2016-09-18: status in_doubt, implementation stalled"
    assert "  cessation  gravely_violated" in lines
    breach = next(line for line in lines if f"{log}:7 " in line)
    assert breach.split()[:4] == ["2016-09-17T17:00:00+03:00", "cessation", "critical", "us-coalition"]
    assert lines[-1] == "3 breaches (1 critical, 1 major, 1 minor); 11 events in 12 lines (1 skipped); status in_doubt"


def test_as_of_gives_an_earlier_verdict():
    """--as-of 2016-09-14 sees only the first days: holding."""
    result = cli("check", str(EXAMPLES / "syria-2016-09.jsonl"), "--as-of", "2016-09-14", "-f", "json")
    report = json.loads(result.stdout)["logs"][0]
    assert (result.exit_code, report["status"], report["as_of"]) == (0, "holding", "2016-09-14")


def test_standard_input_is_read_with_a_dash():
    """'-' reads the log from stdin."""
    data = (EXAMPLES / "syria-2016-09.jsonl").read_bytes()
    result = cli("check", "-", "-f", "json", input=data)
    assert result.exit_code == 1
    assert json.loads(result.stdout)["logs"][0]["status"] == "in_doubt"


def test_bundled_pack_is_found_from_any_directory(tmp_path, monkeypatch):
    """A log copied elsewhere still finds syria-2016 by name."""
    shutil.copy(EXAMPLES / "syria-2016-09.jsonl", tmp_path / "log.jsonl")
    monkeypatch.chdir(tmp_path)
    assert cli("check", "log.jsonl").exit_code == 1


def test_pack_path_in_the_log_folder_is_allowed(tmp_path):
    """A header may name a pack file beside the log."""
    shutil.copy(Path(__file__).resolve().parent.parent / "rules" / "syria-2016.toml", tmp_path / "mine.toml")
    log = tmp_path / "log.jsonl"
    log.write_text('{"agreement": "mine.toml"}\n{"date": "2016-09-13", "type": "statement"}\n')
    assert cli("check", str(log)).exit_code == 0


def test_broken_pack_exits_2_with_file_and_key(tmp_path):
    """A pack error reads FILE: key: message on stderr, exit 2."""
    pack = tmp_path / "broken.toml"
    pack.write_text((Path(__file__).resolve().parent.parent / "rules" / "syria-2016.toml").read_text().replace('after = "72h"', 'after = "soon"', 1))
    result = cli("check", str(EXAMPLES / "syria-2016-09.jsonl"), "--agreement", str(pack))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"{pack}: provisions.cessation.timers[0].after: invalid duration 'soon'")


@pytest.mark.parametrize(
    "target, message",
    [("missing.jsonl", "missing.jsonl: no such file\n"), (".", ".: no *.jsonl file in this directory\n")],
)
def test_unreadable_log_exits_2(tmp_path, monkeypatch, target, message):
    """A missing file, or a directory with no log in it, is reported, not a traceback."""
    monkeypatch.chdir(tmp_path)
    result = cli("check", target)
    assert (result.exit_code, result.stderr) == (2, message)


def test_bad_as_of_is_a_usage_error():
    """An --as-of that is not a date exits 2 naming the option."""
    result = cli("check", str(EXAMPLES / "syria-2016-09.jsonl"), "--as-of", "tomorrow")
    assert result.exit_code == 2
    assert "Invalid value for '--as-of': invalid date 'tomorrow'" in result.stderr


def test_unknown_format_is_a_usage_error():
    """Only the registered formats are accepted."""
    assert cli("check", str(EXAMPLES / "syria-2016-09.jsonl"), "--format", "yaml").exit_code == 2


def test_internal_error_is_one_line_and_exit_3(monkeypatch):
    """A bug is reported in one line asking for a report, with exit 3 and no traceback."""

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("ceasefire.checklog.check", explode)
    result = cli("check", str(EXAMPLES / "syria-2016-09.jsonl"))
    assert result.exit_code == 3
    assert "internal error (RuntimeError: boom)" in result.stderr
    assert "Traceback" not in result.stderr


def test_streamed_json_equals_the_whole_document():
    """The JSON written breach by breach is exactly json.dumps of the document, sorted and indented."""
    from ceasefire.formats.json import iter_json

    for name in ("syria-2016-09.jsonl", "syria-2016-holding.jsonl"):
        document = json.loads(cli("check", str(EXAMPLES / name), "-f", "json").stdout)
        assert "".join(iter_json(document)) == json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False)
