"""Events known only roughly (a bare date, an interval): time passes to their start, they count at their end, in order."""

from __future__ import annotations


import pytest
from conftest import HEADER, PACK_HEAD, attack, event, write_pack

from ceasefire import Monitor, check, load_agreement

STRIKE = {"actor": "sy-gov", "target": "opposition"}


# -- time passes to the first instant a rough event may have happened ---------------------------------


def test_a_bare_date_lets_the_deadlines_of_earlier_days_fire_at_once():
    """Fed a statement dated only 17 September, the monitor hands out the aid deadline of the 15th and shows aid overdue."""
    monitor = Monitor("syria-2016")
    monitor.feed(event("2016-09-13T12:00:00+03:00", "statement"))
    assert [(b.rule, b.date) for b in monitor.feed(event("2016-09-17", "statement"))] == [("aid-deadline", "2016-09-15T19:00:00+03:00")]
    assert monitor.states["aid"] == "overdue"


def test_a_bare_date_fires_a_timer_due_at_the_midnight_that_begins_its_day():
    """The first 48 hours end at 00:00 on 15 September, the next timer due: a statement dated only the 15th has the term lapsed already."""
    monitor = Monitor("syria-2016")
    monitor.feed(event("2016-09-14T20:00:00+03:00", "statement"))
    assert monitor.states["term"] == "first_48h"
    monitor.feed(event("2016-09-15", "statement"))
    assert (monitor.states["term"], monitor.states["aid"]) == ("lapsed", "awaiting_access")


def test_a_bare_date_on_the_start_day_starts_an_agreement_that_starts_at_midnight(tmp_path):
    """A pack starting at 00:00 on 1 January: an event dated only that day finds the agreement started."""
    pack = load_agreement(write_pack(tmp_path, '[provisions.p]\nstates = ["on"]\ninitial = "on"\ntransitions = []\n'))
    monitor = Monitor(pack)
    assert monitor.status == "pending"
    monitor.feed(event("2020-01-01", "statement"))
    assert monitor.status == "holding"


def test_fragility_fades_by_the_start_of_a_later_bare_date():
    """A major breach on the 13th is 72 hours old by the 20th: a statement dated only the 20th finds the truce holding."""
    monitor = Monitor("syria-2016")
    monitor.feed(event("2016-09-13T09:00:00+03:00", "aid.delivered"))
    monitor.feed(attack("2016-09-13T10:00:00+03:00", casualties=20))
    assert monitor.status == "fragile"
    monitor.feed(event("2016-09-20", "statement"))
    assert monitor.status == "holding"


# -- advance applies what is held once its end is reached ---------------------------------------------


def test_advance_applies_a_held_bare_date_only_once_its_day_is_over():
    """Aid delivered 'on the 15th' (after a statement 'on the 14th'): still awaited at noon that day; delivered at its last microsecond."""
    monitor = Monitor("syria-2016")
    monitor.feed(event("2016-09-14T12:00:00+03:00", "statement"))
    monitor.feed(event("2016-09-14", "statement"))
    monitor.feed(event("2016-09-15", "aid.delivered"))
    monitor.advance("2016-09-15T12:00:00+03:00")
    assert monitor.states["aid"] == "awaiting_access"
    monitor.advance("2016-09-15T23:59:59.999999+03:00")
    assert monitor.states["aid"] == "delivered"
    (late,) = monitor.advance("2016-09-16T00:00:00+03:00")
    assert (late.rule, late.uncertain) == ("aid-deadline", True)


def test_advance_applies_only_the_held_events_that_end_by_then():
    """Aid delivered 'between the 14th and 10:00 on the 16th', then a statement 'on the 15th': by midnight only the statement counts."""
    monitor = Monitor("syria-2016")
    monitor.feed(event("2016-09-14T10:00:00+03:00/2016-09-16T10:00:00+03:00", "aid.delivered"))
    monitor.feed(event("2016-09-15", "statement"))
    monitor.advance("2016-09-16T00:00:00+03:00")
    assert monitor.states["aid"] == "overdue"
    monitor.advance("2016-09-16T10:00:00+03:00")
    assert monitor.states["aid"] == "delivered"


def test_a_new_monitor_can_let_time_pass_before_any_event():
    """advance() as the first call starts the agreement and fires what falls due by then."""
    monitor = Monitor("syria-2016")
    assert [(b.rule, b.date) for b in monitor.advance("2016-09-16")] == [("aid-deadline", "2016-09-15T19:00:00+03:00")]
    assert monitor.states["cessation"] == "in_force"


def test_the_engines_clock_never_goes_back():
    """Advancing to an instant before the clock leaves the clock where it was."""
    from datetime import UTC, datetime

    from ceasefire.engine import Engine
    from ceasefire.events import EventParser

    agreement = load_agreement("syria-2016")
    engine = Engine(agreement)
    engine.feed(EventParser(agreement).parse(event("2016-09-14T12:00:00+03:00", "statement"), 1))
    assert engine.now == datetime(2016, 9, 14, 9, tzinfo=UTC)
    engine.advance(datetime(2016, 9, 13, 9, tzinfo=UTC))
    assert engine.now == datetime(2016, 9, 14, 9, tzinfo=UTC)


# -- the order in which held events count ---------------------------------------------------------------


def test_a_held_event_counts_after_a_timed_event_that_comes_before_its_end():
    """An attack 'between the 14th and the 16th', a bare-date attack on the 14th, a timed one on the 15th: the bare date, the timed, then the interval."""
    report = check([
        HEADER,
        attack("2016-09-14T10:00:00+03:00/2016-09-16T10:00:00+03:00"),
        attack("2016-09-14"),
        attack("2016-09-15T12:00:00+03:00"),
    ])
    assert [b.line for b in report.breaches if b.rule == "attack"] == [3, 4, 2]


