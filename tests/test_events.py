"""Reading logs: the accepted forms, and every kind of bad line reported with its number."""

from __future__ import annotations

import io
import json

import pytest
from conftest import HEADER, attack, event

from ceasefire import LogError, check
from ceasefire.events import read_lines

STATEMENT = json.dumps(event("2016-09-13T12:00:00+03:00", "statement"))


def test_bom_and_crlf_are_accepted(tmp_path):
    """A UTF-8 BOM and Windows line endings read like any other log."""
    path = tmp_path / "windows.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + f"{json.dumps(HEADER)}\r\n{STATEMENT}\r\n".encode())
    report = check(path)
    assert (report.counts.lines, report.counts.events, report.counts.skipped) == (2, 1, 1)


def test_blank_lines_are_skipped_and_counted(write_log):
    """Blank lines are not events, but every line is accounted for."""
    report = check(write_log("", STATEMENT, "   ", STATEMENT))
    assert (report.counts.lines, report.counts.events, report.counts.skipped) == (5, 2, 3)


def test_extra_fields_are_kept_and_ignored(write_log):
    """Fields the pack does not use are allowed."""
    report = check(write_log({**event("2016-09-13T12:00:00+03:00", "statement"), "reporter": "x", "tags": [1, 2]}))
    assert report.counts.events == 1


@pytest.mark.parametrize(
    "line, message",
    [
        ('{"date": "2016-09-13T12:00:00+03:00", "type": "statement",}', "invalid JSON: Expecting property name enclosed in double quotes (column 59)"),
        ("[1, 2]", "expected a JSON object, got an array"),
        ('"statement"', "expected a JSON object, got a string"),
        ('{"type": "statement"}', "missing required field 'date'"),
        ('{"date": "2016-09-13"}', "missing required field 'type'"),
        ('{"date": "13/09/2016", "type": "statement"}', "invalid date '13/09/2016': expected ISO 8601, e.g. 2016-09-17 or 2016-09-17T14:00:00+03:00"),
        ('{"date": "2016-02-30", "type": "statement"}', "invalid date '2016-02-30': expected ISO 8601, e.g. 2016-09-17 or 2016-09-17T14:00:00+03:00"),
        ('{"date": 20160913, "type": "statement"}', "date must be a string, got a number"),
        ('{"date": "2016-09-13", "type": "attack.airstrike", "casualties": -3}', "casualties must be a whole number 0 or more, got -3"),
        ('{"date": "2016-09-13", "type": "attack.airstrike", "casualties": 2.5}', "casualties must be a whole number 0 or more, got 2.5"),
        ('{"date": "2016-09-13", "type": "attack.airstrike", "casualties": "12"}', 'casualties must be a whole number 0 or more, got "12"'),
        ('{"date": "2016-09-13", "type": "airstrike"}', "unknown event type 'airstrike' for agreement syria-2016"),
        ('{"date": "2016-09-13", "type": ["attack"]}', "type must be a string, got an array"),
        ('{"date": "2016-09-13", "type": "attack.airstrike", "actor": {"name": "x"}}', "actor must be a non-empty string, got an object"),
        ('{"date": "2016-09-13", "type": "statement", "date2": NaN, "x": NaN}', "invalid JSON: NaN is not a valid JSON value"),
        (json.dumps(HEADER), "a header naming the agreement is only allowed on the first line"),
    ],
)
def test_bad_line_is_reported_with_its_number(write_log, line, message):
    """Each bad line gives FILE:LINE: message."""
    path = write_log(STATEMENT, line)
    with pytest.raises(LogError) as caught:
        check(path)
    assert str(caught.value).startswith(f"{path}:3: {message}")


def test_undecodable_bytes_are_reported_with_their_line(tmp_path):
    """Bytes that are not UTF-8 are refused at their line."""
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(json.dumps(HEADER).encode() + b"\n" + '{"date": "2016-09-13", "type": "statement", "note": "caf\xe9"}\n'.encode("latin-1"))
    with pytest.raises(LogError, match=r"latin1.jsonl:2: not valid UTF-8 text \(byte 0xe9 at column 57\)"):
        check(path)


def test_out_of_order_event_names_both_lines(write_log):
    """An earlier date after a later one is an error naming both lines."""
    path = write_log(event("2016-09-14T12:00:00+03:00", "statement"), event("2016-09-13T12:00:00+03:00", "statement"))
    with pytest.raises(LogError) as caught:
        check(path)
    assert str(caught.value) == (
        f"{path}:3: event dated 2016-09-13T12:00:00+03:00 is earlier than line 2 (2016-09-14T12:00:00+03:00): "
        "the log must be in date order (pass --sort to sort it)"
    )


