"""A timer's own breach in a provision kept per party: it counts against that party, restarting that party's calm period only."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import event, write_pack

from ceasefire import check, load_agreement

DUTY = """
[provisions.duty]
per = "party"
states = ["owed", "noticed", "settled"]
initial = "owed"
transitions = [
  { trigger = "notify", source = "owed", dest = "noticed" },
  { trigger = "settle", source = ["owed", "noticed"], dest = "settled" },
]

[[provisions.duty.timers]]
id = "reports"
kind = "quota"
every = "12h"
at_least = 1
breach = { severity = "minor", message = "no report in twelve hours" }

[[provisions.duty.timers]]
id = "duty-calm"
kind = "calm"
states = ["owed", "noticed"]
after = "24h"
trigger = "settle"

[[provisions.duty.timers]]
id = "notice-by"
kind = "deadline"
start = "start"
after = "6h"
met_by = ["noticed"]
breach = { severity = "minor", message = "no notice within six hours" }

[[rules]]
id = "report-in"
provision = "duty"
types = ["attack.report"]
tally = "reports"

[[rules]]
id = "give-notice"
provision = "duty"
types = ["statement"]
trigger = "notify"
"""
"""Each party reports every twelve hours and gives notice within six; a day with no breach of its own settles its duty."""


@pytest.fixture
def duty(tmp_path: Path):
    """The duty pack (UTC, from 00:00 on 1 January 2020)."""
    return load_agreement(write_pack(tmp_path, DUTY))


def settled(report) -> list[tuple[str | None, str]]:
    """(party, date) of each move to settled."""
    return [(c.instance, c.date) for c in report.history if c.after == "settled"]


def test_a_partys_missed_report_restarts_only_its_own_day(duty):
    """Both give notice; only a reports: b's quota falls short at noon, so by midnight a has settled and b has not."""
    events = [event("2020-01-01T00:30:00Z", "statement", actor=p) for p in ("a", "b")]
    events += [event("2020-01-01T01:00:00Z", "attack.report", actor="a"), event("2020-01-01T13:00:00Z", "attack.report", actor="a")]
    report = check(events, agreement=duty, as_of="2020-01-01T23:59:59Z")
    assert [(b.rule, b.instance, b.date) for b in report.breaches] == [("reports", "b", "2020-01-01T12:00:00+00:00")]
    report = check(events, agreement=duty, as_of="2020-01-02T00:00:00Z")
    assert settled(report) == [("a", "2020-01-02T00:00:00+00:00")]


def test_a_partys_missed_deadline_restarts_only_its_own_day(duty):
    """Both report; only a gives notice: b's notice is late at 06:00, so b settles at 06:00 on the 2nd and a at midnight."""
    events = [event("2020-01-01T00:30:00Z", "statement", actor="a")]
    events += [event(f"2020-01-01T{h}:00:00Z", "attack.report", actor=p) for h in ("01", "13") for p in ("a", "b")]
    report = check(events, agreement=duty, as_of="2020-01-02T06:00:00Z")
    assert [(b.rule, b.instance, b.date) for b in report.breaches] == [("notice-by", "b", "2020-01-01T06:00:00+00:00")]
    assert settled(report) == [("a", "2020-01-02T00:00:00+00:00"), ("b", "2020-01-02T06:00:00+00:00")]
