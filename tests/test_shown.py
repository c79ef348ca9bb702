"""Shown dates: the engine's quick way of showing an instant in the pack's zone writes what ``dates.show`` writes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from ceasefire import shown as shown_module
from ceasefire.dates import show
from ceasefire.shown import ShownDates

ZONES = ["Asia/Damascus", "Europe/Kyiv", "America/New_York", "Asia/Kathmandu", "Australia/Lord_Howe", "UTC", "Africa/Monrovia",
         "Pacific/Chatham", "America/St_Johns", "Asia/Tehran"]
INSTANTS = st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(UTC))


@given(st.sampled_from(ZONES), st.lists(INSTANTS, min_size=1, max_size=20))
def test_an_instant_is_shown_as_show_shows_it(zone, instants):
    """Any instant (a fraction of a second, an offset of minutes, old local mean times, the ends of the calendar) reads as ``show``'s."""
    tz = ZoneInfo(zone)
    shown = ShownDates(tz)
    for instant in instants:
        assert shown(instant) == show(instant, tz)
        assert shown(instant.replace(microsecond=0)) == show(instant.replace(microsecond=0), tz)


@given(st.sampled_from(ZONES), st.integers(min_value=0, max_value=2 * 24 * 3600))
def test_every_second_around_a_change_of_offset_is_shown_as_show_shows_it(zone, seconds):
    """Around the days the clocks change in 2016 and 2022, each second (in the hour the offset changes too) reads as ``show``'s."""
    tz = ZoneInfo(zone)
    shown = ShownDates(tz)
    for start in (datetime(2016, 3, 25, tzinfo=UTC), datetime(2016, 10, 29, tzinfo=UTC), datetime(2022, 10, 29, tzinfo=UTC),
                  datetime(2016, 11, 6, tzinfo=UTC)):
        instant = start + timedelta(seconds=seconds)
        assert shown(instant) == show(instant, tz)


def test_a_day_minute_by_minute_across_the_change_reads_as_show():
    """Every minute of the day Damascus moved its clocks back in 2016, in order, as a log's breaches come."""
    tz = ZoneInfo("Asia/Damascus")
    shown = ShownDates(tz)
    start = datetime(2016, 10, 27, 12, tzinfo=UTC)
    for minute in range(48 * 60):
        instant = start + timedelta(minutes=minute, seconds=minute % 60)
        assert shown(instant) == show(instant, tz)


def test_an_instant_of_another_offset_and_a_fixed_zone_read_as_show():
    """An instant given with another offset, and a pack zone that is a fixed offset, read as ``show``'s."""
    for tz in (ZoneInfo("Asia/Damascus"), timezone(timedelta(hours=-3)), timezone(timedelta(hours=5, minutes=30)), UTC):
        shown = ShownDates(tz)
        instant = datetime(2016, 9, 12, 20, 7, 9, tzinfo=timezone(timedelta(hours=3)))
        assert shown(instant) == show(instant, tz)


def test_the_hours_kept_are_bounded(monkeypatch):
    """Past the most hours kept they are forgotten and looked at again: memory does not grow with the log."""
    monkeypatch.setattr(shown_module, "MOST", 3)
    tz = ZoneInfo("Asia/Damascus")
    shown = ShownDates(tz)
    for hour in range(10):
        instant = datetime(2016, 9, 12, tzinfo=UTC) + timedelta(hours=hour, minutes=5)
        assert shown(instant) == show(instant, tz)
        assert len(shown._hours) <= 3
