"""The typed record (msgspec, the fast extra): every line gives the same report or the same error as the standard library."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("msgspec")

import attrs  # noqa: E402

from ceasefire.packs import load_agreement  # noqa: E402
from ceasefire.quicklines import line_decoder  # noqa: E402

HEADER = '{"agreement": "syria-2016"}'
CALM = '{"date": "2016-09-13T10:00:00+03:00", "type": "statement", "actor": "un"}'
AFTER = '{"date": "2016-09-20T10:00:00+03:00", "type": "attack.airstrike", "actor": "ru", "target": "opposition", "casualties": 2}'
ATTACK = '{"date": "2016-09-14T%s", "type": "attack.airstrike", "actor": "ru", "target": "opposition", %s}'
WARM = [  # each type and offset seen once, so that the lines after them may take the quick path
    '{"date": "2016-09-13T08:00:00Z", "type": "attack.airstrike", "actor": "ru", "target": "opposition"}',
    '{"date": "2016-09-13T07:00:00-02:00", "type": "attack.shelling", "actor": "ru", "target": "opposition"}',
    '{"date": "2016-09-13T%s:00:00+05:30", "type": "statement", "actor": "un"}',
]

LINES = [
    ATTACK % ("10:00:00+03:00", '"location": "Aleppo", "id": 7'),
    ATTACK % ("10:00:00Z", '"location": "Aleppo", "id": "ev-1"'),
    ATTACK % ("10:00:00+05:30", '"source": "x", "note": "y"'),
    ATTACK % ("10:00:00.5+03:00", '"casualties": 3'),
    ATTACK % ("10:00:00", '"casualties": 3'),
    ATTACK % ("10:00+03:00", '"casualties": 3'),
    ATTACK % ("10:00:00+0300", '"casualties": 3'),
    ATTACK % ("10:00:00+03:00/11:00", '"casualties": 3'),
    ATTACK % ("10:00:00+03:00", '"date_end": "2016-09-15"'),
    ATTACK % ("10:00:00+24:00", '"casualties": 3'),
    ATTACK % ("24:00:00+03:00", '"casualties": 3'),
    ATTACK % ("10:00:60+03:00", '"casualties": 3'),
    ATTACK % ("10:00:00.1234567+03:00", '"casualties": 3'),
    ATTACK.replace("T%s", "t%s") % ("10:00:00+03:00", '"casualties": 3'),
    ATTACK.replace("T%s", "x%s") % ("10:00:00+03:00", '"casualties": 3'),
    ATTACK.replace("2016-09-14T%s", "%s") % ("2016-W37-3T10:00:00+03:00", '"casualties": 3'),
    ATTACK.replace("2016-09-14T%s", "%s") % ("0001-01-01T01:00:00+03:00", '"casualties": 3'),
    ATTACK.replace("2016-09-14T%s", "%s") % ("9999-12-31T23:00:00-03:00", '"casualties": 3'),
    ATTACK % ("10:00:00+03:00", '"casualties": -1'),
    ATTACK % ("10:00:00+03:00", '"casualties": 1.0'),
    ATTACK % ("10:00:00+03:00", '"casualties": true'),
    ATTACK % ("10:00:00+03:00", '"casualties": ' + "9" * 4300),
    ATTACK % ("10:00:00+03:00", '"casualties": ' + "9" * 4301),
    ATTACK % ("10:00:00+03:00", '"id": ' + "9" * 4301),
    ATTACK % ("10:00:00+03:00", '"id": 1e2'),
    ATTACK % ("10:00:00+03:00", '"id": ""'),
    ATTACK % ("10:00:00+03:00", '"location": ""'),
    ATTACK % ("10:00:00+03:00", '"location": null'),
    ATTACK % ("10:00:00+03:00", '"location": "x\\ud800y"'),
    ATTACK % ("10:00:00+03:00", '"note": "\\udc00"'),
    ATTACK % ("10:00:00+03:00", '"source": "caf\u00e9"'),
    ATTACK % ("10:00:00+03:00", '"note": "a", "note": "b"'),
    ATTACK % ("10:00:00+03:00", '"claimed_target": "opposition"'),
    ATTACK % ("10:00:00+03:00", '"killed": 3'),
    ATTACK % ("10:00:00+03:00", '"x_row": 3'),
    ATTACK % ("10:00:00+03:00", '"locaton": "Aleppo"'),
    ATTACK % ("10:00:00+03:00", '"nested": ' + "[" * 3000 + "]" * 3000),
    ATTACK.replace('"ru"', '"rus"') % ("10:00:00+03:00", '"casualties": 3'),
    ATTACK.replace('"ru"', '"r\u00fc"') % ("10:00:00+03:00", '"casualties": 3'),
    ATTACK.replace('"attack.airstrike"', '"attack.airstrik"') % ("10:00:00+03:00", '"casualties": 3'),
    ATTACK.replace('"attack.airstrike"', '"attack.*"') % ("10:00:00+03:00", '"casualties": 3'),
    ATTACK.replace('"attack.airstrike"', "7") % ("10:00:00+03:00", '"casualties": 3'),
    ATTACK % ("10:00:00+03:00", '"casualties": 3}   {"x": 1'),
    "\ufeff" + ATTACK % ("10:00:00+03:00", '"casualties": 3'),
    '{"date": "2016-09-13T09:00:00+03:00", "type": "statement", "actor": "un"}',  # earlier than the line before
    '{"date": "2016-09-13T10:00:00+03:00", "type": "statement", "actor": "un"}',  # the same instant
    '{"date": "2016-09-13", "type": "statement", "actor": "un"}',  # a bare date on the same day
    '{"agreement": "syria-2016"}',
    "[1, 2]",
    "",
    "   \t",
]


def _outcome(path: Path, decoder: str, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    monkeypatch.setenv("CEASEFIRE_JSON", decoder)
    result = cli("check", path, "--format", "json", *args)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("line", LINES)
def test_a_line_reads_alike_with_the_typed_record_and_the_standard_library(line, tmp_path, monkeypatch):
    """Between common lines read by the typed record, any line gives the report or the error the standard library gives."""
    path = tmp_path / "log.jsonl"
    path.write_text("\n".join([HEADER, CALM, *WARM[:2], WARM[2] % 15, CALM.replace("10:00", "14:00"), line, AFTER,
                               AFTER.replace("10:00", "11:00")]) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    expected = _outcome(path, "stdlib", monkeypatch)
    assert _outcome(path, "msgspec", monkeypatch) == expected
    assert _outcome(path, "msgspec", monkeypatch, "--as-of", "2016-09-14T10:00:00+03:00") == _outcome(
        path, "stdlib", monkeypatch, "--as-of", "2016-09-14T10:00:00+03:00")


def test_a_line_of_invalid_utf8_or_too_long_reads_alike(tmp_path, monkeypatch):
    """Bytes that are not UTF-8, a line past the length limit and CRLF endings: the same errors and reports."""
    monkeypatch.chdir(tmp_path)
    for raw in (b'{"date": "2016-09-14T10:00:00+03:00", "type": "statement", "note": "caf\xe9"}',
                b'{"date": "2016-09-14T10:00:00+03:00", "type": "statement", "note": "' + b"x" * (1 << 20) + b'"}',
                b'{"date": "2016-09-14T10:00:00+03:00", "type": "statement"}\r'):
        path = tmp_path / "log.jsonl"
        path.write_bytes(b"\n".join([HEADER.encode(), CALM.encode(), raw, AFTER.encode()]) + b"\n")
        assert _outcome(path, "msgspec", monkeypatch) == _outcome(path, "stdlib", monkeypatch)


def test_the_typed_record_is_the_events_fields_as_read():
    """A common line's record is a read-only mapping of exactly the fields the line gave, like the dict it replaces."""
    decode = line_decoder(load_agreement("syria-2016"))
    line = decode(b'{"type": "statement", "date": "2016-09-13T10:00:00+03:00", "actor": "un", "casualties": 0}')
    as_read = {"type": "statement", "date": "2016-09-13T10:00:00+03:00", "actor": "un", "casualties": 0}
    assert line == as_read and dict(line) == as_read and len(line) == 4
    assert sorted(line) == sorted(as_read) and sorted(line.items()) == sorted(as_read.items())
    assert line["casualties"] == 0 and line.get("target") is None and line.get("target", "-") == "-"
    assert "actor" in line and "target" not in line and "get" not in line and 3 not in line
    with pytest.raises(TypeError):
        [] in line  # noqa: B015  (as with a dict)
    with pytest.raises(KeyError):
        line["target"]
    with pytest.raises(KeyError):
        line["keys"]


