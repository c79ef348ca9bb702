"""Monitor.snapshot() and Monitor.restore(): the engine's whole state as a small JSON document, refused for another pack or version."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import HEADER, attack, event
from hypothesis import given, settings
from hypothesis import strategies as st
from test_properties import events

from ceasefire import Monitor, StateError, UsageError, check, load_agreement
from ceasefire.lines import read_lines
from ceasefire.snapshot import SNAPSHOT_VERSION, pack_hash

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.jsonl"))
DAMASCUS = timezone(timedelta(hours=3))


def _rows(path: Path) -> tuple[str, list[dict]]:
    with path.open("rb") as stream:
        rows = [value for _, value in read_lines(stream) if value is not None]
    return rows[0]["agreement"], rows[1:]


def _whole(pack: str, rows: list[dict]) -> Monitor:
    monitor = Monitor(pack)
    for row in rows:
        monitor.feed(row)
    monitor.finish()
    return monitor


def _split(pack: str, rows: list[dict], cut: int) -> tuple[Monitor, list]:
    first = Monitor(pack)
    for row in rows[:cut]:
        first.feed(row)
    doc = json.loads(json.dumps(first.snapshot()))  # through JSON, as a store would keep it
    second = Monitor.restore(doc)
    for row in rows[cut:]:
        second.feed(row)
    second.finish()
    return second, first.findings + second.findings


def _same(a: Monitor, b: Monitor) -> None:
    assert (a.status, a.states, a.instances, a.implementation) == (b.status, b.states, b.instances, b.implementation)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_a_monitor_restored_at_any_event_finds_what_one_fed_everything_finds(path):
    """Snapshot after any event, through JSON, restore, feed the rest: the findings, states and status of feeding it all."""
    pack, rows = _rows(path)
    whole = _whole(pack, rows)
    for cut in range(len(rows) + 1):
        second, found = _split(pack, rows, cut)
        assert found == whole.findings, cut
        _same(second, whole)


@settings(max_examples=60, deadline=None)
@given(events(), st.data())
def test_snapshot_and_restore_anywhere_in_a_generated_log_change_nothing(rows, data):
    """For generated logs (bare dates, per-party deadlines), a restore at any point gives the whole log's findings."""
    cut = data.draw(st.integers(min_value=0, max_value=len(rows)))
    whole = _whole("syria-2016", rows)
    second, found = _split("syria-2016", rows, cut)
    assert found == whole.findings
    _same(second, whole)
    assert check([HEADER, *rows]).status == second.status
    assert second.by_severity == whole.by_severity == check([HEADER, *rows]).by_severity


def test_the_document_names_its_version_pack_and_hash_and_is_plain_json():
    """The header fields, then the state; json.dumps keeps it byte for byte."""
    monitor = Monitor("syria-2016")
    monitor.feed(attack("2016-09-13T10:00:00+03:00", casualties=2))
    doc = monitor.snapshot()
    assert list(doc)[:4] == ["snapshot_version", "ceasefire", "agreement", "pack_sha256"]
    assert doc["snapshot_version"] == SNAPSHOT_VERSION and doc["agreement"] == "syria-2016"
    assert doc["pack_sha256"] == pack_hash(load_agreement("syria-2016")) and len(doc["pack_sha256"]) == 64
    assert list(doc)[-1] == "sha256"
    assert json.loads(json.dumps(doc)) == doc


def test_the_snapshot_does_not_grow_with_the_events_seen():
    """A thousand more calm events leave the snapshot the same size (the clock aside)."""
    def size(count: int) -> int:
        monitor = Monitor("syria-2016")
        start = datetime(2016, 9, 13, tzinfo=DAMASCUS)
        for i in range(count):
            monitor.feed(event((start + timedelta(seconds=i)).isoformat(), "statement", actor="ru"))
        monitor.changes()  # handed out: not kept
        return len(json.dumps(monitor.snapshot()))

    assert abs(size(1000) - size(10)) < 16


