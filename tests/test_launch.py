"""The command's entry point: the command line imported with the collector paused, then run with it on."""

from __future__ import annotations

import atexit
import gc
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import EXAMPLES, cli, temp_files

import ceasefire.cli
from ceasefire import launch

SEED = EXAMPLES[0]  # the seed article's log


def test_the_command_runs_with_the_collector_on_and_its_import_out_of_its_sight(monkeypatch: pytest.MonkeyPatch):
    """What the import made is frozen, the collector is on again when the command runs, and its result is returned."""
    seen: dict[str, object] = {}

    def command(prog_name: str | None = None) -> int:
        seen.update(enabled=gc.isenabled(), frozen=gc.get_freeze_count(), prog_name=prog_name)
        return 7

    monkeypatch.setattr(ceasefire.cli, "main", command)
    before = gc.get_freeze_count()
    try:
        assert launch.main(prog_name="ceasefire") == 7
    finally:
        gc.unfreeze()
    assert seen["enabled"] is True and seen["prog_name"] == "ceasefire"
    assert isinstance(seen["frozen"], int) and seen["frozen"] > before


def test_a_collector_turned_off_by_the_caller_stays_off(monkeypatch: pytest.MonkeyPatch):
    """The entry point restores the collector as it found it."""
    monkeypatch.setattr(ceasefire.cli, "main", lambda prog_name=None: gc.isenabled())
    gc.disable()
    try:
        assert launch.main() is False
    finally:
        gc.unfreeze()
        gc.enable()


def test_python_m_ceasefire_checks_a_log_through_the_entry_point():
    """``python -m ceasefire check`` gives the example's verdict and exit code."""
    done = subprocess.run([sys.executable, "-m", "ceasefire", "check", str(SEED)],
                          capture_output=True, text=True)
    assert done.returncode == 1, done.stderr
    assert done.stdout.rstrip().endswith("status in_doubt")
    assert done.stderr == ""


def _ended(monkeypatch: pytest.MonkeyPatch, code: object) -> list[int]:
    """Run ``launch.main`` with a command exiting with ``code``; the exit codes ``os._exit`` was asked for."""
    asked: list[int] = []

    def command(prog_name: str | None = None) -> None:
        sys.exit(code)

    monkeypatch.setattr(ceasefire.cli, "main", command)
    monkeypatch.setattr(launch.os, "_exit", asked.append)
    monkeypatch.setattr(atexit, "_run_exitfuncs", lambda: None)  # not this test process's own (multiprocessing's removes its folder)
    monkeypatch.setattr(sys, "gettrace", lambda: None)  # as in a plain run, whatever traces the tests (coverage)
    monkeypatch.setattr(sys, "getprofile", lambda: None)
    try:
        with pytest.raises(SystemExit):
            launch.main(prog_name="ceasefire")
    finally:
        gc.unfreeze()
    return asked


def test_the_process_ends_at_once_with_the_code_the_command_chose(monkeypatch: pytest.MonkeyPatch):
    """A command's exit code (None is 0; as exit(3) takes it, modulo 256) ends the process through ``os._exit``."""
    assert [_ended(monkeypatch, code) for code in (0, 1, 2, None, 256 + 3, -1)] == [[0], [1], [2], [0], [3], [255]]


def test_the_interpreter_ends_the_process_when_the_command_leaves_it_something_to_do(monkeypatch: pytest.MonkeyPatch):
    """When the command leaves the interpreter something to do (a message, a thread, a failed flush), the exit is left to it."""
    # A message as exit code (the interpreter prints it), another thread running (the interpreter waits for it), a flush that
    # fails (the interpreter reports it, exit 120).
    assert _ended(monkeypatch, "ceasefire: bye") == [] and _ended(monkeypatch, True) == []
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        assert _ended(monkeypatch, 0) == []
    finally:
        stop.set()
        worker.join()

    class Closed:
        def flush(self) -> None:
            raise BrokenPipeError

    monkeypatch.setattr(sys, "stdout", Closed())
    assert _ended(monkeypatch, 0) == []


def test_a_profiled_command_leaves_the_exit_to_the_interpreter(tmp_path: Path):
    """A command run under cProfile leaves the exit to the interpreter, so the profiler writes its figures."""
    # ``python -m cProfile -o FILE -m ceasefire check LOG``: the profiler writes its figures once the command returns, so the
    # process is not ended before it can (cProfile itself ends with 0: it swallows the command's exit).
    figures = tmp_path / "check.prof"
    done = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(figures), "-m", "ceasefire", "check",
                           str(SEED)], capture_output=True, text=True, timeout=120)
    assert done.stdout.rstrip().endswith("status in_doubt"), done.stderr
    assert figures.is_file() and figures.stat().st_size > 0


ENTRY = """
import atexit, sys
atexit.register(lambda: print("atexit ran"))  # into standard output's buffer, after the command flushed it
from ceasefire.launch import main
main(prog_name="ceasefire")
"""


def test_the_command_s_process_writes_everything_a_run_in_a_test_runner_writes(tmp_path: Path):
    """Through the entry point, the process writes everything a run in click's runner writes, with the same exit code."""
    # What ``os._exit`` would lose is there: standard output (more than a pipe holds) and error flushed, every output file, report
    # and baseline in place and no temporary file left, ``atexit`` functions run.
    logs = [str(p) for p in EXAMPLES] * 20
    files = ["-o", tmp_path / "out.txt", "--jobs", "1", "--report", f"json:{tmp_path / 'out.json'}", "--write-baseline", tmp_path / "base.json"]
    buffered = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # standard output block-buffered, as usual in a pipe
    done = subprocess.run([sys.executable, "-c", ENTRY, "check", "--explain", *logs, *files[2:]],
                          capture_output=True, text=True, cwd=tmp_path, env=buffered)
    made = {name: (tmp_path / name).read_bytes() for name in ("out.json", "base.json")}
    assert done.stdout.endswith("atexit ran\n") and len(done.stdout) > 1 << 17
    (tmp_path / "out.json").unlink()
    (tmp_path / "base.json").unlink()
    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        runner = cli("check", "--explain", *logs, *files[2:])
        again = cli("check", "--explain", *logs, *files)
    finally:
        os.chdir(here)
    assert (runner.exit_code, runner.stdout + "atexit ran\n") == (done.returncode, done.stdout)
    assert {name: (tmp_path / name).read_bytes() for name in ("out.json", "base.json")} == made
    done = subprocess.run([sys.executable, "-c", ENTRY, "check", "--explain", *logs, *files], capture_output=True, text=True, cwd=tmp_path,
                          env=buffered)
    assert (done.returncode, done.stdout) == (again.exit_code, "atexit ran\n") and (tmp_path / "out.txt").read_text() == runner.stdout and again.stdout == ""
    assert temp_files(tmp_path) == []


def test_a_bad_log_through_the_entry_point_says_where_and_exits_2(tmp_path: Path):
    """The error line reaches standard error before the process ends, with exit code 2."""
    log = tmp_path / "bad.jsonl"
    log.write_text('{"agreement": "syria-2016"}\n{"date": "2016-09-13", "type": \n', encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "ceasefire", "check", str(log)], capture_output=True, text=True)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith(f"{log}:2: ") and done.stderr.count("\n") == 1
