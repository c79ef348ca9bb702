"""``--jobs N`` when things go wrong: workers that die or stall, pools that break, bad settings, signals."""

from __future__ import annotations

import multiprocessing
import os
import signal
from pathlib import Path
from typing import Any

import pytest
from conftest import cli, die_in_a_worker

from ceasefire.checklog import LogOptions
from ceasefire.parallel import outcomes
from ceasefire.verdicts import Policy

ROOT = Path(__file__).resolve().parent.parent


def test_logs_whose_worker_dies_are_checked_by_the_command_itself(logs, monkeypatch):
    """A worker killed mid-log (out of memory, a signal) neither hangs the run nor loses a log: the output is that of --jobs 1."""
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("the worker is made to die by a patch only a forked worker inherits")
    expected = cli("check", *logs, "-f", "jsonl", "--jobs", 1)
    die_in_a_worker(monkeypatch, "many-1.jsonl")
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
