"""Watching a live log: lines appended, a truncation, a rotation, a clock that passes a deadline, Ctrl-C."""

from __future__ import annotations

import io
import json
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import HEADER, attack, event

from ceasefire import Monitor
from ceasefire.follow import Follower, Line, Notice
from ceasefire.watch import Watcher

DAMASCUS = timezone(timedelta(hours=3))
ROOT = Path(__file__).resolve().parent.parent


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, *when: int) -> None:
        self.now = datetime(*when, tzinfo=DAMASCUS)

    def __call__(self) -> datetime:
        return self.now

    def to(self, *when: int) -> None:
        self.now = datetime(*when, tzinfo=DAMASCUS)


class Watched:
    """A log file the test writes to, and a Watcher on it with a test clock; ``look()`` returns what it printed."""

    def __init__(self, folder: Path, clock: Clock, format: str = "text") -> None:
        self.path = folder / "live.jsonl"
        self.path.write_text("")
        self.out, self.err = io.StringIO(), io.StringIO()
        self.watcher = Watcher(self.path, now=clock, format=format, out=self.out, err=self.err)

    def append(self, *rows: object) -> None:
        with self.path.open("a", encoding="utf-8") as f:
            f.write("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows))

    def look(self) -> list[str]:
        self.watcher.step()
        return self.take()

    def take(self) -> list[str]:
        text = self.out.getvalue()
        self.out.seek(0)
        self.out.truncate()
        return text.splitlines()

    def errors(self) -> list[str]:
        text = self.err.getvalue()
        self.err.seek(0)
        self.err.truncate()
        return text.splitlines()


@pytest.fixture
def clock() -> Clock:
    """13 September 2016, 12:00 in Damascus: the truce began the evening before."""
    return Clock(2016, 9, 13, 12, 0)


def test_lines_appended_are_said_as_they_come(tmp_path, clock):
    """Each appended line is read at the next look: its breach, the change it made, the status it led to."""
    watched = Watched(tmp_path, clock)
    assert watched.look() == []
    watched.append(HEADER, event("2016-09-13T09:00:00+03:00", "aid.delivered"))
    assert watched.look() == [  # the status in its place in time: holding since the start
        "2016-09-12T19:00:00+03:00  cessation: pending -> in_force (the start)",
        "2016-09-12T19:00:00+03:00  status holding: holding since 12 September 19:00, the start",
        "2016-09-13T09:00:00+03:00  aid: awaiting_access -> delivered (the aid-delivery at line 2)",
    ]
    assert watched.look() == []  # nothing new, nothing said
    watched.append(attack("2016-09-13T10:00:00+03:00", casualties=20, location="Aleppo"))
    assert watched.look() == [
        "2016-09-13T10:00:00+03:00  major breach of cessation, line 3, party sy-gov: attack during the cessation of hostilities: "
        "attack.airstrike by sy-gov on opposition at Aleppo (20 casualties)",
        "2016-09-13T10:00:00+03:00  cessation: in_force -> violated (the attack at line 3)",
        "2016-09-13T10:00:00+03:00  status fragile (was holding): fragile since 13 September 10:00: "
        "cessation violated by the attack at line 3 on 13 September 10:00",
    ]


def test_the_clock_fires_a_deadline_when_no_event_comes(tmp_path, clock):
    """By 18:00 on 15 September Castello Road's and the term's deadlines have passed; at 19:30 the aid deadline too."""
    watched = Watched(tmp_path, clock)
    watched.append(HEADER, event("2016-09-13T10:00:00+03:00", "statement"))
    watched.look()
    clock.to(2016, 9, 15, 18, 0)
    assert watched.look() == [  # each party's instance of the withdrawal, by name; the implementation falls behind
        "2016-09-14T19:00:00+03:00  castello (sy-gov): pending -> overdue (the 48-hour deadline from the start)",
        "2016-09-14T19:00:00+03:00  castello (opposition): pending -> overdue (the 48-hour deadline from the start)",
        "2016-09-15T00:00:00+03:00  term: first_48h -> lapsed (the deadline at the end of 14 September)",
        "2016-09-14T19:00:00+03:00  implementation behind (was on_track): castello (opposition, sy-gov) overdue since "
        "14 September 19:00, the 48-hour deadline from the start",
    ]
    clock.to(2016, 9, 15, 19, 30)
    assert watched.look() == [
        "2016-09-15T19:00:00+03:00  major breach of aid, no line (a deadline), party not named: no aid delivered within 72 hours of the start",
        "2016-09-15T19:00:00+03:00  aid: awaiting_access -> overdue (the 72-hour deadline from the start)",
    ]  # a lagging duty: the ceasefire still holds
    assert watched.watcher.found == 1


def test_a_line_logged_late_can_undo_what_the_clock_said(tmp_path, clock):
    """The delivery at 18:00, logged after 19:00: the deadline breach is withdrawn, the state and status revised."""
    watched = Watched(tmp_path, clock)
    watched.append(HEADER, event("2016-09-13T10:00:00+03:00", "statement"))
    watched.look()
    clock.to(2016, 9, 15, 19, 30)
    watched.look()
    watched.append(event("2016-09-15T18:00:00+03:00", "aid.delivered"))
    assert watched.look() == [
        "2016-09-15T18:00:00+03:00  aid: awaiting_access -> delivered (the aid-delivery at line 3; overdue was shown before, by the clock)",
        "2016-09-15T19:00:00+03:00  withdrawn: the major breach of aid (aid-deadline) did not happen, by lines logged since",
    ]
    assert watched.watcher.found == 0


def test_a_truncated_log_is_read_again_from_its_start(tmp_path, clock):
    """Truncated, then written anew: a notice, then the new lines (numbered from 1 again) go on from the same state."""
    watched = Watched(tmp_path, clock)
    watched.append(HEADER, event("2016-09-13T09:00:00+03:00", "aid.delivered"))
    watched.look()
    watched.path.write_text("")
    assert watched.look() == []
    assert watched.errors() == [f"ceasefire: {watched.watcher.file}: the file was truncated; reading it again from its start"]
    watched.append(HEADER, attack("2016-09-13T11:00:00+03:00", casualties=60))
    lines = watched.look()
    assert lines[0].startswith("2016-09-13T11:00:00+03:00  critical breach of cessation, line 2, party sy-gov")
    assert lines[1] == "2016-09-13T11:00:00+03:00  cessation: in_force -> violated (the attack at line 2)"


def test_a_rotated_log_is_read_to_its_end_then_the_new_one_from_its_start(tmp_path, clock):
    """Renamed away with a last line unread (and no line ending), a new file in its place: both are read, in order."""
    watched = Watched(tmp_path, clock)
    watched.append(HEADER, event("2016-09-13T09:00:00+03:00", "aid.delivered"))
    watched.look()
    with watched.path.open("a") as f:
        f.write(json.dumps(event("2016-09-13T10:00:00+03:00", "jic.established")))  # no newline: finished by the rotation
    watched.path.rename(tmp_path / "live.jsonl.1")
    watched.append(HEADER, attack("2016-09-13T11:00:00+03:00", casualties=60))
    lines = watched.look()
    assert watched.errors() == [f"ceasefire: {watched.watcher.file}: the file was replaced (rotated); reading the new one from its start"]
    assert lines[0] == "2016-09-13T10:00:00+03:00  jic: not_established -> established (the jic-established at line 3)"
    assert lines[1].startswith("2016-09-13T11:00:00+03:00  critical breach of cessation, line 2,")


def test_a_bad_line_is_reported_and_the_watch_goes_on(tmp_path, clock):
    """A line that cannot be read, or comes out of order, is FILE:LINE: message on stderr; the next one is read."""
    watched = Watched(tmp_path, clock)
    watched.append(HEADER, event("2016-09-13T09:00:00+03:00", "aid.delivered"), "{not json", event("2016-09-13T08:00:00+03:00", "statement"),
                   event("2016-09-13T10:00:00+03:00", "jic.established"))
    lines = watched.look()
    errors = watched.errors()
    assert errors[0].startswith(f"{watched.watcher.file}:3: invalid JSON")
    assert errors[1].startswith(f"{watched.watcher.file}:4: ")
    assert "2016-09-13T10:00:00+03:00  jic: not_established -> established (the jic-established at line 5)" in lines


def test_a_missing_log_is_waited_for(tmp_path, clock):
    """A log that does not exist yet: a notice once, then its lines when it appears."""
    path = tmp_path / "later.jsonl"
    out, err = io.StringIO(), io.StringIO()
    watcher = Watcher(path, now=clock, out=out, err=err, agreement="syria-2016")
    watcher.step()
    watcher.step()
    path.write_text(json.dumps(event("2016-09-13T09:00:00+03:00", "aid.delivered")) + "\n")
    watcher.step()
    assert err.getvalue().splitlines() == [f"ceasefire: {watcher.file}: waiting for the file to appear",
                                           f"ceasefire: {watcher.file}: the file appeared; reading it"]
    assert "2016-09-13T09:00:00+03:00  aid: awaiting_access -> delivered (the aid-delivery at line 1)" in out.getvalue()


def test_jsonl_records_for_pipes(tmp_path, clock):
    """--format jsonl: header, breach, transition, status records; the verdict record at the end."""
    watched = Watched(tmp_path, clock, format="jsonl")
    watched.append(HEADER, attack("2016-09-13T10:00:00+03:00", casualties=60))
    records = [json.loads(line) for line in watched.look()]
    assert [r["record"] for r in records] == ["header", "transition", "breach", "transition", "transition", "status"]
    assert records[2]["casualties"] == 60 and records[2]["severity"] == "critical" and records[2]["actor"] == "sy-gov"
    assert [(r["after"], r["because"]) for r in records[3:5]] == [
        ("violated", "the attack at line 2"), ("gravely_violated", "the attack-grave at line 2")]
    assert (records[5]["before"], records[5]["after"], records[5]["since"]) == (None, "in_doubt", "2016-09-13T10:00:00+03:00")
    assert watched.watcher.stop() == 1
    (verdict,) = [json.loads(line) for line in watched.take()]
    assert (verdict["record"], verdict["status"], verdict["breaches"]) == ("verdict", "in_doubt", 1)
    assert verdict["status_cause"]["text"] == (
        "in doubt since 13 September 10:00: cessation gravely_violated by the attack-grave at line 2 on 13 September 10:00")


def test_the_watcher_keeps_no_findings(tmp_path, clock):
    """However many breaches pass, the monitor keeps none (memory stays flat)."""
    watched = Watched(tmp_path, clock)
    watched.append(HEADER, *(attack(f"2016-09-13T10:{m:02d}:00+03:00", casualties=1) for m in range(50)))
    watched.look()
    assert watched.watcher.found == 50 and watched.watcher.monitor is not None and watched.watcher.monitor.findings == []


def test_a_line_too_long_is_skipped_to_its_end(tmp_path):
    """The follower keeps no more than its limit of an unfinished line; the line after it is read."""
    path = tmp_path / "log"
    path.write_bytes(b"x" * 300 + b"\n" + b"ok\n" + b"y" * 50)
    follower = Follower(path, limit=100)
    assert list(follower.poll()) == [Line(1, b"", too_long=True), Line(2, b"ok")]
    with path.open("ab") as f:
        f.write(b"y" * 100 + b"\nlast\n")
    assert list(follower.poll()) == [Line(3, b"", too_long=True), Line(4, b"last")]
    path.unlink()
    assert list(follower.poll()) == [Notice("rotated")]
    assert list(follower.poll()) == [Notice("missing")]


def test_ctrl_c_ends_the_watch_with_the_verdict(tmp_path):
    """Run as a process on the seed article (the real clock): Ctrl-C prints the verdict as of now; exit 1 (breaches)."""
    log = tmp_path / "live.jsonl"
    log.write_bytes((ROOT / "examples" / "syria-2016-09.jsonl").read_bytes())
    out = tmp_path / "out.txt"
    with out.open("w") as stdout:
        process = subprocess.Popen([sys.executable, "-m", "ceasefire", "watch", str(log), "--interval", "0.05"], stdout=stdout,
                                   stderr=subprocess.PIPE, text=True, cwd=tmp_path)
        try:
            for _ in range(600):  # until it has said the status (at most a minute)
                if "status in_doubt" in out.read_text():
                    break
                time.sleep(0.1)
            process.send_signal(signal.SIGINT)
            _, stderr = process.communicate(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
    text = out.read_text()
    assert process.returncode == 1, stderr
    assert "2016-09-17T17:00:00+03:00  cessation: in_force -> violated (the attack at line 7)" in text
    verdict = text.split("\n\n", 1)[1]
    assert verdict.startswith("live.jsonl: syria-2016: as of ")
    assert "why: holding since 22 September 2016 17:00 (implementation stalled: aid stalled" in verdict  # calm since


def test_a_held_bare_date_event_still_lets_the_monitor_say_what_is_settled():
    """Four days into the truce, one bare-date event held: the start and the missed aid deadline are settled already."""
    monitor = Monitor("syria-2016", keep=False)
    (deadline,) = monitor.feed(event("2016-09-16", "statement"))
    assert (deadline.rule, monitor.status, monitor.implementation) == ("aid-deadline", "holding", "behind")
    assert [(c.provision, c.instance, c.after) for c in monitor.changes()] == [
        ("cessation", None, "in_force"), ("castello", "sy-gov", "overdue"), ("castello", "opposition", "overdue"),
        ("term", None, "lapsed"), ("aid", None, "overdue")]
    assert monitor.changes() == [] and monitor.findings == []


def test_a_fork_looks_ahead_and_leaves_the_monitor_as_it_was():
    """fork().finish(now) is the verdict as of now; the monitor itself still takes an event dated before that."""
    monitor = Monitor("syria-2016")
    monitor.feed(event("2016-09-13T10:00:00+03:00", "statement"))
    assert monitor.next_due == datetime(2016, 9, 14, 16, 0, tzinfo=timezone.utc)  # Castello Road's 48 hours
    ahead = monitor.fork()
    assert [b.rule for b in ahead.finish("2016-09-16T10:00:00+03:00")] == ["aid-deadline"] and ahead.implementation == "behind"
    assert monitor.status == "holding" and monitor.states["aid"] == "awaiting_access"
    assert monitor.feed(event("2016-09-15T18:00:00+03:00", "aid.delivered")) == []
    assert monitor.states["aid"] == "delivered"
    assert monitor.next_due == datetime(2016, 9, 19, 16, 0, tzinfo=timezone.utc)  # aid delivered: the 7-day calm for the centre runs


def test_changes_the_clock_said_are_not_said_again_when_the_events_reach_them(tmp_path, clock):
    """Calm periods the clock ran out (two changes of one provision) are said once: not again at the next line, nor at Ctrl-C."""
    watched = Watched(tmp_path, clock)
    watched.append(HEADER, attack("2016-09-13T10:00:00+03:00", casualties=80))
    clock.to(2016, 9, 25, 12, 0)
    said = watched.look()
    calm = [line for line in said if "calm period" in line]
    assert len(calm) == 2 and "violated -> in_force" in calm[-1]
    watched.append(event("2016-09-25T13:00:00+03:00", "statement", actor="un"))  # the events now pass the same calm periods
    clock.to(2016, 9, 25, 14, 0)
    assert [line for line in watched.look() if "calm period" in line or "shown before" in line] == []
    assert watched.watcher.stop() == 1
    assert [line for line in watched.take() if line.startswith("2016-09-") and "calm period" in line] == []
