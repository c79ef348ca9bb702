"""Events that only move the engine's clock: the replay that skips them reports exactly what feeding every event reports."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from conftest import cli, quick_replay
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("msgspec")

from ceasefire import replayloop, typeclasses  # noqa: E402
from ceasefire.engine import Engine  # noqa: E402
from ceasefire.enginestate import engine_state  # noqa: E402
from ceasefire.events import EventParser  # noqa: E402
from ceasefire.lines import MAX_LINE_BYTES  # noqa: E402
from ceasefire.packs import load_agreement  # noqa: E402
from ceasefire.quicklines import line_decoder, loads  # noqa: E402
from ceasefire.quiet import NO_RULES, calm_until, meets_none  # noqa: E402

PACKS = ["syria-2016", "gaza-2025", "karabakh-2020", "minsk-2015", "hodeidah-2018"]
_DAWN = datetime.min.replace(tzinfo=UTC)


def _log(pack: str, rows: list[tuple[int, int, str, object, object, dict[str, object]]]) -> str:
    """A log of ``pack`` from rows (minutes after the last, shape of date, type, actor, target, more fields)."""
    agreement = load_agreement(pack)
    vocabulary = sorted(t.replace("*", "x1") for t in agreement.vocabulary)
    at = agreement.start - timedelta(days=1)
    lines = [json.dumps({"agreement": pack})]
    for minutes, shape, kind, actor, target, more in rows:
        at += timedelta(minutes=minutes)
        local = at.astimezone(agreement.timezone)
        when = (local.isoformat() if shape < 6 else at.strftime("%Y-%m-%dT%H:%M:%SZ") if shape < 8
                else local.date().isoformat() if shape < 9 else local.isoformat() + "/" + (local + timedelta(hours=2)).isoformat())
        row = {"date": when, "type": vocabulary[int(kind) % len(vocabulary)] if kind.isdigit() else kind, **more}
        for key, who in (("actor", actor), ("target", target)):
            if who is not None:
                row[key] = who if isinstance(who, str) else sorted(agreement.parties | agreement.designated)[int(who) % 2]  # type: ignore[call-overload]
        lines.append(json.dumps(row))
    return "\n".join(lines) + "\n"


def _outcomes(path: object, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[object, object]:
    """The check's output with the quiet events skipped, and with every event fed (the engine's clock never calm)."""
    monkeypatch.setenv("CEASEFIRE_JSON", "msgspec")
    result = cli("check", path, *args)
    quiet = result.exit_code, result.stdout, result.stderr
    with monkeypatch.context() as m:
        m.setattr(replayloop, "calm_until", lambda engine: _DAWN)
        result = cli("check", path, *args)
    return quiet, (result.exit_code, result.stdout, result.stderr)


def _states(pack: str, log: str, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    """The engine's whole state after the replay's quick loop has read ``log`` (no end settled), quiet events skipped and all fed."""
    agreement = load_agreement(pack)
    outcomes = []
    for skip in (True, False):
        with monkeypatch.context() as m:
            if not skip:
                m.setattr(replayloop, "calm_until", lambda engine: _DAWN)
            engine, found = Engine(agreement), []
            replay = quick_replay(agreement, EventParser(agreement), engine, log, found)
            latest = replay.latest
            outcomes.append((engine_state(engine), found, replay.events, replay.skipped, latest and latest[:9]))
    return outcomes[0], outcomes[1]


_WHO = st.one_of(st.none(), st.integers(0, 1), st.sampled_from(["un", "ru", "us", "isil", "icrc", "someone", "ua-forces", "houthis"]))
_MORE = st.dictionaries(st.sampled_from(["casualties", "location", "country", "killed", "verification", "x_row"]),
                        st.sampled_from([0, 3, 60, "Aleppo", "syria", "verified", "claimed"]), max_size=2).map(
    lambda more: {k: (v if k not in ("casualties", "killed") or isinstance(v, int) else 1) for k, v in more.items()
                  if k != "verification" or v in ("verified", "claimed")})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pack=st.sampled_from(PACKS),
       rows=st.lists(st.tuples(st.sampled_from([0, 1, 7, 90, 600, 3000]), st.integers(0, 9), st.text("0123456789", min_size=1, max_size=2),
                               _WHO, _WHO, _MORE), min_size=1, max_size=40),
       form=st.sampled_from(["json", "jsonl", "text"]))
def test_skipping_quiet_events_reports_what_feeding_them_does(pack, rows, form, tmp_path_factory, monkeypatch):
    """Skipping quiet events changes no byte of the output of any bundled pack's log, nor the engine's final state."""
    # Bare dates, intervals, areas, casualty ranges, timers; whatever is due, held or waiting after the last line.
    path = tmp_path_factory.mktemp("log") / "log.jsonl"
    path.write_text(_log(pack, rows), encoding="utf-8")
    quiet, fed = _outcomes(path, monkeypatch, "--format", form)
    assert quiet == fed
    quiet, fed = _states(pack, path.read_text(encoding="utf-8"), monkeypatch)
    assert quiet == fed


@pytest.mark.parametrize("pack", PACKS)
def test_a_long_calm_log_reports_alike(pack, tmp_path, monkeypatch):
    """Weeks of statements, attacks on and by everyone, and aid, around the timers and edges of each pack: the same report."""
    rows = [(37 + (n * 7919) % 400, n % 10, str(n * 31 % 97), n % 3 if n % 5 else "someone", (n // 3) % 2 if n % 7 else None,
             {"casualties": n % 70} if n % 4 == 0 else {}) for n in range(400)]
    path = tmp_path / "log.jsonl"
    path.write_text(_log(pack, rows), encoding="utf-8")
    quiet, fed = _outcomes(path, monkeypatch, "--format", "json")
    assert quiet == fed and quiet[0] in (0, 1)
    for cut in range(2, 200):  # the state after each prefix of the log: timers due, events held, findings waiting, at every stage
        quiet, fed = _states(pack, "".join(path.read_text(encoding="utf-8").splitlines(keepends=True)[:cut]), monkeypatch)
        assert quiet == fed


def test_a_type_no_rule_names_is_quiet_and_an_attack_quiet_by_its_target():
    """In the Syria pack, a statement meets no rule; an attack on a designated group passes no gate; one by a party on the opposition may."""
    agreement = load_agreement("syria-2016")
    engine = Engine(agreement)
    engine.advance(agreement.start + timedelta(days=1))
    keys = ("date", "type", "actor", "target", "casualties", "location")
    assert engine._matcher.plans("statement") is NO_RULES
    plans = engine._matcher.plans("attack.airstrike")
    assert plans and meets_none(plans, "ru", "isil", keys) and meets_none(plans, "isil", "opposition", keys)
    assert not meets_none(plans, "ru", "opposition", keys) and not meets_none(plans, None, "opposition", keys)


def test_an_area_that_reads_a_field_of_the_line_is_never_judged_quiet():
    """An area that reads a field the line may give (or counts an unplaced event outside it) leaves the verdict to the engine."""
    agreement = load_agreement("minsk-2015")
    engine = Engine(agreement)
    engine.advance(agreement.start + timedelta(days=1))
    plans = next(p for t in ("attack.shelling", "attack.x1") if (p := engine._matcher.plans(t)))
    area = plans[0][2]
    assert area is not None and area.reads
    assert not meets_none(plans, "osce-smm", "un", (*area.reads, "date"))


def test_the_calm_ends_at_the_first_timer_edge_held_event_or_waiting_day():
    """Before the agreement starts the calm ends at its start; after, at the earliest timer due."""
    agreement = load_agreement("syria-2016")
    engine = Engine(agreement)
    assert calm_until(engine) == agreement.start
    engine.advance(agreement.start)
    due = engine.timers.due
    assert calm_until(engine) == min(d for d in (due, engine._edge, datetime.max.replace(tzinfo=UTC)) if d is not None)


def test_an_event_fed_between_quiet_ones_brings_the_calm_forward(monkeypatch):
    """A major breach arms the 72-hour calm timer: later statements are no longer quiet, so the timer fires at its date."""
    # As if every statement had been fed.
    start = load_agreement("syria-2016").start + timedelta(days=10)
    rows = [json.dumps({"agreement": "syria-2016"})]
    for hours in range(0, 200, 12):
        when = (start + timedelta(hours=hours)).isoformat()
        rows.append(json.dumps({"date": when, "type": "statement", "actor": "un"}))
        if hours == 24:
            rows.append(json.dumps({"date": when.replace(":00:00+", ":30:00+"), "type": "attack.airstrike", "actor": "ru",
                                    "target": "opposition", "casualties": 12}))
    for cut in range(3, len(rows) + 1):
        quiet, fed = _states("syria-2016", "\n".join(rows[:cut]) + "\n", monkeypatch)
        assert quiet == fed


@pytest.mark.parametrize("pack", PACKS)
def test_endless_types_under_a_pattern_report_alike(pack, tmp_path, monkeypatch):
    """Thousands of distinct types under a pack's prefixes report what feeding every event does."""
    # By everyone, while provisions come into force and end: the answers kept per rules, actor and target (types under one prefix
    # share their rules).
    agreement = load_agreement(pack)
    prefixes = sorted(glob[:-1] for glob in agreement.vocabulary if glob.endswith("*") and "*" not in glob[:-1])
    assert prefixes, pack
    rows = [(11 + (n * 7919) % 300, n % 6, f"{prefixes[n % len(prefixes)]}k{n:05d}", n % 3 if n % 5 else "someone",
             (n // 3) % 2 if n % 7 else None, {"casualties": n % 70} if n % 4 == 0 else {}) for n in range(3000)]
    path = tmp_path / "log.jsonl"
    path.write_text(_log(pack, rows), encoding="utf-8")
    quiet, fed = _outcomes(path, monkeypatch, "--format", "jsonl")
    assert quiet == fed and quiet[0] in (0, 1)
    quiet, fed = _states(pack, path.read_text(encoding="utf-8"), monkeypatch)
    assert quiet == fed


def _class_rows(pack: str, strangers: bool = True) -> list[tuple[int, int, str, object, object, dict[str, object]]]:
    """Rows of new types under each prefix of ``pack``'s vocabulary: plain ones, a letter off a name the pack gives (in either
    case), names the pack or its rules give under the prefix, odd ones; by everyone (``strangers``: ids the pack does not know
    too), some with casualties."""
    from ceasefire.suggest import WildcardHints

    agreement = load_agreement(pack)
    prefixes = sorted(glob[:-1] for glob in agreement.vocabulary if glob.endswith("*") and "*" not in glob[:-1])
    names = sorted(WildcardHints(agreement.vocabulary)._names | {t for r in agreement.rules for t in r.types if "*" not in t})
    kinds = []
    for n in range(2000):  # enough for a length's own pattern (typeclasses._PATIENT)
        prefix, name = prefixes[n % len(prefixes)], names[n % len(names)]
        kind = [f"{prefix}k{n:05d}", name[:-1], name.upper()[:-1] + name[-1], name, f"{prefix}{name[-3:]}x", f"{prefix}K{n}z",
                name + "s", f"{prefix}kx_{n}"][n % 8]
        kinds.append(kind if agreement.knows(kind) else f"{prefix}{n}")  # an unknown type ends the check: not here
    return [(7 + (n * 7919) % 200, n % 6, kind, n % 3 if n % 5 or not strangers else "someone", (n // 3) % 2 if n % 7 else None,
             {"casualties": n % 70} if n % 4 == 0 else {}) for n, kind in enumerate(kinds)]


@pytest.mark.parametrize("pack", PACKS)
@pytest.mark.parametrize("strict", [False, True])
def test_types_kept_by_their_class_report_as_the_standard_path(pack, strict, tmp_path, monkeypatch):
    """Types kept by their class report, warn and fail as the standard library's path does, and as with no classes."""
    # New types under each prefix, near misses of the pack's names among them; one entry per prefix, actor and target; warnings
    # line by line.
    path = tmp_path / "log.jsonl"
    path.write_text(_log(pack, _class_rows(pack, not strict)), encoding="utf-8")
    args = ("--format", "jsonl", "--strict" if strict else "--no-strict")
    monkeypatch.setenv("CEASEFIRE_JSON", "msgspec")
    result = cli("check", path, *args)
    quick = result.exit_code, result.stdout, result.stderr
    assert "wildcard-type" in quick[2] or "only matched by the pattern" in quick[2]
    monkeypatch.setenv("CEASEFIRE_JSON", "stdlib")
    result = cli("check", path, *args)
    assert quick == (result.exit_code, result.stdout, result.stderr)
    monkeypatch.setenv("CEASEFIRE_JSON", "msgspec")
    monkeypatch.setattr(typeclasses, "class_prefixes", lambda vocabulary, rules: [])
    result = cli("check", path, *args)
    assert quick == (result.exit_code, result.stdout, result.stderr)


def test_endless_types_of_a_class_leave_no_entry_of_their_own():
    """Twenty thousand new types under attack.* leave no entry of their own in the parser or the engine."""
    # Each once, most of them quiet: memory flat in the number of types, and those fed meet the rules the class's prefix meets.
    agreement = load_agreement("syria-2016")
    at = agreement.start + timedelta(days=1)
    lines = [json.dumps({"agreement": "syria-2016"})] + [
        json.dumps({"date": (at + timedelta(minutes=n)).astimezone(agreement.timezone).isoformat(), "type": f"attack.k{n:06d}",
                    "actor": ("ru", "opposition", "sy-gov")[n % 3], "target": "isil" if n % 100 else "opposition"})
        for n in range(20_000)]
    engine, found, parser = Engine(agreement), [], EventParser(agreement)
    replay = replayloop.Replay(parser, engine, None, found.extend, None, agreement.timezone, (1, 0, 1), None)
    stream = io.BytesIO(("\n".join(lines) + "\n").encode())
    stream.readline()
    replay.stream(stream, 1, MAX_LINE_BYTES, line_decoder(agreement), loads)
    assert replay.events == 20_000 and found
    kept = [kind for kind in [*parser._known, *engine._plans] if kind.startswith("attack.k")]
    # those fed (200 breaches, a few at a timer's calm's end), the first line (read the long way) and the types that came before
    # the classes were worked out (typeclasses._PATIENT, in the parser's cache and the engine's); not 10,000 (the caches' bound)
    assert len(kept) < 400 and engine._plans["attack."] == engine._matcher.plans("attack.k999999")


@pytest.mark.parametrize("odd", ["2016-09-14T10:61:00+03:00", "2016-09-14T10:59:59.5+03:00", "2016-09-14T10:59:59+0300",
                                 "2016-09-14T10", "2016-09-14T10:59:59+03:00/11:00", "2016-09-14T10:59:60+03:00",
                                 "2016-09-14T1a:00:00+03:00", "2016-09-14"])
def test_dates_of_one_hour_read_as_the_standard_path(odd, tmp_path, monkeypatch):
    """Dates of one hour, read by the quick path, give the standard library's path's report, warnings and errors."""
    # The quick path keeps the hour's instant from line to line; in several offsets, then an odd date of the same hour, then the
    # next hour.
    dates = ["2016-09-14T10:00:00+03:00", "2016-09-14T10:05:00+03:00", "2016-09-14T07:06:00Z", "2016-09-14T10:07:00+03:00",
             odd, "2016-09-14T10:59:59+03:00", "2016-09-14T11:00:00+03:00", "2016-09-14T11:00:01+03:00"]
    rows = [json.dumps({"agreement": "syria-2016"})] + [
        json.dumps({"date": when, "type": ("statement", "attack.airstrike")[n % 2], "actor": "ru", "target": "opposition"})
        for n, when in enumerate(dates)]
    outcomes = _by_both_decoders(tmp_path, rows, monkeypatch)
    assert outcomes[0] == outcomes[1]


def test_a_date_of_nul_characters_after_an_odd_date_is_refused(tmp_path, monkeypatch):
    """A date of NUL characters after an odd date is refused as the standard library's path refuses it."""
    # After a date the quick path could not read by its hour (a fraction of a second), a date that starts with NUL characters and
    # ends as a date of that hour would end is not read as that hour.
    rows = [json.dumps({"agreement": "syria-2016"})] + [
        json.dumps({"date": when, "type": "statement", "actor": "un"})
        for when in ["2016-09-14T09:45:00+03:00", "2016-09-14T10:00:00+03:00", "2016-09-14T10:30:00.5+03:00",
                     "\x00" * 13 + ":45:00+03:00"]]
    outcomes = _by_both_decoders(tmp_path, rows, monkeypatch)
    assert outcomes[0] == outcomes[1] and outcomes[0][0] == 2 and "invalid date" in outcomes[0][2]


def _by_both_decoders(tmp_path, rows, monkeypatch):
    """The exit code, output and errors of checking a log of ``rows`` in JSON Lines, with msgspec's record and with the standard library."""
    path = tmp_path / "log.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    outcomes = []
    for decoder in ("msgspec", "stdlib"):
        monkeypatch.setenv("CEASEFIRE_JSON", decoder)
        result = cli("check", path, "--format", "jsonl")
        outcomes.append((result.exit_code, result.stdout, result.stderr))
    return outcomes
