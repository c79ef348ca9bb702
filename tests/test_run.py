"""A run of ``ceasefire check`` as CI uses it: thresholds, baselines, settings, outputs, several logs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import HEADER, cli

from ceasefire.parallel import default_jobs

ROOT = Path(__file__).resolve().parent.parent
IN_DOUBT = ROOT / "examples" / "syria-2016-09.jsonl"
COLLAPSED = ROOT / "examples" / "syria-2016-record.jsonl"
HOLDING = ROOT / "examples" / "syria-2016-holding.jsonl"
HEADER_LINE = json.dumps(HEADER) + "\n"


@pytest.fixture
def minor_only(tmp_path) -> Path:
    """A log whose only breach is minor, and whose status is fragile."""
    path = tmp_path / "minor.jsonl"
    path.write_text(HEADER_LINE + '{"date": "2016-09-13T09:00:00+03:00", "type": "aid.delivered"}\n'
                    '{"date": "2016-09-14T10:00:00+03:00", "type": "attack.shelling", "actor": "ru", "target": "opposition", "casualties": 1}\n')
    return path


# -- exit codes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fail_on, minor, in_doubt, holding",
    [("minor", 1, 1, 0), ("major", 0, 1, 0), ("critical", 0, 1, 0), ("never", 0, 0, 0)],
)
def test_fail_on_is_inclusive(minor_only, fail_on, minor, in_doubt, holding):
    """--fail-on SEVERITY: exit 1 for a breach that severe or worse, else 0."""
    assert cli("check", minor_only, "--fail-on", fail_on).exit_code == minor
    assert cli("check", IN_DOUBT, "--fail-on", fail_on).exit_code == in_doubt
    assert cli("check", HOLDING, "--fail-on", fail_on).exit_code == holding


@pytest.mark.parametrize(
    "status, minor, in_doubt, collapsed, holding",
    [("fragile", 1, 1, 1, 0), ("in_doubt", 0, 1, 1, 0), ("collapsed", 0, 0, 1, 0)],
)
def test_fail_on_status_is_inclusive(minor_only, status, minor, in_doubt, collapsed, holding):
    """--fail-on-status STATUS (with --fail-on never): exit 1 when a log's status is that or worse."""
    codes = [cli("check", log, "--fail-on", "never", "--fail-on-status", status).exit_code
             for log in (minor_only, IN_DOUBT, COLLAPSED, HOLDING)]
    assert codes == [minor, in_doubt, collapsed, holding]


def test_default_fails_on_any_breach():
    """Without thresholds: exit 1 when a log shows a breach, 0 when none does."""
    assert cli("check", IN_DOUBT).exit_code == 1
    assert cli("check", HOLDING).exit_code == 0
    assert cli("check", HOLDING, IN_DOUBT).exit_code == 1


def test_errors_exit_2_and_the_other_logs_are_still_checked(tmp_path):
    """A bad log among good ones: its error on stderr, the others reported, exit 2."""
    bad = tmp_path / "bad.jsonl"
    bad.write_text(HEADER_LINE + "not json\n")
    result = cli("check", bad, HOLDING)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{bad}:2: invalid JSON")
    assert "status holding" in result.stdout


@pytest.mark.parametrize("fmt", ["json"])
def test_a_bad_log_leaves_no_half_document(tmp_path, fmt):
    """The JSON document is not printed when a log cannot be checked, to stdout or to --output."""
    bad = tmp_path / "bad.jsonl"
    bad.write_text(HEADER_LINE + '{"date": "2016-09-13"}\n')
    result = cli("check", HOLDING, bad, "--format", fmt)
    assert (result.exit_code, result.stdout) == (2, "")
    out = tmp_path / f"report.{fmt}"
    assert cli("check", HOLDING, bad, "--format", fmt, "--output", out).exit_code == 2
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".ceasefire-")] == []


# -- baselines and fingerprints -------------------------------------------------------------


def _fingerprints(log: Path, *args: object) -> list[str]:
    return [b["fingerprint"] for b in json.loads(cli("check", log, "-f", "json", *args).stdout)["logs"][0]["breaches"]]


