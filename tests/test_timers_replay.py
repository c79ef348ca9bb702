"""The scheduler through whole replays: calm periods restarted, deadlines armed by other provisions, the agreement's end, loops refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import HEADER, attack, event

from ceasefire import check, load_agreement
from ceasefire.errors import PackError

T0 = datetime(2020, 1, 1, tzinfo=UTC)


def test_a_breach_while_the_jic_waits_for_aid_restarts_its_seven_days():
    """The joint centre's seven calm days, ripe while aid is missing, restart at a major breach (met on the 27th, not the 21st)."""
    log = [
        HEADER,
        attack("2016-09-20T10:00:00+03:00", casualties=20),
        event("2016-09-21T12:00:00+03:00", "aid.delivered"),
    ]
    assert check(log, as_of="2016-09-27T09:59:59+03:00").provisions["jic"] == "not_established"
    assert check(log, as_of="2016-09-27T10:00:00+03:00").provisions["jic"] == "conditions_met"


PACK = """
[agreement]
id = "timers-test"
title = "Timers"
start = 2020-01-01T00:00:00Z
timezone = "UTC"
[parties]
x = "X"
y = "Y"
[designated]
[vocabulary]
"attack" = "An attack"
"step" = "Move on"
"talks.held" = "Talks held"
[provisions.watch]
title = "Watched"
states = ["a", "b", "c"]
initial = "a"
on_start = "go"
transitions = [
  { trigger = "go", source = "a", dest = "b" },
  { trigger = "step", source = "b", dest = "c" },
  { trigger = "hit", source = ["b", "c"], dest = "a" },
]
[[provisions.watch.timers]]
id = "quiet"
kind = "calm"
states = ["b", "c"]
after = "1h"
breach = { severity = "minor", message = "quiet for an hour" }
[provisions.talks]
title = "Talks"
states = ["due", "held"]
initial = "due"
transitions = [{ trigger = "hold", source = "due", dest = "held" }]
[[provisions.talks.timers]]
id = "talks-deadline"
kind = "deadline"
start = "watch.c"
after = "2h"
met_by = ["held"]
breach = { severity = "major", message = "no talks within 2 hours of reaching c" }
[[rules]]
id = "step"
provision = "watch"
types = ["step"]
trigger = "step"
[[rules]]
id = "attack"
provision = "watch"
types = ["attack"]
severity = "minor"
party = "actor"
trigger = "hit"
[[rules]]
id = "talks"
provision = "talks"
types = ["talks.held"]
trigger = "hold"
"""


@pytest.fixture
def timers_pack(tmp_path: Path):
    """A small pack with a calm timer over two states and a deadline armed by another provision."""
    path = tmp_path / "timers-test.toml"
    path.write_text(PACK, encoding="utf-8")
    return load_agreement(path)


def _rules(report) -> list[tuple[str, str]]:
    return [(b.rule, b.date) for b in report.breaches]


def test_a_spent_calm_timer_stays_spent_across_its_own_states(timers_pack):
    """Fired once in state b, the calm timer does not fire again on moving to c, a state of the same period."""
    report = check([event("2020-01-01T02:00:00Z", "step"), event("2020-01-01T02:30:00Z", "talks.held"),
                    event("2020-01-01T05:00:00Z", "step")], agreement=timers_pack)
    assert _rules(report) == [("quiet", "2020-01-01T01:00:00+00:00")]
    assert report.provisions["watch"] == "c"


def test_a_deadline_armed_by_another_provision_is_skipped_when_already_met(timers_pack):
    """Talks already held when the watched provision reaches c: the 2-hour deadline is not armed."""
    report = check(
        [event("2020-01-01T00:10:00Z", "talks.held"), event("2020-01-01T00:20:00Z", "step"),
         event("2020-01-01T05:00:00Z", "attack", actor="x")],
        agreement=timers_pack,
    )
    assert "talks-deadline" not in [rule for rule, _ in _rules(report)]


