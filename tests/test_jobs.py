"""``--jobs N``: logs checked in worker processes give, byte for byte, the output of ``--jobs 1``."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
from pathlib import Path
from typing import Any

import pytest

from ceasefire.parallel import outcomes
from ceasefire.checklog import LogOptions, check_log
from ceasefire.verdicts import Policy

from conftest import HEADER, attack, cli, event

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = [ROOT / "examples" / name for name in
            ("syria-2016-09.jsonl", "syria-2016-09-19.jsonl", "syria-2016-holding.jsonl", "minsk-2015-02.jsonl", "hodeidah-2018.jsonl")]
RECORD = [ROOT / "examples" / name for name in ("gaza-2025.jsonl", "karabakh-2020.jsonl", "syria-2016-record.jsonl")]
"""Logs in the record's language: claims and alleged breaches, per-party instances, tolls, counts, sources."""
SOURCES = ROOT / "tests" / "fixtures" / "sources"
FORMATS = ["text", "json", "jsonl", "github", "gitlab", "junit", "sarif", "markdown", "csv", "html"]


def _write(path: Path, *rows: Any) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def logs(tmp_path: Path) -> list[Path]:
    """Eight logs: the examples, one with warnings, and two with many breaches, in a folder of their own."""
    folder = tmp_path / "logs"
    folder.mkdir()
    warned = _write(folder / "warned.jsonl", HEADER, event("2016-09-13T10:00:00+03:00", "aid.delivered", casualities=3),
                    attack("2016-09-14T10:00:00+03:00", actor="sy-govt", casualties=2))
    many = [_write(folder / f"many-{n}.jsonl", HEADER,
                   *(attack(f"2016-09-{13 + i // 24:02d}T{i % 24:02d}:{n:02d}:00+03:00", casualties=i % 9, location=f"place {i % 5}")
                     for i in range(120)))
            for n in (1, 2)]
    return [*EXAMPLES, warned, *many]


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
    """JSON Lines tells each change as it happens (workers record it), or all before the log when another format keeps the
    report: either way the bytes are those of --jobs 1, each transition naming its log, timers with their anchor."""
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


def test_logs_whose_worker_dies_are_checked_by_the_command_itself(logs, monkeypatch):
    """A worker killed mid-log (out of memory, a signal) neither hangs the run nor loses a log: the output is that of --jobs 1."""
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("the worker is made to die by a patch only a forked worker inherits")
    expected = cli("check", *logs, "-f", "jsonl", "--jobs", 1)
    import ceasefire.checklog

    real, parent = ceasefire.checklog.check_log, os.getpid()

    def dies_in_a_worker(path: str, *args: Any, **kwargs: Any) -> Any:
        if os.getpid() != parent and path.endswith("many-1.jsonl"):
            os._exit(9)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(ceasefire.checklog, "check_log", dies_in_a_worker)
    def hung(signum: int, frame: object) -> None:
        raise TimeoutError("the run hung after its worker died")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(120)
    try:
        found = list(outcomes([str(p) for p in logs], LogOptions(None, None, False, False, None, ROOT, Policy(), None), set(), 2, "fork"))
        result = cli("check", *logs, "-f", "jsonl", "--jobs", 2)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert [outcome is None for _, outcome in found][-2:] == [True, True]  # many-1 and what came after it
    assert (result.stdout, result.stderr, result.exit_code) == (expected.stdout, expected.stderr, expected.exit_code)


