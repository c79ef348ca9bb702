"""Determinism across processes: the same logs and packs give byte-identical output whatever the hash seed."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import ceasefire_process

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "examples").glob("*.jsonl"))
FORMATS = ["text", "json", "jsonl", "github", "gitlab", "junit", "sarif"]


def _outputs(seed: str, *args: str) -> tuple[int, bytes, bytes]:
    """Exit code, stdout and stderr of ``ceasefire ARGS`` in its own process with this hash seed."""
    env = {**os.environ, "PYTHONHASHSEED": seed, "NO_COLOR": "1"}
    process = ceasefire_process(*args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = process.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        process.kill()
        raise
    return process.returncode, out, err


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_is_byte_identical_under_different_hash_seeds(fmt):
    """Three processes with hash seeds 0, 1 and 12345 write the same bytes for every bundled example."""
    runs = {_outputs(seed, "check", "--format", fmt, *EXAMPLES) for seed in ("0", "1", "12345")}
    assert len(runs) == 1
    (code, out, _), = runs
    assert code == 1 and out


def test_pack_tools_are_byte_identical_under_different_hash_seeds():
    """show, graph, lint and test describe a pack the same way in every process (the per-party and per-batch packs too)."""
    for args in (("show", "syria-2016"), ("graph", "minsk-2015"), ("lint", "rules/hodeidah-2018.toml"),
                 ("show", "gaza-2025"), ("graph", "karabakh-2020"), ("test", "karabakh-2020", "gaza-2025")):
        assert len({_outputs(seed, *args) for seed in ("0", "7")}) == 1


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_every_format_is_byte_identical_whatever_the_machines_own_time_zone(fmt):
    """A monitor in Tokyo, one in Los Angeles and a CI runner in UTC get the same bytes: dates are shown in each pack's zone."""
    runs = set()
    for zone in ("UTC", "Asia/Tokyo", "America/Los_Angeles"):
        env = {**os.environ, "TZ": zone, "NO_COLOR": "1"}
        process = ceasefire_process("check", "--format", fmt, *EXAMPLES, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        out, err = process.communicate(timeout=120)
        runs.add((process.returncode, out, err))
    assert len(runs) == 1
    (code, out, _), = runs
    assert code == 1 and b"2016-09-" in out
