"""``check --resume FILE`` refuses what it cannot go on from: a rewritten log, another pack's or a damaged snapshot, several logs, outputs it would overwrite."""

from __future__ import annotations

import io
import json
from datetime import datetime, timezone

import pytest
from conftest import attack, cli, event


def _refused(*args: object) -> str:
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.stderr
    return result.stderr


def test_a_rewritten_or_truncated_log_is_refused(tmp_path, write_log):
    """Lines changed before the saved position: exit 2, FILE: message, and the snapshot kept as it was."""
    log = write_log(attack("2016-09-13T10:00:00+03:00"), event("2016-09-13T11:00:00+03:00", "statement"))
    state = tmp_path / "state.json"
    cli("check", log, "--resume", state)
    saved = state.read_bytes()
    log.write_text(log.read_text(encoding="utf-8").replace("10:00", "09:00"), encoding="utf-8")
    assert _refused("check", log, "--resume", state).startswith(f"{state}: {log} is not the log this snapshot was taken from")
    log.write_text(log.read_text(encoding="utf-8")[:40], encoding="utf-8")
    assert "rewritten or truncated" in _refused("check", log, "--resume", state)
    assert state.read_bytes() == saved


def test_a_snapshot_of_another_pack_is_refused(tmp_path, write_log):
    """The same log checked against another pack: the snapshot does not apply."""
    log = write_log(attack("2016-09-13T10:00:00+03:00"))
    state = tmp_path / "state.json"
    cli("check", log, "--resume", state)
    assert _refused("check", log, "--resume", state, "--agreement", "minsk-2015").startswith(f"{state}: snapshot of another pack")


