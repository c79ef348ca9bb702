"""A breach's quick way through the output side (a plain breach of a known shape written, tracked and tallied in one go),
pinned against the standard way: the same bytes, the same tallies, the same explanations."""

from __future__ import annotations

import json
from pathlib import Path
from datetime import datetime, timedelta, timezone

import pytest
from conftest import HEADER, cli
from hypothesis import given, settings
from hypothesis import strategies as st

from ceasefire.found import Found, found_of
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
            m.setattr(jsonl.Output, "lane", lambda self, file: None)
            m.setattr(document, "_MOST_SHAPES", 0)
        result = cli("check", log, "--format", format, "--fail-on", "never", *more)
    assert result.exit_code in (0, 1), result.output
    return result.stdout


@settings(max_examples=40, deadline=None)
@given(logs())
def test_a_log_checked_the_quick_way_is_written_as_the_standard_way_writes_it(tmp_path_factory, text):
    """Every line of a JSON Lines report is the same with the quick way for plain breaches as without it."""
    # Each breach, the log's record with its tally and the status's cause.
    tmp_path = tmp_path_factory.mktemp("quick")
    quick = _checked(tmp_path, text, True)
    assert quick == _checked(tmp_path, text, False)


@settings(max_examples=30, deadline=None)
@given(logs())
def test_a_json_document_checked_the_quick_way_is_written_as_the_standard_way_writes_it(tmp_path_factory, text):
    """The JSON document is the same with the quick way for plain blocks as without it."""
    # Each kept breach's block, read back from its packed record, then the rest.
    tmp_path = tmp_path_factory.mktemp("quick")
    quick = _checked(tmp_path, text, True, format="json")
    assert quick == _checked(tmp_path, text, False, format="json")


def test_the_quick_way_is_taken_and_agrees_on_a_log_of_plain_breaches(tmp_path, monkeypatch):
    """A log of plain breaches of a few shapes takes the quick way and writes what the standard way does."""
    # The shapes are kept; the breaches, and the log's record, whose cause of the status names the breach that violated the truce
    # again after a calm (a quick one), and since when the log is fragile.
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
    """``Tally.plain`` counts a plain breach of the last day and party as ``add`` does, and refuses any other."""
    # What it refuses, it counts nothing of; per day and per week.
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