def test_a_deadline_due_at_an_events_instant_fires_before_the_event(timers_pack):
    """Reaching c at 00:20 arms the deadline due at 02:20 (the next timer after 01:30); talks held at 02:20 itself come too late."""
    report = check([event("2020-01-01T00:20:00Z", "step"), event("2020-01-01T01:30:00Z", "step"), event("2020-01-01T02:20:00Z", "talks.held")],
                   agreement=timers_pack)
    assert ("talks-deadline", "2020-01-01T02:20:00+00:00") in _rules(report)
    assert report.provisions["talks"] == "held"


def test_a_deadline_armed_by_another_provision_fires_when_unmet(timers_pack):
    """Without talks, reaching c at 00:20 arms the talks deadline, which fires at 02:20."""
    report = check([event("2020-01-01T00:20:00Z", "step"), event("2020-01-01T05:00:00Z", "attack", actor="x")], agreement=timers_pack)
    assert ("talks-deadline", "2020-01-01T02:20:00+00:00") in _rules(report)


def test_timers_that_loop_are_a_pack_error_not_a_hang(tmp_path):
    """Timers that move a provision back and forth forever stop with a PackError naming the timer."""
    pack = PACK.replace('after = "1h"\nbreach', 'after = "1s"\ntrigger = "hit"\nbreach')
    pack = pack.replace('[[provisions.talks.timers]]', '[[provisions.watch.timers]]\nid = "again"\nkind = "calm"\nstates = ["a"]\nafter = "1s"\ntrigger = "go"\n\n[[provisions.talks.timers]]', 1)
    path = tmp_path / "loop.toml"
    path.write_text(pack, encoding="utf-8")
    try:
        agreement = load_agreement(path)
    except PackError as exc:  # refused at load time: as good
        assert "loop" in str(exc) or "cycle" in str(exc)
        return
    with pytest.raises(PackError, match=r"fired 1000 times with no event .*loop"):
        check([event("2021-01-01T00:00:00Z", "talks.held")], agreement=agreement)


# -- the agreement's end ------------------------------------------------------------------


@pytest.fixture
def ending_pack(tmp_path: Path):
    """The timers pack, in force until 03:00 on its first day."""
    path = tmp_path / "ending.toml"
    path.write_text(PACK.replace('timezone = "UTC"', 'timezone = "UTC"\nend = 2020-01-01T03:00:00Z'), encoding="utf-8")
    return load_agreement(path)


def test_a_deadline_due_after_the_end_never_fires(ending_pack):
    """Reaching c at 01:30 arms a 2-hour deadline due at 03:30, after the end at 03:00: no breach."""
    report = check([event("2020-01-01T00:30:00Z", "talks.held"), event("2020-01-01T01:30:00Z", "attack", actor="x"),
                    event("2020-01-01T01:31:00Z", "step")], agreement=ending_pack, as_of="2020-01-02")
    assert "talks-deadline" not in [rule for rule, _ in _rules(report)]


def test_a_deadline_due_before_the_end_fires(ending_pack):
    """Reaching c at 00:20 arms the deadline due at 02:20, before the end: it fires at its date."""
    report = check([event("2020-01-01T00:20:00Z", "step")], agreement=ending_pack, as_of="2020-01-02")
    assert ("talks-deadline", "2020-01-01T02:20:00+00:00") in _rules(report)


def test_a_deadline_due_at_the_end_itself_does_not_fire(ending_pack):
    """The end comes before a timer due at the same instant."""
    report = check([event("2020-01-01T01:00:00Z", "step")], agreement=ending_pack, as_of="2020-01-02")
    assert "talks-deadline" not in [rule for rule, _ in _rules(report)]


def test_events_after_the_end_break_nothing(ending_pack):
    """An attack after the end records no breach and moves no state."""
    report = check([event("2020-01-01T00:10:00Z", "talks.held"), event("2020-01-01T04:00:00Z", "attack", actor="x")],
                   agreement=ending_pack)
    assert [rule for rule, _ in _rules(report)] == ["quiet"]
    assert report.provisions["watch"] == "b"


