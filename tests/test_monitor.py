"""The Monitor: one event at a time, the same findings as a whole-log check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import attack, event

from ceasefire import LogError, Monitor, check

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_monitor_reports_new_findings_as_events_arrive():
    """Each feed returns what that event (and the timers before it) recorded."""
    monitor = Monitor("syria-2016")
    assert monitor.status == "pending"
    assert monitor.feed(event("2016-09-13T12:00:00+03:00", "statement")) == []
    assert monitor.status == "holding"
    (deadline, strike) = monitor.feed(attack("2016-09-17T17:00:00+03:00", actor="us-coalition", target="sy-gov", casualties=62))
    assert (deadline.rule, deadline.date) == ("aid-deadline", "2016-09-15T19:00:00+03:00")
    assert (strike.rule, strike.severity, strike.line) == ("attack", "critical", 2)
    assert monitor.states == {"cessation": "gravely_violated", "aid": "overdue", "castello": "overdue", "jic": "not_established", "term": "lapsed"}
    assert monitor.status == "in_doubt"


def test_advance_fires_timers_without_an_event():
    """Time can pass with no event: the calm period restores the cessation, and the fragility fades with it."""
    monitor = Monitor("syria-2016")
    monitor.feed(event("2016-09-13T09:00:00+03:00", "aid.delivered"))
    monitor.feed(attack("2016-09-13T10:00:00+03:00", casualties=20))
    assert monitor.advance("2016-09-16T10:00:00+03:00") == []
    assert monitor.states["cessation"] == "in_force"
    assert monitor.status == "holding"


@pytest.mark.parametrize("name", ["syria-2016-09.jsonl", "syria-2016-09-19.jsonl", "syria-2016-holding.jsonl"])
def test_monitor_and_check_agree_on_the_examples(name):
    """Feeding a log event by event gives the findings of checking it in one go."""
    lines = (EXAMPLES / name).read_text(encoding="utf-8").splitlines()
    monitor = Monitor("syria-2016")
    found = []
    for number, line in enumerate(lines[1:], 2):
        found += monitor.feed(json.loads(line), line=number)
    report = check(EXAMPLES / name)
    found += monitor.finish(report.as_of)  # the end of the log: held events, due timers, held findings
    assert found == monitor.findings == list(report.breaches)
    assert monitor.states == dict(report.provisions)
    assert monitor.status == report.status


def test_monitor_rejects_a_bad_event_with_its_line():
    """A bad mapping is a LogError naming the monitor's source and the line."""
    monitor = Monitor("syria-2016", name="feed")
    with pytest.raises(LogError, match=r"^feed:1: missing required field 'type'$"):
        monitor.feed({"date": "2016-09-13"})


def test_timer_breach_waits_for_its_day_and_may_turn_uncertain():
    """A deadline breach is handed out once its day is over, marked uncertain by a bare-date event of that day."""
    monitor = Monitor("syria-2016")
    assert monitor.feed(event("2016-09-15T20:00:00+03:00", "statement")) == []  # the deadline passed at 19:00
    assert monitor.states["aid"] == "overdue"
    assert monitor.feed(event("2016-09-15", "aid.delivered")) == []  # may have come before 19:00
    (breach,) = monitor.feed(event("2016-09-16T08:00:00+03:00", "statement"))
    assert (breach.rule, breach.uncertain) == ("aid-deadline", True)
    assert monitor.states["aid"] == "delivered"


def test_a_timer_breach_is_handed_out_by_the_first_event_past_local_midnight():
    """Deadline missed at 19:00 (+03:00): events later that local day hold it; the first after local midnight (21:10 UTC) hands it out."""
    monitor = Monitor("syria-2016")
    assert monitor.feed(event("2016-09-15T20:00:00+03:00", "statement")) == []
    assert monitor.feed(event("2016-09-15T23:59:59+03:00", "statement")) == []
    assert monitor.feed(event("2016-09-15T20:59:59Z", "statement")) == []  # 23:59:59 local, once more
    (breach,) = monitor.feed(event("2016-09-15T21:10:00Z", "statement"))  # 00:10 on the 16th, local
    assert (breach.rule, breach.uncertain) == ("aid-deadline", False)
    assert monitor.feed(event("2016-09-16T08:00:00+03:00", "statement")) == []


def test_finish_hands_out_what_is_held():
    """At the end of a log, finish applies held events and settles every finding."""
    monitor = Monitor("syria-2016")
    monitor.feed(event("2016-09-15T20:00:00+03:00", "statement"))
    assert [b.rule for b in monitor.finish()] == ["aid-deadline"]
    assert [b.rule for b in monitor.findings] == ["aid-deadline"]


def test_a_fork_hands_out_its_own_findings():
    """A forked monitor's engine drains its own findings (its drain is its own queue's), and the original its own."""
    from ceasefire.monitor import Monitor

    def strike(hour: int) -> dict[str, object]:
        return {"date": f"2016-09-13T{hour:02d}:00:00+03:00", "type": "attack.airstrike", "actor": "sy-gov", "target": "opposition",
                "casualties": 3}

    monitor = Monitor("syria-2016")
    monitor.feed(strike(10))
    fork = monitor.fork()
    fork.feed(strike(11))
    assert [b.date[11:13] for b in fork.findings] == ["10", "11"] and [b.date[11:13] for b in monitor.findings] == ["10"]
    monitor.feed(strike(12))
    assert [b.date[11:13] for b in monitor.findings] == ["10", "12"] and len(fork.findings) == 2
