"""The engine at its edges: a hand-built agreement whose timers loop, long runs of quota windows, rough events at the start and end."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import attrs
import pytest
from conftest import ATTACK_PACK, PACK_HEAD, event, write_pack

from ceasefire import PackError, check, load_agreement
from ceasefire.engine import Engine

TOKYO = PACK_HEAD.replace('timezone = "UTC"', 'timezone = "Asia/Tokyo"')

FLIP = """
[provisions.still]
states = ["here"]
initial = "here"
transitions = []

[provisions.flip]
states = ["a", "b"]
initial = "a"
transitions = [{ trigger = "ab", source = "a", dest = "b" }, { trigger = "ba", source = "b", dest = "a" }]

[[provisions.flip.timers]]
id = "calm-a"
kind = "calm"
states = ["a", "b"]
after = "1s"
trigger = "ab"

[[provisions.flip.timers]]
id = "calm-b"
kind = "calm"
states = ["b"]
after = "1s"
trigger = "ba"
"""


@pytest.fixture
def looping(tmp_path: Path):
    """The flip pack (which loads: calm-a's period spans both states), rebuilt in code so that calm-a runs in a alone: a loop."""
    agreement = load_agreement(write_pack(tmp_path, FLIP, head=TOKYO))
    still, flip = agreement.provisions
    calm_a = attrs.evolve(flip.timers[0], states=frozenset({"a"}))
    return attrs.evolve(agreement, provisions=(still, attrs.evolve(flip, timers=(calm_a, flip.timers[1]))))


def test_timers_that_loop_in_an_agreement_built_in_code_stop_with_a_pack_error(looping):
    """An Agreement built without the loader's checks cannot hang a replay: a PackError names the timer, the pack and the key."""
    with pytest.raises(PackError) as caught:
        check([event("2020-01-01T01:00:00Z", "statement")], agreement=looping)
    error = caught.value
    assert (error.path, error.key) == (str(looping.path), "provisions.flip.timers")
    assert error.message == ("timer 'calm-a' fired 1000 times with no event before 2020-01-01T10:00:00+09:00: "
                             "the pack's timers move its provisions in a loop (ceasefire lint names it)")


def test_each_timer_of_a_loop_fires_a_thousand_times_before_the_replay_stops(looping):
    """The limit is a thousand firings of one timer with no event between: both timers of the loop get that many."""
    engine = Engine(looping)
    with pytest.raises(PackError):
        engine.advance(engine.agreement.start.replace(hour=1))
    assert Counter(change.timer for change in engine.changes) == {"calm-a": 1000, "calm-b": 1000}


QUOTA = """
[provisions.crossing]
states = ["open"]
initial = "open"
transitions = []

[[provisions.crossing.timers]]
id = "hourly"
kind = "quota"
every = "1h"
at_least = 1
empty = "unobserved"
breach = { severity = "minor", message = "nothing crossed in an hour" }
"""


def test_a_quota_may_close_thousands_of_windows_with_no_event(tmp_path):
    """An hourly quota over a quiet year closes 8,784 windows: not a loop, no breach (nobody reported on them)."""
    pack = load_agreement(write_pack(tmp_path, QUOTA))
    report = check([event("2020-01-01T00:30:00Z", "statement")], agreement=pack, as_of="2021-01-01")
    assert (report.breaches, report.provisions) == ((), {"crossing": "open"})


# -- rough events at the agreement's start and end -----------------------------------------------------------



@pytest.fixture
def ending(tmp_path: Path):
    """A pack in force from 00:00 to 06:00 on 1 January 2020 (UTC), where any attack is a minor breach."""
    head = PACK_HEAD.replace('timezone = "UTC"', 'timezone = "UTC"\nend = 2020-01-01T06:00:00Z')
    return load_agreement(write_pack(tmp_path, ATTACK_PACK, head=head))


def breaches(pack, date: str) -> list[tuple[str, bool]]:
    """(date, uncertain) of the breaches an attack dated ``date`` records."""
    return [(b.date, b.uncertain) for b in check([event(date, "attack.shell")], agreement=pack).breaches]


def test_an_interval_straddling_the_start_is_uncertain(ending):
    """An attack between 23:00 on 31 December and 01:00 may have come before the start: counted, uncertain."""
    assert breaches(ending, "2019-12-31T23:00:00Z/2020-01-01T01:00:00Z") == [
        ("2019-12-31T23:00:00+00:00/2020-01-01T01:00:00+00:00", True)]


def test_an_interval_beginning_at_the_start_is_certain(ending):
    """The agreement starts at 00:00 on 1 January: an attack between 00:00 and 05:00 lies wholly inside it."""
    assert breaches(ending, "2020-01-01T00:00:00Z/2020-01-01T05:00:00Z") == [("2020-01-01T00:00:00+00:00/2020-01-01T05:00:00+00:00", False)]


def test_an_interval_beginning_at_the_end_records_nothing(ending):
    """An attack between 06:00, the end, and 07:00 came after the agreement: no breach."""
    assert breaches(ending, "2020-01-01T06:00:00Z/2020-01-01T07:00:00Z") == []


def test_an_interval_ending_at_the_end_is_uncertain(ending):
    """An attack between 05:00 and 06:00 may have come at 06:00 itself, when the agreement is over: counted, uncertain."""
    assert breaches(ending, "2020-01-01T05:00:00Z/2020-01-01T06:00:00Z") == [("2020-01-01T05:00:00+00:00/2020-01-01T06:00:00+00:00", True)]


def test_an_interval_straddling_the_end_is_uncertain(ending):
    """An attack between 05:00 and 07:00 may have come after the 06:00 end: counted, uncertain."""
    assert breaches(ending, "2020-01-01T05:00:00Z/2020-01-01T07:00:00Z") == [("2020-01-01T05:00:00+00:00/2020-01-01T07:00:00+00:00", True)]


SIGNED = """
[provisions.lists]
states = ["due", "exchanged"]
initial = "due"
transitions = [{ trigger = "exchange", source = "due", dest = "exchanged" }]

[[provisions.lists.timers]]
id = "lists-by"
kind = "deadline"
start = "signed"
after = "10d"
met_by = ["exchanged"]
breach = { severity = "minor", message = "no lists within ten days of the signing" }

[provisions.early]
in_force = "signed"
states = ["due", "done"]
initial = "due"
transitions = [{ trigger = "finish", source = "due", dest = "done" }]

[[provisions.early.timers]]
id = "early-by"
kind = "deadline"
start = "start"
after = "2d"
met_by = ["done"]
breach = { severity = "minor", message = "not done within two days of the start" }
"""


def test_deadlines_count_from_the_anchor_they_name_whenever_their_provision_comes_into_force(tmp_path):
    """A deadline counts from the anchor it names (signing or start), whenever its provision comes into force."""
    # Signed on 25 December at noon, started on 1 January: ten days from the signing is 4 January at noon; a provision in force
    # from the signing still owes its two days from the start.
    pack = load_agreement(write_pack(tmp_path, SIGNED, head=PACK_HEAD.replace('timezone = "UTC"', 'timezone = "UTC"\nsigned = 2019-12-25T12:00:00Z')))
    report = check([event("2020-01-01T01:00:00Z", "statement")], agreement=pack, as_of="2020-01-20")
    assert [(b.rule, b.date) for b in report.breaches] == [("early-by", "2020-01-03T00:00:00+00:00"), ("lists-by", "2020-01-04T12:00:00+00:00")]


RIPE = """
[provisions.door]
states = ["closed", "open"]
initial = "closed"
transitions = [{ trigger = "open", source = "closed", dest = "open" }, { trigger = "close", source = "open", dest = "closed" }]

[provisions.talks]
states = ["waiting"]
initial = "waiting"
transitions = []

[[provisions.talks.timers]]
id = "quiet-hour"
kind = "calm"
states = ["waiting"]
after = "1h"
requires = { door = ["open"] }
breach = { severity = "minor", message = "an hour of quiet with the door open, and no talks" }

[[rules]]
id = "open"
provision = "door"
types = ["attack.open"]
trigger = "open"

[[rules]]
id = "close"
provision = "door"
types = ["attack.close"]
trigger = "close"
"""


def test_a_ripe_calm_timer_with_only_a_breach_fires_once(tmp_path):
    """The quiet hour is over at 01:00 but waits for the door; opened at 02:00 it fires; closing and opening again fires nothing more."""
    pack = load_agreement(write_pack(tmp_path, RIPE))
    events = [event(f"2020-01-01T0{h}:00:00Z", kind) for h, kind in ((2, "attack.open"), (3, "attack.close"), (4, "attack.open"))]
    report = check(events, agreement=pack, as_of="2020-01-02")
    assert [(b.rule, b.date) for b in report.breaches] == [("quiet-hour", "2020-01-01T02:00:00+00:00")]
