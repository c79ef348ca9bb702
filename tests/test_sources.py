"""The source readers: ACLED (CSV and API JSON), UCDP GED and GDELT files, row by row."""

from __future__ import annotations

from pathlib import Path

import pytest

from ceasefire.errors import LogError
from ceasefire.sources import OUTSIDE, Bad, Row, read_rows

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
ACLED_CSV = str(FIXTURES / "acled-hodeidah.csv")
ACLED_JSON = str(FIXTURES / "acled-hodeidah.json")
UCDP_YEMEN = str(FIXTURES / "ucdp-hodeidah.csv")
UCDP_SYRIA = str(FIXTURES / "ucdp-syria-2016.csv")
GDELT = str(FIXTURES / "gdelt-syria-2016.export.CSV")


def rows_of(source: str, path: str) -> dict[str, Row]:
    """The good rows of a file, by id."""
    return {row.id: row for row in read_rows(source, path) if isinstance(row, Row)}


def bad_of(source: str, path: str) -> list[tuple[int, str]]:
    """The malformed rows of a file: (line, message)."""
    return [(row.line, row.message) for row in read_rows(source, path) if isinstance(row, Bad)]


def test_acled_day_week_and_month_precision_become_intervals() -> None:
    """time_precision 1 is the day, 2 the seven days around it, 3 its calendar month."""
    rows = rows_of("acled", ACLED_CSV)
    assert (rows["YEM40110"].start, rows["YEM40110"].end) == ("2018-12-18", "2018-12-18")
    assert (rows["YEM40118"].start, rows["YEM40118"].end) == ("2018-12-21", "2018-12-27")
    assert (rows["YEM40133"].start, rows["YEM40133"].end) == ("2019-01-01", "2019-01-31")


def test_acled_battles_are_clashes_and_other_types_are_not() -> None:
    """A Battles row names two sides; an air strike names who struck."""
    rows = rows_of("acled", ACLED_CSV)
    assert rows["YEM40110"].clash and not rows["YEM40115"].clash
    assert rows["YEM40115"].types == ("Air/drone strike", "Explosions/Remote violence")


def test_acled_notes_keep_commas_quotes_newlines_and_utf8() -> None:
    """A quoted note with commas, doubled quotes and a line break is read whole; UTF-8 names survive."""
    rows = rows_of("acled", ACLED_CSV)
    assert rows["YEM40118"].note == (
        "Sometime in the week of 24 December 2018, Houthi forces and Tihama Resistance fighters clashed around "
        'Ad Durayhimi.\nSources disagree on the toll, ranging from 2 to "dozens"; coded as 2 fatalities.')
    assert 'the "legitimate" government\'s Saba agency' in rows["YEM40112"].note
    assert rows["YEM40121"].location == "Al Jāḥ"


def test_acled_missing_coordinates_are_none() -> None:
    """A row coded to a district without coordinates has no latitude or longitude."""
    row = rows_of("acled", ACLED_CSV)["YEM40124"]
    assert (row.latitude, row.longitude, row.killed) == (None, None, 2)


def test_acled_rows_start_on_their_own_line_after_a_multiline_note() -> None:
    """Line numbers are where each record starts, counting the lines inside quoted notes."""
    lines = {row.id: row.line for row in read_rows("acled", ACLED_CSV) if isinstance(row, Row)}
    assert (lines["YEM40145"], lines["YEM40118"], lines["YEM40120"]) == (2, 21, 23)


def test_acled_malformed_rows_say_what_and_where() -> None:
    """Each bad row gives its line and what is wrong, and reading goes on."""
    assert bad_of("acled", ACLED_CSV) == [
        (13, "event_date must be a date such as 2018-12-20, 20 December 2018 or 20-Dec-18, got '31/12/2018'"),
        (14, "fatalities must be a whole number 0 or more, got 'three'"),
        (15, "expected 31 fields as in the header, got 30"),
        (16, "latitude must be a number from -90 to 90, got '14,7978'"),
        (17, "time_precision must be 1 (day), 2 (week) or 3 (month), got '4'"),
    ]