def _outcome(tmp_path, text: str, quick: bool, *more: object) -> tuple[str, str, int]:
    from ceasefire.formats import encode, jsonl

    log = tmp_path / "lane.jsonl"
    log.write_text(text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as m:
        for kept in ("_SHAPES", "_PLAIN", "_NAMED"):
            m.setattr(encode, kept, {})
        if not quick:
            m.setattr(jsonl, "_MOST_SHAPES", 0)
            m.setattr(jsonl.Output, "lane", lambda self, file: None)  # no lane: every breach a Finding, told to breach
        result = cli("check", log, "--format", "jsonl", *more)
    return result.stdout, result.stderr, result.exit_code


@settings(max_examples=25, deadline=None)
@given(logs(), st.sampled_from(["minor", "major", "critical"]), st.booleans(), st.integers(0, 20), st.booleans())
def test_the_lane_judges_counts_and_exits_as_the_standard_way(tmp_path_factory, text, fail_on, alleged, known, first):
    """With a breach's lane, the report, the summary and the exit code are those of the standard way."""
    # The lane: jsonl alone, a plain breach written from its shape, no Finding made. The summary is the one on standard error;
    # whatever fails the run and whatever a baseline knows.
    tmp_path = tmp_path_factory.mktemp("lane")
    baseline = tmp_path / "baseline.json"
    lines = text.splitlines(keepends=True)
    known_lines = lines[1:1 + known] if first else lines[1 + known:]  # the first few breaches known, or those after them
    (tmp_path / "lane.jsonl").write_text(lines[0] + "".join(known_lines), encoding="utf-8")
    assert cli("check", tmp_path / "lane.jsonl", "--write-baseline", baseline, "--fail-on", "never").exit_code == 0
    more = ("--fail-on", fail_on, "--fail-on-alleged" if alleged else "--no-fail-on-alleged", "--baseline", baseline)
    assert _outcome(tmp_path, text, True, *more) == _outcome(tmp_path, text, False, *more)


def test_the_lane_is_taken_for_jsonl_alone_and_not_beside_a_kept_format(tmp_path, monkeypatch):
    """The lane is taken for jsonl alone; beside a format that keeps the findings, every breach is a ``Finding``."""
    # ``check -f jsonl`` hands a plain breach of a kept shape to the format's lane (``Output.lane``) and counts it as failing;
    # beside json, every breach is a ``Finding`` told to ``breach``, and written the same.
    from ceasefire.formats import jsonl

    events = [{"date": f"2016-09-13T10:{i:02d}:00+03:00", "type": "attack.airstrike", "actor": "sy-gov", "target": "opposition",
               "casualties": i % 3, "id": f"e{i}"} for i in range(30)]
    text = "\n".join([json.dumps(HEADER), *map(json.dumps, events)]) + "\n"
    taken = []
    made = jsonl.lane_of

    def lane(*args):  # type: ignore[no-untyped-def]
        plain, flush = made(*args)
        return (lambda b, mark, shape: taken.append(mark) or plain(b, mark, shape)), flush

    monkeypatch.setattr(jsonl, "lane_of", lane)
    alone = _outcome(tmp_path, text, True)
    assert len(set(taken)) == len(taken) == 29 and all(len(mark) == 20 for mark in taken)  # all but the first, which keeps its shape
    assert alone[2] == 1 and "30 breaches (30 failing)" in alone[1]
    taken.clear()
    from ceasefire.formats import encode

    for kept in ("_SHAPES", "_PLAIN", "_NAMED"):  # the shapes another test kept (a process keeps the first 64)
        monkeypatch.setattr(encode, kept, {})
    out = tmp_path / "report.jsonl"
    beside = cli("check", tmp_path / "lane.jsonl", "--format", "json", "--report", f"jsonl:{out}")
    breaches = [line for line in alone[0].splitlines() if '"record": "breach"' in line]
    assert [line for line in out.read_text(encoding="utf-8").splitlines() if '"record": "breach"' in line] == breaches
    assert beside.exit_code == 1 and len(taken) == 29  # each told to breach, which takes the lane once the shape is kept


@pytest.mark.parametrize("first", [True, False])
def test_breaches_a_baseline_knows_are_known_and_pass_whichever_the_lane_has_seen(tmp_path, first):
    """Breaches a baseline knows are known and pass, whether the lane has kept their shape yet or not."""
    # Plain breaches of one shape, the baseline knowing the first seven (before the lane keeps the shape) or the last seven
    # (after): those are written as known and do not fail the run, the others fail it, as without the lane.
    events = [{"date": f"2016-09-13T10:{i:02d}:00+03:00", "type": "attack.airstrike", "actor": "sy-gov", "target": "opposition",
               "casualties": i, "id": f"e{i}", "location": "Aleppo"} for i in range(14)]
    lines = [json.dumps(HEADER) + "\n", *(json.dumps(e) + "\n" for e in events)]
    (tmp_path / "lane.jsonl").write_text("".join(lines[:1] + (lines[1:8] if first else lines[8:])), encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    assert cli("check", tmp_path / "lane.jsonl", "--write-baseline", baseline, "--fail-on", "never").exit_code == 0
    quick = _outcome(tmp_path, "".join(lines), True, "--baseline", baseline)
    assert quick == _outcome(tmp_path, "".join(lines), False, "--baseline", baseline)
    known = [json.loads(line)["known"] for line in quick[0].splitlines() if '"record": "breach"' in line]
    assert known == [first] * 7 + [not first] * 7
    assert quick[2] == 1 and "14 breaches (7 failing, 7 known)" in quick[1]


def test_an_event_breaking_two_rules_of_one_party_is_one_incident_in_the_lane(tmp_path):
    """An event breaking two plain rules of one party is two breaches and one incident in the lane's tally."""
    # Runs of one day and party included, as the standard way does.
    pack = Path(__file__).parent / "fixtures" / "two-rules.toml"
    events = [{"date": f"2021-03-{13 + i // 40}T10:{i % 40:02d}:00+01:00", "type": "attack.shelling", "actor": "ab"[i % 7 == 3],
               "target": "ba"[i % 7 == 3], "casualties": i % 5, "id": f"e{i}"} for i in range(80)]
    text = "".join(json.dumps(e) + "\n" for e in events)
    quick = _outcome(tmp_path, text, True, "--agreement", pack)
    assert quick == _outcome(tmp_path, text, False, "--agreement", pack)
    tally = next(json.loads(line) for line in quick[0].splitlines() if '"record": "log"' in line)["tally"]
    assert [(p["party"], p["breaches"], p["incidents"]) for p in tally["parties"]] == [("a", 138, 69), ("b", 22, 11)]
    assert [(row["day"], row["party"], row["incidents"]) for row in tally["periods"]] == [
        ("2021-03-13", "a", 34), ("2021-03-13", "b", 6), ("2021-03-14", "a", 35), ("2021-03-14", "b", 5)]


def test_runs_of_one_shape_across_days_and_changes_explain_the_status_as_the_standard_way(tmp_path):
    """Runs of one shape across days and changes explain the status as the standard way does."""
    # A run of plain breaches of one shape over several days (each day's first out of the last span of fragility, which it makes
    # last longer) broken by a critical attack that puts the truce in doubt twice: the status's cause, since when the log is
    # fragile and each provision's story.
    def attack(day: int, hour: int, minute: int, toll: int) -> dict[str, object]:
        return {"date": f"2016-09-{day}T{hour:02d}:{minute:02d}:00+03:00", "type": "attack.airstrike", "actor": "sy-gov",
                "target": "opposition", "casualties": toll, "id": f"e{day}-{hour}-{minute}"}

    events = [attack(13, 10, m, m % 4) for m in range(0, 30, 3)] + [attack(13, 11, 0, 60)]
    events += [attack(13, 11, m, m % 3) for m in range(10, 50, 5)] + [attack(15, 9, m, 1) for m in range(0, 40, 4)]
    events += [attack(17, 12, 0, 70)] + [attack(17, 18, m, 2) for m in range(0, 20, 2)] + [attack(20, 8, 0, 1)]
    text = "\n".join([json.dumps(HEADER), *map(json.dumps, events)]) + "\n"
    quick = _outcome(tmp_path, text, True)
    assert quick == _outcome(tmp_path, text, False)
    assert quick[0].count('"record": "transition"') >= 4


def _lane_and_standard(told: list[object]):  # type: ignore[no-untyped-def]
    """A jsonl Output told ``told`` (Found breaches, each through its lane once its shape is kept, and Changes) and a tracker
    and tally told the same the standard way, one by one."""
    import io

    from ceasefire.formats import encode, jsonl
    from ceasefire.found import STRINGS
    from ceasefire.packs import load_agreement
    from ceasefire.report import Change
    from ceasefire.tracker import Tracker
    from ceasefire.verdicts import Finding

    agreement = load_agreement("syria-2016")
    out = jsonl.Output(io.StringIO())
    out.begin("runs.jsonl", agreement)
    lane, shape_of = out.lane("runs.jsonl")
    tracker, tally = Tracker(agreement), Tally("day")
    with pytest.MonkeyPatch.context() as m:
        for kept in ("_SHAPES", "_PLAIN", "_NAMED"):
            m.setattr(encode, kept, {})
        for i, item in enumerate(told):
            if isinstance(item, Change):
                out.change(item, "runs.jsonl")
                tracker.change(item)
                continue
            mark, shape = f"{i:020x}", shape_of(STRINGS(item))
            if not (shape and lane(item, mark, shape)):
                out.breach("runs.jsonl", Finding(item, mark))
            tracker.breach(item)
            tally.add(item)
    out._flushes["runs.jsonl"]()
    return out._followed["runs.jsonl"][:2], (tracker, tally)


def test_a_lane_s_runs_leave_the_tracker_and_the_tally_as_breaches_told_one_by_one(tmp_path):
    """A lane's runs, once handed over, leave the jsonl tracker and tally as telling each breach does."""
    # Runs over days, each day's first out of the last span of fragility; the breaches of a new shape or a change ending them.
    from ceasefire.report import Change

    def attack(day: int, hour: int, minute: int, toll: int, target: str = "opposition") -> Found:
        return Found("cessation", "attack", "event", "minor" if toll < 10 else "major", f"2016-09-{day}T{hour:02d}:{minute:02d}:00+03:00",
                     "sy-gov", day * 1000 + hour * 60 + minute, f"e{day}-{hour}-{minute}", False, "attack.airstrike", "sy-gov",
                     target, "Aleppo", toll, None, "attack during the cessation of hostilities", None, None, 1, None, "reported",
                     None, False, None, None)

    told: list[object] = [attack(13, 10, m, m % 4) for m in range(0, 30, 3)]
    told += [attack(13, 10, 40, 12), Change("cessation", "2016-09-13T10:40:00+03:00", "in_force", "violated", "event",
                                             rule="attack", line=13640, event_id="e13-10-40")]
    told += [attack(13, 11, m, 1, "civilians") for m in range(0, 9, 3)] + [attack(16, 9, m, 2) for m in range(0, 40, 4)]
    told += [Change("cessation", "2016-09-16T09:36:00+03:00", "violated", "violated", "event", rule="attack", line=16576,
                    event_id="e16-9-36")]  # caused by the run's last breach
    def convoy(day: int, hour: int) -> Found:
        return attack(day, hour, 0, 4)._replace(provision="aid", rule="convoy-attacked", severity="critical", target="convoy")

    told.insert(3, convoy(13, 10))  # its shape kept: the second goes through the lane, ending a run
    told += [attack(19, 12, m, 3) for m in range(3)] + [convoy(19, 13), Change("aid", "2016-09-19T13:00:00+03:00", "attacked",
                                                                               "attacked", "event", rule="convoy-attacked", line=19780)]
    told += [attack(23, 8, 0, 1), attack(23, 8, 5, 1)]
    # one run over a day's end and four days without a breach (a new span), then the same day in another offset
    told += [attack(26, 23, 58, 2), attack(26, 23, 59, 2), attack(30, 0, 1, 2), attack(30, 0, 2, 2)]
    told += [attack(30, 0, 3, 2)._replace(date="2016-09-30T00:03:00+02:00"), attack(30, 1, 5, 2)]
    (tracker, tally), (standard, counted) = _lane_and_standard(told)
    assert tally.to_dict() == counted.to_dict()
    for name in ("_recent", "_linked", "_faded", "_last"):
        assert getattr(tracker, name) == getattr(standard, name), name
    assert (tracker.fading.last, tracker.fading.pending) == (standard.fading.last, standard.fading.pending)


@settings(max_examples=20, deadline=None)
@given(logs(), st.sampled_from(["minor", "major", "never"]), st.booleans(), st.integers(0, 20), st.booleans(),
       st.sampled_from(["json", "text", "sarif", "gitlab", "junit", "markdown"]))
def test_a_document_no_format_hears_breaches_for_is_the_one_each_finding_makes(tmp_path_factory, text, fail_on, alleged, known, first,
                                                                              format):
    """With only a document format, breaches kept packed from their parts give the document each ``Finding`` would."""
    # None told of each breach as it comes: each recorded breach is judged, tallied and kept packed from its parts, no ``Finding``
    # made; the document, the summary and the exit code are those of a run where a second format hears every breach, whatever
    # fails the run and whatever a baseline knows.
    tmp_path = tmp_path_factory.mktemp("unheard")
    log, baseline, beside = tmp_path / "unheard.jsonl", tmp_path / "baseline.json", tmp_path / "beside.jsonl"
    lines = text.splitlines(keepends=True)
    log.write_text(lines[0] + "".join(lines[1:1 + known] if first else lines[1 + known:]), encoding="utf-8")
    assert cli("check", log, "--write-baseline", baseline, "--fail-on", "never").exit_code == 0
    log.write_text(text, encoding="utf-8")
    more = ("--fail-on", fail_on, "--fail-on-alleged" if alleged else "--no-fail-on-alleged", "--baseline", baseline)
    alone = cli("check", log, "-f", format, *more)
    heard = cli("check", log, "-f", format, "--report", f"jsonl:{beside}", *more)
    assert (alone.stdout, alone.stderr, alone.exit_code) == (heard.stdout, heard.stderr, heard.exit_code)


def test_a_run_hears_breaches_only_when_a_format_is_told_of_each(monkeypatch, tmp_path):
    """A run makes each breach a ``Finding`` and tells it only when a format (jsonl) is told of each breach."""
    # ``json`` alone is told of no breach as it comes (its findings kept packed straight from the engine's records).
    from ceasefire.verdicts import LogResult

    made = []
    add = LogResult.add
    monkeypatch.setattr(LogResult, "add", lambda self, *args: made.append(args[0]) or add(self, *args))
    events = [{"date": f"2016-09-13T10:{i:02d}:00+03:00", "type": "attack.airstrike", "actor": "sy-gov", "target": "opposition",
               "casualties": i, "id": f"e{i}"} for i in range(12)]
    log = tmp_path / "heard.jsonl"
    log.write_text("\n".join([json.dumps(HEADER), *map(json.dumps, events)]) + "\n", encoding="utf-8")
    alone = cli("check", log, "-f", "json")
    assert alone.exit_code == 1 and len(json.loads(alone.stdout)["logs"][0]["breaches"]) == 12 and made == []
    assert cli("check", log, "-f", "json", "--report", f"jsonl:{tmp_path / 'beside.jsonl'}").exit_code == 1 and len(made) == 12


def test_a_breach_of_a_new_shape_after_a_run_of_its_event_is_the_same_incident(tmp_path):
    """A breach of a new shape after a run of its own event, day and party is the same incident in the tally."""
    # The attack's first breach continues a run, its next is a shape not seen before (the standard way); the run is handed over
    # before the standard way counts.
    pack = Path(__file__).parent / "fixtures" / "two-rules.toml"
    events = [{"date": f"2021-03-13T10:{i:02d}:00+01:00", "type": "attack.shelling", "actor": "a", "target": "b",
               "casualties": 60 if i == 6 else i, "id": f"e{i}"} for i in range(10)]
    text = "".join(json.dumps(e) + "\n" for e in events)
    quick = _outcome(tmp_path, text, True, "--agreement", pack)
    assert quick == _outcome(tmp_path, text, False, "--agreement", pack)
    tally = next(json.loads(line) for line in quick[0].splitlines() if '"record": "log"' in line)["tally"]
    assert [(p["party"], p["breaches"], p["incidents"]) for p in tally["parties"]] == [("a", 21, 10)]
