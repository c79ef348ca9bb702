"""The engine on the Syria pack: aid's deadline, the joint centre's calm days, informational events, bare dates, the record of changes."""

from __future__ import annotations

from conftest import HEADER, attack, event
from conftest import breach_rows as breaches
from conftest import syria_replay as replay

from ceasefire import Monitor, check


# -- aid -----------------------------------------------------------------------------


def test_aid_moves_through_guarantee_dispatch_and_delivery():
    """Guaranteed passage, dispatch and delivery within 72 hours: no breach."""
    steps = [
        event("2016-09-13T09:00:00+03:00", "aid.passage_guaranteed"),
        event("2016-09-13T11:00:00+03:00", "aid.convoy_dispatched"),
        event("2016-09-14T16:00:00+03:00", "aid.delivered"),
    ]
    assert replay(*steps[:1]).provisions["aid"] == "passage_guaranteed"
    assert replay(*steps[:2]).provisions["aid"] == "in_transit"
    report = replay(*steps, event("2016-09-18T00:00:00+03:00", "statement"))
    assert report.provisions["aid"] == "delivered"
    assert report.breaches == ()


def test_missed_delivery_deadline_is_a_major_breach_at_its_own_date():
    """No delivery within 72 hours: a major breach dated at the deadline, with no line; aid is overdue, the ceasefire holds."""
    # The guns are silent: the ceasefire holds, its implementation is behind (a lagging duty is not fighting).
    report = replay(event("2016-09-16T12:00:00+03:00", "statement"))
    (breach,) = report.breaches
    assert (breach.provision, breach.rule, breach.kind, breach.severity) == ("aid", "aid-deadline", "deadline", "major")
    assert (breach.date, breach.line, breach.party) == ("2016-09-15T19:00:00+03:00", None, None)
    assert report.provisions["aid"] == "overdue"
    assert (report.status, report.implementation) == ("holding", "behind")


def test_deadline_fires_at_the_as_of_date():
    """The log's end is not the deadline's: --as-of past it fires it."""
    statement = event("2016-09-13T12:00:00+03:00", "statement")
    assert replay(statement).breaches == ()
    assert replay(statement, as_of="2016-09-15T18:59:59+03:00").breaches == ()
    report = replay(statement, as_of="2016-09-15T19:00:00+03:00")
    assert [b.rule for b in report.breaches] == ["aid-deadline"]


def test_late_delivery_comes_after_the_deadline_breach():
    """A delivery after the deadline: the breach stays, dated at the deadline, and aid is delivered."""
    report = replay(event("2016-09-16T12:00:00+03:00", "aid.delivered"))
    assert [b.date for b in report.breaches] == ["2016-09-15T19:00:00+03:00"]
    assert report.provisions["aid"] == "delivered"


def test_blocked_convoy_is_a_major_breach_on_the_actor_and_stays_blocked_past_the_deadline():
    """A blocked convoy names who blocked it; the deadline still records its breach but aid stays blocked."""
    report = replay(
        event("2016-09-13T12:00:00+03:00", "aid.convoy_blocked", actor="sy-gov"),
        event("2016-09-16T12:00:00+03:00", "statement"),
    )
    assert breaches(report) == [("aid", "convoy-blocked", "major", "sy-gov", 2), ("aid", "aid-deadline", "major", None, None)]
    assert report.provisions["aid"] == "blocked"


def test_attacked_convoy_is_a_critical_breach():
    """An attack on a convoy is critical, on the actor if named."""
    report = replay(event("2016-09-13T12:00:00+03:00", "aid.convoy_attacked"))
    assert breaches(report) == [("aid", "convoy-attacked", "critical", None, 2)]
    assert report.provisions["aid"] == "attacked"
    assert (report.provisions["cessation"], report.status, report.implementation) == ("gravely_violated", "in_doubt", "stalled")


# -- joint implementation centre ------------------------------------------------------