def test_baseline_makes_known_breaches_pass(tmp_path):
    """--write-baseline records the breaches; with --baseline they are known and do not fail."""
    baseline = tmp_path / "baseline.json"
    written = cli("check", IN_DOUBT, "--write-baseline", baseline)
    assert written.exit_code == 0
    assert "wrote 3 fingerprints" in written.stderr
    result = cli("check", IN_DOUBT, "--baseline", baseline, "-f", "json")
    document = json.loads(result.stdout)
    assert result.exit_code == 0
    assert [b["known"] for b in document["logs"][0]["breaches"]] == [True, True, True]
    assert (document["summary"]["known"], document["summary"]["failing"]) == (3, 0)


def test_fingerprints_survive_unrelated_lines(tmp_path):
    """Adding statements and blank lines to a log shifts line numbers but not fingerprints."""
    lines = IN_DOUBT.read_text(encoding="utf-8").splitlines(keepends=True)
    log = tmp_path / "syria-2016-09.jsonl"
    log.write_text("".join(lines), encoding="utf-8")
    before = _fingerprints(log)
    statement = '{"date": "2016-09-13T01:00:00+03:00", "type": "statement", "actor": "ru"}\n'
    log.write_text("".join(lines[:3] + [statement, "\n"] + lines[3:]), encoding="utf-8")
    after = json.loads(cli("check", log, "-f", "json").stdout)["logs"][0]["breaches"]
    assert [b["fingerprint"] for b in after] == before and len(set(before)) == 3
    assert [b["line"] for b in after] == [None, 9, 13]


def test_a_new_breach_fails_beside_known_ones(tmp_path):
    """Only what the baseline does not know fails the run."""
    log = tmp_path / "log.jsonl"
    log.write_text(IN_DOUBT.read_text(encoding="utf-8"), encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    cli("check", log, "--write-baseline", baseline)
    with log.open("a", encoding="utf-8") as out:
        out.write('{"date": "2016-09-18T23:00:00+03:00", "type": "attack.airstrike", "actor": "ru", "target": "opposition", "casualties": 4}\n')
    report = json.loads(cli("check", log, "--baseline", baseline, "-f", "json").stdout)["logs"][0]
    # the new attack at 23:00 comes before the bare-date attack of line 11, which counts at the end of its day
    assert [(b["line"], b["known"]) for b in report["breaches"]] == [(None, True), (7, True), (13, False), (11, True)]
    assert cli("check", log, "--baseline", baseline).exit_code == 1


def test_identical_breaches_get_distinct_fingerprints(tmp_path):
    """Two identical attacks at one instant are two breaches with two fingerprints."""
    log = tmp_path / "twice.jsonl"
    attack = '{"date": "2016-09-14T10:00:00+03:00", "type": "attack.shelling", "actor": "ru", "target": "opposition"}\n'
    log.write_text(HEADER_LINE + attack + attack)
    first, second = _fingerprints(log)
    assert second == f"{first}-2"


def test_a_broken_baseline_is_a_usage_error(tmp_path):
    """A baseline that is not one: FILE: message, exit 2."""
    bad = tmp_path / "baseline.json"
    bad.write_text("[1, 2]")
    result = cli("check", IN_DOUBT, "--baseline", bad)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{bad}: breaches: not a ceasefire baseline")
    missing = cli("check", IN_DOUBT, "--baseline", tmp_path / "none.json")
    assert missing.exit_code == 2 and "no such baseline file" in missing.stderr


# -- settings --------------------------------------------------------------------------------


def test_pyproject_settings_apply_and_flags_win(tmp_path, monkeypatch, minor_only):
    """[tool.ceasefire] in pyproject.toml sets defaults, found from a subfolder; flags override it."""
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.ceasefire]\nfail-on = "major"\nformat = "json"\n')
    sub = tmp_path / "deep" / "er"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    result = cli("check", minor_only)
    assert result.exit_code == 0  # a minor breach, fail-on major
    assert json.loads(result.stdout)["summary"]["fail_on"] == "major"
    assert cli("check", minor_only, "--fail-on", "minor", "--format", "text").exit_code == 1


