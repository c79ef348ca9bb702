"""What a rule does besides recording a breach: count toward a quota, move a deadline or the end, make an instance."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import event

from ceasefire import check, load_agreement

PACK = Path(__file__).parent / "fixtures" / "effects.toml"


@pytest.fixture(scope="module")
def pack():
    """The effects pack: Tokyo time, in force from 09:00 on 1 January 2020 to 09:00 on the 10th."""
    return load_agreement(PACK)


def run(pack, *events, as_of: str, rule: str):
    """Check the events; return the report and (instance, date, count) of the breaches of ``rule``."""
    report = check(list(events), agreement=pack, as_of=as_of)
    return report, [(b.instance, b.date, b.count) for b in report.breaches if b.rule == rule]


# -- tallies ----------------------------------------------------------------------------------------------


def test_a_partys_line_counts_toward_a_quota_kept_once(pack):
    """B's 12 trucks fill the crossing's first day; the second day, with none, falls short."""
    _, short = run(pack, event("2020-01-01T01:00:00Z", "trucks", actor="b", trucks=12), as_of="2020-01-03", rule="daily")
    assert short == [(None, "2020-01-03T09:00:00+09:00", 0)]


def test_only_a_whole_number_of_zero_or_more_is_summed(pack):
    """6 trucks count; '4', -3, 4.0 and a line with no figure count nothing: the day is 6 of 10."""
    trucks = [6, "4", -3, 4.0, None]
    events = [event(f"2020-01-01T0{n + 1}:00:00Z", "trucks", actor="b", **({} if t is None else {"trucks": t})) for n, t in enumerate(trucks)]
    _, short = run(pack, *events, as_of="2020-01-02T00:00:00Z", rule="daily")
    assert short == [(None, "2020-01-02T09:00:00+09:00", 6)]


def test_a_partys_line_counts_toward_its_own_quota_only(pack):
    """A sends its own trucks on the first day: only b's daily quota falls short."""
    _, short = run(pack, event("2020-01-01T01:00:00Z", "trucks.own", actor="a"), as_of="2020-01-02T00:00:00Z", rule="own-daily")
    assert short == [("b", "2020-01-02T09:00:00+09:00", 0)]


def test_a_bare_date_tally_on_the_day_a_window_closes_makes_its_shortfall_uncertain(pack):
    """A bare-date tally on the day a window closes makes its shortfall uncertain and fills the next window."""
    # Nothing counted by 09:00 on the 2nd; 20 trucks 'on the 2nd' may have crossed before 09:00: that shortfall is uncertain. They
    # count at the day's end, filling the next window; the one after falls short for certain.
    report = check([event("2020-01-02", "trucks.here", trucks=20)], agreement=pack, as_of="2020-01-04")
    assert [(b.date, b.count, b.uncertain) for b in report.breaches if b.rule == "daily"] == [
        ("2020-01-02T09:00:00+09:00", 0, True), ("2020-01-04T09:00:00+09:00", 0, False)]


# -- the agreement's end ---------------------------------------------------------------------------------------


def test_moving_the_end_keeps_the_agreement_in_force_until_the_new_date(pack):
    """The end moved to 'the 15th' (its last instant, Tokyo time): an attack on the 12th is a breach, one on the 17th is not; the move is recorded."""
    report, attacks = run(pack, event("2020-01-05T00:00:00Z", "moved.end", until="2020-01-15", id="x1"), event("2020-01-12T00:00:00Z", "attack.shell"),
                          event("2020-01-17T00:00:00Z", "attack.shell"), as_of="2020-01-17T00:00:00Z", rule="attack")
    assert attacks == [(None, "2020-01-12T09:00:00+09:00", 1)]
    assert [(x.timer, x.before, x.after, x.line, x.event_id) for x in report.extensions] == [
        ("end", "2020-01-10T09:00:00+09:00", "2020-01-16T00:00:00+09:00", 1, "x1")]