def test_a_timed_event_at_the_very_end_of_an_interval_counts_first():
    """An interval ending at 12:00 on the 14th and an attack at exactly 12:00: the timed attack counts before the interval."""
    report = check([
        HEADER,
        attack("2016-09-13T10:00:00+03:00/2016-09-14T12:00:00+03:00"),
        attack("2016-09-13"),
        attack("2016-09-14T12:00:00+03:00"),
    ])
    assert [b.line for b in report.breaches if b.rule == "attack"] == [3, 4, 2]


TOKYO = PACK_HEAD.replace('timezone = "UTC"', 'timezone = "Asia/Tokyo"')

DELIVERY = """
[provisions.aid]
states = ["awaited", "delivered", "late"]
initial = "awaited"
transitions = [
  { trigger = "deliver", source = ["awaited", "late"], dest = "delivered" },
  { trigger = "miss", source = "awaited", dest = "late" },
]

[[provisions.aid.timers]]
id = "aid-deadline"
kind = "deadline"
start = "start"
due = 2020-01-02T05:00:00+09:00
met_by = ["delivered"]
trigger = "miss"
breach = { severity = "major", message = "no aid by 05:00 on 2 January" }

[[rules]]
id = "deliver"
provision = "aid"
types = ["statement"]
actor = ["party"]
trigger = "deliver"
"""


def test_a_bare_date_begins_at_midnight_in_the_packs_zone(tmp_path):
    """Tokyo time: aid delivered 'on 2 January' may have come before the 05:00 deadline of that day, so its breach is uncertain."""
    pack = load_agreement(write_pack(tmp_path, DELIVERY, head=TOKYO))
    (late,) = check([event("2020-01-02", "statement", actor="a")], agreement=pack).breaches
    assert (late.rule, late.date, late.uncertain) == ("aid-deadline", "2020-01-02T05:00:00+09:00", True)


def test_a_bare_date_its_rule_does_not_admit_leaves_the_deadline_certain(tmp_path):
    """The same statement by someone who is not a party delivers nothing: the deadline's breach is certain."""
    pack = load_agreement(write_pack(tmp_path, DELIVERY, head=TOKYO))
    (late,) = check([event("2020-01-02", "statement", actor="un")], agreement=pack).breaches
    assert (late.rule, late.uncertain) == ("aid-deadline", False)


@pytest.mark.parametrize(
    "change, fields, uncertain",
    [
        (('actor = ["party"]', 'actor = ["party"]\nverification = { move = "verified" }'), {"actor": "a"}, True),
        (('actor = ["party"]', 'actor = ["party"]\narea = { places = [{ country = "Japan" }] }'), {"actor": "a", "country": "Korea"}, False),
        (('actor = ["party"]', 'clash = "neither"'), {"sides": ["a", "b"]}, False),
        (('actor = ["party"]', 'actor = ["party"]\nclash = "both"'), {"sides": ["un", "icrc"]}, False),
    ],
    ids=["too-weak-to-move", "outside-the-area", "a-clash-its-rule-ignores", "a-clash-of-two-non-parties"],
)
def test_only_a_rough_event_its_rule_applies_to_makes_the_deadline_uncertain(tmp_path, change, fields, uncertain):
    """Only a rough delivery its rule applies to makes the deadline uncertain; one out of area or ignored leaves it certain."""
    # A delivery 'on 2 January' too weakly established to move aid still counts against the deadline (uncertain); one outside the
    # rule's area, or a clash the rule ignores, does not (certain).
    pack = load_agreement(write_pack(tmp_path, DELIVERY.replace(*change), head=TOKYO))
    report = check([event("2020-01-02", "statement", **fields)], agreement=pack)
    assert [(b.rule, b.uncertain) for b in report.breaches] == [("aid-deadline", uncertain)]
    assert report.provisions["aid"] == "late"


def test_a_clash_its_rule_admits_one_way_round_delivers_and_makes_the_deadline_uncertain(tmp_path):
    """A rough clash a rule admits one way round (clash = "both") delivers aid and makes that day's deadline uncertain."""
    # A clash 'on 2 January' between a party and the UN counts with the party as actor, so aid is delivered and the deadline of
    # 05:00 that day may have been met: its breach is uncertain.
    pack = load_agreement(write_pack(tmp_path, DELIVERY.replace('actor = ["party"]', 'actor = ["party"]\nclash = "both"'), head=TOKYO))
    report = check([event("2020-01-02", "statement", sides=["un", "a"])], agreement=pack)
    assert [(b.rule, b.uncertain) for b in report.breaches] == [("aid-deadline", True)]
    assert report.provisions["aid"] == "delivered"


def test_a_finding_inside_a_held_interval_stays_open_while_later_intervals_arrive():
    """Aid delivered between the 15th and the 17th may have beaten the deadline of the 15th, 19:00: two intervals from the 16th do not settle that breach as certain."""
    report = check([
        HEADER,
        event("2016-09-15T10:00:00+03:00/2016-09-17T10:00:00+03:00", "aid.delivered"),
        event("2016-09-16T10:00:00+03:00/2016-09-17T10:00:00+03:00", "statement"),
        event("2016-09-16T11:00:00+03:00/2016-09-17T10:00:00+03:00", "statement"),
    ])
    assert [(b.rule, b.date, b.uncertain) for b in report.breaches] == [("aid-deadline", "2016-09-15T19:00:00+03:00", True)]
    assert report.provisions["aid"] == "delivered"
