"""The command's entry point: the command line imported with the collector paused, then run with it on."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest
from conftest import EXAMPLES

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