def test_putting_the_end_back_by_a_span_counts_from_the_old_end(pack):
    """'A week more': the end moves from 09:00 on the 10th to 09:00 on the 17th."""
    report, _ = run(pack, event("2020-01-05T00:00:00Z", "moved.end.week"), as_of="2020-01-06", rule="attack")
    assert [(x.timer, x.before, x.after) for x in report.extensions] == [("end", "2020-01-10T09:00:00+09:00", "2020-01-17T09:00:00+09:00")]


@pytest.mark.parametrize("until", ["soon", None], ids=["unreadable", "missing"])
def test_an_end_moved_to_no_readable_date_stays_where_it_was(pack, until):
    """An 'until' that is no date, or none at all: the end stays on the 10th, nothing is recorded, the attack on the 12th is no breach."""
    moved = event("2020-01-05T00:00:00Z", "moved.end", **({} if until is None else {"until": until}))
    report, attacks = run(pack, moved, event("2020-01-12T00:00:00Z", "attack.shell"), as_of="2020-01-12T00:00:00Z", rule="attack")
    assert (attacks, report.extensions) == ([], ())


# -- deadlines ---------------------------------------------------------------------------------------------------


def test_a_partys_line_moves_a_deadline_kept_once_to_a_time_in_the_packs_zone(pack):
    """B moves the review to '2020-01-08T12:00:00' (no offset: Tokyo time); it falls due then, and the move names the event."""
    report, late = run(pack, event("2020-01-02T00:00:00Z", "moved.review", actor="b", until="2020-01-08T12:00:00", id=7),
                       as_of="2020-01-09T00:00:00Z", rule="review-by")
    assert late == [(None, "2020-01-08T12:00:00+09:00", 1)]
    assert [(x.timer, x.before, x.after, x.line, x.event_id) for x in report.extensions] == [
        ("review-by", "2020-01-06T09:00:00+09:00", "2020-01-08T12:00:00+09:00", 1, 7)]


def test_a_partys_line_moves_only_its_own_deadline(pack):
    """A's withdrawal moved to the end of the 5th: a is late then; b stays late on the 4th."""
    _, late = run(pack, event("2020-01-02T00:00:00Z", "moved.withdrawal", actor="a", until="2020-01-05"), as_of="2020-01-09T00:00:00Z", rule="withdraw-by")
    assert late == [("b", "2020-01-04T09:00:00+09:00", 1), ("a", "2020-01-06T00:00:00+09:00", 1)]


def test_a_deadline_put_back_by_a_span_moves_only_while_it_is_armed(pack):
    """A's withdrawal is put back a day; b withdrew before its own was put back, which then moves nothing."""
    report, late = run(pack, event("2020-01-02T00:00:00Z", "moved.day", actor="a"), event("2020-01-02T01:00:00Z", "withdrew", actor="b"),
                       event("2020-01-02T02:00:00Z", "moved.day", actor="b"), as_of="2020-01-09T00:00:00Z", rule="withdraw-by")
    assert late == [("a", "2020-01-05T09:00:00+09:00", 1)]
    assert [(x.before, x.after, x.line) for x in report.extensions] == [("2020-01-04T09:00:00+09:00", "2020-01-05T09:00:00+09:00", 1)]


def test_a_partys_move_needs_the_party(pack):
    """'Withdrew' with no actor or party moves neither party's withdrawal."""
    report, _ = run(pack, event("2020-01-02T00:00:00Z", "withdrew"), as_of="2020-01-02T01:00:00Z", rule="withdraw-by")
    assert report.instances["pullback"] == {"a": "armed", "b": "armed"}


def test_a_claimed_target_is_reported_only_when_it_is_designated():
    """Striking the opposition while claiming to strike the opposition is no claim worth reporting; claiming ISIL is."""
    from conftest import HEADER, attack

    plain, claim = (check([HEADER, attack("2016-09-13T10:00:00+03:00", claimed_target=who)]).breaches[0] for who in ("opposition", "isil"))
    assert (plain.claimed, claim.claimed) == (None, "isil")
    assert "claims" not in plain.message and "sy-gov claims it struck isil" in claim.message


# -- instances made on first mention ------------------------------------------------------------------------------


