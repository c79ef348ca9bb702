"""``watch --state FILE``: a watch stopped and started again goes on where it stood, and refuses a log rewritten since."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

from conftest import HEADER, attack, cli

from ceasefire.watch import Watcher

ROOT = Path(__file__).resolve().parent.parent
DAMASCUS = timezone(timedelta(hours=3))


def _watch(log: Path, state: Path, clock: datetime) -> tuple[Watcher, io.StringIO]:
    out = io.StringIO()
    return Watcher(log, now=lambda: clock, out=out, err=io.StringIO(), state=str(state)), out


def test_a_watch_goes_on_from_its_state_and_ends_with_the_whole_logs_verdict(tmp_path):
    """Stopped after six lines and started again: only what is new is said, and the verdict counts every breach."""
    source = (ROOT / "examples" / "syria-2016-09.jsonl").read_bytes().splitlines(keepends=True)
    log, state = tmp_path / "live.jsonl", tmp_path / "state.json"
    clock = datetime(2016, 9, 19, 12, tzinfo=DAMASCUS)
    log.write_bytes(b"".join(source[:6]))
    first, said = _watch(log, state, clock)
    first.step()
    assert first.stop() == 1 and state.exists()
    first.follower.close()
    before = said.getvalue()
    log.write_bytes(b"".join(source))
    second, said = _watch(log, state, clock)
    second.step()
    assert second.stop() == 1
    second.follower.close()
    again = said.getvalue()
    assert "line 7" in again and "line 7" not in before
    assert "the 48-hour deadline from the start" not in again.split("\n\n")[0]  # said by the first watch, not again
    whole, said = _watch(tmp_path / "whole.jsonl", tmp_path / "whole.state.json", clock)
    (tmp_path / "whole.jsonl").write_bytes(b"".join(source))
    whole.step()
    whole.stop()
    assert (second.found, second._status) == (whole.found, whole._status) == (3, "in_doubt")


def test_a_watch_refuses_a_state_whose_log_was_rewritten(tmp_path):
    """The bytes before the saved offset changed: StateError, exit 2 from the command."""
    log, state = tmp_path / "live.jsonl", tmp_path / "state.json"
    log.write_text(json.dumps(HEADER) + "\n" + json.dumps(attack("2016-09-13T10:00:00+03:00")) + "\n", encoding="utf-8")
    watcher, _ = _watch(log, state, datetime(2016, 9, 14, tzinfo=DAMASCUS))
    watcher.step()
    watcher.stop()
    watcher.follower.close()
    log.write_text(log.read_text(encoding="utf-8").replace("10:00", "11:00"), encoding="utf-8")
    result = cli("watch", log, "--state", state)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{state}: {log} is not the log this state was saved from")


def test_a_watch_state_file_never_replaces_the_log(tmp_path):
    """--state naming the log itself is refused before anything is read or written."""
    log = tmp_path / "live.jsonl"
    log.write_text(json.dumps(HEADER) + "\n", encoding="utf-8")
    result = cli("watch", log, "--state", log)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{log}: is the log watched of this run: refusing to overwrite it")
    assert log.read_text(encoding="utf-8") == json.dumps(HEADER) + "\n"


def test_a_watch_started_again_does_not_say_again_what_the_clock_said(tmp_path):
    """The clock ran two calm periods out, with no event since: Ctrl-C and a restart from the state say neither change again."""
    log, state = tmp_path / "live.jsonl", tmp_path / "state.json"
    log.write_text(json.dumps(HEADER) + "\n" + json.dumps(attack("2016-09-13T10:00:00+03:00", casualties=80)) + "\n", encoding="utf-8")
    clock = datetime(2016, 9, 25, 12, tzinfo=DAMASCUS)
    first, said = _watch(log, state, clock)
    first.step()
    assert len([line for line in said.getvalue().splitlines() if "calm period" in line]) == 2
    said.seek(0)
    said.truncate()
    assert first.stop() == 1
    first.follower.close()
    second, again = _watch(log, state, clock + timedelta(hours=1))
    second.step()
    assert second.stop() == 1
    second.follower.close()
    for text in (said.getvalue(), again.getvalue()):
        assert [line for line in text.splitlines() if line.startswith("2016-09-") and " -> " in line] == []
