"""``check --resume FILE`` and ``watch --state FILE``: going on where the last run stopped gives the whole log's verdict."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import HEADER, attack, cli, event
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_properties import events

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.jsonl"))
LISTING = ("breaches", "warnings", "tally", "history")
"""What a resumed run lists only for the lines it read (the snapshot keeps the counts, not the items)."""


def _verdict(output: str) -> dict[str, Any]:
    """The JSON report without its listing: what must be the same, resumed or not."""
    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in LISTING}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    doc = json.loads(output)
    for log in doc["logs"]:
        log.pop("file")
    return strip(doc)


def _whole(log: Path, *more: object) -> tuple[int, dict[str, Any]]:
    result = cli("check", log, "-f", "json", "--explain", *more)
    assert result.exit_code in (0, 1), result.stderr
    return result.exit_code, _verdict(result.stdout)


def _resumed(log: Path, lines: list[bytes], cuts: list[int], state: Path, *more: object) -> tuple[int, dict[str, Any], str]:
    """Write the log up to each cut in turn, checking it with --resume each time; the last run's exit code and verdict."""
    if state.exists():
        state.unlink()
    for cut in [*cuts, len(lines)]:
        log.write_bytes(b"".join(lines[:cut]))
        result = cli("check", log, "-f", "json", "--explain", "--resume", state, *more)
        assert result.exit_code in (0, 1), result.stderr
    return result.exit_code, _verdict(result.stdout), result.stderr


@pytest.fixture
def copy(tmp_path: Path):
    """A copy of an example in a folder with the bundled packs beside it (headers may name a path)."""
    def make(path: Path) -> tuple[Path, list[bytes]]:
        for pack in (ROOT / "rules").glob("*.toml"):
            shutil.copy(pack, tmp_path)
        target = tmp_path / path.name
        shutil.copy(path, target)
        return target, path.read_bytes().splitlines(keepends=True)

    return make


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_resuming_after_any_line_gives_the_whole_logs_verdict(path, copy, tmp_path):
    """Check the first lines with --resume, then the whole log: status, states, counts, explanation and exit code of one check."""
    log, lines = copy(path)
    code, verdict = _whole(log)
    for cut in range(1, len(lines) + 1):  # an empty log names no agreement: an error, resumed or not
        again, resumed, _ = _resumed(log, lines, [cut], tmp_path / "state.json")
        assert (again, resumed) == (code, verdict), cut


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=events(), data=st.data())
def test_resuming_generated_logs_at_any_lines_gives_the_whole_logs_verdict(rows, data, tmp_path):
    """Generated logs with bare dates, intervals and per-party deadlines firing across the cuts: the same verdict, in several runs."""
    rows = [dict(r, date=f"{r['date'][:13]}:00:00+03:00/{r['date']}") if len(r["date"]) > 10 and i % 4 == 3 else r
            for i, r in enumerate(rows)]  # some events known only to lie in the hour before
    log = tmp_path / "gen.jsonl"
    lines = [(json.dumps(r) + "\n").encode() for r in [HEADER, *rows]]
    log.write_bytes(b"".join(lines))
    code, verdict = _whole(log, "--tally")
    cuts = sorted(data.draw(st.lists(st.integers(min_value=1, max_value=len(lines)), max_size=3)))
    again, resumed, _ = _resumed(log, lines, cuts, tmp_path / "gen.state.json", "--tally")
    assert (again, resumed) == (code, verdict)


def test_a_resumed_check_says_where_it_began_and_lists_what_it_read(tmp_path, write_log):
    """The listing covers the lines read this time; the counts and the exit code cover the whole log."""
    first = [attack("2016-09-13T10:00:00+03:00", casualties=2)]
    log = write_log(*first)
    state = tmp_path / "state.json"
    assert cli("check", log, "--resume", state).exit_code == 1
    write_log(*first, event("2016-09-13T12:00:00+03:00", "statement", actor="ru"))
    result = cli("check", log, "--resume", state, "-f", "json")
    assert result.exit_code == 1  # the breach on line 2 still fails the run
    assert f"{log}: resumed after line 2 (from {state})" in result.stderr
    report = json.loads(result.stdout)["logs"][0]
    assert report["breaches"] == []
    assert (report["counts"]["lines"], report["counts"]["events"], report["counts"]["skipped"]) == (3, 2, 1)
    summary = json.loads(result.stdout)["summary"]
    assert (summary["breaches"], summary["failing"], summary["exit_code"]) == (1, 1, 1)


