"""Dates in event time: ISO 8601 parsing, bare dates, durations."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ceasefire import dates
from ceasefire.dates import (HOURS, RESTS, UTC, day_bounds, instant_of, learn_instant, moment_of, parse_duration, parse_moment, parse_when,
                             show, shown_instant)

DAMASCUS = ZoneInfo("Asia/Damascus")


def test_offset_datetime_is_kept_as_given_instant():
    """A datetime with an offset means that instant, whatever the pack's zone."""
    moment = parse_moment("2016-09-17T19:30:00-04:00", DAMASCUS)
    assert show(moment, DAMASCUS) == "2016-09-18T02:30:00+03:00"
    assert not moment.bare


def test_naive_datetime_is_read_in_the_pack_zone():
    """A datetime without offset is local time of the pack."""
    moment = parse_moment("2016-09-17T17:00:00", DAMASCUS)
    assert show(moment, DAMASCUS) == "2016-09-17T17:00:00+03:00"


def test_utc_z_suffix_is_accepted():
    """``Z`` is UTC."""
    assert show(parse_moment("2016-09-17T14:00:00Z", DAMASCUS), DAMASCUS) == "2016-09-17T17:00:00+03:00"


def test_bare_date_is_placed_at_the_end_of_its_day():
    """A bare date counts as the last instant of that day in the pack's zone, and shows as given."""
    moment = parse_moment("2016-09-17", DAMASCUS)
    assert moment.bare
    assert show(moment, DAMASCUS) == "2016-09-17"
    assert show(moment.instant, DAMASCUS) == "2016-09-17T23:59:59.999999+03:00"


@pytest.mark.parametrize("text", ["2016-13-01", "2016-02-30", "yesterday", "", "2016-09-17T25:00", "0000-01-01"])
def test_unparsable_dates_are_refused(text):
    """Nonsense and impossible dates raise ValueError naming the value."""
    with pytest.raises(ValueError, match="date"):
        parse_moment(text, DAMASCUS)


def test_a_date_must_be_a_string():
    """A number is not a date."""
    with pytest.raises(ValueError, match="must be a string, got a number"):
        parse_moment(20160917, DAMASCUS)


@pytest.mark.parametrize(
    "text, span",
    [("72h", timedelta(hours=72)), ("7d", timedelta(days=7)), ("1d12h", timedelta(hours=36)), ("PT72H", timedelta(hours=72)), ("P3D", timedelta(days=3)), ("90m", timedelta(minutes=90))],
)
def test_durations(text, span):
    """Short and ISO 8601 durations."""
    assert parse_duration(text) == span


@pytest.mark.parametrize("text", ["72", "3 days", "h", "P", "0h", "-5h", 72])
def test_bad_durations(text):
    """Anything else is refused."""
    with pytest.raises(ValueError):
        parse_duration(text)


def test_hours_are_absolute_across_a_daylight_saving_change():
    """72 hours after a local time before the clocks change are still 72 real hours."""
    before = parse_moment("2016-10-27T12:00:00", DAMASCUS)  # Damascus left summer time on 28 October 2016
    after = before.instant + timedelta(hours=72)
    assert show(after, DAMASCUS) == "2016-10-30T11:00:00+02:00"


@pytest.mark.parametrize("text, span", [("2w", timedelta(days=14)), ("1w2d", timedelta(days=9)), ("P1W", timedelta(days=7))])
def test_weeks_count_in_a_duration(text, span):
    """``2w`` is fourteen days: the weeks of a duration are not dropped."""
    assert parse_duration(text) == span


@pytest.mark.parametrize(
    "value, message",
    [
        (72, "a duration must be a string such as '72h' or 'P3D', got 72"),
        ("", "a duration must be a string such as '72h' or 'P3D', got ''"),
        ("PT", "invalid duration 'PT': use e.g. '72h', '7d', '1d12h' or 'P3D'"),
        ("P", "invalid duration 'P': use e.g. '72h', '7d', '1d12h' or 'P3D'"),
        ("0h", "duration '0h' is zero"),
        ("P0D", "duration 'P0D' is zero"),
    ],
)
def test_a_bad_duration_says_what_is_wrong(value, message):
    """Not a string, no number at all, or a span of zero: each has its own message, naming the value."""
    with pytest.raises(ValueError) as caught:
        parse_duration(value)
    assert str(caught.value) == message


