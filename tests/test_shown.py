"""Shown dates: the engine's quick way of showing an instant in the pack's zone writes what ``dates.show`` writes."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from conftest import ATTACK_PACK, PACK_HEAD, cli, write_pack
from hypothesis import given
from hypothesis import strategies as st

from ceasefire import check, load_agreement
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


def test_an_hour_of_a_zone_of_whole_hours_is_looked_at_once(monkeypatch):
    """Each UTC hour of a zone whose offset is whole hours is looked at once, then every instant in it is shown from what it kept."""
    looked: list[int] = []
    look = ShownDates._look

    def counted(self: ShownDates, hour: int) -> object:
        looked.append(hour)
        return look(self, hour)

    monkeypatch.setattr(ShownDates, "_look", counted)
    for zone, text in ((ZoneInfo("Asia/Damascus"), ("2016-09-12T22:", "+03:00")), (UTC, ("2016-09-12T19:", "+00:00")),
                       (ZoneInfo("America/New_York"), ("2016-09-12T15:", "-04:00"))):
        looked.clear()
        shown = ShownDates(zone)
        for minute in range(0, 60, 7):
            instant = datetime(2016, 9, 12, 19, minute, minute % 60, tzinfo=UTC)
            assert shown(instant) == show(instant, zone)
        hour = int(datetime(2016, 9, 12, 19, tzinfo=UTC).timestamp()) // 3600
        assert looked == [hour] and shown._hours == {hour: text}


def test_hours_near_the_epoch_and_at_whole_multiples_read_as_show():
    """Hours in the first months after 1970-01-01 and hours whose number is a multiple of 3,600 read as ``show``'s."""
    for zone in (ZoneInfo("Asia/Damascus"), UTC, ZoneInfo("Asia/Tokyo")):
        shown = ShownDates(zone)
        for hour in (0, 1, 5, 3599, 3600, 7200, 3600 * 100, 3600 * 120):
            for seconds in (0, 309, 3599):
                instant = datetime.fromtimestamp(hour * 3600 + seconds, UTC)
                assert shown(instant) == show(instant, zone)


OFFSETS_WRITTEN = st.sampled_from([timedelta(hours=h) for h in range(-12, 15)]
                                  + [timedelta(minutes=m) for m in (30, -30, 90, 150, 210, 330, -210)])


