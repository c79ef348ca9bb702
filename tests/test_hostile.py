"""Hostile logs: whatever bytes arrive, a verdict or one FILE:LINE error with exit 2, never a traceback."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest
from conftest import HEADER, assert_refused, cli
from hypothesis import given
from hypothesis import strategies as st

HEADER_LINE = json.dumps(HEADER).encode() + b"\n"


def check_bytes(tmp_path: Path, data: bytes, *args: str):
    """Write ``data`` as a log and check it as JSON."""
    path = tmp_path / "log.jsonl"
    path.write_bytes(data)
    return path, cli("check", str(path), "--format", "json", *args)


def event(**fields) -> bytes:
    """One event line: a statement on 13 September unless fields say otherwise."""
    return json.dumps({"date": "2016-09-13T12:00:00+03:00", "type": "statement", **fields}).encode() + b"\n"


# -- JSON the standard library mishandles ------------------------------------------------


@pytest.mark.parametrize(
    "line, message",
    [
        (b'{"date": "2016-09-13", "type": "statement", "x": ' + b"[" * 5000 + b"]" * 5000 + b"}", "invalid JSON: nested too deeply"),
        (b'{"date": "2016-09-13", "type": "statement", "x": NaN}', "invalid JSON: NaN is not a valid JSON value"),
        (b'{"date": "2016-09-13", "type": "statement", "x": -Infinity}', "invalid JSON: -Infinity is not a valid JSON value"),
        (b'{"date": "2016-09-13", "type": "attack.airstrike", "casualties": 1' + b"0" * 5000 + b"}", "invalid JSON: Exceeds the limit"),
        (b'{"date": "2016-09-13", "type": "attack.airstrike", "actor": "\\udc00"}', "actor contains an unpaired surrogate"),
        (b'{"date": "2016-09-13", "type": "statement"\x00}', "invalid JSON"),
    ],
    ids=["deep-nesting", "nan", "infinity", "huge-integer", "lone-surrogate", "nul-byte"],
)
def test_json_edge_cases_are_refused_at_their_line(tmp_path, line, message):
    """Deep nesting, NaN, huge integers, lone surrogates and NUL bytes: a clear error, exit 2."""
    path, result = check_bytes(tmp_path, HEADER_LINE + event() + line + b"\n")
    assert_refused(result, path, 3, message)


@pytest.mark.parametrize("decoder", ["orjson", "msgspec", "stdlib"])
def test_a_line_nested_far_too_deeply_is_refused_by_every_decoder_not_a_crash(tmp_path, decoder):
    """A line 400,000 arrays deep is refused at its line by every decoder, exit 2, not a crash."""
    # orjson before 3.9.15 overflowed its stack. Checked in a process of its own, which a crash would end, not the tests'.
    import subprocess

    from conftest import ceasefire_process

    if decoder != "stdlib":
        pytest.importorskip(decoder)
    path = tmp_path / "log.jsonl"
    path.write_bytes(HEADER_LINE + event() + b'{"date": "2016-09-13", "type": "statement", "x": ' + b"[" * 400_000 + b"]" * 400_000 + b"}\n")
    process = ceasefire_process("check", path, env={**os.environ, "CEASEFIRE_JSON": decoder}, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = process.communicate(timeout=120)
    assert (process.returncode, out, err) == (2, b"", f"{path}:3: invalid JSON: nested too deeply\n".encode())


@pytest.mark.parametrize("decoder", ["orjson", "msgspec", "stdlib"])
@pytest.mark.parametrize("depth, code", [(512, 1), (513, 2), (990, 2)])
def test_how_deep_a_line_may_nest_is_the_same_whichever_decoder_reads_it(tmp_path, decoder, depth, code):
    """An attack line nested 512 deep is checked; one 513 deep is refused at its line, whichever decoder reads it."""
    # 512 deep: its breach fails the run. 513 deep, or 990 (which orjson alone used to read, as its limit is 1,024), is refused at
    # its line with the same message, from any line.
    if decoder != "stdlib":
        pytest.importorskip(decoder)
    nested = b"[" * (depth - 1) + b"]" * (depth - 1)
    attack = b'{"date": "2016-09-13T12:00:00+03:00", "type": "attack.airstrike", "actor": "sy-gov", "x": ' + nested + b"}\n"
    for before in (0, 300):  # orjson takes over after the first 256 lines: read by both paths
        path = tmp_path / f"log{before}.jsonl"
        path.write_bytes(HEADER_LINE + event() * before + attack)
        result = cli("check", path, "-q", env={"CEASEFIRE_JSON": decoder})
        assert result.exit_code == code, result.stderr
        if code == 2:
            assert result.stderr == f"{path}:{before + 2}: invalid JSON: nested too deeply\n"


def test_duplicate_keys_keep_the_last_value(tmp_path):
    """A repeated key is read as JSON readers commonly do: the last value wins."""
    path, result = check_bytes(tmp_path, HEADER_LINE + b'{"date": "2016-09-13", "type": "attack.airstrike", "actor": "sy-gov", "target": "opposition", "casualties": 0, "casualties": 60}\n')
    assert json.loads(result.stdout)["logs"][0]["breaches"][0]["severity"] == "critical"


def test_nul_inside_a_string_is_kept_as_text(tmp_path):
    """An escaped NUL in a note is harmless text."""
    path, result = check_bytes(tmp_path, HEADER_LINE + event(note="a\u0000b"))
    assert result.exit_code == 0


# -- wrong types, empty and long strings -------------------------------------------------


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"date": 20160913}, "date must be a string, got a number"),
        ({"date": None}, "missing required field 'date'"),
        ({"date": ""}, "invalid date ''"),
        ({"type": ["attack"]}, "type must be a string, got an array"),
        ({"type": ""}, "invalid type ''"),
        ({"type": 7}, "type must be a string, got a number"),
        ({"casualties": "12"}, 'casualties must be a whole number 0 or more, got "12"'),
        ({"casualties": 12.0}, "casualties must be a whole number 0 or more, got 12.0"),
        ({"casualties": True}, "casualties must be a whole number 0 or more, got true"),
        ({"actor": {"name": "sy-gov"}}, "actor must be a non-empty string, got an object"),
        ({"actor": ""}, 'actor must be a non-empty string, got ""'),
        ({"target": 3}, "target must be a non-empty string, got 3"),
        ({"claimed_target": []}, "claimed_target must be a non-empty string, got an array"),
        ({"location": False}, "location must be a non-empty string, got false"),
        ({"source": 1.5}, "source must be a non-empty string, got 1.5"),
        ({"note": {}}, "note must be a non-empty string, got an object"),
        ({"id": [1]}, "id must be a string or a whole number, got an array"),
        ({"id": 1.5}, "id must be a string or a whole number, got 1.5"),
    ],
)
def test_wrong_field_types_are_refused(tmp_path, fields, message):
    """Every field of the wrong type is named with what it got."""
    path, result = check_bytes(tmp_path, HEADER_LINE + event(**fields))
    assert_refused(result, path, 2, message)


def test_a_line_past_one_mebibyte_is_refused(tmp_path):
    """A 2 MB line is refused at its number, without reading it whole."""
    path, result = check_bytes(tmp_path, HEADER_LINE + event() + event(note="x" * 2_000_000))
    assert_refused(result, path, 3, "line is longer than 1048576 bytes")


def test_very_long_strings_within_the_line_limit_are_accepted(tmp_path):
    """A 500 kB note is fine: only the line length is limited."""
    path, result = check_bytes(tmp_path, HEADER_LINE + event(note="x" * 500_000))
    assert result.exit_code == 0


# -- dates out of range --------------------------------------------------------------------


@pytest.mark.parametrize(
    "date, message",
    [
        ("0000-01-01", "invalid date '0000-01-01'"),
        ("10000-01-01", "invalid date '10000-01-01'"),
        ("2016-02-30", "invalid date '2016-02-30'"),
        ("2016-09-13T12:00:00+25:00", "invalid date '2016-09-13T12:00:00+25:00'"),
        ("9999-12-31", "date '9999-12-31' is out of range"),
        ("0001-01-01T00:00:00+05:00", "date '0001-01-01T00:00:00+05:00' is out of range"),
    ],
)
def test_dates_out_of_range_are_refused(tmp_path, date, message):
    """Year 0, year 10000, 30 February, offsets past 24 hours, the calendar's very ends."""
    path, result = check_bytes(tmp_path, HEADER_LINE + event(date=date))
    assert_refused(result, path, 2, message)