def test_a_first_check_with_resume_writes_the_snapshot(tmp_path, write_log):
    """No snapshot yet: the log is checked from its start, and the snapshot written, one line of JSON."""
    log = write_log(attack("2016-09-13T10:00:00+03:00"))
    state = tmp_path / "state.json"
    result = cli("check", log, "--resume", state)
    assert "resumed" not in result.stderr
    doc = json.loads(state.read_text(encoding="utf-8"))
    assert doc["agreement"] == "syria-2016" and doc["log"]["line"] == 2 and doc["log"]["offset"] == log.stat().st_size
    assert state.read_text(encoding="utf-8").count("\n") == 1


def test_the_readmes_resume_block_is_what_the_tool_says(tmp_path, monkeypatch):
    """The README's console block: the first eight lines checked, the rest appended, the second check's words byte for byte."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- resume -->\n```console\n", 1)[1].split("```", 1)[0]
    said = block.split("$ ceasefire check live.jsonl --resume live.state\n", 1)[1]
    source = (ROOT / "examples" / "syria-2016-09.jsonl").read_bytes().splitlines(keepends=True)
    monkeypatch.chdir(tmp_path)
    Path("live.jsonl").write_bytes(b"".join(source[:8]))
    cli("check", "live.jsonl", "--resume", "live.state")
    Path("live.jsonl").write_bytes(b"".join(source))
    result = cli("check", "live.jsonl", "--resume", "live.state")
    assert result.stderr + result.stdout == said


FORMATS = ["text", "json", "jsonl", "github", "gitlab", "junit", "sarif", "markdown", "csv", "html"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_first_check_with_resume_writes_what_a_plain_check_writes(fmt, copy, tmp_path):
    """Taking the snapshot changes nothing in the output, in every format, byte for byte."""
    log, _ = copy(ROOT / "examples" / "karabakh-2020.jsonl")
    plain = cli("check", log, "-f", fmt, "--explain", "--tally")
    resumed = cli("check", log, "-f", fmt, "--explain", "--tally", "--resume", tmp_path / "state.json")
    assert (resumed.exit_code, resumed.stdout, resumed.stderr) == (plain.exit_code, plain.stdout, plain.stderr)


def test_a_resumed_check_counts_the_baseline_as_a_whole_check_does(tmp_path, write_log):
    """Breaches known to the baseline and matched before the snapshot are neither failing nor stale after it."""
    rows = [attack("2016-09-13T10:00:00+03:00"), attack("2016-09-14T10:00:00+03:00")]
    log = write_log(*rows)
    baseline = tmp_path / "baseline.json"
    cli("check", log, "--write-baseline", baseline)
    whole = cli("check", log, "--baseline", baseline)
    write_log(rows[0])
    state = tmp_path / "state.json"
    cli("check", log, "--baseline", baseline, "--resume", state)
    write_log(*rows)
    resumed = cli("check", log, "--baseline", baseline, "--resume", state)
    assert resumed.exit_code == whole.exit_code == 0
    assert resumed.stderr.splitlines()[-1] == whole.stderr.splitlines()[-1] == f"ceasefire: baseline {baseline}: 2 matched, 0 stale"


def test_a_last_line_without_its_ending_is_not_counted_twice(tmp_path, write_log):
    """A writer that had not yet written the newline: its ending, written later, is not a blank line, and lines keep their numbers."""
    log = write_log(attack("2016-09-13T10:00:00+03:00"))
    whole = log.read_bytes() + (json.dumps(attack("2016-09-14T10:00:00+03:00")) + "\n").encode()
    state = tmp_path / "state.json"
    log.write_bytes(whole.split(b"\n")[0] + b"\n" + whole.split(b"\n")[1])  # line 2 without its ending
    cli("check", log, "--resume", state)
    log.write_bytes(whole.split(b"\n")[0] + b"\n" + whole.split(b"\n")[1])
    assert "resumed after line 2" in cli("check", log, "--resume", state).stderr  # nothing new yet: still unended
    log.write_bytes(whole)
    result = cli("check", log, "--resume", state, "-f", "json")
    report = json.loads(result.stdout)["logs"][0]
    assert (report["counts"]["lines"], report["counts"]["skipped"]) == (3, 1)
    assert [b["line"] for b in report["breaches"]] == [3]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_a_streamed_resumed_check_explains_as_a_whole_streamed_check(path, copy, tmp_path):
    """JSON Lines keeps no history: its log record's states, causes and since come from the tracker the snapshot carried on."""
    log, lines = copy(path)

    def record(result: Any) -> dict[str, Any]:
        assert result.exit_code in (0, 1), result.stderr
        found = [json.loads(line) for line in result.stdout.splitlines() if '"record":"log"' in line.replace(" ", "")]
        return {k: v for k, v in found[0].items() if k not in (*LISTING, "file")}

    whole = record(cli("check", log, "-f", "jsonl"))
    for cut in (len(lines) // 3, 2 * len(lines) // 3):
        state = tmp_path / f"{cut}.state.json"
        log.write_bytes(b"".join(lines[:cut]))
        cli("check", log, "-f", "jsonl", "--resume", state)
        log.write_bytes(b"".join(lines))
        assert record(cli("check", log, "-f", "jsonl", "--resume", state)) == whole, cut


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_no_snapshot_is_written_when_the_report_could_not_be(tmp_path, write_log):
    """An output that fails (a full disk) leaves the snapshot as it was: the next run lists those lines again."""
    log = write_log(attack("2016-09-13T10:00:00+03:00"))
    state = tmp_path / "state.json"
    result = cli("check", log, "--resume", state, "-o", "/dev/full")
    assert result.exit_code == 2 and result.stderr.startswith("/dev/full: cannot write")
    assert not state.exists()


def test_the_snapshot_file_is_the_same_bytes_in_any_process(tmp_path):
    """Determinism: the same log gives a byte-identical snapshot file whatever PYTHONHASHSEED (the tracker's tables included)."""
    source = ROOT / "examples" / "minsk-2015-02.jsonl"
    files = set()
    for seed in ("0", "1", "777"):
        state = tmp_path / f"{seed}.json"
        subprocess.run([sys.executable, "-m", "ceasefire", "check", str(source), "--resume", str(state)], cwd=ROOT,
                       env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True, check=False)
        files.add(state.read_bytes())
    assert len(files) == 1 and b'"tracker"' in files.pop()


def test_a_snapshot_that_cannot_be_written_is_refused_before_the_log_is_read(tmp_path, write_log):
    """The snapshot file is opened with the outputs: nothing is printed for a check whose state would be lost."""
    log = write_log(attack("2016-09-13T10:00:00+03:00"))
    result = cli("check", log, "--resume", log.parent / "log.jsonl" / "state.json")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"{log}/state.json: cannot write")


def test_a_resumed_explanation_has_the_whole_logs_why_and_only_the_new_changes(copy, tmp_path):
    """--explain resumed: the why sentence of the whole log; the history lists the changes since the last run, as the listing does."""
    log, lines = copy(ROOT / "examples" / "syria-2016-09.jsonl")
    whole = cli("check", log, "--explain").stdout
    log.write_bytes(b"".join(lines[:8]))
    cli("check", log, "--explain", "--resume", tmp_path / "state.json")
    log.write_bytes(b"".join(lines))
    resumed = cli("check", log, "--explain", "--resume", tmp_path / "state.json").stdout
    why = [line for line in whole.splitlines() if line.startswith("why: ")]
    assert why and why == [line for line in resumed.splitlines() if line.startswith("why: ")]
    assert "pending -> in_force  the start" in whole and "pending -> in_force" not in resumed
    assert "  18 September 19:00  overdue -> stalled" in resumed