def test_a_pool_broken_before_a_log_is_handed_over_loses_no_log(logs, monkeypatch):
    """A worker may die while the next log is being handed over: that log and the rest are checked by the command itself."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    expected = cli("check", *logs, "-f", "jsonl", "--jobs", 1)
    real, handed = ProcessPoolExecutor.submit, []

    def breaks_at_the_fifth(self: Any, *args: Any, **kwargs: Any) -> Any:  # the first four are handed over at once
        handed.append(args)
        if len(handed) == 5:
            raise BrokenProcessPool("a child process terminated abruptly")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(ProcessPoolExecutor, "submit", breaks_at_the_fifth)
    found = list(outcomes([str(p) for p in logs], LogOptions(None, None, False, False, None, ROOT, Policy(), None), set(), 2, "fork"))
    assert [path for path, _ in found] == [str(p) for p in logs]
    assert [outcome is None for _, outcome in found] == [False] + [True] * (len(logs) - 1)
    handed.clear()
    result = cli("check", *logs, "-f", "jsonl", "--jobs", 2)
    assert (result.stdout, result.stderr, result.exit_code) == (expected.stdout, expected.stderr, expected.exit_code)


_POOL: Any = None
"""The pool of the test below, as its forked worker sees it."""


def _sends_half_a_result(marker: str) -> None:
    """In a worker: the first bytes of a result and never the rest, as a worker stopped while it sends one leaves them."""
    import struct
    import time

    _POOL._result_queue._writer._send(struct.pack("!i", 1 << 20) + b"half")
    Path(marker).touch()
    time.sleep(600)


def test_a_worker_stopped_half_way_through_a_result_does_not_hold_the_command(tmp_path):
    """Stopping the workers while one sends its result ends the pool's wait for the rest, so the command can exit."""
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("the worker reaches its pool's pipe through a forked copy")
    import time
    from concurrent.futures import ProcessPoolExecutor

    from ceasefire.parallel import _stop

    global _POOL
    _POOL = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
    marker = tmp_path / "sent"
    _POOL.submit(_sends_half_a_result, str(marker))
    deadline = time.monotonic() + 60
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert marker.exists()
    manager = _POOL._executor_manager_thread
    _stop(_POOL, done=False)
    assert not manager.is_alive()


@pytest.mark.parametrize("value, ok", [("2", True), ("1", True), ("0", False), ("-1", False), ("two", False)])
def test_jobs_must_be_a_whole_number_from_one(logs, value, ok):
    """--jobs takes a whole number of processes, at least 1; anything else is a usage error (exit 2)."""
    result = cli("check", *logs[:2], "--jobs", value)
    assert (result.exit_code == 1) if ok else (result.exit_code == 2 and "--jobs" in result.stderr)


@pytest.mark.parametrize("setting, ok", [("2", True), ("0", False), ('"2"', False), ("true", False), ("1.5", False)])
def test_jobs_setting(logs, tmp_path, monkeypatch, setting, ok):
    """``jobs = N`` in [tool.ceasefire]: a whole number from 1, shown by --show-config; anything else is exit 2."""
    (tmp_path / "pyproject.toml").write_text(f"[tool.ceasefire]\njobs = {setting}\n")
    monkeypatch.chdir(tmp_path)
    shown = cli("check", "--show-config")
    if ok:
        assert f"jobs = {setting}" in shown.stdout and shown.exit_code == 0
        assert cli("check", *logs[:3]).exit_code == 1
    else:
        assert shown.exit_code == 2 and "tool.ceasefire.jobs: must be a whole number of processes, at least 1" in shown.stderr


def _children(pid: int) -> set[int]:
    """The processes ``pid`` started, from /proc."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(c) for c in (task / "children").read_text().split()}
    return found


def _alive(pid: int) -> bool:
    """Whether a process runs (a zombie nobody reaped does not)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


@pytest.mark.parametrize("signum, code, said", [(signal.SIGTERM, 143, "stopped by signal 15"), (signal.SIGINT, 130, "interrupted")])
def test_a_signal_stops_the_workers_too(tmp_path, signum, code, said):
    """SIGTERM or Ctrl-C while workers read: the command exits 128+N as with --jobs 1, its workers end, no temporary file stays."""
    if not Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").exists():
        pytest.skip("no /proc/PID/task/TID/children here")
    import subprocess
    import time

    from conftest import ceasefire_process, temp_files

    fifos = [tmp_path / f"log-{n}.jsonl" for n in (1, 2)]
    for fifo in fifos:
        os.mkfifo(fifo)
    process = ceasefire_process("check", *fifos, "--jobs", 2, "-o", tmp_path / "out.json", "-f", "json",
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    workers: set[int] = set()
    writers: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while len(workers := _children(process.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(workers) >= 2, "two workers, each waiting for a writer"
        for fifo in fifos:  # a writer's open without waiting succeeds only once a worker reads the FIFO
            while time.monotonic() < deadline:
                try:
                    writers.append(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
                    break
                except OSError:
                    time.sleep(0.05)
        assert len(writers) == 2, "each log opened by a worker"
        time.sleep(0.2)
        process.send_signal(signum)
        _, err = process.communicate(timeout=60)
        assert process.returncode == code and err == f"ceasefire: {said}\n", err
        deadline = time.monotonic() + 30
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(_alive(w) for w in workers)
    finally:  # a failing test leaves no process behind
        for fd in writers:
            os.close(fd)
        for pid in (process.pid, *workers):
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
    assert temp_files(tmp_path) == [] and not (tmp_path / "out.json").exists()