def test_timers_near_the_end_of_the_calendar_do_not_overflow(tmp_path):
    """Events in year 9999 arm timers that would fall past it: the check still answers."""
    rows = event(date="2016-09-14T16:00:00+03:00", type="aid.delivered") + event(date="9999-12-30T12:00:00+00:00", type="attack.airstrike", actor="sy-gov", target="opposition", casualties=20)
    path, result = check_bytes(tmp_path, HEADER_LINE + rows)
    assert result.exit_code == 1
    assert json.loads(result.stdout)["logs"][0]["provisions"]["cessation"]["state"] == "violated"


# -- not a log at all ------------------------------------------------------------------------


def test_gzip_archive_is_refused_as_not_text(tmp_path):
    """A compressed log is refused at line 1 with a hint, not decoded as garbage."""
    path, result = check_bytes(tmp_path, gzip.compress(HEADER_LINE + event()))
    assert_refused(result, path, 1, "not valid UTF-8 text")
    assert "binary or compressed" in result.stderr


def test_binary_file_is_refused(tmp_path):
    """Random binary bytes give a line-1 error."""
    path, result = check_bytes(tmp_path, bytes(range(256)) * 4)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"{path}:1: ")


def test_empty_file_needs_an_agreement(tmp_path):
    """An empty file names no agreement: exit 2 listing the bundled packs."""
    path, result = check_bytes(tmp_path, b"")
    assert_refused(result, path, 1, "no agreement named")