def test_a_packs_own_fields_are_read_by_the_record():
    """A field the pack declares is part of its record (any JSON scalar), and a field it does not declare is refused."""
    base = load_agreement("syria-2016")

    agreement = attrs.evolve(base, fields={"convoy": "the convoy", "get": "a field named like a method"})
    decode = line_decoder(agreement)
    line = decode(b'{"date": "2016-09-13T10:00:00+03:00", "type": "statement", "convoy": "c-1", "get": 2}')
    assert line == {"date": "2016-09-13T10:00:00+03:00", "type": "statement", "convoy": "c-1", "get": 2}
    assert line.get("convoy") == "c-1" and line["get"] == 2
    with pytest.raises(ValueError):  # the refusal every reader catches
        line_decoder(base)(b'{"date": "2016-09-13T10:00:00+03:00", "type": "statement", "convoy": "c-1"}')


def test_a_short_log_never_imports_msgspec(tmp_path, monkeypatch):
    """Unless asked for it, the typed record takes over after the first lines: a short log is read by the standard library."""
    import io

    from ceasefire import replayloop
    from ceasefire.replay import check

    used: list[int] = []
    monkeypatch.setattr(replayloop.Replay, "stream", lambda self, stream, number, *rest: used.append(number))
    monkeypatch.delenv("CEASEFIRE_JSON", raising=False)
    rows = [HEADER] + [CALM.replace("10:00:00", f"10:{m:02}:{s:02}") for m in range(10) for s in range(60)]
    check(io.BytesIO(("\n".join(rows[:200]) + "\n").encode()))
    assert used == []  # the log ended before the record could take over
    check(io.BytesIO(("\n".join(rows) + "\n").encode()))
    assert used == [255]
    monkeypatch.setenv("CEASEFIRE_JSON", "msgspec")
    check(io.BytesIO(("\n".join(rows) + "\n").encode()))
    assert used == [255, 1]  # from the line after the header
    monkeypatch.setenv("CEASEFIRE_JSON", "orjson")
    check(io.BytesIO(("\n".join(rows) + "\n").encode()))
    assert used == [255, 1]