def test_restore_refuses_another_pack():
    """A snapshot of one pack does not restore into another: StateError naming the source."""
    doc = Monitor("syria-2016").snapshot()
    with pytest.raises(StateError, match=r"^state\.json: snapshot of another pack") as caught:
        Monitor.restore(doc, "minsk-2015", source="state.json")
    assert caught.value.exit_code == 2


def test_restore_refuses_a_pack_whose_content_changed(tmp_path):
    """The same pack id with one timer changed is another pack."""
    text = (ROOT / "rules" / "syria-2016.toml").read_text(encoding="utf-8")
    changed = tmp_path / "syria-2016.toml"
    changed.write_text(text.replace('after = "72h"', 'after = "73h"', 1), encoding="utf-8")
    assert changed.read_text(encoding="utf-8") != text
    doc = Monitor("syria-2016").snapshot()
    with pytest.raises(StateError, match="another pack"):
        Monitor.restore(doc, changed)


def test_a_comment_in_the_pack_changes_nothing(tmp_path):
    """The hash is of the pack's content, not its bytes: a comment added keeps the snapshot usable."""
    commented = tmp_path / "syria-2016.toml"
    commented.write_text("# a comment\n" + (ROOT / "rules" / "syria-2016.toml").read_text(encoding="utf-8"), encoding="utf-8")
    doc = Monitor("syria-2016").snapshot()
    assert Monitor.restore(doc, commented).status == "pending"


@pytest.mark.parametrize("field, value", [("ceasefire", "0.0.1"), ("snapshot_version", 99)])
def test_restore_refuses_another_version(field, value):
    """A snapshot written by another version of the program, or of another shape, is refused."""
    doc = Monitor("syria-2016").snapshot()
    doc[field] = value
    with pytest.raises(StateError, match=r"snapshot written by ceasefire .*check the log from its start"):
        Monitor.restore(doc, "syria-2016")


@pytest.mark.parametrize("edit", ["value", "drop", "type"])
def test_restore_refuses_an_edited_snapshot_without_a_traceback(edit):
    """A hand-edited snapshot is refused as changed, whatever the edit."""
    monitor = Monitor("syria-2016")
    monitor.feed(attack("2016-09-13T10:00:00+03:00", casualties=2))
    doc = monitor.snapshot()
    if edit == "value":
        doc["engine"]["worst"] = 3
    elif edit == "drop":
        del doc["engine"]["instances"]
    else:
        doc["engine"]["now"] = 5
    with pytest.raises(StateError, match="changed since it was written"):
        Monitor.restore(doc)


@pytest.mark.parametrize("doc", [{}, "[]", "x", {"snapshot_version": 1}, {"agreement": 5}])
def test_restore_refuses_what_is_not_a_snapshot(doc):
    """A mapping or JSON text that is not a snapshot is a StateError, never a traceback."""
    with pytest.raises(StateError):
        Monitor.restore(doc)


@pytest.mark.parametrize("doc", [None, 42, [], ("agreement", "syria-2016")])
def test_restore_refuses_an_argument_of_another_kind_as_misuse(doc):
    """None, a number, a list: a UsageError naming the kind given (exit code 2), as for every argument of the wrong kind."""
    with pytest.raises(UsageError, match=f"a snapshot is the mapping snapshot\\(\\) returned, or its JSON text, got {type(doc).__name__}$") as caught:
        Monitor.restore(doc)
    assert caught.value.exit_code == 2


@pytest.mark.parametrize("encode", [str, bytes], ids=["str", "bytes"])
def test_restore_reads_the_snapshot_as_saved_json_text(encode):
    """The JSON text a store or file keeps restores like the document itself, and goes on to the same findings."""
    pack, rows = _rows(ROOT / "examples" / "syria-2016-09.jsonl")
    first = Monitor(pack)
    for row in rows[:5]:
        first.feed(row)
    text = json.dumps(first.snapshot())
    second = Monitor.restore(text if encode is str else text.encode())
    for row in rows[5:]:
        second.feed(row)
    second.finish()
    _same(second, _whole(pack, rows))
    assert first.findings + second.findings == _whole(pack, rows).findings


