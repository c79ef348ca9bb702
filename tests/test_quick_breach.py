"""A breach's quick way through the output side (a plain breach of a known shape written, tracked and tallied in one go),
pinned against the standard way: the same bytes, the same tallies, the same explanations."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from conftest import HEADER, cli
from hypothesis import given, settings
from hypothesis import strategies as st

from ceasefire.found import found_of
from ceasefire.tally import Tally

ACTORS = ["sy-gov", "ru", "opposition", "isil"]
TARGETS = ["opposition", "isil", "sy-gov", "civilians"]
START = datetime(2016, 9, 12, tzinfo=timezone(timedelta(hours=3)))


@st.composite
def logs(draw):  # type: ignore[no-untyped-def]
    """A Syria log of attacks and a few other events over a few days: most breaches plain, some not (no toll, killed,
    injured, a count, no id or a number for one, an uncertain date, a claim), some events breaking two rules."""
    lines, minute = [json.dumps(HEADER)], 0
    for i in range(draw(st.integers(1, 40))):
        minute = min(minute + draw(st.sampled_from([0, 1, 7, 300, 1440, 5000])), 17 * 1440)
        date = (START + timedelta(minutes=minute)).isoformat()
        event = {"date": date, "type": draw(st.sampled_from(["attack.airstrike", "attack.shelling", "aid.convoy_attacked"])),
                 "actor": draw(st.sampled_from(ACTORS)), "target": draw(st.sampled_from(TARGETS)), "location": "Aleppo"}
        ident = draw(st.sampled_from(["s", "s", "s", "none", "int"]))
        if ident != "none":
            event["id"] = f"ev-{i}" if ident == "s" else i
        toll = draw(st.sampled_from(["n", "n", "n", "none", "killed", "injured", "count"]))
        if toll != "none":
            event["casualties"] = draw(st.integers(0, 30))
        if toll in ("killed", "injured"):
            event[toll] = draw(st.integers(0, 9))
        if toll == "count":
            event["count"] = draw(st.integers(1, 4))
        if draw(st.integers(0, 9)) == 0:
            event["verification"] = "claimed"
        lines.append(json.dumps(event))
    return "\n".join(lines) + "\n"


def _checked(tmp_path, text: str, quick: bool, *more: str, format: str = "jsonl") -> str:
    from ceasefire.formats import encode, jsonl
    from ceasefire.formats import json as document

    log = tmp_path / "quick.jsonl"
    log.write_text(text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as m:
        for kept in ("_SHAPES", "_PLAIN", "_NAMED"):  # the shapes another test kept (a process keeps the first 64)
            m.setattr(encode, kept, {})
        if not quick:
            m.setattr(jsonl, "_MOST_SHAPES", 0)  # no shape kept: every breach the standard way
            m.setattr(document, "_MOST_SHAPES", 0)
        result = cli("check", log, "--format", format, "--fail-on", "never", *more)
    assert result.exit_code in (0, 1), result.output
    return result.stdout


@settings(max_examples=40, deadline=None)
@given(logs())
def test_a_log_checked_the_quick_way_is_written_as_the_standard_way_writes_it(tmp_path_factory, text):
    """Every line of a JSON Lines report (each breach, the log's record with its tally and the status's cause) is the same
    with the quick way for plain breaches as without it."""
    tmp_path = tmp_path_factory.mktemp("quick")
    quick = _checked(tmp_path, text, True)
    assert quick == _checked(tmp_path, text, False)


@settings(max_examples=30, deadline=None)
@given(logs())
def test_a_json_document_checked_the_quick_way_is_written_as_the_standard_way_writes_it(tmp_path_factory, text):
    """The JSON document (each kept breach's block, read back from its packed record, then the rest) is the same with the
    quick way for plain blocks as without it."""
    tmp_path = tmp_path_factory.mktemp("quick")
    quick = _checked(tmp_path, text, True, format="json")
    assert quick == _checked(tmp_path, text, False, format="json")


def test_the_quick_way_is_taken_and_agrees_on_a_log_of_plain_breaches(tmp_path, monkeypatch):
    """A log whose breaches are plain and of a few shapes takes the quick way (the shapes are kept) and writes what the standard
    way does: the breaches, and the log's record, whose cause of the status names the breach that violated the truce again
    after a calm (a quick one), and since when the log is fragile."""
    from ceasefire.formats import json as document
    from ceasefire.formats import jsonl

    events = [{"date": f"2016-09-{(13, 14, 18)[i // 30]}T10:{i % 30:02d}:00+03:00", "type": "attack.airstrike", "actor": "sy-gov",
               "target": "opposition", "casualties": 12 if i % 30 == 5 else i % 4, "id": f"e{i}"} for i in range(90)]
    events.append({"date": "2016-09-20T12:00:00+03:00", "type": "attack.airstrike", "actor": "sy-gov", "target": "isil"})
    text = "\n".join([json.dumps(HEADER), *map(json.dumps, events)]) + "\n"
    taken = []
    made = jsonl.Output.begin

    def begin(self, file, agreement):  # type: ignore[no-untyped-def]
        made(self, file, agreement)
        taken.append(self._followed[file][2])

    monkeypatch.setattr(jsonl.Output, "begin", begin)
    quick = _checked(tmp_path, text, True)
    assert taken and any(taken[0].values())  # a shape kept, its plain breaches written from it
    assert quick == _checked(tmp_path, text, False)
    assert quick.count('"record": "breach"') >= 90
    from ceasefire.formats import keptblocks

    standard = []
    made_block = keptblocks.finding_block
    monkeypatch.setattr(keptblocks, "finding_block", lambda *args: standard.append(args) or made_block(*args))
    quick = _checked(tmp_path, text, True, format="json")
    assert len(standard) < 10  # most blocks written from their record's head's text
    assert quick == _checked(tmp_path, text, False, format="json")


def test_a_tally_counts_a_plain_breach_told_in_place_as_add_counts_it():
    """``Tally.plain`` counts a plain breach of the last breach's day and party as ``add`` does, and refuses (counting nothing)
    any other, per day and per week."""
    from test_tally import _plain_and_not

    breaches = [found_of(b) for b in _plain_and_not()]
    for per in ("day", "week"):
        tally = Tally(per)
        for b in breaches:
            plain = (b.kind == "event" and type(b.line) is int and b.alleged is False and type(b.count) is int and b.count > 0
                     and type(b.casualties) is int and b.killed is None and b.injured is None)
            if not (plain and tally.plain(b.severity, b.date, b.party, b.line, b.count, b.casualties)):
                tally.add(b)
        assert tally.to_dict() == Tally(per, breaches).to_dict()
    refused = Tally("day")
    refused.add(breaches[0])
    before = refused.to_dict()
    assert not refused.plain("minor", "2016-09-14T10:00:00+03:00", "sy-gov", 40, 1, 1)  # another day
    assert not refused.plain("minor", "2016-09-13T10:00:00+03:00", "opposition", 40, 1, 1)  # another party
    assert refused.to_dict() == before
    weekly = Tally("week")
    weekly.add(breaches[0])
    assert not weekly.plain("minor", breaches[0].date, "sy-gov", 40, 1, 1)
