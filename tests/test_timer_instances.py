"""Timers of provisions kept per party: each instance's calm periods, deadlines and followers are its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import event

from ceasefire import check, load_agreement

HEAD = """
[agreement]
id = "instances"
title = "Duties kept per party, and the timers that watch them"
start = 2020-01-01T00:00:00Z
timezone = "UTC"
[parties]
a = "Party A"
b = "Party B"
[vocabulary]
"attack.*" = "An attack"
statement = "A statement"
talks = "Talks held"
"""

WATCHERS = HEAD + """
[provisions.truce]
states = ["shaky", "steady"]
initial = "shaky"
transitions = [{ trigger = "steady", source = "shaky", dest = "steady" }]

[[provisions.truce.timers]]
id = "truce-calm"
kind = "calm"
states = ["shaky"]
after = "48h"
watch = ["guns", "truce"]
min_severity = "major"
trigger = "steady"

[provisions.guns]
per = "party"
states = ["silent", "quiet"]
initial = "silent"
transitions = [
  { trigger = "settle", source = "silent", dest = "quiet" },
  { trigger = "stir", source = "quiet", dest = "silent" },
]

[[provisions.guns.timers]]
id = "guns-calm"
kind = "calm"
states = ["silent"]
after = "24h"
watch = ["guns", "truce"]
min_severity = "minor"
trigger = "settle"

[provisions.talks]
per = "party"
states = ["none", "held"]
initial = "none"
transitions = [{ trigger = "hold", source = "none", dest = "held" }]

[[provisions.talks.timers]]
id = "talks-deadline"
kind = "deadline"
start = "guns.quiet"
after = "24h"
met_by = ["held"]
breach = { severity = "minor", message = "no talks within a day of going quiet" }

[[rules]]
id = "shot"
provision = "guns"
types = ["attack.shot"]
severity = "major"
party = "actor"
trigger = "stir"

[[rules]]
id = "graze"
provision = "guns"
types = ["attack.graze"]
severity = "minor"
party = "actor"

[[rules]]
id = "shell"
provision = "truce"
types = ["attack.shell"]
severity = "minor"

[[rules]]
id = "quiet"
provision = "guns"
types = ["statement"]
trigger = "settle"

[[rules]]
id = "talks"
provision = "talks"
types = ["talks"]
trigger = "hold"
"""
"""A truce steadied by 48 calm hours (major breaches of anyone count); each party's guns fall quiet after 24 (any breach of
its own, or of the truce, counts); going quiet arms that party's 24 hours to hold talks."""

FOLLOWERS = HEAD + """
"deadline.moved" = "A deadline moved by agreement"
[provisions.pullback]
per = "party"
states = ["armed", "withdrawn", "reported"]
initial = "armed"
transitions = [
  { trigger = "withdraw", source = "armed", dest = "withdrawn" },
  { trigger = "report", source = ["armed", "withdrawn"], dest = "reported" },
]

[[provisions.pullback.timers]]
id = "withdraw-by"
kind = "deadline"
start = "start"
after = "5d"
met_by = ["withdrawn"]
breach = { severity = "major", message = "not withdrawn within five days" }

[[provisions.pullback.timers]]
id = "report-by"
kind = "deadline"
start = "due:withdraw-by"
after = "2d"
met_by = ["reported"]
breach = { severity = "minor", message = "no report within two days of the withdrawal's due date" }

[[rules]]
id = "moved"
provision = "pullback"
types = ["deadline.moved"]
extend = "withdraw-by"

[[rules]]
id = "report"
provision = "pullback"
types = ["statement"]
trigger = "report"
"""
"""Each party withdraws within five days, then reports within two days of that due date (which follows it when moved)."""


@pytest.fixture
def watchers(tmp_path: Path):
    """The truce, guns and talks pack."""
    path = tmp_path / "watchers.toml"
    path.write_text(WATCHERS, encoding="utf-8")
    return load_agreement(path)


@pytest.fixture
def followers(tmp_path: Path):
    """The pullback pack."""
    path = tmp_path / "followers.toml"
    path.write_text(FOLLOWERS, encoding="utf-8")
    return load_agreement(path)


def moves(report, provision: str) -> list[tuple[str | None, str, str]]:
    """(instance, date, state entered) of a provision's changes after the start."""
    return [(c.instance, c.date, c.after) for c in report.history if c.provision == provision and c.cause != "start"]


def found(report, rule: str) -> list[tuple[str | None, str]]:
    """(instance, date) of each breach of ``rule``."""
    return [(b.instance, b.date) for b in report.breaches if b.rule == rule]


# -- calm periods restarted by breaches ------------------------------------------------------------------


@pytest.mark.parametrize("shooter, other", [("a", "b"), ("b", "a")])
def test_a_partys_breach_restarts_only_its_own_calm_period(watchers, shooter, other):
    """One party shoots at noon on 1 January: the other's guns fall quiet at midnight, the shooter's only at noon on the 2nd."""
    report = check([event("2020-01-01T12:00:00Z", "attack.shot", actor=shooter)], agreement=watchers, as_of="2020-01-02T12:00:00Z")
    assert moves(report, "guns") == [(other, "2020-01-02T00:00:00+00:00", "quiet"), (shooter, "2020-01-02T12:00:00+00:00", "quiet")]


def test_the_second_partys_breach_restarts_a_calm_period_kept_once(watchers):
    """B's major shot at noon restarts the truce's 48 hours: it steadies at noon on the 3rd, not at midnight."""
    report = check([event("2020-01-01T12:00:00Z", "attack.shot", actor="b")], agreement=watchers, as_of="2020-01-04")
    assert moves(report, "truce") == [(None, "2020-01-03T12:00:00+00:00", "steady")]