@given(st.sampled_from(ZONES), INSTANTS, OFFSETS_WRITTEN, st.lists(st.integers(min_value=0, max_value=3599), max_size=5))
def test_a_date_written_in_any_offset_is_shown_from_its_text_as_show_shows_it(zone, instant, offset, seconds):
    """A date written in any offset is shown from its text as ``show`` shows it, or ``written`` gives None."""
    # ``written``'s rule for an hour's dates written in one offset (as written, or the zone's hour and offset around the text's
    # minutes and seconds) gives what ``show`` writes for every second of that hour so written; None only when it cannot.
    from ceasefire.dates import parse_when

    tz = ZoneInfo(zone)
    shown = ShownDates(tz)
    instant = instant.replace(microsecond=0)
    text = instant.astimezone(timezone(offset)).isoformat()
    if text[4] != "-" or not "0002" < text[:4] < "9998":
        return
    parse_when(text, tz)  # (the offset is learnt as a date shows it)
    rule = shown.written(text[:13], instant, text[19:])
    assert shown.written(text[:13], instant.replace(microsecond=1), text[19:]) is None  # a fraction: through show
    whole = not offset % timedelta(hours=1)
    if rule is None:  # only an offset of minutes, or an hour the zone does not show as its hour and offset
        assert not whole or shown._look(int(instant.timestamp()) // 3600) is None
        return
    assert rule[0] == text[19:] and whole
    start = datetime.fromisoformat(text[:13] + ":00:00" + text[19:])
    for second in [0, 3599, *seconds]:
        other = (start + timedelta(seconds=second)).isoformat()
        assert (other if rule[1] is None else f"{rule[1]}{other[14:19]}{rule[2]}") == show(start + timedelta(seconds=second), tz)


def test_a_date_in_an_offset_of_minutes_is_never_shown_from_its_text():
    """A date half an hour off the zone's offset, in the zone's own hour, is not shown as written."""
    # 12:40+00:30 for 12:10 UTC, 20:40+03:30 for 20:10 in Damascus: its minutes are not the instant's.
    from ceasefire.dates import parse_when

    for zone, text in (("UTC", "2016-09-12T12:40:00+00:30"), ("Asia/Damascus", "2016-09-12T20:40:00+03:30")):
        tz = ZoneInfo(zone)
        instant = datetime.fromisoformat(text).astimezone(UTC)
        parse_when(text, tz)
        assert ShownDates(tz).written(text[:13], instant, text[19:]) is None
        assert show(instant, tz)[11:16] == text[11:14] + "10"


MONCTON_WRITTEN = ["2000-04-02T04:00:30Z", "2000-04-02T04:30:00Z", "2000-04-02T04:59:59Z",
                   "2000-10-29T03:00:30Z", "2000-10-29T03:30:00Z", "2000-10-29T03:59:59Z"]
MONCTON_SHOWN = ["2000-04-02T00:00:30-04:00", "2000-04-02T01:30:00-03:00", "2000-04-02T01:59:59-03:00",
                 "2000-10-29T00:00:30-03:00", "2000-10-28T23:30:00-04:00", "2000-10-28T23:59:59-04:00"]
"""Moncton moved its clocks at 00:01 local in 2000 (04:01 and 03:01 UTC): attacks in those UTC hours, and their dates shown."""


def _dates_shown(tmp_path, write_log, zone: str, start: str, written: list[str]) -> tuple[list[str], list[str]]:
    """The dates of the breaches of attacks ``written`` in a pack in ``zone`` from ``start``: by the command on a log, and by the library."""
    pack = write_pack(tmp_path, ATTACK_PACK, head=PACK_HEAD.replace("2020-01-01T00:00:00+00:00", start).replace('"UTC"', f'"{zone}"'))
    events = [{"date": date, "type": "attack.shell", "actor": "a"} for date in written]
    result = cli("check", write_log(*events, header={"agreement": str(pack)}), "-f", "json")
    by_command = [b["date"] for b in json.loads(result.stdout)["logs"][0]["breaches"]]
    return by_command, [b.date for b in check(events, agreement=load_agreement(pack)).breaches]


def _moncton_dates(tmp_path, write_log) -> tuple[list[str], list[str]]:
    """``_dates_shown`` of the Moncton attacks in a pack in America/Moncton."""
    return _dates_shown(tmp_path, write_log, "America/Moncton", "2000-01-01T00:00:00+00:00", MONCTON_WRITTEN)


def test_a_whole_hour_zone_that_moves_its_clocks_inside_a_utc_hour_shows_each_side_in_its_offset(tmp_path, write_log):
    """In the UTC hours Moncton moved its clocks at 00:01, the minutes after the change show the new offset, not the hour's first."""
    assert _moncton_dates(tmp_path, write_log) == (MONCTON_SHOWN, MONCTON_SHOWN)


@pytest.mark.parametrize(("rule", "offsets"), [("AST4ADT3,M10.1.0/0,M4.1.0/1", (-3, -4)), ("BRT3", (-3, -3))])
def test_dates_show_alike_on_a_machine_whose_own_zone_is_any(tmp_path, write_log, monkeypatch, rule, offsets):
    """On a machine whose own zone (a POSIX TZ rule) repeats the hour in which Moncton moves its clocks, or is -03:00, the same dates show."""
    monkeypatch.setenv("TZ", rule)
    time.tzset()
    try:
        change = datetime(2000, 4, 2, 4, tzinfo=UTC).timestamp()
        assert (time.localtime(change - 1).tm_gmtoff // 3600, time.localtime(change).tm_gmtoff // 3600) == offsets  # the rule took effect
        assert _moncton_dates(tmp_path, write_log) == (MONCTON_SHOWN, MONCTON_SHOWN)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_an_hour_that_begins_before_the_calendar_in_the_packs_zone_shows_its_instants_in_year_1(tmp_path, write_log):
    """St John's was 3:30:52 behind UTC in year 1: the UTC hour 03:00 on 1 January begins in year 0 there, its instants after 03:30:52 in year 1."""
    shown = ["0001-01-01T00:09:08-03:30:52", "0001-01-01T00:19:08-03:30:52"]
    written = ["0001-01-01T03:40:00Z", "0001-01-01T03:50:00Z"]
    assert _dates_shown(tmp_path, write_log, "America/St_Johns", "0001-01-01T03:31:00Z", written) == (shown, shown)