def test_a_site_named_for_the_first_time_starts_its_own_deadline(pack):
    """Site s1, first named at 09:00 on the 2nd, must be handed over within two days: late at 09:00 on the 4th."""
    report, late = run(pack, event("2020-01-02T00:00:00Z", "named", site="s1"), as_of="2020-01-09T00:00:00Z", rule="handover-by")
    assert late == [("s1", "2020-01-04T09:00:00+09:00", 1)]
    assert [(b.rule, b.instance) for b in report.breaches if b.rule == "named"] == [("named", "s1")]
    assert report.instances["handover"] == {"s1": "due"}


def test_a_line_naming_no_site_makes_no_instance(pack):
    """A site named without its 'site' field is recorded, for no instance, and starts no handover deadline."""
    report, late = run(pack, event("2020-01-02T00:00:00Z", "named"), as_of="2020-01-09T00:00:00Z", rule="handover-by")
    assert late == []
    assert [(b.rule, b.instance) for b in report.breaches if b.rule == "named"] == [("named", None)]
    assert report.instances["handover"] == {}


# -- what a rule does, read once ----------------------------------------------------------------------------


def test_a_rules_severity_by_its_toll_is_what_escalation_gives_however_often_a_toll_comes():
    """A rule's severity kept by toll is ``severity_of``'s, however often a toll comes."""
    # The engine keeps a rule's severity by the toll it escalates on: for a toll met first, met again, none, and more tolls than
    # it keeps (the status and the moves follow them alike).
    from conftest import attack

    from ceasefire.matching import severity_of

    syria = load_agreement("syria-2016")
    rule = next(r for r in syria.rules if r.id == "attack")
    tolls = [None, 0, 9, 10, 49, 50, 9, 10, 50, 0, None, *range(300), 10, 60]
    events = [attack(f"2016-09-{13 + i // 1440:02d}T{i // 60 % 24:02d}:{i % 60:02d}:00+03:00", casualties=toll) for i, toll in enumerate(tolls)]
    report = check(events, agreement=syria)
    attacks = [b for b in report.breaches if b.rule == "attack"]
    assert [b.severity for b in attacks] == [severity_of(rule, toll) for toll in tolls]
    assert {"minor", "major", "critical"} <= {b.severity for b in attacks}


def test_an_event_s_breach_is_the_record_found_of_event_makes():
    """The breach the engine makes of an event is, field for field, the record ``Found.of_event`` makes."""
    # Its facts read from the event at once; escalated or not, claimed, alleged, with its place or without.
    from conftest import attack

    from ceasefire.engine import Engine
    from ceasefire.events import EventParser
    from ceasefire.found import Found
    from ceasefire.packs import load_agreement

    pack = load_agreement("syria-2016")
    parser, engine = EventParser(pack), Engine(pack)
    rules = {r.id: r for r in pack.rules}
    values = [attack("2016-09-13T10:00:00+03:00", casualties=3, location="Aleppo", source="SOHR", id="a"),
              attack("2016-09-13T11:00:00+03:00", casualties=12, killed=4, injured=8, id=7),
              attack("2016-09-13T12:00:00+03:00", "ru", casualties=60, location="Idlib"),
              attack("2016-09-13T13:00:00+03:00", target="isil", claimed_target="isil", casualties=2),
              attack("2016-09-13T14:00:00+03:00", casualties=1, verification="claimed", claimed_by="sy-gov"),
              attack("2016-09-13", casualties=2),
              {"date": "2016-09-16T11:00:00+03:00", "type": "aid.convoy_attacked", "actor": "sy-gov", "target": "un"}]
    seen = set()
    for line, value in enumerate(values, 2):
        event = parser.parse(value, line)
        engine.feed(event)
        engine.advance(event.instant)
        for found in engine.drain():
            if found.kind == "event":
                assert found == Found.of_event(rules[found.rule], event, found.severity, found.date, found.uncertain, found.claimed,
                                               found.alleged, found.instance)
                seen.add((found.severity, found.alleged, found.instance is not None, found.location is not None))
    assert {("minor", False, False, True), ("major", False, False, False), ("critical", False, False, True)} <= seen
    assert any(alleged for _, alleged, _, _ in seen)