def test_bare_date_before_the_day_of_a_timed_event_is_out_of_order(write_log):
    """A bare date may share its day with timed events, but not come back to an earlier day."""
    path = write_log(event("2016-09-14T01:00:00+03:00", "statement"), event("2016-09-13", "statement"))
    with pytest.raises(LogError, match=r":3: event dated 2016-09-13 is earlier than line 2"):
        check(path)


def test_timed_event_after_a_bare_date_of_the_same_day_is_in_order(write_log):
    """``2016-09-14`` then ``2016-09-14T10:00`` is in order: the bare date is somewhere in that day."""
    report = check(write_log(event("2016-09-14", "statement"), event("2016-09-14T10:00:00+03:00", "statement")))
    assert report.counts.events == 2


def test_sort_reorders_a_shuffled_log(write_log):
    """With sort, an unordered log gives the verdict of the ordered one."""
    rows = [attack("2016-09-17T17:00:00+03:00", casualties=60), event("2016-09-13T12:00:00+03:00", "aid.delivered")]
    shuffled = check(write_log(*rows), sort=True)
    ordered = check(write_log(*reversed(rows), name="ordered.jsonl"))
    assert (shuffled.status, shuffled.provisions) == (ordered.status, ordered.provisions)
    assert [(b.rule, b.date, b.line) for b in shuffled.breaches] == [("attack", "2016-09-17T17:00:00+03:00", 2)]
    assert [(b.rule, b.date, b.line) for b in ordered.breaches] == [("attack", "2016-09-17T17:00:00+03:00", 3)]


def test_missing_agreement_lists_the_bundled_packs(write_log):
    """Without a header or an agreement, the error says which packs exist."""
    path = write_log(STATEMENT, header=None)
    with pytest.raises(LogError) as caught:
        check(path)
    assert str(caught.value).startswith(f"{path}:1: no agreement named")
    assert "syria-2016" in str(caught.value)


def test_unknown_agreement_in_the_header_is_reported_at_line_1(write_log):
    """A header naming a pack that does not exist is an error at line 1."""
    path = write_log(STATEMENT, header={"agreement": "syria-2017"})
    with pytest.raises(LogError, match=r":1: agreement 'syria-2017': no bundled agreement 'syria-2017'; bundled: [a-z0-9, -]*syria-2016"):
        check(path)


def test_header_may_not_reach_outside_the_log_folder(write_log):
    """A header pointing at a file outside the log's folder is refused; --agreement may still name it."""
    path = write_log(STATEMENT, header={"agreement": "../../../etc/passwd"})
    with pytest.raises(LogError, match=r":1: agreement '../../../etc/passwd': a log header may only name"):
        check(path)


def test_agreement_option_overrides_the_header(write_log, syria):
    """--agreement wins over the header."""
    report = check(write_log(STATEMENT, header={"agreement": "nonexistent"}), agreement="syria-2016")
    assert report.agreement == "syria-2016"


def test_events_after_the_as_of_date_are_validated_then_skipped(write_log):
    """The verdict as of an earlier date ignores later events but still counts their lines."""
    path = write_log(event("2016-09-13T12:00:00+03:00", "statement"), attack("2016-09-17T17:00:00+03:00", casualties=60))
    report = check(path, as_of="2016-09-14")
    assert report.breaches == ()
    assert (report.counts.lines, report.counts.events, report.counts.skipped) == (3, 1, 2)


def test_a_line_past_the_length_limit_is_refused_without_reading_it_all():
    """A line longer than the limit is an error at its number."""
    stream = io.BytesIO(b"{}\n" + b"x" * 100 + b"\n")
    with pytest.raises(LogError, match="line is longer than 50 bytes") as caught:
        list(read_lines(stream, limit=50))
    assert caught.value.line == 2


@pytest.mark.parametrize("field", ["actor", "target", "location"])
def test_unpaired_surrogates_in_reported_fields_are_refused(write_log, field):
    """A \\ud800 escape cannot be written out again, so it is refused at its line."""
    row = '{"date": "2016-09-13", "type": "attack.airstrike", "%s": "x\\ud800y"}' % field
    path = write_log(STATEMENT, row)
    with pytest.raises(LogError, match=rf":3: {field} contains an unpaired surrogate"):
        check(path)


