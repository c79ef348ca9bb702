"""The optional facts of a log line: each refusal's exact message and line, the periods of time_precision, clashes."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import HEADER, attack, event, write_pack

from ceasefire import LogError, check, load_agreement

NOON = "2016-09-13T12:00:00+03:00"


def refusal(**fields: object) -> str:
    """The LogError a statement carrying ``fields`` gets, as line 2 of a Syria log."""
    with pytest.raises(LogError) as caught:
        check([HEADER, event(NOON, "statement", **fields)])
    return str(caught.value)


# -- numbers, names, standing, place ----------------------------------------------------------------


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"count": 0}, "count must be a whole number 1 or more, got 0"),
        ({"count": True}, "count must be a whole number 1 or more, got True"),
        ({"killed": -1}, "killed must be a whole number 0 or more, got -1"),
        ({"injured": "3"}, "injured must be a whole number 0 or more, got '3'"),
        ({"verification": "rumour"}, "verification must be one of verified, reported, claimed, disputed, unverifiable, got 'rumour'"),
        ({"verification": 5}, "verification must be one of verified, reported, claimed, disputed, unverifiable, got 5"),
        ({"latitude": 90.5, "longitude": 0}, "latitude must be a number from -90 to 90, got 90.5"),
        ({"latitude": -90.5, "longitude": 0}, "latitude must be a number from -90 to 90, got -90.5"),
        ({"latitude": "1", "longitude": 2}, "latitude must be a number from -90 to 90, got '1'"),
        ({"latitude": 1, "longitude": 180.5}, "longitude must be a number from -180 to 180, got 180.5"),
        ({"latitude": 1, "longitude": -180.5}, "longitude must be a number from -180 to 180, got -180.5"),
        ({"latitude": 1}, "latitude and longitude go together: give both or neither"),
        ({"longitude": 1}, "latitude and longitude go together: give both or neither"),
        ({"time_precision": "decade"}, "time_precision must be one of day, week, month, year, got 'decade'"),
    ],
)
def test_a_bad_fact_is_refused_at_its_line_with_what_it_got(fields, message):
    """Counts, tolls, verification, coordinates and precision: `<events>:2: message`, naming the value given."""
    assert refusal(**fields) == f"<events>:2: {message}"


def test_zero_counts_and_the_edges_of_the_globe_are_accepted():
    """killed = 0, count = 1 and coordinates exactly on the poles and the date line are valid facts."""
    for fields in ({"killed": 0, "injured": 0, "count": 1}, {"latitude": -90, "longitude": -180}, {"latitude": 90, "longitude": 180}):
        assert check([HEADER, event(NOON, "statement", **fields)]).counts.events == 1, fields


@pytest.mark.parametrize("name", ["claimed_by", "party", "country", "admin1", "admin2", "url", "until"])
@pytest.mark.parametrize("value, shown", [("", "''"), (7, "7"), (["x"], "['x']")])
def test_a_text_fact_must_be_a_non_empty_string(name, value, shown):
    """Each text fact, empty or of another type, is refused by name."""
    assert refusal(**{name: value}) == f"<events>:2: {name} must be a non-empty string, got {shown}"


@pytest.mark.parametrize(
    "value, shown",
    [("x" * 37, "'" + "x" * 37 + "'"), ("x" * 38, "'" + "x" * 38 + "'"), ("x" * 39, "'" + "x" * 36 + "...")],
)
def test_a_refused_text_is_quoted_whole_up_to_forty_characters(value, shown):
    """A value is quoted whole up to 40 characters, then cut at 37 with '...'."""
    assert refusal(verification=value) == f"<events>:2: verification must be one of verified, reported, claimed, disputed, unverifiable, got {shown}"


@pytest.mark.parametrize(
    "value, shown",
    [(["a", "b", "c"], "['a', 'b', 'c']"), (["a", "b", "c", "d"], "an array"), ({"a": 1}, "an object"), (["a" * 20, "b" * 20, "c"], "['" + "a" * 20 + "', '" + "b" * 11 + "...")],
)
def test_a_refused_list_is_shown_whole_up_to_three_items(value, shown):
    """A short list is shown as written (cut at 40 characters); a longer one, or an object, by its kind."""
    assert refusal(sides=value) == f"<events>:2: sides must be a list of two ids, got {shown}"


@pytest.mark.parametrize("value", [{"a": 1}, ["verified"]])
def test_an_object_as_verification_is_refused_with_a_message(value):
    """verification = {...} is a bad line like any other, not a traceback."""
    assert refusal(verification=value).startswith("<events>:2: verification must be one of")


# -- sides of a clash --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"sides": ["a"]}, "sides must be a list of two ids, got ['a']"),
        ({"sides": "ab"}, "sides must be a list of two ids, got 'ab'"),
        ({"sides": ["a", ""]}, "sides must be a list of two ids, got ['a', '']"),
        ({"sides": ["a", 3]}, "sides must be a list of two ids, got ['a', 3]"),
        ({"sides": {"a": 1}}, "sides must be a list of two ids, got an object"),
        ({"sides": ["a", "b"], "actor": "sy-gov"}, "a clash names its two sides and blames neither: give 'sides' or 'actor'/'target', not both"),
        ({"sides": ["a", "b"], "target": "sy-gov"}, "a clash names its two sides and blames neither: give 'sides' or 'actor'/'target', not both"),
    ],
)
def test_bad_sides_are_refused(fields, message):
    """Sides are a list of two non-empty ids, and a clash names no actor or target."""
    assert refusal(**fields) == f"<events>:2: {message}"


CLASH = """
[provisions.truce]
states = ["holding", "settled"]
initial = "holding"
transitions = [{ trigger = "settle", source = "holding", dest = "settled" }]

