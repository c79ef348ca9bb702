"""Lines whose only effect is plain breaches: the replay that records them without an event reports what feeding them does."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import cli, quick_replay
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("msgspec")


from ceasefire import plainbreach, replayloop  # noqa: E402
from ceasefire.engine import Engine  # noqa: E402
from ceasefire.enginestate import engine_state  # noqa: E402
from ceasefire.events import EventParser  # noqa: E402
from ceasefire.packs import load_agreement  # noqa: E402
from ceasefire.plainbreach import plain_of  # noqa: E402
from ceasefire.quicklines import line_decoder  # noqa: E402

PACK = Path(__file__).parent / "fixtures" / "plain.toml"
WAYS = ("quick", "no plain breaches", "all fed")
_DAWN = datetime.min.replace(tzinfo=UTC)  # the calm ends before any line: every line is fed
KINDS = ["attack.air", "attack.shelling", "shot.x", "shot.near", "shot.far", "shot.wide", "claim", "duty.x", "delay", "lag", "statement"]
WHO = [None, "a", "b", "x", "m", "zz"]
CASUALTIES = [None, 0, 2, 3, 7, 8, 9, 10, 39, 40, 59, 60]
MORE = [{}, {}, {}, {"location": "north"}, {"location": "south"}, {"country": "Here"}, {"killed": 1}, {"verification": "verified"},
        {"site": "b1"}, {"source": "a monitor"}]


def _date(at, shape: int, zone) -> str:
    """An instant written as a log may write it: in the pack's zone (mostly), in UTC, in another offset, with a fraction of a
    second, as a bare date or as an interval."""
    local = at.astimezone(zone)
    if shape < 6:
        return local.isoformat()
    utc = at.astimezone(UTC)
    return [utc.strftime("%Y-%m-%dT%H:%M:%SZ"), (utc + timedelta(hours=5)).strftime("%Y-%m-%dT%H:%M:%S+05:00"),
            local.isoformat().replace("+", ".0+", 1), local.date().isoformat(),
            local.isoformat() + "/" + (local + timedelta(hours=2)).isoformat()][shape - 6]


def _log(rows: list[tuple[int, ...]]) -> str:
    """A log of the plain pack from rows (minutes after the last, shape of date, type, actor, target, casualties, more, and
    how many lines of it, a minute apart, their casualties one more each time)."""
    agreement = load_agreement(PACK)
    at = agreement.start - timedelta(hours=6)
    lines = [json.dumps({"agreement": "plain.toml"})]
    rows = [(1 if k else minutes, shape, kind, actor, target, casualties + k, more)
            for minutes, shape, kind, actor, target, casualties, more, *times in rows for k in range(times[0] if times else 1)]
    for n, (minutes, shape, kind, actor, target, casualties, more) in enumerate(rows):
        at += timedelta(minutes=minutes)
        row = {"id": f"e{n}", "date": _date(at, shape, agreement.timezone), "type": KINDS[kind % len(KINDS)], **MORE[more % len(MORE)]}
        for key, value in (("actor", WHO[actor % len(WHO)]), ("target", WHO[target % len(WHO)]),
                           ("casualties", CASUALTIES[casualties % len(CASUALTIES)])):
            if value is not None:
                row[key] = value
        lines.append(json.dumps(row))
    return "\n".join(lines) + "\n"


def _ways(monkeypatch: pytest.MonkeyPatch, way: str) -> pytest.MonkeyPatch:
    """``monkeypatch`` made to replay one way: as shipped, with no line taken for plain breaches, or with every line fed."""
    if way == "no plain breaches":
        monkeypatch.setattr(plainbreach, "plain_of", lambda *args: None)
    elif way == "all fed":
        monkeypatch.setattr(replayloop, "calm_until", lambda engine: _DAWN)
    return monkeypatch


def _outcomes(path: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> list[object]:
    """The check's exit code, output and messages, each way."""
    monkeypatch.setenv("CEASEFIRE_JSON", "msgspec")
    outcomes = []
    for way in WAYS:
        with monkeypatch.context() as m:
            _ways(m, way)
            result = cli("check", path, *args)
            outcomes.append((result.exit_code, result.stdout, result.stderr))
    return outcomes


