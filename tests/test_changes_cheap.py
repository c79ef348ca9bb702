"""A change of state made cheap: its record written straight from its fields, what json.dumps of its to_dict() writes."""

from __future__ import annotations

import json

import attrs
from hypothesis import given
from hypothesis import strategies as st

from ceasefire.formats.jsonl import transition_line
from ceasefire.report import Change

TEXT = st.text(st.characters(codec="utf-8", exclude_categories=()) | st.sampled_from(["\ud800", "\udfff", '"', "\\", "\n"]),
               max_size=12)
MAYBE = st.none() | TEXT
CHANGES = st.builds(Change, provision=TEXT, date=TEXT, before=TEXT, after=TEXT, cause=st.sampled_from(["event", "timer", "start"]),
                    rule=MAYBE, timer=MAYBE, line=st.none() | st.integers(1, 10**9), event_id=MAYBE | st.integers(-10**20, 10**20),
                    event_type=MAYBE, instance=MAYBE)


@given(CHANGES)
def test_a_changes_dict_is_attrs_asdict(change):
    """Change.to_dict, spelt out field by field, gives what attrs.asdict gives: every field, no other."""
    assert change.to_dict() == attrs.asdict(change)
    assert list(change.to_dict()) == [a.name for a in attrs.fields(Change)]


@given(CHANGES, MAYBE, MAYBE)
def test_a_transition_line_is_json_dumps(change, file, anchor):
    """The jsonl transition record written from the fields is, byte for byte, json.dumps of the record with sorted keys."""
    record = {"record": "transition", "file": file, **change.to_dict(), "anchor": anchor}
    assert transition_line(file, change, anchor) == json.dumps(record, sort_keys=True, ensure_ascii=False)


def test_a_value_of_an_unforeseen_kind_is_declined():
    """A list as an event id (no reader makes one) is not the quick path's: TypeError, and the writer falls back to json.dumps."""
    try:
        transition_line("f", Change("p", "d", "a", "b", "event", event_id=["x"]), None)  # type: ignore[arg-type]
    except TypeError:
        return
    raise AssertionError("a float was written by the quick path")


@given(CHANGES, MAYBE, MAYBE, TEXT, st.none() | st.integers(1, 10**9), MAYBE | st.integers(-10**20, 10**20), MAYBE)
def test_a_transition_of_a_shape_met_before_is_json_dumps(change, file, anchor, date, line, event_id, instance):
    """A second change of one shape (its text kept), with another date, line, id, instance and anchor: json.dumps, byte for byte."""
    transition_line(file, change, None)
    again = attrs.evolve(change, date=date, line=line, event_id=event_id, instance=instance)
    record = {"record": "transition", "file": file, **again.to_dict(), "anchor": anchor}
    assert transition_line(file, again, anchor) == json.dumps(record, sort_keys=True, ensure_ascii=False)


def test_a_shape_with_a_value_not_a_string_is_never_kept():
    """An event type of 1, then of True (equal as keys): each declined (TypeError), never written from the other's text."""
    for kind in (1, True, 1):
        try:
            transition_line("f", Change("p", "d", "a", "b", "event", event_type=kind), None)  # type: ignore[arg-type]
        except TypeError:
            continue
        raise AssertionError(f"{kind!r} as an event type was written by the quick path")


def test_a_change_told_to_jsonl_before_any_log_begins_is_its_plain_transition_record():
    """A change told to the JSON Lines format with no log begun (no tracker: no anchor) is written as its record, file and all."""
    import io

    from ceasefire.formats.jsonl import Output

    out = io.StringIO()
    fmt = Output(out)
    change = Change("truce", "2020-01-02T00:00:00Z", "holding", "violated", "event", rule="attack", line=2, event_id="e1",
                    event_type="attack")
    fmt.change(change, "a.jsonl")
    fmt.change(change)
    record = {"record": "transition", "file": "a.jsonl", **attrs.asdict(change), "anchor": None}
    lines = out.getvalue().splitlines()[1:]
    assert lines == [json.dumps(r, sort_keys=True, ensure_ascii=False) for r in (record, {**record, "file": None})]


def test_an_events_change_with_a_value_of_an_unforeseen_kind_is_written_the_standard_way_in_its_log():
    """A change of a begun log whose event id is of no usual kind is written by the standard encoding, still naming its file."""
    import io

    from ceasefire import load_agreement
    from ceasefire.formats.jsonl import Output

    out = io.StringIO()
    fmt = Output(out)
    fmt.begin("a.jsonl", load_agreement("syria-2016"))
    change = Change("cessation", "2016-09-12T19:00:00+03:00", "pending", "in_force", "event", rule="r", line=2,
                    event_id=("x",), event_type="attack")  # type: ignore[arg-type]
    fmt.change(change, "a.jsonl")
    record = json.loads(out.getvalue().splitlines()[-1])
    assert record == {"record": "transition", "file": "a.jsonl", **attrs.asdict(change), "event_id": ["x"], "anchor": None}