def test_a_date_object_is_the_end_of_that_day_in_the_packs_zone():
    """date(2016, 9, 17) given to the library means the last instant of that day in Damascus, as the string '2016-09-17' does."""
    from datetime import date

    assert parse_moment(date(2016, 9, 17), DAMASCUS) == parse_moment("2016-09-17", DAMASCUS)
    assert show(parse_moment(date(2016, 9, 17), DAMASCUS).instant, DAMASCUS) == "2016-09-17T23:59:59.999999+03:00"


def test_the_first_hours_of_the_calendar_are_out_of_range_west_of_greenwich():
    """01:00 UTC on 1 January of year 1 is still year 0 in New York: refused, as it could not be shown."""
    with pytest.raises(ValueError) as caught:
        parse_moment("0001-01-01T01:00:00Z", ZoneInfo("America/New_York"))
    assert str(caught.value) == "date '0001-01-01T01:00:00Z' is out of range in the pack's time zone"


@given(st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(2200, 1, 1), timezones=st.just(timezone.utc)),
       st.sampled_from(["Asia/Damascus", "Europe/Kyiv", "America/St_Johns", "UTC", "Asia/Kathmandu"]),
       st.sampled_from(["", "shown", "2016-09-17", "2016-09-17T17:00:00+03:00/2016-09-18T17:00:00+03:00", "2016-W37-1T20:01:00+03:00"]))
def test_a_shown_date_is_read_back_as_the_one_grammar_reads_it(instant, zone, other):
    """shown_instant (the quick reading of a shown date) gives instant_of's instant for every date a report shows, and defers to it for any other."""
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


SHAPES = [  # shapes no other test reads (the first date of each finds the shape cache empty, the next ones use it), ending alike
    ("2016-09-17 14:00:00.5+05:30", "2016-09-17T14:00:00.500000+05:30"),
    ("2016-09-18 15:01:00.5+05:30", "2016-09-18T15:01:00.500000+05:30"),
    ("2016-09-19 16:02:00.5+05:30", "2016-09-19T16:02:00.500000+05:30"),
    ("2016-09-17 14:00:00.25Z", "2016-09-17T14:00:00.250000+00:00"),
    ("2016-09-18 15:01:00.25Z", "2016-09-18T15:01:00.250000+00:00"),
    ("2016-09-19 16:02:00.25Z", "2016-09-19T16:02:00.250000+00:00"),
    ("2016-09-19 16:02:00.25Z", "2016-09-19T16:02:00.250000+00:00"),
    ("2016-09-17 14:00+05:30:00", "2016-09-17T14:00:00+05:30"),
    ("2016-09-18 15:01+05:30:00", "2016-09-18T15:01:00+05:30"),
    ("2016-09-17 14:00:00.125", "2016-09-17T14:00:00.125000+03:00"),
    ("2016-09-18 15:01:00.125", "2016-09-18T15:01:00.125000+03:00"),
    ("2016-09-19 16:02:00.125", "2016-09-19T16:02:00.125000+03:00"),
]


def test_dates_of_one_shape_read_alike_the_first_time_and_after():
    """Dates of four new shapes (offsets +05:30, Z, none, +05:30:00), one twice: each is the instant written, the first of its shape and the ones after."""
    for value, instant in SHAPES:
        assert parse_moment(value, DAMASCUS).instant == datetime.fromisoformat(instant), value


def test_a_date_of_a_known_shape_and_offset_is_still_checked():
    """After a date with +05:45 (and one with +00:00), one of the same shape on 31 February, or past the calendar in the pack's zone, is refused with its message."""
    parse_moment("2016-09-17 14:00+05:45", DAMASCUS)
    with pytest.raises(ValueError, match=r"invalid date '2016-02-31 14:00\+05:45': expected ISO 8601"):
        parse_moment("2016-02-31 14:00+05:45", DAMASCUS)
    parse_moment("2016-09-17 14:00+00:00", DAMASCUS)
    with pytest.raises(ValueError, match=r"date '9999-12-31 23:00\+00:00' is out of range in the pack's time zone"):
        parse_moment("9999-12-31 23:00+00:00", DAMASCUS)
    with pytest.raises(ValueError, match=r"date '0001-01-01 01:00\+00:00' is out of range in the pack's time zone"):
        parse_moment("0001-01-01 01:00+00:00", ZoneInfo("America/New_York"))