DELIVERED = event("2016-09-14T16:00:00+03:00", "aid.delivered")


def test_jic_conditions_are_met_after_seven_calm_days_with_aid_delivered():
    """Seven days from the start without a major breach, aid delivered: conditions_met at start + 7 days."""
    assert replay(DELIVERED, as_of="2016-09-19T18:59:00+03:00").provisions["jic"] == "not_established"
    assert replay(DELIVERED, as_of="2016-09-19T19:00:00+03:00").provisions["jic"] == "conditions_met"


def test_jic_established_in_time_is_no_breach():
    """Established within 72 hours of its conditions: established, holding."""
    report = replay(DELIVERED, event("2016-09-21T12:00:00+03:00", "jic.established"))
    assert report.provisions["jic"] == "established"
    assert report.status == "holding"


def test_jic_not_established_in_time_is_a_major_breach_and_overdue():
    """Not established within 72 hours of conditions_met: a major breach at that deadline."""
    report = replay(DELIVERED, as_of="2016-09-23T00:00:00+03:00")
    assert [(b.rule, b.date, b.line) for b in report.breaches] == [("jic-deadline", "2016-09-22T19:00:00+03:00", None)]
    assert report.provisions["jic"] == "overdue"
    assert (report.status, report.implementation) == ("holding", "behind")  # the centre lags; no shot is fired


def test_a_major_breach_restarts_the_seven_days():
    """The seven days count from the later of the start and the last major breach."""
    report = replay(DELIVERED, attack("2016-09-15T10:00:00+03:00", casualties=15), as_of="2016-09-22T09:59:00+03:00")
    assert report.provisions["jic"] == "not_established"
    report = replay(DELIVERED, attack("2016-09-15T10:00:00+03:00", casualties=15), as_of="2016-09-22T10:00:00+03:00")
    assert report.provisions["jic"] == "conditions_met"


def test_jic_waits_for_aid_before_its_conditions_are_met():
    """Seven calm days without aid: the centre waits, and its conditions are met when aid arrives."""
    late = event("2016-09-20T08:00:00+03:00", "aid.delivered")
    report = replay(late)
    assert report.provisions["jic"] == "conditions_met"
    report = replay(late, as_of="2016-09-23T08:00:00+03:00")
    assert [(b.rule, b.date) for b in report.breaches][-1] == ("jic-deadline", "2016-09-23T08:00:00+03:00")


def test_suspended_cooperation_suspends_the_jic():
    """A Side suspending its cooperation stalls the centre and, short of a party's declaration, puts the truce in doubt."""
    report = replay(event("2016-09-14T12:00:00+03:00", "cooperation.suspended", actor="ru"))
    assert report.provisions["jic"] == "suspended"
    assert (report.provisions["cessation"], report.status, report.implementation) == ("contested", "in_doubt", "stalled")


# -- informational events and bare dates ---------------------------------------------


def test_informational_events_change_nothing():
    """Statements and accusations are accepted and have no effect."""
    report = replay(
        event("2016-09-13T12:00:00+03:00", "statement", actor="ru"),
        event("2016-09-13T13:00:00+03:00", "accusation", actor="sy-gov", target="us-coalition"),
    )
    assert report.status == "holding"
    assert report.breaches == ()


def test_bare_date_attack_on_the_start_day_counts_and_is_uncertain():
    """An attack known only by its date, on the start's day, may have come before 19:00: counted, marked uncertain."""
    report = replay(attack("2016-09-12", casualties=3))
    (breach,) = report.breaches
    assert (breach.date, breach.uncertain) == ("2016-09-12", True)


def test_bare_date_attack_on_another_day_is_certain():
    """A bare date wholly inside the truce is certain."""
    (breach,) = replay(attack("2016-09-14", casualties=3)).breaches
    assert breach.uncertain is False


