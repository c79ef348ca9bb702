"""``--jobs N``: logs checked in worker processes give, byte for byte, the output of ``--jobs 1``."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path
from typing import Any

import pytest

from ceasefire.parallel import outcomes
from ceasefire.checklog import LogOptions, check_log
from ceasefire.verdicts import Policy

from conftest import EXAMPLES, HEADER, attack, cli
from conftest import write_rows as _write

ROOT = Path(__file__).resolve().parent.parent
RECORD = [ROOT / "examples" / name for name in ("gaza-2025.jsonl", "karabakh-2020.jsonl", "syria-2016-record.jsonl")]
"""Logs in the record's language: claims and alleged breaches, per-party instances, tolls, counts, sources."""
SOURCES = ROOT / "tests" / "fixtures" / "sources"
FORMATS = ["text", "json", "jsonl", "github", "gitlab", "junit", "sarif", "markdown", "csv", "html"]


@pytest.fixture
def broken(tmp_path: Path) -> list[Path]:
    """Two logs that cannot be checked to their end: a bad line after a breach, and a pack that does not exist."""
    bad_line = _write(tmp_path / "bad-line.jsonl", HEADER, attack("2016-09-14T10:00:00+03:00", casualties=1),
                      attack("2016-09-15T10:00:00+03:00", casualties=1), '{"date": "2016-09-16T10:00:00+03:00", "type": ')
    no_pack = _write(tmp_path / "no-pack.jsonl", {"agreement": "no-such-pack"}, attack("2016-09-14T10:00:00+03:00"))
    return [bad_line, no_pack]


def _same(*args: object, input: bytes | None = None, jobs: tuple[int, ...] = (2, 3)) -> Any:
    """Run ``ceasefire check ARGS`` with --jobs 1 and each of ``jobs``; assert stdout, stderr and exit code agree."""
    first = cli("check", *args, "--jobs", 1, input=input)
    for n in jobs:
        other = cli("check", *args, "--jobs", n, input=input)
        assert (other.stdout, other.stderr, other.exit_code) == (first.stdout, first.stderr, first.exit_code), f"--jobs {n}"
    return first


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_is_identical_across_jobs(logs, fmt):
    """Eleven logs (three in the record's language) in each format: standard output, standard error and exit code are those of --jobs 1."""
    result = _same(*logs, *RECORD, "-f", fmt)
    assert result.exit_code == 1
    assert "warning: unknown field 'casualities'" in result.stderr


@pytest.mark.parametrize("fmt, shown", [("text", "tally (per week):"), ("json", '"status_cause": {'), ("jsonl", '"record": "transition"'),
                                        ("markdown", "### Tally per party (and per week)"), ("csv", "file,week,party,"),
                                        ("html", "<svg"), ("sarif", '"alleged": true')])
def test_explanations_and_tallies_are_identical_across_jobs(logs, fmt, shown):
    """--explain and --tally --per week give the output of --jobs 1 (histories, causes, tallies, transitions); text also per day."""
    result = _same(*logs[:5], *RECORD, "-f", fmt, "--explain", "--tally", "--per", "week")
    assert result.exit_code == 1 and shown in result.stdout
    if fmt == "text":
        explained = _same(*RECORD, "--explain", "--tally", "--fail-on-alleged", jobs=(2,))
        assert "tally (per day):" in explained.stdout and " since " in explained.stdout


def test_transition_records_are_identical_streamed_or_kept(logs, tmp_path):
    """Transition records, streamed as they happen or kept for the report, are the bytes of --jobs 1."""
    # JSON Lines tells each change as it happens (workers record it), or all before the log when another format keeps the report:
    # either way each transition names its log, timers with their anchor.
    streamed = _same(*logs[:5], *RECORD, "-f", "jsonl")
    kept = _same(*logs[:5], *RECORD, "-f", "jsonl", "--report", f"markdown:{tmp_path / 'summary.md'}")
    for result in (streamed, kept):
        records = [json.loads(line) for line in result.stdout.splitlines()]
        transitions = [r for r in records if r["record"] == "transition"]
        assert len(transitions) > 20 and {r["file"] for r in transitions} == {r["file"] for r in records if r["record"] == "log"}
        assert any(r["cause"] == "timer" and r["anchor"] for r in transitions)
    assert [line for line in streamed.stdout.splitlines() if '"record": "transition"' in line] == [
        line for line in kept.stdout.splitlines() if '"record": "transition"' in line]


def test_datasets_read_by_workers_say_their_rows_in_order():
    """--from: each file's row fates and malformed rows are said on stderr in its turn, as with --jobs 1, and the run exits 2."""
    revised, malformed = SOURCES / "acled-hodeidah-revised.csv", SOURCES / "acled-hodeidah.csv"
    for fmt in ("jsonl", "text"):
        result = _same(revised, malformed, revised, "--from", "acled", "-a", "hodeidah-2018", "-f", fmt, jobs=(2,))
        assert result.exit_code == 2 and "acled-hodeidah.csv:13: event_date must be a date" in result.stderr
        said = [Path(line.split(": ")[0]).name for line in result.stderr.splitlines() if " rows: " in line]
        assert said == [revised.name, malformed.name, revised.name]


