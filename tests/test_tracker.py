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
