"""The tracker's status over many instances: kept as counts per weight, it is the worst over every state, change by change."""

from __future__ import annotations

from datetime import UTC, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from ceasefire.agreement import STATUS_RANK
from ceasefire.dates import shown_instant
from ceasefire.packs import load_agreement
from ceasefire.report import Change
from ceasefire.tracker import Tracker

SYRIA = load_agreement("syria-2016")
MOVES = st.lists(st.tuples(st.sampled_from(SYRIA.provisions), st.sampled_from([None, "sy-gov", "opposition", "c1", "c2"]),
                           st.integers(0, 20)), max_size=40)


@given(MOVES)
def test_the_worst_weight_is_that_of_every_state_after_each_change(moves):
    """After each change (of a provision or of one of its instances), the worst weight is the worst over all states held."""
    tracker = Tracker(SYRIA)
    for day, (provision, instance, pick) in enumerate(moves):
        after = provision.states[pick % len(provision.states)]
        before = tracker._states.get((provision.id, instance), provision.initial)
        tracker.change(Change(provision.id, f"2016-09-{13 + day // 24:02d}T{day % 24:02d}:00:00+03:00", before, after, "event",
                              instance=instance))
        states = tracker._states.items()
        assert tracker._worst() == max(STATUS_RANK[SYRIA.provision(p).status_of(s)] for (p, _), s in states)


@given(st.lists(st.datetimes(timezones=st.sampled_from([timezone(timedelta(hours=h, minutes=m)) for h, m in
                                                        ((3, 0), (2, 0), (-5, -30), (0, 0), (14, 0), (-12, 0))]))
                | st.sampled_from(["2016-09-13", "2016-09-13T10:00:00+03:00/2016-09-14T10:00:00+03:00", "0001-01-01T00:00:00+03:00"]),
                max_size=12))
def test_a_date_is_read_by_its_offset_as_the_one_grammar_reads_it(moments):
    """The tracker reads a shown date by an offset it has read before (quicker): the same instant, in UTC, as ``shown_instant``."""
    tracker = Tracker(SYRIA)
    for moment in moments * 2:
        shown = moment if isinstance(moment, str) else moment.replace(microsecond=0).isoformat()
        try:
            expected = shown_instant(shown, SYRIA.timezone)
        except (ValueError, OverflowError):
            continue
        got = tracker._instant(shown)
        assert got == expected and got.tzinfo is UTC and got.isoformat() == expected.isoformat()


_STEPS = st.lists(st.tuples(st.sampled_from([0, 1, 7, 59, 60 * 5, 60 * 23, 60 * 24, 60 * 73, -1, -60 * 30]),  # minutes on
                            st.sampled_from(["+03:00", "+03:00", "+02:00"]), st.sampled_from(["minor", "major", "critical"]),
                            st.booleans(), st.integers(0, 4)), max_size=40)


@given(_STEPS, st.sampled_from([timedelta(hours=72), timedelta(hours=5), timedelta(minutes=30), None]))
def test_breaches_told_by_their_dates_alone_make_the_spans_the_long_way_makes(steps, span):
    """Breaches counted by their shown dates alone make the spans the long way makes."""
    # A breach whose shown date says it falls in the last span of fragility (the same offset and day, or hour, as the one before,
    # no earlier) is counted without reading its date: the status's since, the floor and the snapshot are the long way's.
    import attrs

    from ceasefire.found import Found
    from ceasefire.snapshot import tracker_state

    pack = attrs.evolve(SYRIA, fragile_for=span)
    quick, slow = Tracker(pack), Tracker(pack)
    slow.fading._cut = 0  # never the quick way
    at = shown_instant("2016-09-12T20:00:00+03:00", UTC)
    for minutes, offset, severity, alleged, read in steps:
        at += timedelta(minutes=minutes)
        zone = timezone(timedelta(hours=int(offset[1:3])))
        breach = Found("cessation", "attack", "event", severity, at.astimezone(zone).isoformat(), "sy-gov", 2, "e", alleged=alleged)
        quick.breach(breach)
        slow.breach(breach)
        if read == 0:
            assert [quick.since(s) for s in ("fragile", "holding")] == [slow.since(s) for s in ("fragile", "holding")]
            assert quick.floor() == slow.floor()
    assert tracker_state(quick) == tracker_state(slow)
    assert [quick.since(s) for s in ("fragile", "holding")] == [slow.since(s) for s in ("fragile", "holding")]


def test_a_recorded_or_kept_breach_is_followed_as_its_breach_is():
    """A breach told as a record (Found) or a kept row (Row) is followed as the Breach itself."""
    # Read by place: alleged ones and those of other instances and rules alike, the explanation (since, floor, each story's
    # breach) the same.
    from ceasefire.found import found_of
    from ceasefire.packed import Row
    from ceasefire.report import Breach

    def b(minute, severity="minor", **more):
        return Breach("cessation", more.pop("rule", "attack"), "event", severity, f"2016-09-13T10:{minute:02d}:00+03:00", "sy-gov",
                      minute + 2, f"e{minute}", **more)

    breaches = [b(0, alleged=True), b(1, "major", alleged=True), b(2), b(3, "major", rule="attack-grave"), b(4, instance="sy-gov"),
                b(5, "critical"), Breach("aid", "aid-deadline", "deadline", "major", "2016-09-14T19:00:00+03:00", None, None, None)]
    change = Change("cessation", "2016-09-13T10:05:00+03:00", "in_force", "violated", "event", rule="attack", line=7)
    told = []
    for form in (lambda x: x, found_of, lambda x: Row(*found_of(x), "m", False, False)):
        tracker = Tracker(SYRIA)
        tracker.change(Change("cessation", "2016-09-12T19:00:00+03:00", "pending", "in_force", "start"))
        for breach in breaches:
            tracker.breach(form(breach))
            if breach.date == change.date:
                tracker.change(change)
        explained = tracker.explanation("2016-09-15T00:00:00+03:00", "fragile", {"cessation": "violated"})
        told.append((explained.to_dict(), explained.provisions_dict()))
        tracker.settle()
        told.append((tracker.floor(), tracker.since("fragile"), tracker._linked))
    assert told[0] == told[2] == told[4] and told[0][1]["cessation"]["cause"]["breach"] == {"severity": "critical", "party": "sy-gov"}
    assert told[1][0] == Breach(*found_of(breaches[2])) and told[1][:2] == told[3][:2] == told[5][:2]
