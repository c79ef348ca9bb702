"""The library under misuse: the package's own documented errors, never a raw TypeError, KeyError or OSError."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType

import pytest

from ceasefire import CeasefireError, Event, LogError, Monitor, UsageError, check, load_agreement
from ceasefire.formats import render

from conftest import HEADER, attack, event

ROOT = Path(__file__).resolve().parent.parent
IN_DOUBT = ROOT / "examples" / "syria-2016-09.jsonl"


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: check(None), UsageError, "a log is a path, a binary stream or an iterable of event mappings, got NoneType"),
        (lambda: check(123), UsageError, "got int"),
        (lambda: check(json.dumps(HEADER).encode()), UsageError, "got bytes"),
        (lambda: check(io.StringIO(json.dumps(HEADER) + "\n")), UsageError, "open the log in binary mode"),
        (lambda: check([], agreement=123), UsageError, "an agreement is a bundled name, a path or an Agreement, got int"),
        (lambda: check(IN_DOUBT, on_breach=5), UsageError, "on_breach must be callable"),
        (lambda: Monitor(None), UsageError, "an agreement is a bundled name, a path or an Agreement, got NoneType"),
        (lambda: load_agreement(None), UsageError, "got NoneType"),
        (lambda: render(check(IN_DOUBT), "nope"), UsageError, "unknown format 'nope' (expected one of: text, json"),
        (lambda: render(None), UsageError, "render() takes a Report"),
    ],
    ids=["none", "int", "bytes", "text-stream", "agreement-123", "on-breach", "monitor-none", "load-none", "render-nope", "render-none"],
)
def test_wrong_arguments_raise_usage_error(call, error, message):
    """Arguments of the wrong kind: UsageError (a CeasefireError) with a message saying what was expected."""
    with pytest.raises(error) as caught:
        call()
    assert message in str(caught.value)
    assert isinstance(caught.value, CeasefireError)


def test_a_closed_file_is_a_usage_error():
    """check() on a closed binary file says so."""
    with open(IN_DOUBT, "rb") as f:
        pass
    with pytest.raises(UsageError, match="the log's stream is closed"):
        check(f)


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"casualties": 10**5000}, "casualties must be a whole number 0 or more, got a number of more than 4300 digits"),
        ({"id": 10**5000}, "id must be a string or a whole number of at most 4300 digits, got a number of more than 4300 digits"),
        ({"location": 5}, "location must be a non-empty string, got 5"),
        ({"location": ["Aleppo"]}, "location must be a non-empty string, got an array"),
    ],
    ids=["huge-casualties", "huge-id", "int-location", "list-location"],
)
def test_bad_event_mappings_raise_log_error(fields, message):
    """A 5,000-digit number or a non-string location handed to the library: LogError at its line."""
    with pytest.raises(LogError, match=message):
        check([attack("2016-09-13T10:00:00+03:00", **fields)], agreement="syria-2016")
    with pytest.raises(LogError, match=message):
        Monitor("syria-2016").feed(attack("2016-09-13T10:00:00+03:00", **fields))


def test_any_mapping_is_accepted_where_a_mapping_is_documented():
    """A read-only mapping works as an event and as a header, in check() and in Monitor.feed()."""
    rows = [MappingProxyType(HEADER), MappingProxyType(attack("2016-09-13T10:00:00+03:00", casualties=60))]
    report = check(rows)
    assert [b.severity for b in report.breaches] == ["critical"]
    found = Monitor("syria-2016").feed(MappingProxyType(attack("2016-09-13T10:00:00+03:00", casualties=60)))
    assert [b.severity for b in found] == ["critical"]


def test_feed_after_finish_is_a_usage_error():
    """Once finish() has said the log is complete, feed() and advance() are refused."""
    monitor = Monitor("syria-2016")
    monitor.feed(event("2016-09-13T10:00:00+03:00", "statement"))
    monitor.finish()
    with pytest.raises(UsageError, match=r"feed\(\) after finish\(\)"):
        monitor.feed(event("2016-09-14T10:00:00+03:00", "statement"))
    with pytest.raises(UsageError, match=r"advance\(\) after finish\(\)"):
        monitor.advance("2016-09-20")


def test_an_event_earlier_than_a_previous_advance_is_a_usage_error():
    """advance() moved the clock: an event before it is refused, and the monitor goes on from where it was."""
    monitor = Monitor("syria-2016")
    monitor.advance("2016-09-16T00:00:00+03:00")
    with pytest.raises(UsageError, match=r"event dated 2016-09-15T10:00:00\+03:00 is earlier than the monitor's clock"):
        monitor.feed(event("2016-09-15T10:00:00+03:00", "statement"))
    assert monitor.feed(attack("2016-09-16T10:00:00+03:00"))[0].line == 2
    assert monitor.states["aid"] == "overdue"


def test_event_objects_go_through_the_same_order_check():
    """An Event fed directly, earlier than the previous event, is refused like a mapping would be."""
    monitor = Monitor("syria-2016")
    monitor.feed(event("2016-09-15T10:00:00+03:00", "statement"))
    early = Event(None, datetime(2016, 9, 13, tzinfo=UTC), None, "statement")
    with pytest.raises(LogError, match="is earlier than line 1"):
        monitor.feed(early)
    with pytest.raises(UsageError, match="aware datetime"):
        monitor.feed(Event(None, datetime(2016, 9, 16), None, "statement"))


def test_callers_receive_breach_records_and_the_run_its_light_ones():
    """on_breach, the report and a Monitor hand out Breach records; check(light=True) the engine's own (Found), equal field by field."""
    from ceasefire import Breach
    from ceasefire.found import Found

    log = Path(__file__).resolve().parent.parent / "examples" / "syria-2016-09.jsonl"
    told: list[object] = []
    light: list[object] = []
    kept = check(log).breaches
    check(log, on_breach=told.append)
    check(log, on_breach=light.append, light=True)
    monitor = Monitor("syria-2016")
    found = [b for n, line in enumerate(log.read_text().splitlines(), 1) if n > 1 and line.strip()
             for b in monitor.feed(json.loads(line), line=n)]
    found += monitor.finish()
    assert len(kept) >= 3 and list(kept) == told == found and all(type(b) is Breach for b in [*kept, *told, *found])
    assert all(type(b) is Found for b in light) and [b.made() for b in light] == told  # type: ignore[attr-defined]
    assert [b.message for b in light] == [b.message for b in told]  # type: ignore[attr-defined]