@pytest.mark.parametrize(("shown", "instant", "day"), [
    ("2016-09-12T19:00:00+03:00", "2016-09-12T16:00:00+00:00", None),
    ("2016-09-12T19:00:00", "2016-09-12T16:00:00+00:00", None),
    ("2016-09-12T10:00:00Z/2016-09-14T19:00:00+03:00", "2016-09-14T16:00:00+00:00", None),
    ("2016-09-12/2016-09-14", "2016-09-14T20:59:59.999999+00:00", date(2016, 9, 14)),
])
def test_a_shown_date_counts_at_its_end_read_in_the_packs_zone(shown, instant, day):
    """A date as reports show it, an instant or an interval, counts at its end; one without offset is read in the pack's zone."""
    moment = moment_of(shown, DAMASCUS)
    assert moment.instant.isoformat() == instant
    assert moment.day == day
    assert instant_of(shown, DAMASCUS) == moment.instant


@pytest.fixture
def machine_in_tokyo(monkeypatch):
    """The machine's own zone set to Asia/Tokyo for the test, then back."""
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_instants_are_in_utc_whatever_the_machines_own_zone(machine_in_tokyo):
    """Day bounds and read dates are UTC instants, never the machine's local time: the same bytes on every machine."""
    assert time.localtime(0).tm_gmtoff == 9 * 3600  # the fixture took effect
    first, after = day_bounds(date(2016, 9, 12), DAMASCUS)
    assert (first.isoformat(), after.isoformat()) == ("2016-09-11T21:00:00+00:00", "2016-09-12T21:00:00+00:00")
    for text in ("2016-09-12T19:00:00.5+03:00", "2016-09-12T19:00", "2016-09-12"):
        instant, _ = parse_when(text, DAMASCUS)
        assert instant.utcoffset() == timedelta(0), text


_PARTS = (st.sampled_from(["2016", "0001", "0002", "0003", "9997", "9998", "9999", "0000", "\uff12016"]), st.sampled_from(["09", "13", "02", "00"]),
          st.sampled_from(["12", "29", "30", "31"]), st.sampled_from(["T", " ", "t", "x"]), st.sampled_from(["00", "19", "23", "24", "\u06633"]),
          st.sampled_from([":00", ":59", ":60", ":5", "00"]), st.sampled_from([":00", ":34", ":59", ":60", ""]), st.sampled_from(["", ".5"]),
          st.sampled_from(["+03:00", "Z", "-02:00", "+05:45", "", "+0300", "+24:00", "z", "+03:00:00", "-00:00", "+14:00", "-12:00"]))


def _read(value: str, tz: ZoneInfo) -> object:
    try:
        return parse_when(value, tz)
    except ValueError as exc:
        return str(exc)


@given(st.lists(st.tuples(*_PARTS).map("".join), min_size=1, max_size=6), st.sampled_from(["Asia/Damascus", "UTC", "Pacific/Kiritimati"]))
def test_a_date_reads_alike_whether_its_parts_were_learnt_or_not(values, zone):
    """The instant of a date read by its learnt hour and minutes (HOURS, RESTS) is the one the grammar and fromisoformat give, or the same error."""
    tz = ZoneInfo(zone)
    for value in values:
        HOURS.clear()
        RESTS.clear()
        with pytest.MonkeyPatch.context() as m:
            m.setattr(dates, "learn_instant", lambda value: None)  # nothing learnt: read as before
            fresh = _read(value, tz)
        learnt = learn_instant(value)
        assert learnt is None or (learnt, None) == fresh
        for other in values:  # with other dates' parts learnt
            _read(other, tz)
        assert _read(value, tz) == fresh
        if value in RESTS or value[:13] in HOURS and value[13:] in RESTS:
            assert isinstance(fresh, tuple) and fresh[1] is None and fresh[0].tzinfo is UTC