def test_acled_api_json_is_read_element_by_element() -> None:
    """The API's data array gives the same rows; escaped slashes are decoded, numbers stay text."""
    rows = rows_of("acled", ACLED_JSON)
    assert rows["YEM40115"].types == ("Air/drone strike", "Explosions/Remote violence")
    assert rows["YEM40110"].extra[1][rows["YEM40110"].extra[0].index("x_acled_interaction")] == "11"
    assert bad_of("acled", ACLED_JSON) == [
        (173, "data[5]: fatalities must be a whole number 0 or more, got '-1'"),
        (206, 'data[6]: source must be a string, got ["Al Masirah"]'),
    ]


@pytest.mark.parametrize(("text", "message"), [
    ('{"status": 200, "success": false, "messages": ["Access denied"]}', "the ACLED API reported a failure"),
    ('{"status": 200, "count": 0}', 'not an ACLED JSON file: no "data" array'),
    ('{"data": [{"event_id_cnty": "YEM1"', "invalid JSON"),
])
def test_acled_json_that_is_not_a_data_document_is_refused(tmp_path: Path, text: str, message: str) -> None:
    """An API error, a document without data, or a cut-off document is a FILE:LINE error."""
    path = tmp_path / "api.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LogError) as caught:
        list(read_rows("acled", str(path)))
    assert str(caught.value).startswith(f"{path}:1: ") and message in str(caught.value)


def test_acled_other_date_forms_a_bom_and_an_old_layout_are_read(tmp_path: Path) -> None:
    """An Excel-resaved date, a UTF-8 BOM and a file without the optional columns still read."""
    path = tmp_path / "old.csv"
    path.write_text(
        "\ufeffevent_id_cnty,event_date,time_precision,event_type,sub_event_type,actor1,actor2,country,admin1,"
        "admin2,location,latitude,longitude,source,notes,fatalities\n"
        "YEM1,20-Dec-18,1,Battles,Armed clash,A,B,Yemen,Al Hudaydah,Al Hali,Al Hudaydah,14.8,42.9,S,N,1\n"
        "YEM2,2018-12-21,1,Battles,Armed clash,A,B,Yemen,Al Hudaydah,Al Hali,Al Hudaydah,14.8,42.9,S,N,0\n",
        encoding="utf-8")
    rows = rows_of("acled", str(path))
    assert (rows["YEM1"].start, rows["YEM2"].start) == ("2018-12-20", "2018-12-21")


def test_acled_header_without_needed_columns_is_a_file_error(tmp_path: Path) -> None:
    """A CSV that is not an ACLED export names the missing columns, at line 1."""
    path = tmp_path / "other.csv"
    path.write_text("id,date\n1,2018-12-20\n", encoding="utf-8")
    with pytest.raises(LogError, match=r"other\.csv:1: not an ACLED file: no column event_id_cnty, event_date"):
        list(read_rows("acled", str(path)))


def test_bytes_that_are_not_utf8_name_their_line(tmp_path: Path) -> None:
    """A Latin-1 byte stops the file with the line it is on, and says the rest was not read."""
    good = Path(ACLED_CSV).read_bytes().split(b"\r\n")
    path = tmp_path / "latin1.csv"
    path.write_bytes(b"\r\n".join(good[:3] + [good[3].replace(b"Bajil", b"B\xe2jil")] + good[4:]))
    bad = bad_of("acled", str(path))
    assert bad[-1][0] == 4 and bad[-1][1].startswith("not valid UTF-8 text (byte 0xe2")
    assert "the rest of the file was not read" in bad[-1][1]