def _states(log: str, monkeypatch: pytest.MonkeyPatch, watching: bool = False, before: str | None = None) -> list[object]:
    """The engine's whole state, the breaches and (``watching``) changes handed out in order, and the counts after the quick loop
    read ``log`` (after the engine was fed the line ``before``, its changes not yet handed out), each way."""
    agreement = load_agreement(PACK)
    outcomes = []
    for way in WAYS:
        with monkeypatch.context() as m:
            _ways(m, way)
            engine, found = Engine(agreement), []
            parser = EventParser(agreement)
            if before is not None:
                engine.feed(parser.parse(json.loads(before), 1))
            replay = quick_replay(agreement, parser, engine, log, found, watching)
            latest = replay.latest
            outcomes.append((engine_state(engine), found, engine.changes, replay.events, replay.skipped, latest and latest[:9]))
    return outcomes


def _index(n: int) -> st.SearchStrategy[int]:
    """An index into a list of ``n``."""
    return st.integers(0, n - 1)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(st.sampled_from([0, 1, 7, 60, 240, 900]), st.integers(0, 10), _index(len(KINDS)), _index(len(WHO)),
                               _index(len(WHO)), _index(len(CASUALTIES)), _index(len(MORE)), st.integers(1, 4)), min_size=1, max_size=30),
       form=st.sampled_from(["json", "jsonl", "text"]))
def test_plain_breaches_report_what_feeding_them_does(rows, form, tmp_path_factory, monkeypatch):
    """Any log of the plain pack reports, byte for byte, what feeding every line does, and leaves the same engine state."""
    # Each kind of rule, casualties across every bound and step, areas, claims, per-party duties, timers, the zone's change of
    # offset, odd dates, the agreement's end.
    folder = tmp_path_factory.mktemp("log")
    shutil.copy(PACK, folder / "plain.toml")
    path = folder / "log.jsonl"
    path.write_text(_log(rows), encoding="utf-8")
    quick, plain, fed = _outcomes(path, monkeypatch, "--format", form)
    assert quick == plain == fed
    for watching in (False, True):
        quick, plain, fed = _states(path.read_text(encoding="utf-8"), monkeypatch, watching)
        assert quick == plain == fed