def test_bare_date_delivery_on_the_deadline_day_makes_the_deadline_breach_uncertain():
    """Aid delivered some time on 15 September may have beaten the 19:00 deadline: the breach is uncertain."""
    report = replay(event("2016-09-15", "aid.delivered"))
    (breach,) = report.breaches
    assert (breach.rule, breach.uncertain) == ("aid-deadline", True)
    assert report.provisions["aid"] == "delivered"


def test_a_deadline_breach_is_handed_out_by_the_event_at_the_midnight_after_its_day():
    """Aid overdue at 19:00 on the 15th: the monitor holds the breach through that day (a bare date of it may come) and hands it out at 00:00 on the 16th."""
    monitor = Monitor("syria-2016")
    assert monitor.feed(event("2016-09-15T20:00:00+03:00", "statement")) == []
    assert monitor.feed(event("2016-09-15T23:59:59+03:00", "statement")) == []
    assert [(b.rule, b.date) for b in monitor.feed(event("2016-09-16T00:00:00+03:00", "statement"))] == [("aid-deadline", "2016-09-15T19:00:00+03:00")]


def test_bare_date_statement_on_the_deadline_day_leaves_the_deadline_certain():
    """Only an event that could have changed the outcome makes a deadline uncertain."""
    (breach,) = replay(event("2016-09-15", "statement"), event("2016-09-15T20:00:00+03:00", "statement")).breaches
    assert breach.uncertain is False


def test_bare_date_counts_after_the_timed_events_of_its_day():
    """A bare date may precede timed events of the same day; it is applied at the end of its day."""
    report = replay(event("2016-09-14", "aid.delivered"), event("2016-09-14T10:00:00+03:00", "aid.convoy_blocked"))
    assert report.provisions["aid"] == "delivered"
    assert [b.line for b in report.breaches] == [3]


def test_a_check_that_streams_its_breaches_still_counts_them():
    """With on_breach, the report keeps no breach but says how many there were, exits 1, and renders the count."""
    from ceasefire.formats import render

    handed = []
    report = check([HEADER, attack("2016-09-13T10:00:00+03:00", casualties=20)], on_breach=handed.append)
    assert [b.rule for b in handed] == ["attack"]
    assert report.breaches == ()
    assert report.found == 1
    assert report.by_severity["major"] == 1
    assert report.exit_code == 1
    assert "1 breach (1 major)" in render(report)


def test_every_change_of_state_is_recorded_with_its_cause():
    """The history names the start, the attack (rule, line, type) and the calm timer that moved each provision."""
    report = replay(attack("2016-09-13T10:00:00+03:00", casualties=20), event("2016-09-17T10:00:00+03:00", "statement"))
    changes = [(c.provision, c.date, c.before, c.after, c.cause, c.rule or c.timer, c.line) for c in report.history]
    assert changes == [
        ("cessation", "2016-09-12T19:00:00+03:00", "pending", "in_force", "start", None, None),
        ("cessation", "2016-09-13T10:00:00+03:00", "in_force", "violated", "event", "attack", 2),
        ("castello", "2016-09-14T19:00:00+03:00", "pending", "overdue", "timer", "castello-d2", None),
        ("castello", "2016-09-14T19:00:00+03:00", "pending", "overdue", "timer", "castello-d2", None),
        ("term", "2016-09-15T00:00:00+03:00", "first_48h", "lapsed", "timer", "term", None),
        ("aid", "2016-09-15T19:00:00+03:00", "awaiting_access", "overdue", "timer", "aid-deadline", None),
        ("cessation", "2016-09-16T10:00:00+03:00", "violated", "in_force", "timer", "cessation-calm", None),
    ]
    assert report.history[1].event_type == "attack.airstrike"


def test_a_bare_date_change_is_dated_by_its_day():
    """A change caused by an event with only a date carries that date, not an instant at the end of the day."""
    report = replay(attack("2016-09-13", casualties=20))
    assert [(c.date, c.after) for c in report.history if c.cause == "event"] == [("2016-09-13", "violated")]