def test_the_common_date_is_learnt_once_and_read_by_two_lookups():
    """``2016-09-17T14:05:09+03:00``: learnt as its hour and the rest, then read without the grammar; other shapes are not learnt."""
    HOURS.clear()
    RESTS.clear()
    parse_when("2016-09-17T13:00:00+03:00", DAMASCUS)  # the offset shown valid
    assert parse_when("2016-09-17T14:05:09+03:00", DAMASCUS) == (datetime(2016, 9, 17, 11, 5, 9, tzinfo=timezone.utc), None)
    assert HOURS["2016-09-17T14"] == datetime(2016, 9, 17, 14, tzinfo=timezone.utc) and RESTS[":05:09+03:00"] == timedelta(minutes=5, seconds=9, hours=-3)
    for other in ("2016-09-17 15:05:09+03:00", "2016-09-17T15:05:09.5+03:00", "2016-09-17", "9999-12-31T10:00:00Z"):
        assert learn_instant(other) is None


@pytest.mark.parametrize("value", ["2016-09-17T14:05:60+03:00", "2016-09-17T14:60:09+03:00", "2016-09-17T24:05:09+03:00", "2016-02-30T14:05:09+03:00",
                                   "0002-01-01T00:05:09+03:00", "9998-12-31T23:05:09-12:00", "\uff12016-09-17T14:05:09+03:00", "2016-09-17T1\u06634:05:09+03:00",
                                   "2016-09-17t14:05:09+03:00", "2016-09-17 14:05:09+03:00", "2016-09-17T14:05:09+03:00 ", "2016-09-17T14:05:0\u0669+03:00",
                                   "2016-09-17T14:05:09.000+03:00", "2016-09-17T14:05:09+03:00/15:00", "2016-09-17T14:05:09+0300", "2016-09-17T14:05:09-00:00"])
def test_a_date_next_to_learnt_ones_reads_as_the_grammar_reads_it(value):
    """After dates of the same hour and offset were learnt, one a little different reads as it would have read before: same instant, same error."""
    with pytest.MonkeyPatch.context() as m:
        m.setattr(dates, "learn_instant", lambda value: None)
        HOURS.clear()
        RESTS.clear()
        expected = _read(value, DAMASCUS)
    for warm in ("2016-09-17T14:05:08+03:00", "2016-09-17T14:05:09+03:00", "2016-09-17T14:05:09Z", "0002-01-01T00:05:09+03:00",
                 "9998-12-31T23:05:09+03:00", "2016-09-17T14:05:09-12:00", "2016-09-17T14:05:09-00:00"):
        _read(warm, DAMASCUS)
    assert _read(value, DAMASCUS) == expected
    assert _read(value, DAMASCUS) == expected


def test_another_hour_of_a_learnt_day_reads_as_its_own_text_says():
    """An hour first met in a day already learnt (a long log's every new hour) gets its own instant; an hour 24 or 2x still goes the long way."""
    HOURS.clear()
    RESTS.clear()
    dates._DAYS.clear()
    parse_when("2016-09-17T13:00:00+03:00", DAMASCUS)
    assert learn_instant("2016-09-17T14:05:09+03:00") == datetime(2016, 9, 17, 11, 5, 9, tzinfo=timezone.utc)
    assert learn_instant("2016-09-17T23:59:59+03:00") == datetime(2016, 9, 17, 20, 59, 59, tzinfo=timezone.utc)
    assert learn_instant("2016-09-17T00:00:00+03:00") == datetime(2016, 9, 16, 21, 0, 0, tzinfo=timezone.utc)
    assert HOURS["2016-09-17T23"] == datetime(2016, 9, 17, 23, tzinfo=timezone.utc)
    for other in ("2016-09-17T24:05:09+03:00", "2016-09-17T2a:05:09+03:00", "2016-09-17T1\u06634:05:09+03:00", "2016-09-17T-1:05:09+03:00"):
        assert learn_instant(other) is None