def _attacks(count: int, step: int = 7) -> str:
    """``count`` lines, one every ``step`` minutes from a day before the start to past the end: mostly attacks by a on b with
    casualties cycling through the bounds, with statements, claims and late reports between."""
    rows = [(step, n % 13 // 12 * 6, (0, 0, 1, 0, 10, 1, 6, 9)[n % 8], 1, 2, n % 7 if n % 29 else 7 + n % 5, 0) for n in range(count)]
    return _log(rows)


def test_a_long_log_of_plain_breaches_reports_alike_at_every_stage(tmp_path, monkeypatch):
    """A long log of plain breaches across timers and calm periods reports alike, with the same state after each prefix."""
    # Hundreds of attacks across the timers' findings (which hold what follows until their day ends), the calm periods they
    # restart, the change of offset and the end.
    shutil.copy(PACK, tmp_path / "plain.toml")
    path = tmp_path / "log.jsonl"
    log = _attacks(2400)
    path.write_text(log, encoding="utf-8")
    quick, plain, fed = _outcomes(path, monkeypatch, "--format", "jsonl")
    assert quick == plain == fed and quick[0] == 1 and quick[1].count('"record": "breach"') > 1000
    lines = log.splitlines(keepends=True)
    for cut in range(2, len(lines), 97):
        quick, plain, fed = _states("".join(lines[:cut]), monkeypatch, watching=cut % 2 == 0)
        assert quick == plain == fed


def test_changes_not_yet_handed_out_come_before_the_next_breach(monkeypatch):
    """A change made before the loop began, not yet handed out, is told before the breach that follows it."""
    # In date order, as when every line is fed.
    log = _log([(400, 0, 0, 1, 2, 1, 0)] + [(7, 0, 0, 1, 2, n % 7, 0) for n in range(60)])  # minor attacks from 00:40
    before = json.dumps({"date": "2021-03-26T00:01:00+01:00", "type": "attack.air", "actor": "a", "target": "b", "casualties": 45})
    quick, plain, fed = _states(log, monkeypatch, watching=True, before=before)
    told = quick[1]  # type: ignore[index]
    assert quick == plain == fed and told[0].severity == "critical" and told[1].after == "violated" and told[2].line == 2


@pytest.mark.parametrize(("kinds", "casualties", "status"), [((9, 0), (1, 2, 3), "holding"), ((0,), (3, 7), "fragile")])
def test_what_a_breach_weighs(kinds, casualties, status, tmp_path, monkeypatch):
    """Major breaches of an implementation duty leave the truce holding; major attacks make it fragile, as when fed."""
    # Major breaches of a duty that weighs on the implementation alone, among minor attacks, leave the truce holding; major
    # attacks among minor ones make it fragile: as when every line is fed.
    shutil.copy(PACK, tmp_path / "plain.toml")
    path = tmp_path / "log.jsonl"
    rows = [(400, 0, 0, 1, 2, 1, 0)] + [(7, 0, kinds[n % len(kinds)], 1, 2, casualties[n % len(casualties)], 0) for n in range(300)]
    path.write_text(_log(rows), encoding="utf-8")
    quick, plain, fed = _outcomes(path, monkeypatch, "--format", "text")
    assert quick == plain == fed and f"status {status}" in quick[1]  # type: ignore[index]


def test_the_common_breach_is_recorded_without_an_event(monkeypatch):
    """An attack that records a breach and moves nothing is taken the quick way, no event made, with the engine's breach."""
    # An attack by a party on another that records a minor or a major breach; the breach is the one the engine records for the
    # same line fed.
    taken: list[tuple[str, str]] = []
    original = plainbreach.record
    monkeypatch.setattr(plainbreach, "record", lambda *args: taken.extend((row[1], row[2]) for row in args[1]) or original(*args))
    log = _log([(400, 0, 0, 1, 2, 1, 0)] + [(7, 0, 0, 1, 2, (3, 7)[n % 2], 0) for n in range(200)])  # 3 casualties, then 10
    for lines in (log, "".join(log.splitlines(keepends=True)[:8])):  # all of it, and the first lines (nothing due among them)
        quick, plain, fed = _states(lines, monkeypatch)
        assert quick == plain == fed and quick[0]["worst"] == 2  # type: ignore[index]
    assert taken.count(("attack", "minor")) > 90 and taken.count(("attack", "major")) > 90  # each range of casualties its own


def _plans(kind: str) -> tuple[Engine, Any]:
    """An engine of the plain pack a day into the agreement, and the plans of ``kind``."""
    agreement = load_agreement(PACK)
    engine = Engine(agreement)
    engine.advance(agreement.start + timedelta(days=1))
    return engine, engine._matcher.plans(kind)


def _keys() -> dict[str, str]:
    """The fields a common line of the plain pack may give (its typed record's)."""
    line = line_decoder(load_agreement(PACK))(b'{"date": "2016-09-13T10:00:00+03:00", "type": "statement"}')
    return line._names


@pytest.mark.parametrize(("kind", "casualties", "bounds", "rules"), [
    ("attack.air", None, (0, 10), ["attack"]),
    ("attack.air", 12, (10, 40), ["attack"]),
    ("attack.air", 40, None, None),  # critical: it reaches the rule's trigger
    ("attack.shelling", 5, (3, 8), ["attack", "shelling-range"]),
    ("attack.shelling", 9, (8, 10), ["attack"]),
    ("attack.shelling", 2, (0, 3), ["attack"]),
    ("attack.shelling", 61, None, None),  # a grave shelling moves the truce
    ("shot.x", 0, (0, 1 << 62), ["shot"]),
    ("shot.near", 0, None, None),  # its area reads the line's location
    ("shot.far", 0, None, None),  # unplaced, it is out of the area, which the engine counts
    ("shot.wide", 0, None, None),  # unplaced, its breach is uncertain
    ("claim", 0, (0, 1 << 62), ["claim"]),
    ("duty.x", 0, None, None),  # a per-party duty: an instance of its own
    ("delay", 0, None, None),  # escalated by a fact the line does not give
    ("lag", 0, (0, 1 << 62), ["lag"]),
])
def test_which_lines_are_plain_and_between_which_casualties(kind, casualties, bounds, rules):
    """Each rule's verdict for a line by a on b: the casualties between which its breaches hold, or None (fed)."""
    engine, plans = _plans(kind)
    plain = plain_of(engine, plans, "a", "b", _keys(), casualties)  # type: ignore[arg-type]
    if bounds is None:
        assert plain is None
        return
    assert plain is not None and plain[:2] == bounds and [row[1] for row in plain[2]] == rules


def test_what_each_plain_breach_does_to_the_engine():
    """Each plain breach does to the engine what feeding it does: a minor attack restarts the calm, a claim weighs nothing."""
    # A minor attack restarts the truce's calm period (so what is due is looked at again); a claim is alleged and weighs nothing;
    # a late report weighs on the implementation only; a shot is b's whatever the actor.
    engine, plans = _plans("attack.air")
    assert plain_of(engine, plans, "a", "b", _keys(), 0)[3] is True  # type: ignore[index]
    engine, plans = _plans("claim")
    (row,) = plain_of(engine, plans, "a", "b", _keys(), 0)[2]  # type: ignore[index]
    assert row[3] == "a" and row[5] is True and row[6] == 0 and not row[8]
    engine, plans = _plans("lag")
    (row,) = plain_of(engine, plans, "a", "b", _keys(), 0)[2]  # type: ignore[index]
    assert row[6] == 2 and not row[8] and not row[9]  # major, the fragile_from
    engine, plans = _plans("shot.x")
    (row,) = plain_of(engine, plans, "a", None, _keys(), 0)[2]  # type: ignore[index]
    assert row[3] == "b" and row[8] and row[9]


def test_a_date_is_shown_as_written_only_when_it_is_what_show_writes():
    """A breach's date is shown as written only when that is what ``dates.show`` writes."""
    # The line's own text only for a date in the zone's offset, to the second; a date in UTC or in another offset of whole hours
    # is shown from its minutes and seconds, in the zone's hour and offset (across the change of offset too); a date in an offset
    # of minutes goes through ``dates.show``.
    from ceasefire.dates import parse_when, show
    from ceasefire.shown import ShownDates

    agreement = load_agreement(PACK)
    zone = agreement.timezone
    shown = ShownDates(zone)
    at = agreement.start + timedelta(days=2, hours=0, minutes=30)  # 28 March, 00:30 in Berlin: the offset changes at 02:00
    for hours in range(0, 6):
        instant = at + timedelta(hours=hours)
        local, utc = show(instant, zone), instant.strftime("%Y-%m-%dT%H:%M:%SZ")
        assert shown.written(local[:13], instant, local[19:]) == (local[19:], None, local[19:])
        parse_when(utc, zone)  # (the offset is learnt as a date shows it)
        assert shown.written(utc[:13], instant, "Z") == ("Z", local[:14], local[19:])
        odd = (instant + timedelta(hours=5, minutes=30)).strftime("%Y-%m-%dT%H:%M:%S+05:30")
        parse_when(odd, zone)
        assert shown.written(odd[:13], instant, "+05:30") is None


def test_a_line_out_of_its_kinds_casualty_range_is_judged_again_for_its_target(monkeypatch):
    """A line out of its kind's casualty range is judged again for its actor and target, as feeding it says."""
    # Shellings of a designated group break only the range rule (3 to 7 casualties: plain); a later one with 2 or 8 is judged
    # again for its own actor and target, and the attack rule spares the designated target: no breach.
    log = _log([(400, 0, 1, 1, 3, 3, 0, 2), (1, 0, 1, 1, 3, 2, 0, 1), (1, 0, 1, 1, 3, 5, 0, 1), (1, 0, 1, 1, 3, 7, 0, 1)])
    quick, plain, fed = _states(log, monkeypatch)
    assert quick == plain == fed
    assert [(b.rule, b.casualties) for b in quick[1]] == [("shelling-range", 3), ("shelling-range", 7)]