@pytest.mark.parametrize("damage", ["cut", "edit", "version", "empty", "list"])
def test_a_damaged_or_foreign_snapshot_is_refused(tmp_path, write_log, damage):
    """Cut short, edited by hand, written by another version, or not a snapshot at all: exit 2, never a traceback."""
    log = write_log(attack("2016-09-13T10:00:00+03:00"))
    state = tmp_path / "state.json"
    cli("check", log, "--resume", state)
    text = state.read_text(encoding="utf-8")
    doc = json.loads(text)
    if damage == "cut":
        state.write_text(text[: len(text) // 2], encoding="utf-8")
    elif damage == "edit":
        state.write_text(text.replace('"events":1', '"events":7'), encoding="utf-8")
    elif damage == "version":
        state.write_text(json.dumps(dict(doc, ceasefire="0.0.1")), encoding="utf-8")
    else:
        state.write_text("" if damage == "empty" else "[]", encoding="utf-8")
    message = _refused("check", log, "--resume", state)
    assert message.startswith(f"{state}: ")
    assert {"cut": "not valid JSON", "edit": "changed since it was written", "version": "written by ceasefire 0.0.1",
            "empty": "not valid JSON", "list": "not a ceasefire snapshot"}[damage] in message


@pytest.mark.parametrize("extra", [["--jobs", "2"], ["--sort"], ["--as-of", "2016-09-20"], ["--write-baseline", "b.toml"], ["SECOND"]])
def test_resume_is_for_one_log_read_in_order(tmp_path, write_log, extra):
    """Several logs, several processes, a sorted or cut-off reading, a baseline written: refused before anything is written."""
    log = write_log(attack("2016-09-13T10:00:00+03:00"))
    extra = [str(write_log(name="second.jsonl")) if e == "SECOND" else e for e in extra]
    state = tmp_path / "state.json"
    assert "--resume" in _refused("check", log, "--resume", state, *extra)
    assert not state.exists()


def test_a_jobs_setting_does_not_refuse_resume(tmp_path, write_log, monkeypatch):
    """``jobs = 4`` in the settings file is for runs of several logs: --resume checks its one log, exit 1 for its breach."""
    log = write_log(attack("2016-09-13T10:00:00+03:00"))
    (tmp_path / "ceasefire.toml").write_text("jobs = 4\n")
    monkeypatch.chdir(tmp_path)
    state = tmp_path / "state.json"
    result = cli("check", log, "--resume", state)
    assert result.exit_code == 1, result.stderr
    assert result.stdout.endswith("1 breach (1 minor); 1 event in 2 lines (1 skipped); status fragile\n")
    assert json.loads(state.read_text())["log"]["line"] == 2
    assert "--resume" in _refused("check", log, "--resume", tmp_path / "other.json", "--jobs", "2")


def test_resume_refuses_to_overwrite_an_input_or_an_output(tmp_path, write_log):
    """The snapshot file is an output: never the log itself, nor another output."""
    log = write_log(attack("2016-09-13T10:00:00+03:00"))
    before = log.read_bytes()
    assert "refusing to overwrite" in _refused("check", log, "--resume", log)
    assert log.read_bytes() == before
    assert "two outputs" in _refused("check", log, "--resume", tmp_path / "x.json", "-o", tmp_path / "x.json")


def test_a_last_line_without_its_ending_written_on_since_is_refused(tmp_path, write_log):
    """The unfinished line went on (more than its ending): what was checked is not that line, so the snapshot is refused."""
    log = write_log(attack("2016-09-13T10:00:00+03:00"))
    first = log.read_bytes() + json.dumps(attack("2016-09-14T10:00:00+03:00")).encode()
    log.write_bytes(first)
    state = tmp_path / "state.json"
    cli("check", log, "--resume", state)
    log.write_bytes(first + b" \n")
    assert "had no ending when this snapshot was taken, and was written on since" in _refused("check", log, "--resume", state)


def test_a_resealed_snapshot_whose_latest_event_has_no_instant_is_refused(tmp_path, write_log):
    """A snapshot edited by hand and sealed again with a null latest instant: exit 2 naming it, not an internal error."""
    from ceasefire.snapshot import _digest

    log = write_log(attack("2016-09-13T10:00:00+03:00"))
    state = tmp_path / "state.json"
    cli("check", log, "--resume", state)
    doc = json.loads(state.read_text(encoding="utf-8"))
    doc["counts"]["latest"][0] = None
    doc["sha256"] = _digest(doc)
    state.write_text(json.dumps(doc), encoding="utf-8")
    message = _refused("check", log, "--resume", state)
    assert f"{state}: malformed snapshot (the latest event has no instant)" in message


@pytest.mark.parametrize("first, then", [
    (["--fail-on", "critical"], []),
    ([], ["--fail-on", "critical"]),
    ([], ["--fail-on-alleged"]),
    ([], ["--baseline", "BASELINE"]),
])
def test_a_snapshot_judged_under_other_thresholds_or_baseline_is_refused(tmp_path, write_log, first, then):
    """The failing count it carries was judged otherwise: exit 2 with FILE: message, the snapshot kept, never a wrong exit code."""
    log = write_log(attack("2016-09-13T10:00:00+03:00"))
    baseline = tmp_path / "baseline.json"
    cli("check", log, "--write-baseline", baseline)
    state = tmp_path / "state.json"
    assert cli("check", log, "--resume", state, *first).exit_code in (0, 1)
    before = state.read_bytes()
    write_log(attack("2016-09-13T10:00:00+03:00"), event("2016-09-13T12:00:00+03:00", "statement", actor="un"))
    message = _refused("check", log, "--resume", state, *[str(baseline) if a == "BASELINE" else a for a in then])
    assert message.startswith(f"{state}: snapshot taken with ") and "the exit code would not be the whole log's" in message
    assert state.read_bytes() == before


def test_strict_refuses_a_snapshot_of_lines_that_had_warnings(tmp_path, write_log):
    """--strict after a run that accepted a warning: the whole log would stop there (exit 2), so the snapshot is refused."""
    log = write_log(event("2016-09-13T10:00:00+03:00", "statement", actor="houthi"))
    state = tmp_path / "state.json"
    assert cli("check", log, "--resume", state).exit_code == 0
    write_log(event("2016-09-13T10:00:00+03:00", "statement", actor="houthi"), event("2016-09-13T12:00:00+03:00", "statement", actor="un"))
    assert cli("check", log, "--strict").exit_code == 2
    message = _refused("check", log, "--resume", state, "--strict")
    assert message == f"{state}: the lines read before had 1 warning, which --strict makes errors: check the log from its start without this file\n"
    assert cli("check", log, "--resume", state).exit_code == 0


def test_a_state_file_of_another_kind_is_named_as_such(tmp_path, write_log):
    """A watch's state or a Monitor's snapshot given to --resume, or a --resume snapshot to watch --state: exit 2, saying which it is."""
    from ceasefire import Monitor
    from ceasefire.watch import Watcher

    log = write_log(attack("2016-09-13T10:00:00+03:00"))
    checked, watched, monitored = tmp_path / "check.json", tmp_path / "watch.json", tmp_path / "monitor.json"
    cli("check", log, "--resume", checked)
    watcher = Watcher(log, now=lambda: datetime(2016, 9, 14, tzinfo=timezone.utc), out=io.StringIO(), err=io.StringIO(),
                      state=str(watched))
    watcher.step()
    watcher.stop()
    watcher.follower.close()
    monitored.write_text(json.dumps(Monitor("syria-2016").snapshot()))
    for state in (watched, monitored):
        assert _refused("check", log, "--resume", state).startswith(f"{state}: not a check --resume snapshot (")
    for state in (checked, monitored):
        assert _refused("watch", log, "--state", state).startswith(f"{state}: not a watch --state file (")
