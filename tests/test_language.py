"""The agreement language of the record, in the engine: claims, areas, per-party duties, rough times, numbers."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import LANGUAGE as BASE
from conftest import LANGUAGE_PLACE as UA
from conftest import event as e
from conftest import replay as run

from ceasefire import check, load_agreement
from ceasefire.errors import LogError



# -- claims and verification ----------------------------------------------------------


def test_a_claim_is_an_alleged_breach_against_the_accused_that_moves_nothing(pack):
    """A's claim that B attacked (killing 12) is alleged: reported against B with its claimant, no state moved, no fragility."""
    report = run(pack, e("2020-01-02T10:00:00Z", "attack", actor="b", claimed_by="a", killed=12, **UA), as_of="2020-01-02T12:00:00Z")
    (breach,) = report.breaches
    assert (breach.alleged, breach.party, breach.claimed_by, breach.verification, breach.severity) == (True, "b", "a", "claimed", "major")
    assert report.provisions["ceasefire"] == "in_force"
    assert report.status == "holding"
    assert report.alleged == 1 and report.exit_code == 0


def test_a_verified_event_is_an_established_breach(pack):
    """The same attack, verified by monitors, is a breach that violates the ceasefire."""
    report = run(pack, e("2020-01-02T10:00:00Z", "attack", actor="b", killed=12, verification="verified", **UA))
    assert report.breaches[0].alleged is False
    assert report.provisions["ceasefire"] == "violated"
    assert report.status == "in_doubt"


def test_a_reported_withdrawal_does_not_meet_a_rule_that_needs_verification(pack):
    """Withdrawal 'reported' (not 'verified') leaves the weapons present; verified, it meets the duty."""
    reported = run(pack, e("2020-01-03T10:00:00Z", "withdrawn", actor="a"))
    verified = run(pack, e("2020-01-03T10:00:00Z", "withdrawn", actor="a", verification="verified"))
    assert reported.instances["weapons"] == {"a": "present", "b": "present"}
    assert verified.instances["weapons"] == {"a": "withdrawn", "b": "present"}


def test_monitors_denied_access_mark_a_provision_unobserved_until_restored(pack):
    """From the denial on 3 January the weapons provision is unobserved; access restored on the 5th clears it."""
    denied = run(pack, e("2020-01-03T10:00:00Z", "access.denied", actor="a"))
    assert denied.unobserved == {"weapons": "2020-01-03T10:00:00+00:00"}
    restored = run(pack, e("2020-01-03T10:00:00Z", "access.denied", actor="a"), e("2020-01-05T10:00:00Z", "access.restored"))
    assert restored.unobserved == {}


# -- areas ----------------------------------------------------------------------------------


def test_an_event_outside_the_area_triggers_nothing_and_is_counted(pack):
    """An attack in Kharkiv (outside the Donetsk and Luhansk oblasts) is no breach; counts.out_of_area says so."""
    report = run(pack, e("2020-01-02T10:00:00Z", "attack", actor="a", country="Ukraine", admin1="Kharkiv", killed=20))
    assert report.breaches == ()
    assert report.counts.out_of_area == 1


def test_an_event_with_no_place_follows_the_areas_rule(pack):
    """With unplaced = 'uncertain', an attack with no place is a breach marked uncertain."""
    report = run(pack, e("2020-01-02T10:00:00Z", "attack", actor="a"))
    assert report.breaches[0].uncertain is True


def test_place_names_match_without_regard_to_case(pack):
    """'donetsk' is the Donetsk of the pack."""
    report = run(pack, e("2020-01-02T10:00:00Z", "attack", actor="a", country="ukraine", admin1="donetsk"))
    assert [b.rule for b in report.breaches] == ["attack"] and report.breaches[0].uncertain is False


# -- per-party and per-field instances --------------------------------------------------------


def test_each_party_owes_its_withdrawal_separately(pack):
    """A withdraws (verified) on the 10th; B never does: only B's deadline fires, on 15 January, and implementation is behind."""
    report = run(pack, e("2020-01-10T10:00:00Z", "withdrawn", actor="a", verification="verified"), as_of="2020-01-16")
    assert report.instances["weapons"] == {"a": "withdrawn", "b": "overdue"}
    deadline = [b for b in report.breaches if b.rule == "weapons-deadline"]
    assert [(b.instance, b.date) for b in deadline] == [("b", "2020-01-15T00:00:00+00:00")]
    assert report.implementation == "behind"
    assert report.status == "fragile"  # a major breach, ceasefire holding; fragile fades after 72 hours


def test_fragile_fades_after_its_calm_period(pack):
    """72 hours after the last major breach (the handover missed at the end of 15 January), the agreement holds again."""
    events = [e("2020-01-10T10:00:00Z", "withdrawn", actor="a", verification="verified")]
    assert run(pack, *events, as_of="2020-01-18T23:59:59Z").status == "fragile"
    assert run(pack, *events, as_of="2020-01-19T00:00:00Z").status == "holding"


