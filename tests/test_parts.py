"""``--jobs`` with ``json``: each worker writes its log's part of the document, which the command copies in, byte for byte."""

from __future__ import annotations

import multiprocessing
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest

from ceasefire import parts
from ceasefire.checklog import LogOptions
from ceasefire.formats import View
from ceasefire.formats.json import Output
from ceasefire.parallel import outcomes
from ceasefire.verdicts import Policy

from conftest import HEADER, attack, cli, die_in_a_worker
from conftest import write_rows as _write

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                                reason="the patches below reach workers only by fork")


@pytest.fixture
def handed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The parts the command's json format is handed (each log's file name), in order."""
    names: list[str] = []
    real = Output.log_part

    def log_part(self: Output, result: Any, path: str) -> None:
        names.append(Path(result.file).name)
        real(self, result, path)

    monkeypatch.setattr(Output, "log_part", log_part)
    return names


@pytest.fixture
def tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The folder temporary files go to, empty, for this test alone."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _same(*args: object) -> Any:
    """Run ``ceasefire check ARGS`` with --jobs 1 and 2; assert stdout, stderr and exit code agree."""
    first = cli("check", *args, "--jobs", 1)
    other = cli("check", *args, "--jobs", 2)
    assert (other.stdout, other.stderr, other.exit_code) == (first.stdout, first.stderr, first.exit_code)
    return first


def test_workers_write_each_logs_part_and_the_document_is_that_of_jobs_1(logs, handed, tmp):
    """Every log's object in ``logs`` comes from its worker, in order (tallies per week too); no temporary file is left."""
    for per in ("day", "week"):
        handed.clear()
        result = _same(*logs, "-f", "json", "--per", per, "--tally")
        assert result.exit_code == 1 and '"status_cause": {' in result.stdout
        assert handed == [p.name for p in logs]
    assert list(tmp.iterdir()) == []


def test_parts_cut_in_small_blocks_keep_every_character(tmp_path, handed, monkeypatch):
    """Read back a few bytes at a time, a part never cuts a character in two: names in other scripts come out whole."""
    monkeypatch.setattr(parts, "_BLOCK", 5)
    places = ["Ḥalab", "حلب", "Дамаск 🕊", "plain"]
    rows = [attack(f"2016-09-{13 + i // 24:02d}T{i % 24:02d}:00:00+03:00", casualties=i % 7, location=places[i % 4]) for i in range(40)]
    logs = [_write(tmp_path / f"script-{n}.jsonl", HEADER, *rows[n:]) for n in range(3)]
    result = _same(*logs, "-f", "json")
    assert "حلب" in result.stdout and "🕊" in result.stdout and len(handed) == 3


def test_a_part_that_cannot_be_written_is_left_to_the_command(logs, handed, monkeypatch):
    """No room for a worker's part (a full disk): the command checks that log itself, and the document is the same."""
    parent = os.getpid()

    def full(path: str, *args: Any, **kwargs: Any) -> Any:
        if os.getpid() != parent and path.endswith(("/1.part", "/4.part")):
            raise OSError(28, "No space left on device")
        return open(path, *args, **kwargs)

    monkeypatch.setattr(parts, "open", full, raising=False)
    _same(*logs, "-f", "json")
    assert handed == [p.name for i, p in enumerate(logs) if i not in (1, 4)]


def test_logs_whose_worker_dies_are_written_by_the_command_after_the_parts_before(logs, handed, tmp, monkeypatch):
    """When a worker dies mid-log, the command checks and writes that log and the rest itself: the document of --jobs 1."""
    # A worker killed mid-log: the logs before it come as parts.
    expected = cli("check", *logs, "-f", "json", "--jobs", 1)
    die_in_a_worker(monkeypatch, "many-1.jsonl")
    result = cli("check", *logs, "-f", "json", "--jobs", 2)
    assert (result.stdout, result.stderr, result.exit_code) == (expected.stdout, expected.stderr, expected.exit_code)
    assert 0 < len(handed) < len(logs) - 1 and handed == [p.name for p in logs[:len(handed)]]
    assert list(tmp.iterdir()) == []


def test_without_a_temporary_folder_the_command_writes_every_part(logs, tmp_path, handed, monkeypatch):
    """No temporary folder can be made (it does not exist): no part is written apart, and the document is the same."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-such-folder"))
    assert _same(*logs, "-f", "json").exit_code == 1
    assert handed == []


def test_a_part_that_cannot_be_gathered_fails_the_run_without_a_traceback(logs, tmp, monkeypatch):
    """The command's temporary file fills up (a full disk): exit 2, the reason on stderr, no document, no part left."""
    parent = os.getpid()
    real = os.pwrite

    def full(fd: int, data: Any, offset: int) -> int:
        if os.getpid() == parent and offset > 0:
            raise OSError(28, "No space left on device")
        return real(fd, data, offset)

    monkeypatch.setattr(parts.os, "pwrite", full)
    result = cli("check", *logs, "-f", "json", "--jobs", 2)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == f"{tmp}: cannot write a temporary file: No space left on device\n"
    assert list(tmp.iterdir()) == []


def test_a_failed_run_writes_no_document_and_leaves_no_part(logs, tmp_path, handed, tmp):
    """A log that cannot be checked among others: exit 2, nothing on standard output, the parts gone with the run."""
    bad = _write(tmp_path / "bad-line.jsonl", HEADER, attack("2016-09-14T10:00:00+03:00", casualties=1), '{"date": ')
    result = _same(*logs[:3], bad, *logs[3:], "-f", "json")
    assert result.exit_code == 2 and result.stdout == "" and "bad-line.jsonl:3: invalid JSON" in result.stderr
    assert len(handed) == len(logs) and list(tmp.iterdir()) == []


def test_parts_only_when_every_output_is_one_format_that_has_them(logs, tmp_path, handed):
    """With another format beside json, or a baseline to write, workers tell every breach and the command writes it all."""
    for extra, code in ((["--report", f"sarif:{tmp_path / 'r.sarif'}"], 1), (["--write-baseline", tmp_path / "baseline.json"], 0)):
        result = cli("check", *logs[-4:], "-f", "json", "--jobs", 2, *extra)
        assert result.exit_code == code and '"logs": [' in result.stdout
    assert handed == []
    result = _same(*logs, "-f", "json", "--baseline", tmp_path / "baseline.json")
    assert result.exit_code == 1 and '"known": true' in result.stdout and '"known": 0' not in result.stdout
    assert len(handed) == len(logs)


@pytest.mark.parametrize("method", ["fork", "forkserver", "spawn"])
def test_outcomes_hand_each_part_over_until_the_generator_ends(logs, method):
    """Each file's outcome names its part, there while its turn lasts; the folder goes when the outcomes end."""
    # However workers start; each outcome carries no breach.
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} here")
    wanted = parts.Parts("json", View(per="week"), Policy())
    options = LogOptions(None, None, False, False, None, ROOT, Policy(), None)
    found = outcomes([str(p) for p in logs], options, set(), 2, method, wanted)
    seen = []
    for path, outcome in found:
        assert outcome is not None and outcome.part is not None and not outcome.recorder.findings
        text = Path(outcome.part).read_text(encoding="utf-8")
        assert text.startswith('{\n      "agreement": ') and text.endswith("\n    }") and '"per": "week"' in text
        seen.append(outcome.part)
    assert len(seen) == len(logs) and not any(Path(p).exists() for p in seen) and not Path(wanted.folder).exists()