@pytest.mark.parametrize("bad", [None, '{"date": "2016-09-13", "type": "nonsense"}'])
def test_a_log_of_lines_the_record_refuses_reads_alike(bad, tmp_path, monkeypatch):
    """A log whose lines each carry an x_ field is left to the usual reading after a while: the same report, the same error line."""
    rows = [HEADER] + [CALM.replace("10:00:00", f"10:{n // 60:02}:{n % 60:02}").replace("}", f', "x_row": {n}}}') for n in range(700)]
    rows[300] = rows[300].replace('"statement"', '"attack.airstrike"').replace('"un"', '"ru", "target": "opposition"')
    if bad is not None:
        rows[650] = bad
    path = tmp_path / "log.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    outcome = _outcome(path, "msgspec", monkeypatch)
    assert outcome == _outcome(path, "stdlib", monkeypatch)
    assert outcome[0] == (1 if bad is None else 2) and (bad is None or ":651: unknown event type" in outcome[2])


_NAMES = st.sampled_from(["ru", "opposition", "un", "Aleppo", "caf\u00e9", "attack.airstrike", "attack.*", "us", "nusra"])
_VALUES = st.one_of(_NAMES, _NAMES, _NAMES, st.integers(0, 10), st.none(), st.booleans(), st.integers(-(10**20), 10**20),
                    st.floats(allow_nan=False), st.sampled_from(["", "x\ud800", "\u0000"]), st.text(max_size=5),
                    st.lists(st.integers(), max_size=2))
_ABSENT = object()
_WHO = st.one_of(st.just(_ABSENT), _NAMES, _NAMES, _VALUES)
_DATES = st.sampled_from(["2016-09-14T10:00:00+03:00", "2016-09-14T10:00:00Z", "2016-09-14T09:00:00+03:00", "2016-09-14",
                          "2016-09-14T10:00:00.5+03:00", "2016-09-14T10:00:00", "2016-09-14t10:00:00+03:00",
                          "2016-09-14T10:00:00+03:00/11:00", "2016-09-14T10:00:00+0300", "2016-09-15T10:00:00-02:00"])
_KEYS = st.sampled_from(["id", "claimed_target", "casualties", "location", "source", "note", "killed",
                         "x_row", "locaton", "verification"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(_DATES, st.sampled_from(["attack.airstrike", "statement", "attack.shelling"]), _WHO, _WHO,
                               st.dictionaries(_KEYS, _VALUES, max_size=3)), min_size=1, max_size=3))
def test_any_lines_read_alike_with_the_typed_record_and_the_standard_library(rows, tmp_path_factory, monkeypatch):
    """Whatever the lines hold, the typed record and the standard library give the same output, or the same error."""
    folder = tmp_path_factory.mktemp("log")
    lines = [HEADER, CALM, *WARM[:2], WARM[2] % 15]
    for when, kind, actor, target, more in rows:
        row = {"date": when, "type": kind, "actor": actor, "target": target, **more}
        lines.append(json.dumps({k: v for k, v in row.items() if v is not _ABSENT}))
    path = folder / "log.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
    monkeypatch.chdir(folder)
    assert _outcome(path, "msgspec", monkeypatch) == _outcome(path, "stdlib", monkeypatch)


def test_the_record_reads_an_actor_or_a_target_only_among_the_packs_ids():
    """An actor or a target the pack knows is decoded as that id itself (the same object each time); any other is refused, for the standard path."""
    decode = line_decoder(load_agreement("syria-2016"))
    first = decode(b'{"date": "2016-09-13T10:00:00+03:00", "type": "attack.airstrike", "actor": "ru", "target": "isil"}')
    again = decode(b'{"date": "2016-09-13T11:00:00+03:00", "type": "attack.airstrike", "actor": "r\\u0075", "target": "isil"}')
    assert first.actor == "ru" and first.actor is again.actor and first.target is again.target
    for other in (b'"rus"', b'"r\\u00fc"', b'""', b'null', b'7'):
        with pytest.raises(ValueError):  # the refusal every reader catches
            decode(b'{"date": "2016-09-13T10:00:00+03:00", "type": "statement", "actor": ' + other + b'}')