def test_an_event_at_the_end_still_counts_before_it(ending_pack):
    """The agreement ends at 03:00: an attack at 02:59:59 is a breach and moves the provision."""
    report = check([event("2020-01-01T00:10:00Z", "talks.held"), event("2020-01-01T02:59:59Z", "attack", actor="x")],
                   agreement=ending_pack)
    assert ("attack", "2020-01-01T02:59:59+00:00") in _rules(report)
    assert report.provisions["watch"] == "a"


def test_a_bare_date_straddling_the_end_is_uncertain(ending_pack):
    """An attack dated only 2020-01-01 may have come before or after the 03:00 end: its breach is uncertain."""
    report = check([event("2020-01-01T00:10:00Z", "talks.held"), event("2020-01-01", "attack", actor="x")],
                   agreement=ending_pack)
    (attack,) = [b for b in report.breaches if b.rule == "attack"]
    assert attack.uncertain is True


def test_a_bare_date_after_the_end_breaks_nothing(ending_pack):
    """An attack dated only 2020-01-02, a day after the end, records nothing."""
    report = check([event("2020-01-01T00:10:00Z", "talks.held"), event("2020-01-02", "attack", actor="x")],
                   agreement=ending_pack)
    assert "attack" not in [rule for rule, _ in _rules(report)]


CYCLE = """
[agreement]
id = "cycle"
title = "A calm period that records a breach each time it runs out"
start = 2020-01-01T00:00:00Z
timezone = "UTC"
[parties]
x = "X"
[designated]
[vocabulary]
"resume" = "Back to waiting"
[provisions.p]
title = "P"
states = ["waiting", "lapsed"]
initial = "waiting"
transitions = [
  { trigger = "lapse", source = "waiting", dest = "lapsed" },
  { trigger = "resume", source = "lapsed", dest = "waiting" },
]
[[provisions.p.timers]]
id = "lapse"
kind = "calm"
states = ["waiting"]
after = "1h"
trigger = "lapse"
breach = { severity = "minor", message = "an hour passed" }
[[rules]]
id = "resume"
provision = "p"
types = ["resume"]
trigger = "resume"
"""


def test_timer_breaches_leave_the_engine_once_their_day_is_over(tmp_path):
    """With an event every six hours, each hour-late breach is handed out by the next day: none piles up to the end."""
    from ceasefire.engine import Engine
    from ceasefire.events import EventParser

    path = tmp_path / "cycle.toml"
    path.write_text(CYCLE, encoding="utf-8")
    agreement = load_agreement(path)
    engine, parser = Engine(agreement), EventParser(agreement)
    handed, most = 0, 0
    for n in range(400):  # 100 days
        instant = (T0 + timedelta(hours=6 * n + 3)).isoformat()
        engine.feed(parser.parse({"date": instant, "type": "resume"}, n + 1))
        handed += len(engine.drain())
        most = max(most, len(engine.pending.pending))
    assert most <= 4  # at most a day's findings wait for the day to close
    assert handed >= 396


def test_a_calm_period_stopped_leaves_nothing_due():
    """A calm period stopped before it falls due leaves nothing due: the events after it are quiet again."""
    # The truce leaves its states; once the engine has passed it, events after it are quiet again (``calm_until``), not fed one by
    # one for a timer that will never fire.
    from ceasefire.engine import Engine
    from ceasefire.events import EventParser
    from ceasefire.quiet import calm_until

    agreement = load_agreement(Path(__file__).parent / "fixtures" / "plain.toml")
    engine, parser = Engine(agreement), EventParser(agreement)
    at = agreement.start + timedelta(hours=50)  # the day after the reports' deadline: the quiet calm period is spent
    lines = [(0, "attack.air", 45), (1, "attack.shelling", 61), (400, "statement", None)]  # violated (calm starts), grave (stops)
    for n, (minutes, kind, casualties) in enumerate(lines, 2):
        when = (at + timedelta(minutes=minutes)).astimezone(agreement.timezone).isoformat()
        engine.feed(parser.parse({"date": when, "type": kind, "actor": "a", "target": "b", "casualties": casualties}, n))
    assert engine.states["truce"] == "grave" and not engine.timers.calms
    assert engine.timers.due is None and calm_until(engine) > engine.now  # type: ignore[operator]