@pytest.mark.parametrize("fmt", FORMATS)
def test_logs_in_error_are_reported_alike(logs, broken, fmt):
    """Logs that cannot be checked, among others: the same errors, at the same places, with exit 2."""
    result = _same(logs[0], broken[0], logs[1], broken[1], logs[5], "-f", fmt)
    assert result.exit_code == 2
    assert "bad-line.jsonl:4: invalid JSON" in result.stderr
    assert "no-pack.jsonl:1: agreement 'no-such-pack'" in result.stderr


@pytest.mark.parametrize("fmt", ["text", "jsonl", "json"])
def test_quiet_and_thresholds_are_identical(logs, fmt):
    """--quiet, --fail-on and --fail-on-status judge each log as with --jobs 1."""
    assert _same(*logs, "-f", fmt, "-q", "--fail-on", "critical").exit_code == 1
    assert _same(*logs, "-f", fmt, "--fail-on", "never", "--fail-on-status", "in_doubt").exit_code == 1
    assert _same(*logs, "-f", fmt, "--fail-on", "never", "--fail-on-status", "collapsed").exit_code == 0
    assert _same(*logs[2:4], "-f", fmt, "--fail-on", "never").exit_code == 0


def test_standard_input_among_files_keeps_its_place(logs):
    """``-`` among files is read by the command itself, in its turn; the output is that of --jobs 1."""
    text = EXAMPLES[1].read_bytes()
    result = _same(logs[0], "-", logs[6], "--stdin-filename", "piped.jsonl", "-f", "jsonl", input=text)
    files = [json.loads(line)["file"] for line in result.stdout.splitlines() if json.loads(line)["record"] == "log"]
    assert files[1] == "piped.jsonl" and len(files) == 3


def test_reports_and_baselines_are_identical(logs, tmp_path, monkeypatch):
    """--report files, --write-baseline and then --baseline (matched and stale counts) agree across --jobs."""
    monkeypatch.chdir(tmp_path)
    outputs = {}
    for n in (1, 2):
        folder = tmp_path / f"out{n}"
        result = cli("check", *logs[:6], "--jobs", n, "-f", "json", "-o", folder / "report.json", "--report", f"sarif:{folder / 'r.sarif'}",
                     "--report", f"junit:{folder / 'r.xml'}", "--write-baseline", folder / "baseline.json")
        assert result.exit_code == 0, result.stderr
        outputs[n] = ({p.name: p.read_bytes() for p in sorted(folder.iterdir())}, result.stderr.replace(f"out{n}", "out"))
    assert outputs[1] == outputs[2]
    assert "wrote " in outputs[2][1] and len(outputs[2][0]) == 4
    baseline = tmp_path / "out1" / "baseline.json"
    result = _same(*logs[1:], "--baseline", baseline, "-f", "jsonl")
    assert "baseline " in result.stderr and " matched, " in result.stderr and " 0 stale" not in result.stderr


def test_a_folder_of_logs_is_checked_alike(logs):
    """A directory named on the command line: its logs, sorted, checked by workers, as with --jobs 1."""
    assert _same(logs[-1].parent, "-f", "jsonl", jobs=(2,)).exit_code == 1


@pytest.mark.parametrize("method", [None, "forkserver", "spawn"])
def test_workers_tell_what_the_command_itself_would(logs, method):
    """However workers start, each file's outcome comes from one and replays, in order, what an in-process check tells; ``-`` is left to the caller."""
    if method is not None and method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} here")
    options = LogOptions(None, None, False, False, None, ROOT, Policy(), None, keep=False)
    paths = [str(logs[0]), "-", str(logs[5]), str(logs[6])]
    found = list(outcomes(paths, options, set(), 2, method))
    assert [path for path, _ in found] == paths
    assert [outcome is None for _, outcome in found] == [False, True, False, False]
    for path, outcome in found:
        if outcome is not None:
            here, there = _Told(), _Told()
            expected = check_log(path, options, set(), set(), here)
            result = outcome.replay(there, set(), keep=False)
            assert there.told == here.told and len(here.told) > 1
            assert (result.report, result.by_severity, result.failing) == (expected.report, expected.by_severity, expected.failing)
    assert found[3][1].result.breaches == 121  # type: ignore[union-attr]


class _Told:
    """A listener that keeps what it is told, in order."""

    def __init__(self) -> None:
        self.told: list[tuple[str, object]] = []

    def warning(self, file: str, warning: object) -> None:
        """Keep a warning."""
        self.told.append((file, warning))

    def breach(self, file: str, finding: object) -> None:
        """Keep a breach."""
        self.told.append((file, finding))

    def change(self, change: object, file: str) -> None:
        """Keep a change of state."""
        self.told.append((file, change))

    def begin(self, file: str, agreement: Any) -> None:
        """Keep the agreement a log is checked against (by id: a pack's areas compare by identity)."""
        self.told.append((file, agreement.id))

    def say(self, text: str) -> None:
        """Keep a line said on standard error."""
        self.told.append(("", text))