def test_ceasefire_toml_comes_before_pyproject(tmp_path, monkeypatch):
    """In one folder, ceasefire.toml wins; its relative paths are read from its folder."""
    (tmp_path / "pyproject.toml").write_text('[tool.ceasefire]\nfail-on = "never"\n')
    (tmp_path / "ceasefire.toml").write_text('fail-on = "critical"\nbaseline = "ci/baseline.json"\n')
    monkeypatch.chdir(tmp_path)
    shown = cli("check", "--show-config").stdout
    assert 'fail-on = "critical"' in shown and "# ceasefire.toml" in shown
    assert f'baseline = "{tmp_path / "ci" / "baseline.json"}"' in shown


def test_show_config_prints_each_setting_and_its_origin(tmp_path, monkeypatch):
    """--show-config: the settings in force, as TOML, with where each comes from."""
    (tmp_path / "pyproject.toml").write_text('[tool.ceasefire]\nagreement = "syria-2016"\n')
    monkeypatch.chdir(tmp_path)
    result = cli("check", "--show-config", "--fail-on", "major")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"# ceasefire settings in force; config file: {tmp_path / 'pyproject.toml'} [tool.ceasefire]"
    assert lines[1].startswith('agreement = "syria-2016"') and lines[1].endswith("# pyproject.toml")
    assert lines[2].startswith('format = "text"') and lines[2].endswith("# default")
    assert lines[3].startswith('fail-on = "major"') and lines[3].endswith("# command line")
    assert lines[4] == "# fail-on-status is not set"
    assert lines[5].startswith("fail-on-alleged = false") and lines[5].endswith("# default")
    assert lines[6] == "# baseline is not set"
    assert lines[7].startswith("strict = false") and lines[7].endswith("# default")
    assert lines[8] == f"# jobs is not set: as many processes as this machine's cores ({default_jobs()})"


def test_show_config_prints_jobs_as_set(tmp_path, monkeypatch):
    """--jobs given (or set in a file) is shown as a setting with its origin, not as the cores' default."""
    monkeypatch.chdir(tmp_path)
    assert cli("check", "--show-config", "--jobs", "3").stdout.splitlines()[8].startswith("jobs = 3")
    (tmp_path / "ceasefire.toml").write_text("jobs = 1\n")
    line = cli("check", "--show-config").stdout.splitlines()[8]
    assert line.startswith("jobs = 1") and line.endswith("# ceasefire.toml")


@pytest.mark.parametrize(
    "content, message",
    [
        ('[tool.ceasefire]\ncolour = "red"\n', "tool.ceasefire.colour: unknown key"),
        ('[tool.ceasefire]\nfail-on = "huge"\n', "tool.ceasefire.fail-on: unknown value 'huge'"),
        ('[tool.ceasefire]\nformat = 3\n', "tool.ceasefire.format: must be a non-empty string"),
        ('[tool.ceasefire]\nstrict = "yes"\n', "tool.ceasefire.strict: must be true or false, got a string"),
        ('[tool]\nceasefire = 3\n', "tool.ceasefire: must be a table, got an integer"),
    ],
)
def test_bad_settings_are_reported_with_file_and_key(tmp_path, monkeypatch, content, message):
    """A wrong setting: FILE: key: message, exit 2."""
    (tmp_path / "pyproject.toml").write_text(content)
    monkeypatch.chdir(tmp_path)
    result = cli("check", IN_DOUBT)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{tmp_path / 'pyproject.toml'}: {message}")


def test_pyproject_without_our_table_is_ignored(tmp_path, monkeypatch):
    """A pyproject.toml without [tool.ceasefire] is not a ceasefire config."""
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    monkeypatch.chdir(tmp_path)
    assert "config file: none found" in cli("check", "--show-config").stdout


# -- inputs and outputs -----------------------------------------------------------------------