def test_empty_file_with_an_agreement_is_pending_with_no_lines(tmp_path):
    """With --agreement, an empty log has nothing to say: pending, zero lines."""
    path, result = check_bytes(tmp_path, b"", "--agreement", "syria-2016")
    report = json.loads(result.stdout)["logs"][0]
    assert (result.exit_code, report["status"], report["as_of"], report["counts"]) == (0, "pending", None, {"lines": 0, "events": 0, "skipped": 0, "out_of_area": 0})


def test_directory_without_logs_is_refused(tmp_path):
    """A directory is searched for *.jsonl files; finding none is an error, not a silent pass."""
    (tmp_path / "notes.txt").write_text("not a log")
    result = cli("check", str(tmp_path))
    assert_refused(result, tmp_path, None, "no *.jsonl file in this directory")


def test_library_refuses_a_directory_as_a_log(tmp_path):
    """check() on a directory says so."""
    from ceasefire import LogError, check

    with pytest.raises(LogError, match="is a directory, not an event log"):
        check(tmp_path)


@pytest.mark.parametrize(
    "error, message",
    [(PermissionError(13, "Permission denied"), "permission denied"), (OSError(5, "Input/output error"), "cannot read: Input/output error")],
)
def test_unreadable_file_is_refused(tmp_path, monkeypatch, error, message):
    """A file that cannot be opened or read is reported, not a traceback (root reads anything, so it is simulated)."""
    path = tmp_path / "secret.jsonl"
    path.write_bytes(HEADER_LINE)

    def refuse(*args, **kwargs):
        raise error

    monkeypatch.setattr("ceasefire.replay.open", refuse, raising=False)
    assert_refused(cli("check", str(path)), path, None, message)



# -- any bytes at all ------------------------------------------------------------------------

LINES = st.one_of(
    st.binary(max_size=60),
    st.sampled_from([b"", b"{}", b"[]", b"null", HEADER_LINE.strip(), event().strip(), event(type="attack.airstrike", actor="sy-gov", casualties=30).strip()]),
    st.builds(lambda d, t: json.dumps({"date": d, "type": t}).encode(), st.text(max_size=30), st.text(max_size=20)),
)


@given(st.booleans(), st.lists(LINES, max_size=8), st.sampled_from([b"\n", b"\r\n"]))
def test_any_bytes_give_a_verdict_or_one_error_line(header, lines, ending):
    """For any bytes as a log: exit 0, 1 or 2, never a traceback; a report accounts for every line."""
    data = (HEADER_LINE if header else b"") + ending.join(lines)
    result = cli("check", "-", "--format", "json", input=data)
    assert result.exit_code in (0, 1, 2), result.output
    if result.exit_code == 2:
        assert result.stdout == ""
        *warnings, error = result.stderr.splitlines()
        assert error.startswith("<stdin>:") and ": warning: " not in error
        assert all(w.startswith("<stdin>:") and ": warning: " in w for w in warnings)
    else:
        counts = json.loads(result.stdout)["logs"][0]["counts"]
        physical = data.count(b"\n") + (0 if not data or data.endswith(b"\n") else 1)
        assert counts["lines"] == physical == counts["events"] + counts["skipped"]
