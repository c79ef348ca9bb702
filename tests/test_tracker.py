"""The tracker's status over many instances: kept as counts per weight, it is the worst over every state, change by change."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ceasefire.agreement import STATUS_RANK
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