def test_directories_are_walked_for_logs(tmp_path):
    """A directory stands for the *.jsonl files below it, in sorted order, hidden folders skipped."""
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "two.jsonl").write_text(HOLDING.read_text(encoding="utf-8"))
    (tmp_path / "one.jsonl").write_text(HOLDING.read_text(encoding="utf-8"))
    (tmp_path / ".git" / "skip.jsonl").write_text("garbage")
    (tmp_path / "notes.txt").write_text("garbage")
    document = json.loads(cli("check", tmp_path, "-f", "json").stdout)
    assert [Path(log["file"]).name for log in document["logs"]] == ["two.jsonl", "one.jsonl"]


def test_stdin_with_a_filename(tmp_path):
    """'-' reads standard input; --stdin-filename names it in reports."""
    result = cli("check", "-", "--stdin-filename", "logs/today.jsonl", "-f", "json", input=IN_DOUBT.read_bytes())
    document = json.loads(result.stdout)
    assert document["logs"][0]["file"] == "logs/today.jsonl"
    bad = cli("check", "-", "--stdin-filename", "logs/today.jsonl", input=HEADER_LINE.encode() + b"[]\n")
    assert bad.stderr == "logs/today.jsonl:2: expected a JSON object, got an array\n"


def test_output_file_and_extra_reports(tmp_path):
    """--output writes the format to a file; --report adds machine reports while the console keeps text."""
    sarif, junit = tmp_path / "out.sarif", tmp_path / "out.xml"
    result = cli("check", IN_DOUBT, "--report", f"sarif:{sarif}", "--report", f"junit:{junit}")
    assert "status in_doubt" in result.stdout
    assert json.loads(sarif.read_text())["version"] == "2.1.0"
    assert junit.read_text().startswith('<?xml version="1.0"')
    out = tmp_path / "report.json"
    result = cli("check", IN_DOUBT, "-f", "json", "-o", out)
    assert result.stdout == ""
    assert json.loads(out.read_text())["logs"][0]["status"] == "in_doubt"


def test_bad_report_option_is_a_usage_error():
    """--report needs FORMAT:PATH with a known format."""
    result = cli("check", IN_DOUBT, "--report", "yaml:out.yml")
    assert result.exit_code == 2
    assert "expected FORMAT:PATH" in result.stderr


def test_machine_formats_keep_stdout_clean_and_summarise_on_stderr():
    """Only the format on stdout; the run's summary on stderr."""
    result = cli("check", IN_DOUBT, HOLDING, "-f", "jsonl")
    records = [json.loads(line)["record"] for line in result.stdout.splitlines()]
    assert [r for r in records if r != "transition"] == ["header", "breach", "breach", "breach", "log", "log", "summary"]
    assert records.count("transition") == 8 + 10  # each change of state as it happens: 8 in the first log, 10 in the second
    assert result.stderr == "ceasefire: 2 logs, 3 breaches (3 failing); status: 1 holding, 1 in_doubt\n"


def test_quiet_prints_breaches_only():
    """-q: one line per breach, FILE:LINE first."""
    lines = cli("check", IN_DOUBT, "-q").stdout.splitlines()
    assert [line.split(": ")[0] for line in lines] == [
        "examples/syria-2016-09.jsonl (deadline)", "examples/syria-2016-09.jsonl:7", "examples/syria-2016-09.jsonl:11",
    ]


@pytest.mark.parametrize(
    "color, env, coloured",
    [("always", {}, True), ("never", {}, False), ("auto", {}, False), ("always", {"NO_COLOR": "1"}, True), ("auto", {"NO_COLOR": "1"}, False)],
)
def test_colour_only_when_asked_or_on_a_terminal(color, env, coloured):
    """--color always|never|auto; auto means a terminal without NO_COLOR, which a test runner is not."""
    result = cli("check", IN_DOUBT, "--color", color, env=env)
    assert ("\033[" in result.stdout) is coloured


def test_no_log_is_a_usage_error():
    """check without a log (and without --show-config) says what it needs."""
    result = cli("check")
    assert result.exit_code == 2
    assert "give at least one LOG" in result.stderr


def test_shell_completion_uses_clicks_mechanism():
    """_CEASEFIRE_COMPLETE=bash_source prints a completion script."""
    result = cli(prog_name="ceasefire", env={"_CEASEFIRE_COMPLETE": "bash_source"})
    assert result.exit_code == 0
    assert "_ceasefire_completion" in result.stdout