def test_a_breach_too_light_for_one_watcher_still_restarts_the_next(watchers):
    """A minor graze by a leaves the truce's calm (major only) alone but restarts a's own 24 hours."""
    report = check([event("2020-01-01T12:00:00Z", "attack.graze", actor="a")], agreement=watchers, as_of="2020-01-04")
    assert moves(report, "guns") == [("b", "2020-01-02T00:00:00+00:00", "quiet"), ("a", "2020-01-02T12:00:00+00:00", "quiet")]
    assert moves(report, "truce") == [(None, "2020-01-03T00:00:00+00:00", "steady")]


def test_a_breach_of_the_truce_restarts_the_calm_of_each_party_still_counting(watchers):
    """A's guns are quiet by 06:00; the shelling at noon restarts b's 24 hours, which end at noon on the 2nd."""
    report = check([event("2020-01-01T06:00:00Z", "statement", actor="a"), event("2020-01-01T12:00:00Z", "attack.shell")],
                   agreement=watchers, as_of="2020-01-02T12:00:00Z")
    assert moves(report, "guns") == [("a", "2020-01-01T06:00:00+00:00", "quiet"), ("b", "2020-01-02T12:00:00+00:00", "quiet")]


# -- deadlines armed by another provision's instance -------------------------------------------------------


def test_a_partys_move_arms_only_that_partys_deadline(watchers):
    """B's guns fall quiet at 06:00: b owes talks by 06:00 on the 2nd; a owes nothing yet."""
    report = check([event("2020-01-01T06:00:00Z", "statement", actor="b")], agreement=watchers, as_of="2020-01-02T12:00:00Z")
    assert found(report, "talks-deadline") == [("b", "2020-01-02T06:00:00+00:00")]


def test_re_entering_the_arming_state_keeps_the_first_due_date(watchers):
    """Quiet at 06:00, stirred at 08:00, quiet again at 10:00: the talks are still due at 06:00 on the 2nd."""
    report = check([event("2020-01-01T06:00:00Z", "statement", actor="a"), event("2020-01-01T08:00:00Z", "attack.shot", actor="a"),
                    event("2020-01-01T10:00:00Z", "statement", actor="a")], agreement=watchers, as_of="2020-01-02T12:00:00Z")
    assert found(report, "talks-deadline") == [("a", "2020-01-02T06:00:00+00:00")]


# -- deadlines that follow another deadline -------------------------------------------------------------------


def test_a_moved_deadline_moves_its_follower_in_that_instance_only(followers):
    """B's withdrawal moved to the end of 8 January: b's report follows (the 11th); a's stays due on the 8th."""
    report = check([event("2020-01-02T00:00:00Z", "deadline.moved", actor="b", until="2020-01-08")], agreement=followers, as_of="2020-01-12")
    assert found(report, "report-by") == [("a", "2020-01-08T00:00:00+00:00"), ("b", "2020-01-11T00:00:00+00:00")]


def test_a_follower_already_met_is_not_armed_again_when_its_leader_moves(followers):
    """A reports on the 2nd, then its withdrawal is moved: a owes no report; b's is late on the 8th."""
    report = check([event("2020-01-02T00:00:00Z", "statement", actor="a"),
                    event("2020-01-03T00:00:00Z", "deadline.moved", actor="a", until="2020-01-08")], agreement=followers, as_of="2020-01-12")
    assert found(report, "report-by") == [("b", "2020-01-08T00:00:00+00:00")]
    assert found(report, "withdraw-by") == [("b", "2020-01-06T00:00:00+00:00"), ("a", "2020-01-09T00:00:00+00:00")]


RIPE = """
[agreement]
id = "ripe"
title = "A calm period that needs the convoys on the road"
start = 2020-01-01T00:00:00Z
timezone = "UTC"
[parties]
a = "Party A"
[fields]
convoy = "Which convoy"
[vocabulary]
"convoy.seen" = "A convoy seen on the road"
"convoy.arrived" = "A convoy arrived"
[provisions.truce]
states = ["shaky", "steady"]
initial = "shaky"
transitions = [{ trigger = "steady", source = "shaky", dest = "steady" }]
[[provisions.truce.timers]]
id = "truce-calm"
kind = "calm"
states = ["shaky"]
after = "1h"
trigger = "steady"
requires = { convoys = ["on_road", "arrived"] }
[provisions.convoys]
per = "convoy"
states = ["on_road", "arrived"]
initial = "on_road"
transitions = [
  { trigger = "arrive", source = "on_road", dest = "arrived" },
  { trigger = "turn_back", source = "arrived", dest = "on_road" },
]
[[rules]]
id = "seen"
provision = "convoys"
types = ["convoy.seen"]
trigger = "turn_back"
[[rules]]
id = "arrived"
provision = "convoys"
types = ["convoy.arrived"]
trigger = "arrive"
"""


def test_a_calm_period_waiting_for_instances_ends_when_the_first_is_made(tmp_path: Path) -> None:
    """A calm timer waiting for convoys is freed when the first convoy is seen, not at its first move."""
    # A calm timer that needs every convoy on the road or arrived waits while there is none; the first convoy seen (made in its
    # initial state, no move) frees it at that event, not hours later.
    path = tmp_path / "ripe.toml"
    path.write_text(RIPE, encoding="utf-8")
    pack = load_agreement(path)
    report = check([event("2020-01-01T05:00:00Z", "convoy.seen", convoy="c1"),
                    event("2020-01-01T09:00:00Z", "convoy.arrived", convoy="c1")], agreement=pack)
    assert [(c.provision, c.after, c.date) for c in report.history if c.provision == "truce"] == [
        ("truce", "steady", "2020-01-01T05:00:00+00:00")]

