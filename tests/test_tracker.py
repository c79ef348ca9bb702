"""The tracker's status over many instances: kept as counts per weight, it is the worst over every state, change by change."""

from __future__ import annotations

from datetime import datetime, timezone

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


@given(st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(2200, 1, 1), timezones=st.just(timezone.utc)),
       st.sampled_from(["Asia/Damascus", "Europe/Kyiv", "America/St_Johns", "UTC", "Asia/Kathmandu"]),
       st.sampled_from(["", "shown", "2016-09-17", "2016-09-17T17:00:00+03:00/2016-09-18T17:00:00+03:00", "2016-W37-1T20:01:00+03:00"]))
def test_a_shown_date_is_read_back_as_the_one_grammar_reads_it(instant, zone, other):
    """shown_instant (the tracker's quick reading) gives instant_of's instant for every date a report shows, and defers to it for any other."""
    from zoneinfo import ZoneInfo

    from ceasefire.dates import instant_of, show
    from ceasefire.tracker import shown_instant

    tz = ZoneInfo(zone)
    shown = show(instant.replace(microsecond=0), tz)
    assert shown_instant(shown, tz) == instant_of(shown, tz) and shown_instant(shown, tz).tzinfo is instant_of(shown, tz).tzinfo
    try:
        expected: object = instant_of(other, tz)
    except ValueError as exc:
        expected = str(exc)
    try:
        got: object = shown_instant(other, tz)
    except ValueError as exc:
        got = str(exc)
    assert got == expected