[[provisions.truce.timers]]
id = "quiet"
kind = "calm"
states = ["holding"]
after = "48h"
trigger = "settle"

[[rules]]
id = "fight"
provision = "truce"
types = ["attack.*"]
severity = "minor"
party = "actor"
clash = "CLASH"
"""


def clash_pack(tmp_path: Path, clash: str):
    """A one-provision pack whose attack rule counts a clash as ``clash`` says."""
    return load_agreement(write_pack(tmp_path, CLASH.replace("CLASH", clash), name=f"{clash}.toml"))


def test_a_clash_counted_both_ways_blames_each_side(tmp_path):
    """clash = "both": a clash between a and b is two breaches, one on a (against b) and one on b (against a), which restart the calm."""
    report = check([event("2020-01-02T10:00:00Z", "attack.ground", sides=["a", "b"])], agreement=clash_pack(tmp_path, "both"), as_of="2020-01-05")
    assert [(b.party, b.actor, b.target, b.uncertain) for b in report.breaches] == [("a", "a", "b", False), ("b", "b", "a", False)]
    assert [c.date for c in report.history if c.after == "settled"] == ["2020-01-04T10:00:00+00:00"]


def test_an_attack_with_facts_but_no_sides_is_one_breach_under_a_clash_rule(tmp_path):
    """clash = "both" only splits clashes: an attack by a with a toll is one breach, on a."""
    report = check([event("2020-01-02T10:00:00Z", "attack.ground", actor="a", target="b", killed=2)], agreement=clash_pack(tmp_path, "both"))
    assert [(b.party, b.killed) for b in report.breaches] == [("a", 2)]


def test_a_clash_counted_neither_way_is_no_breach(tmp_path):
    """clash = "neither": a clash between a and b breaks nothing and leaves the calm running; an attack by a still breaks it."""
    pack = clash_pack(tmp_path, "neither")
    clash = event("2020-01-02T10:00:00Z", "attack.ground", sides=["a", "b"])
    assert [c.date for c in check([clash], agreement=pack, as_of="2020-01-05").history if c.after == "settled"] == ["2020-01-03T00:00:00+00:00"]
    report = check([clash, event("2020-01-02T11:00:00Z", "attack.ground", actor="a")], agreement=pack)
    assert [(b.party, b.line) for b in report.breaches] == [("a", 2)]


# -- time_precision and intervals --------------------------------------------------------------------


@pytest.mark.parametrize(
    "date, precision, shown",
    [
        ("2016-11-10", "month", "2016-11-01T00:00:00+02:00/2016-11-30T23:59:59.999999+02:00"),
        ("2021-02-10", "month", "2021-02-01T00:00:00+02:00/2021-02-28T23:59:59.999999+02:00"),
        ("2016-12-31", "month", "2016-12-01T00:00:00+02:00/2016-12-31T23:59:59.999999+02:00"),
        ("2016-11-10", "year", "2016-01-01T00:00:00+02:00/2016-12-31T23:59:59.999999+02:00"),
        ("2016-10-01T01:00:00+03:00", "month", "2016-10-01T00:00:00+03:00/2016-10-31T23:59:59.999999+02:00"),
        ("2016-10-02T01:00:00+03:00", "week", "2016-09-26T00:00:00+03:00/2016-10-02T23:59:59.999999+03:00"),
    ],
)
def test_a_precision_is_the_calendar_period_around_the_date_in_the_packs_zone(date, precision, shown):
    """The month or year around a date, in Damascus time (a timed date counts by its local day): the breach is dated as that period."""
    report = check([HEADER, attack(date, time_precision=precision)])
    assert [b.date for b in report.breaches if b.rule == "attack"] == [shown]


@pytest.mark.parametrize(
    "date, shown",
    [
        ("2016-09-13T10:00:00Z/10:45", "2016-09-13T13:00:00+03:00/2016-09-13T13:45:00+03:00"),
        ("2016-09-13T10:00:00/10:45", "2016-09-13T10:00:00+03:00/2016-09-13T10:45:00+03:00"),
    ],
)
def test_a_time_alone_ends_an_interval_in_the_offset_of_its_start(date, shown):
    """``10:00Z/10:45`` ends at 10:45 UTC; with no offset both ends are Damascus time."""
    (breach,) = check([HEADER, attack(date)]).breaches
    assert breach.date == shown


@pytest.mark.parametrize(
    "fields, shown",
    [
        ({"date": "2016-09-13T10:00:00/10:00"}, "2016-09-13T10:00:00+03:00/2016-09-13T10:00:00+03:00"),
        ({"date": "2016-09-13T10:00:00+03:00", "time_precision": "day"}, "2016-09-13T10:00:00+03:00"),
        ({"date": "2016-09-13", "date_end": "2016-09-14", "time_precision": "day"}, "2016-09-13T00:00:00+03:00/2016-09-14T23:59:59.999999+03:00"),
        ({"date": "2016-09-13T10:00:00", "date_end": "2016-09-13T12:00:00"}, "2016-09-13T10:00:00+03:00/2016-09-13T12:00:00+03:00"),
        ({"date": "2016-09-30T23:30:00", "time_precision": "month"}, "2016-09-01T00:00:00+03:00/2016-09-30T23:59:59.999999+03:00"),
    ],
    ids=["zero-length", "day-precision-is-a-point", "day-precision-beside-date_end", "naive-ends", "naive-month"],
)
def test_the_ways_of_giving_a_time_agree(fields, shown):
    """An interval of no length, a precision of a day (alone or beside date_end), times with no offset (Damascus time): each dated as written."""
    row = {"type": "attack.airstrike", "actor": "sy-gov", "target": "opposition", **fields}
    assert [b.date for b in check([HEADER, row]).breaches if b.rule == "attack"] == [shown]


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"date": "2016-09-14", "date_end": "2016-09-13"}, "the interval ends before it starts ('2016-09-14' to '2016-09-13')"),
        ({"date": "2016-09-14T10:00:00/09:00"}, "the interval ends before it starts ('2016-09-14T10:00:00/09:00' to '2016-09-14T10:00:00/09:00')"),
        ({"date": "2016-09-13", "date_end": "2016-09-14", "time_precision": "week"},
         "give a time interval one way only: 'date' as an interval, 'date_end', or 'time_precision'"),
        ({"date": "2016-09-13/10:45"}, "invalid date '2016-09-13/10:45': expected ISO 8601, e.g. 2016-09-17 or 2016-09-17T14:00:00+03:00, "
                                       "or an interval such as 2016-09-14T18:00/18:45"),
    ],
    ids=["date_end-first", "time-before-start", "two-ways", "time-after-a-bare-date"],
)
def test_an_impossible_interval_is_refused_with_what_was_given(fields, message):
    """An interval that ends first, one given two ways, or a time alone after a bare date: `<events>:2: message`."""
    with pytest.raises(LogError) as caught:
        check([HEADER, {"type": "statement", **fields}])
    assert str(caught.value) == f"<events>:2: {message}"

