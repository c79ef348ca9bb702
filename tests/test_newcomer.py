"""What a new user hits first: --as-of now|today, the synopsis, completion, the README's install, reports beside logs."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import HEADER, cli, event

from ceasefire import UsageError, check

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
HOLDING = ROOT / "examples" / "syria-2016-holding.jsonl"
QUIET_LOG = json.dumps(HEADER) + '\n{"date": "2016-09-13T12:00:00+03:00", "type": "statement", "actor": "ru"}\n'


@pytest.fixture
def quiet_log(tmp_path, monkeypatch) -> str:
    """A log whose last event is on 13 September: nothing logged since, the aid deadline (15 Sept 19:00) still to come."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "log.jsonl").write_text(QUIET_LOG)
    return "log.jsonl"


def _clock(monkeypatch, instant: datetime) -> None:
    monkeypatch.setattr("ceasefire.cli.clock", lambda: instant)


# -- deadlines when nothing is logged -------------------------------------------------------


def test_as_of_now_fires_a_deadline_missed_since_the_last_event(quiet_log, monkeypatch):
    """--as-of now (a fixed clock): the aid deadline passed after the last event, so it is overdue; exit 1."""
    _clock(monkeypatch, datetime(2016, 9, 16, 7, 30, 15, 999, tzinfo=UTC))
    result = cli("check", quiet_log, "--as-of", "now", "-f", "json")
    report = json.loads(result.stdout)["logs"][0]
    assert (result.exit_code, report["as_of"], report["provisions"]["aid"]["state"]) == (1, "2016-09-16T10:30:15+03:00", "overdue")
    assert [b["rule"] for b in report["breaches"]] == ["aid-deadline"]


def test_as_of_today_is_the_end_of_today_in_the_packs_zone(quiet_log, monkeypatch):
    """--as-of today at 22:30 UTC on the 14th is already the 15th in Damascus: its end passes the 19:00 deadline."""
    _clock(monkeypatch, datetime(2016, 9, 14, 22, 30, tzinfo=UTC))
    result = cli("check", quiet_log, "--as-of", "today", "-f", "json")
    report = json.loads(result.stdout)["logs"][0]
    assert (result.exit_code, report["as_of"], report["provisions"]["aid"]["state"]) == (1, "2016-09-15", "overdue")
    _clock(monkeypatch, datetime(2016, 9, 14, 12, 0, tzinfo=UTC))
    assert cli("check", quiet_log, "--as-of", "today").stdout.splitlines()[1] == "as of 2016-09-14: status holding, implementation behind"


def test_the_library_takes_now_from_its_caller():
    """check(as_of='now'|'today', now=...) uses the time handed in, and refuses to guess without it."""
    events = [event("2016-09-13T12:00:00+03:00", "statement")]
    fixed = datetime(2016, 9, 16, 7, 30, tzinfo=UTC)
    assert check(events, agreement="syria-2016", as_of="now", now=fixed).as_of == "2016-09-16T10:30:00+03:00"
    assert check(events, agreement="syria-2016", as_of="today", now=fixed).implementation == "behind"  # aid overdue by the 16th
    with pytest.raises(UsageError, match="needs the current time"):
        check(events, agreement="syria-2016", as_of="today")


# -- the synopsis, the README, completion ---------------------------------------------------


def _synopsis(text: str) -> str:
    match = re.search(r"^\s*ceasefire check LOG\.\.\..*?(?=\n\s*\n)", text, re.S | re.M)
    assert match, "no synopsis"
    return match.group(0)


def test_the_synopsis_lists_every_option_in_help_and_readme():
    """Every option of ceasefire check, short and long (-a, -f, -o, -q too), is in the synopsis of --help and of the README."""
    from ceasefire.cli import check_command

    names = [name for p in check_command.params if p.param_type_name == "option" for name in (*p.opts, *p.secondary_opts)]
    assert {"-a", "-f", "-o", "-q", "--strict"} <= set(names)
    for text in (cli("check", "--help").stdout, README):
        synopsis = _synopsis(text)
        missing = [n for n in names + ["--help"] if not re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", synopsis)]
        assert missing == [], missing


def test_readme_ci_snippets_install_what_exists():
    """The CI snippets install from the repository (a checkout, or git+URL at a tag), never the unpublished package name."""
    installs = re.findall(r"pip install (?:-\S+ )*(\S+)", README)
    assert installs
    for args in installs:
        target = args.strip("'\"`")
        assert target.startswith((".", "git+")), args
    assert "jq '.logs[0].status'" in README


def _complete(words: str) -> list[str]:
    env = {"_CEASEFIRE_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": str(len(words.split(" ")) - 1)}
    return cli(prog_name="ceasefire", env=env).stdout.splitlines()


def test_completion_offers_bundled_agreements_and_pack_files():
    """--agreement, show, graph, lint and test complete bundled names, then files; --as-of offers now and today."""
    assert _complete("ceasefire check --agreement sy") == ["plain,syria-2016", "file,sy"]
    for command in ("show", "graph", "lint", "test"):
        assert _complete(f"ceasefire {command} m") == ["plain,minsk-2015", "file,m"], command
    assert _complete("ceasefire check --as-of t") == ["plain,today"]


# -- what the checker writes ------------------------------------------------------------------


def test_a_jsonl_report_in_the_log_folder_is_not_read_as_a_log(tmp_path, monkeypatch):
    """--report jsonl:logs/r.jsonl carries a header record; the next walk of logs/ skips it."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "holding.jsonl").write_bytes(HOLDING.read_bytes())
    assert cli("check", "logs", "--report", "jsonl:logs/r.jsonl").exit_code == 0
    assert json.loads((tmp_path / "logs" / "r.jsonl").read_text().splitlines()[0])["record"] == "header"
    again = cli("check", "logs", "-f", "json", "--report", "jsonl:logs/r.jsonl")
    assert again.exit_code == 0
    assert [log["file"] for log in json.loads(again.stdout)["logs"]] == ["logs/holding.jsonl"]
    (tmp_path / "logs" / "out.jsonl").write_text(cli("check", "logs", "-f", "jsonl").stdout)  # redirected by hand
    assert json.loads(cli("check", "logs", "-f", "json").stdout)["summary"]["logs"] == 1


def test_output_creates_its_folder(tmp_path, monkeypatch):
    """-o out/x.json creates out/ and writes the report there."""
    monkeypatch.chdir(tmp_path)
    assert cli("check", HOLDING, "-f", "json", "-o", "out/deeper/x.json").exit_code == 0
    assert json.loads((tmp_path / "out" / "deeper" / "x.json").read_text())["logs"][0]["status"] == "holding"