def test_ucdp_date_ranges_and_sides_are_kept() -> None:
    """date_start and date_end bound the event; side names with commas are one side."""
    yemen, syria = rows_of("ucdp", UCDP_YEMEN), rows_of("ucdp", UCDP_SYRIA)
    assert (yemen["272013"].start, yemen["272013"].end, yemen["272013"].killed) == ("2018-12-20", "2018-12-23", 4)
    assert yemen["272011"].location == "Ḩudaydah town" and yemen["272011"].clash
    assert syria["229030"].actor1 == "Ahrar al-Sham, Jabhat Fateh al-Sham, Southern Front"
    assert not syria["229004"].clash and syria["229004"].actor2 == "Civilians"
    assert "Air strikes hit aid convoy near Aleppo\nUN suspends deliveries" in syria["229004"].source


def test_ucdp_malformed_rows() -> None:
    """Dates out of order, an unknown type of violence and a bad count are reported by line."""
    assert bad_of("ucdp", UCDP_YEMEN) == [
        (8, "date_end 2019-01-26 is before date_start 2019-01-27"),
        (9, "type_of_violence must be 1, 2 or 3, got '4'"),
        (10, "best must be a whole number 0 or more, got 'n/a'"),
    ]
    assert bad_of("ucdp", UCDP_SYRIA) == [
        (14, "date_start must be a date such as 2016-09-17 00:00:00.000, got '2016-13-01 00:00:00.000'"),
        (15, "expected 49 fields as in the header, got 48"),
    ]


def test_ucdp_candidate_file_without_a_header_row(tmp_path: Path) -> None:
    """A file whose first row is data is read with GED's standard column order."""
    lines = Path(UCDP_YEMEN).read_text(encoding="utf-8").splitlines()
    path = tmp_path / "candidate.csv"
    path.write_text("\n".join(lines[1:3]) + "\n", encoding="utf-8")
    assert [(row.line, row.id) for row in read_rows("ucdp", str(path))] == [(1, "272011"), (2, "272013")]


def test_gdelt_codes_keep_their_leading_zeros() -> None:
    """CAMEO 0871 is looked up as 0871, then 087, then 08; places come from ActionGeo."""
    rows = rows_of("gdelt", GDELT)
    assert rows["560123460"].types == ("0871", "087", "08")
    assert (rows["560123456"].country, rows["560123456"].country_code) == ("Syria", "SY")
    assert (rows["560123456"].admin1, rows["560123456"].admin1_code) == ("Halab", "SY09")
    assert rows["560123490"].actor1 == "" and rows["560123456"].url.startswith("https://")


def test_gdelt_malformed_rows() -> None:
    """A GDELT 1.0 row, a bad CAMEO code and a bad SQLDATE are reported by line."""
    assert bad_of("gdelt", GDELT) == [
        (9, "expected 61 tab-separated fields, got 58: a GDELT 1.0 file? only GDELT 2.0 event files are read"),
        (10, "EventCode must be a CAMEO code such as 0871, got '19X'"),
        (11, "SQLDATE must be a date such as 20160920, got '2016919'"),
    ]


@pytest.mark.parametrize(("source", "path", "countries", "outside"), [
    ("acled", ACLED_CSV, frozenset({"Yemen"}), 2),
    ("acled", ACLED_JSON, frozenset({"887"}), 1),
    ("ucdp", UCDP_SYRIA, frozenset({"652"}), 1),
    ("gdelt", GDELT, frozenset({"SY"}), 2),
])
def test_rows_of_other_countries_are_not_read_further(source: str, path: str, countries: frozenset[str],
                                                      outside: int) -> None:
    """Asked for some countries (by name or code), a reader passes the others back as OUTSIDE."""
    assert sum(row is OUTSIDE for row in read_rows(source, path, countries)) == outside


def test_a_missing_file_is_a_log_error() -> None:
    """A file that does not exist cannot be read: FILE: cannot read."""
    with pytest.raises(LogError, match=r"nowhere\.csv: cannot read: No such file or directory"):
        list(read_rows("ucdp", "nowhere.csv"))