@pytest.mark.parametrize("text", ["{not json", b"\xff\xfe", "", "[" * 100_000 + "]" * 100_000])
def test_restore_refuses_text_that_is_not_json(text):
    """Text that is not JSON is refused as no snapshot, naming the source: never a traceback."""
    with pytest.raises(StateError, match=r"^state\.json: not a ceasefire snapshot \(not JSON"):
        Monitor.restore(text, source="state.json")


def test_a_finished_monitor_takes_no_snapshot():
    """After finish() the log is complete: nothing is left to resume."""
    monitor = Monitor("syria-2016")
    monitor.finish()
    with pytest.raises(Exception, match=r"snapshot\(\) after finish"):
        monitor.snapshot()


def test_the_snapshot_is_the_same_bytes_in_any_process():
    """Determinism: the same events give a byte-identical snapshot, and the same pack hash, whatever PYTHONHASHSEED."""
    script = ("import json, sys; from ceasefire import Monitor; from ceasefire.lines import read_lines\n"
              "rows = [v for _, v in read_lines(open(sys.argv[1], 'rb')) if v is not None]\n"
              "m = Monitor(rows[0]['agreement'])\n"
              "[m.feed(r) for r in rows[1:]]\n"
              "print(json.dumps(m.snapshot()))\n")
    log = ROOT / "examples" / "karabakh-2020.jsonl"
    outputs = {subprocess.run([sys.executable, "-c", script, str(log)], capture_output=True, check=True, cwd=ROOT,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("0", "1", "4242")}
    assert len(outputs) == 1 and b"pack_sha256" in outputs.pop()


def test_restore_names_a_check_resume_snapshot_as_not_a_monitors(tmp_path):
    """A ``check --resume`` file is of another shape: StateError saying so, not a malformed snapshot's KeyError."""
    from conftest import cli

    log = tmp_path / "log.jsonl"
    log.write_text(json.dumps(HEADER) + "\n" + json.dumps(attack("2016-09-13T10:00:00+03:00")) + "\n")
    cli("check", log, "--resume", tmp_path / "state.json")
    with pytest.raises(StateError, match=r"^state\.json: not a Monitor's snapshot \(a check --resume snapshot"):
        Monitor.restore((tmp_path / "state.json").read_text(), source="state.json")


def test_a_restored_monitor_goes_on_counting_the_findings_it_handed_out():
    """Its findings are not in the snapshot, but their counts are: a restored monitor, keeping none, counts on from them."""
    first = Monitor("syria-2016", keep=False)
    first.feed(attack("2016-09-13T10:00:00+03:00", casualties=2))
    first.feed(attack("2016-09-13T11:00:00+03:00", casualties=20))
    assert first.findings == [] and first.by_severity == {"minor": 1, "major": 1, "critical": 0}
    second = Monitor.restore(json.dumps(first.snapshot()), keep=False)
    second.feed(attack("2016-09-13T12:00:00+03:00", casualties=2))
    assert second.by_severity == {"minor": 2, "major": 1, "critical": 0}


@pytest.mark.parametrize("counts", [{"minor": -1}, {"major": "2"}, {"critical": True}, [1, 0, 0]])
def test_restore_refuses_counts_that_are_not_counts(counts):
    """A snapshot resealed with counts that are not counts (negative, text, true, a list) is malformed: never trusted."""
    from ceasefire.snapshot import document

    monitor = Monitor("syria-2016")
    doc = monitor.snapshot()
    body = {key: value for key, value in doc.items() if key not in ("snapshot_version", "ceasefire", "agreement", "pack_sha256", "sha256")}
    resealed = document(monitor.agreement, {**body, "by_severity": counts})
    with pytest.raises(StateError, match=r"^<snapshot>: malformed snapshot \(by_severity must be counts\)"):
        Monitor.restore(resealed)