EDGE_LINES = [
    b'{"date": "2016-09-13", "type": "statement", "a": 1, "a": 2}',
    b'{"date": "2016-09-13", "type": "attack.airstrike", "casualties": 123456789012345678901234567890}',
    b'{"date": "2016-09-13", "type": "attack.airstrike", "casualties": 1e400}',
    b'{"date": "2016-09-13", "type": "statement", "id": 123456789012345678901234567890}',
    b'{"date": "2016-09-13", "type": "statement", "x": NaN}',
    b'{"date": "2016-09-13", "type": "statement", "actor": "\\ud800"}',
    b'{"date": "2016-09-13", "type": "statement"}\xc2\xa0',
    b'{"date": "2016-09-13", "type": "statement", "note": "caf\xc3\xa9"}',
    b'{"date": "2016-09-13", "type": "statement", "note": "caf\xe9"}',
    b'{"date": "2016-09-13", "type": "statement"} {"x": 1}',
    b"\xc2\xa0",
    b'{"date": "2016-09-13", "type": "statement", "x": ' + b"[" * 3000 + b"]" * 3000 + b"}",
]


@pytest.mark.parametrize("line", EDGE_LINES)
def test_orjson_and_the_standard_library_read_a_line_alike(line, monkeypatch):
    """With or without the fast extra, every line gives the same value or the same error."""
    pytest.importorskip("orjson")

    def outcome(decoder: str):
        monkeypatch.setenv("CEASEFIRE_JSON", decoder)
        try:
            return list(read_lines(io.BytesIO(line + b"\n")))
        except LogError as exc:
            return str(exc)

    assert outcome("orjson") == outcome("stdlib")


def test_extra_data_after_the_object_names_its_column(write_log):
    """``{...} {...}`` on one line is refused at the column where the extra data begins, with or without orjson."""
    path = write_log(STATEMENT, '{"date": "2016-09-13", "type": "statement"}   {}')
    with pytest.raises(LogError) as caught:
        check(path)
    assert str(caught.value) == f"{path}:3: invalid JSON: extra data after the object (column 44)"


def _warnings(**fields) -> list[tuple[int | None, str, str]]:
    """(line, code, message) of each warning a Syria statement with these fields gets, as line 2."""
    report = check([HEADER, {**event("2016-09-13T12:00:00+03:00", "statement"), **fields}])
    return [(w.line, w.code, w.message) for w in report.warnings]


UNDECLARED = " (a pack may declare it under [fields]; fields named x_... are never checked)"


def test_more_than_five_unknown_fields_are_summed_up():
    """Seven unknown fields: five warnings by name, then one saying two more."""
    found = _warnings(**{f"f{i}": 1 for i in range(7)})
    assert found == [(2, "unknown-field", f"unknown field 'f{i}'{UNDECLARED}") for i in range(5)] + [(2, "unknown-field", "2 more unknown fields")]


def test_five_unknown_fields_are_each_named_and_no_more():
    """Exactly five unknown fields: five warnings, no summary."""
    assert [m for _, _, m in _warnings(**{f"f{i}": 1 for i in range(5)})] == [f"unknown field 'f{i}'{UNDECLARED}" for i in range(5)]


@pytest.mark.parametrize("length, shown", [(40, "'" + "y" * 40 + "'"), (41, "'" + "y" * 37 + "'...")])
def test_a_long_unknown_name_is_cut_short(length, shown):
    """A name from the log is quoted whole up to 40 characters, then cut at 37 with '...'."""
    assert _warnings(**{"y" * length: 1}) == [(2, "unknown-field", f"unknown field {shown}{UNDECLARED}")]


def test_an_unknown_claimed_target_is_named_as_such():
    """The warning names the role: claimed_target, not actor or target."""
    assert _warnings(claimed_target="zzz") == [
        (2, "unknown-actor", "unknown claimed_target 'zzz' (not a party, designated group or listed actor of syria-2016: counted as any other actor)")
    ]


@pytest.mark.parametrize(
    "value, shown",
    [
        ("x" * 38, '"' + "x" * 38 + '"'),
        ("x" * 39, '"' + "x" * 36 + "..."),
        ("é", '"é"'),
        (-(10**4300), "a number of more than 4300 digits"),
        (10**4300, "a number of more than 4300 digits"),
    ],
    ids=["38-characters", "39-characters", "not-ascii", "minus-10**4300", "10**4300"],
)
def test_a_refused_casualty_figure_is_shown_as_written(value, shown):
    """The value is shown as JSON (not escaped to ASCII), cut at 40 characters; a number too long to print, by its size."""
    with pytest.raises(LogError) as caught:
        check([HEADER, attack("2016-09-13T12:00:00+03:00", casualties=value)])
    assert str(caught.value) == f"<events>:2: casualties must be a whole number 0 or more, got {shown}"