def test_an_event_on_the_due_day_meets_a_bare_date_deadline(pack):
    """'Due 15 January' and a handover logged only as '2020-01-15': met, no breach (the deadline falls at the next midnight)."""
    pack_text = BASE.replace('"lists" = "Prisoner lists exchanged"', '"lists" = "Prisoner lists exchanged"\n"handed" = "Handover made"')
    pack_text += '[[rules]]\nid = "handed"\nprovision = "handover"\ntypes = ["handed"]\ntrigger = "done"\n'
    pack_text = pack_text.replace('transitions = [{ trigger = "miss", source = "due", dest = "missed" }]',
                                  'transitions = [{ trigger = "miss", source = "due", dest = "missed" }, { trigger = "done", source = "due", dest = "done" }]')
    from tempfile import TemporaryDirectory

    with TemporaryDirectory() as folder:
        path = Path(folder) / "p.toml"
        path.write_text(pack_text, encoding="utf-8")
        report = check([e("2020-01-15", "handed")], agreement=load_agreement(path), as_of="2020-01-20")
    assert report.provisions["handover"] == "done"
    assert "handover-deadline" not in [b.rule for b in report.breaches]


def test_convoys_are_instances_made_when_first_named(pack):
    """Convoy 1 is delivered in time; convoy 2, dispatched on the 3rd, is late on the 5th: one breach, for convoy 2."""
    report = run(
        pack,
        e("2020-01-02T08:00:00Z", "dispatched", convoy="c1"),
        e("2020-01-03T09:00:00Z", "dispatched", convoy="c2"),
        e("2020-01-03T10:00:00Z", "delivered", convoy="c1"),
        as_of="2020-01-06",
    )
    assert report.instances["aid"] == {"c1": "delivered", "c2": "late"}
    assert [(b.rule, b.instance, b.date) for b in report.breaches if b.provision == "aid"] == [
        ("convoy-deadline", "c2", "2020-01-05T09:00:00+00:00")
    ]


# -- times known roughly ------------------------------------------------------------------------


def test_an_interval_counts_at_its_end_and_a_deadline_inside_it_is_uncertain(pack):
    """Convoy 3 delivered 'some time between 4 January 08:00 and 12:00'; its deadline fell due at 09:00: uncertain."""
    report = run(
        pack,
        e("2020-01-02T09:00:00Z", "dispatched", convoy="c3"),
        e("2020-01-04T08:00:00Z/2020-01-04T12:00:00Z", "delivered", convoy="c3"),
        as_of="2020-01-06",
    )
    (late,) = [b for b in report.breaches if b.rule == "convoy-deadline"]
    assert (late.date, late.uncertain) == ("2020-01-04T09:00:00+00:00", True)
    assert report.instances["aid"] == {"c3": "delivered"}


def test_a_time_alone_ends_an_interval_on_the_same_day(pack):
    """'2020-01-02T10:00/10:45' is an attack between 10:00 and 10:45: its breach is dated as the interval."""
    report = run(pack, e("2020-01-02T10:00:00Z/10:45", "attack", actor="a", **UA))
    assert report.breaches[0].date == "2020-01-02T10:00:00+00:00/2020-01-02T10:45:00+00:00"


def test_week_precision_is_the_week_around_the_date(pack):
    """An attack known to the week of 8 January (Wednesday) counts at the end of Sunday 12 January."""
    report = run(pack, e("2020-01-08", "attack", actor="a", time_precision="week", **UA))
    assert report.breaches[0].date == "2020-01-06T00:00:00+00:00/2020-01-12T23:59:59.999999+00:00"


def test_an_interval_that_ends_before_it_starts_is_refused(pack):
    """date_end before date: FILE:LINE: message."""
    with pytest.raises(LogError, match="ends before it starts"):
        run(pack, e("2020-01-05", "attack", actor="a", date_end="2020-01-04"))


# -- numbers --------------------------------------------------------------------------------------


def test_escalation_can_count_the_killed(pack):
    """Nine killed is minor; ten killed is major (the rule escalates on 'killed', injured do not count)."""
    nine = run(pack, e("2020-01-02T10:00:00Z", "attack", actor="a", killed=9, injured=30, **UA))
    ten = run(pack, e("2020-01-02T10:00:00Z", "attack", actor="a", killed=10, **UA))
    assert [b.severity for b in nine.breaches] == ["minor"]
    assert [b.severity for b in ten.breaches] == ["major"]
    assert (ten.breaches[0].killed, nine.breaches[0].injured) == (10, 30)


def test_a_tally_line_stands_for_several_incidents(pack):
    """'55 violations on 18 January' is one breach with count 55."""
    report = run(pack, e("2020-01-08", "attack", actor="a", count=55, **UA))
    assert [(b.rule, b.count) for b in report.breaches] == [("attack", 55)]
