"""Importing: rows to events, the fate of every row, date order, --previous, streaming for check."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ceasefire import load_agreement
from ceasefire import importer as importer_module
from ceasefire.errors import LogError, UsageError
from ceasefire.fates import Fates
from ceasefire.importer import iter_events, iter_located, run_import

FIXTURES = Path(__file__).parent / "fixtures" / "sources"

# source, file, agreement, expected fates
CASES = [
    ("acled", "acled-hodeidah.csv", "hodeidah-2018",
     dict(rows=32, imported=12, out_of_scope={"country": 2, "area": 3, "period": 2, "type": 4}, unmapped=4, malformed=5)),
    ("acled", "acled-hodeidah.json", "hodeidah-2018",
     dict(rows=7, imported=3, out_of_scope={"country": 1}, unmapped=1, malformed=2)),
    ("ucdp", "ucdp-hodeidah.csv", "hodeidah-2018",
     dict(rows=14, imported=6, out_of_scope={"country": 1, "area": 1, "period": 1}, unmapped=2, malformed=3)),
    ("ucdp", "ucdp-syria-2016.csv", "syria-2016",
     dict(rows=16, imported=9, out_of_scope={"country": 1, "period": 2}, unmapped=2, malformed=2)),
    ("ucdp", "ucdp-minsk-2015.csv", "minsk-2015",
     dict(rows=7, imported=4, out_of_scope={"area": 1, "period": 1}, unmapped=1, malformed=0)),
    ("acled", "acled-karabakh.csv", "karabakh-2020",
     dict(rows=22, imported=6, out_of_scope={"country": 1, "area": 2, "period": 1, "type": 5}, unmapped=3, malformed=4)),
    ("ucdp", "ucdp-gaza-candidate.csv", "gaza-2025",
     dict(rows=9, imported=5, out_of_scope={"country": 1, "area": 1}, unmapped=1, malformed=1)),
    ("acled", "acled-gaza.csv", "gaza-2025",
     dict(rows=20, imported=7, out_of_scope={"country": 2, "area": 1, "type": 4}, unmapped=2, malformed=4)),
    ("gdelt", "gdelt-syria-2016.export.CSV", "syria-2016",
     dict(rows=20, imported=9, out_of_scope={"country": 2, "period": 2, "type": 2}, unmapped=2, malformed=3)),
]


def imported(source: str, name: str, pack: str, tmp_path: Path, **options: Any) -> tuple[Any, list[dict[str, Any]]]:
    """Import a fixture to a file; return the result and the log's lines, decoded."""
    out = tmp_path / "log.jsonl"
    result = run_import(source, [str(FIXTURES / name)], load_agreement(pack), out, **options)
    return result, [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize(("source", "name", "pack", "fates"), CASES)
def test_every_row_has_exactly_one_fate(source: str, name: str, pack: str, fates: dict[str, Any], tmp_path: Path) -> None:
    """The counts of each fixture are exact, and rows == imported + out_of_scope + unmapped + malformed."""
    result, lines = imported(source, name, pack, tmp_path)
    counts = result.fates.as_dict()
    assert {key: counts[key] for key in fates} == fates
    assert result.fates.complete
    assert counts["rows"] == counts["imported"] + sum(counts["out_of_scope"].values()) + counts["unmapped"] + counts["malformed"]
    assert len(lines) == 1 + counts["imported"]


@pytest.mark.parametrize(("source", "name", "pack", "fates"), CASES)
def test_the_log_has_a_header_and_is_in_date_order(source: str, name: str, pack: str, fates: dict[str, Any],
                                                   tmp_path: Path) -> None:
    """The first line names the agreement and the source; events follow by date."""
    _result, lines = imported(source, name, pack, tmp_path)
    assert lines[0] == {"agreement": pack, "x_imported_from": source, "x_files": [str(FIXTURES / name)],
                        "x_mapping": f"{pack}.maps/{source}.toml"}
    dates = [event["date"] for event in lines[1:]]
    assert dates == sorted(dates)


def test_acled_events_carry_every_field(tmp_path: Path) -> None:
    """An ACLED clash becomes sides, its toll killed, its place and citation kept, the rest as x_ fields."""
    _result, lines = imported("acled", "acled-hodeidah.csv", "hodeidah-2018", tmp_path)
    event = next(line for line in lines if line.get("id") == "YEM40110")
    assert event == {
        "date": "2018-12-18", "type": "attack.ground", "sides": ["houthis", "gov"], "killed": 3, "id": "YEM40110",
        "country": "Yemen", "admin1": "Al Hudaydah", "admin2": "Al Hali", "location": "Al Hudaydah - Kilo 16",
        "latitude": 14.85, "longitude": 43.03, "source": "Al Masdar Online; Saba News Agency",
        "note": "On 18 December 2018, hours after the Hudaydah ceasefire took effect, Houthi forces clashed with "
                "pro-government forces (Giants Brigade, National Resistance) near Kilo 16, east of Al Hudaydah city. "
                "3 fatalities reported.",
        "x_acled_assoc_actor_2": "Giants Brigade; National Resistance Forces",
        "x_acled_interaction": "State forces-State forces", "x_acled_geo_precision": "2",
        "x_acled_timestamp": "1553000000", "x_acled_event_type": "Battles", "x_acled_sub_event_type": "Armed clash",
        "x_acled_actor1": "Military Forces of Yemen (2016-) Supreme Political Council",
        "x_acled_actor2": "Military Forces of Yemen (2012-)",
    }


def test_one_sided_rows_keep_their_attacker(tmp_path: Path) -> None:
    """An air strike, shelling or violence against civilians has an actor and, when mapped, a target."""
    _result, lines = imported("acled", "acled-hodeidah.csv", "hodeidah-2018", tmp_path)
    by_id = {line.get("id"): line for line in lines}
    assert (by_id["YEM40115"]["actor"], by_id["YEM40115"]["target"]) == ("gov", "houthis")
    assert "sides" not in by_id["YEM40115"]
    assert "actor" not in by_id["YEM40121"] and by_id["YEM40121"]["target"] == "civilians"  # an unidentified group
    assert "actor" not in by_id["YEM40136"] and "target" not in by_id["YEM40136"]  # the UN is not in the mapping


def test_precision_widens_the_date_and_keeps_the_date_as_written(tmp_path: Path) -> None:
    """A week-precision row spans seven days, a month-precision row its month; ACLED's date is kept."""
    _result, lines = imported("acled", "acled-hodeidah.csv", "hodeidah-2018", tmp_path)
    by_id = {line.get("id"): line for line in lines}
    week, month = by_id["YEM40118"], by_id["YEM40100"]
    assert (week["date"], week["date_end"], week["x_acled_event_date"]) == ("2018-12-21", "2018-12-27", "24 December 2018")
    assert (month["date"], month["date_end"], month["x_acled_time_precision"]) == ("2018-12-01", "2018-12-31", "3")
    assert "date_end" not in by_id["YEM40110"]
    assert "latitude" not in by_id["YEM40124"]


def test_ucdp_dyads_are_clashes_and_one_sided_violence_is_not(tmp_path: Path) -> None:
    """A GED state-based row gives sides; a one-sided row gives side A as actor; best is killed."""
    _result, lines = imported("ucdp", "ucdp-syria-2016.csv", "syria-2016", tmp_path)
    by_id = {line.get("id"): line for line in lines}
    assert (by_id["229010"]["sides"], by_id["229010"]["killed"]) == (["sy-gov", "isil"], 62)
    assert (by_id["229004"]["actor"], by_id["229004"]["target"], by_id["229004"]["killed"]) == ("sy-gov", "civilians", 20)
    assert by_id["229004"]["x_ucdp_low"] == "18" and by_id["229004"]["location"] == "Urum al Kubra village"


def test_a_side_mapped_to_unknown_stays_in_the_clash(tmp_path: Path) -> None:
    """GED's 'United Armed Forces of Novorossiya' (DPR or LPR) is an unknown side, not a dropped row."""
    _result, lines = imported("ucdp", "ucdp-minsk-2015.csv", "minsk-2015", tmp_path)
    by_id = {line.get("id"): line for line in lines}
    assert by_id["199102"]["sides"] == ["ua-forces", "unknown"]
    assert (by_id["199102"]["date"], by_id["199102"]["date_end"]) == ("2015-02-15", "2015-02-18")


def test_gdelt_events_are_reported_at_most(tmp_path: Path) -> None:
    """Machine-coded events are 'reported', keep their URL and their CAMEO codes with leading zeros."""
    _result, lines = imported("gdelt", "gdelt-syria-2016.export.CSV", "syria-2016", tmp_path)
    events = lines[1:]
    assert {event["verification"] for event in events} == {"reported"}
    truce = next(event for event in events if event["id"] == "560123460")
    assert (truce["type"], truce["actor"], truce["x_gdelt_event_code"]) == ("declaration.truce", "ru", "0871")
    assert truce["url"] == "https://www.example.org/world/russia-announces-syria-truce"


def test_unmapped_names_and_types_are_reported_most_frequent_first(tmp_path: Path) -> None:
    """The report lists each unmapped name with its rows, the most frequent first."""
    result, _lines = imported("acled", "acled-hodeidah.csv", "hodeidah-2018", tmp_path)
    report = result.describe()
    assert ("unmapped actors (rows):\n"
            "       2  Al Zaraniq Tribal Militia (Yemen)\n"
            "       1  UN: United Nations\n"
            "       1  Unidentified Tribal Militia (Yemen)\n"
            "unmapped types (rows):\n"
            "       1  Remote violence\n"
            "32 rows: 12 imported, 11 out_of_scope (country 2, area 3, period 2, type 4), 4 unmapped, 5 malformed\n") in report
    assert report.startswith(f"{FIXTURES / 'acled-hodeidah.csv'}:13: event_date must be a date")


def test_a_name_that_could_forge_a_line_is_escaped() -> None:
    """An actor name with a line break is shown quoted on one line."""
    fates = Fates()
    fates.name(fates.actors, "Rebels\nfake: 0 rows")
    assert "  'Rebels\\nfake: 0 rows'" in fates.describe()


def test_previous_names_what_was_added_changed_and_removed(tmp_path: Path) -> None:
    """A newer export is compared by ACLED id: a renamed actor of the same party is no change."""
    agreement = load_agreement("hodeidah-2018")
    old = tmp_path / "old.jsonl"
    run_import("acled", [str(FIXTURES / "acled-hodeidah.csv")], agreement, old)
    result = run_import("acled", [str(FIXTURES / "acled-hodeidah-revised.csv")], agreement, tmp_path / "new.jsonl",
                        previous=str(old))
    assert result.revisions is not None
    assert result.revisions.describe() == (
        "  changed  YEM40112: killed, note\n"
        "  changed  YEM40130: date\n"
        "  removed  YEM40145\n"
        "  added    YEM40150\n"
        f"since {old}: 1 added, 2 changed, 1 removed, 9 unchanged\n")


def test_previous_from_another_source_is_refused(tmp_path: Path) -> None:
    """Comparing an ACLED import with a GED import makes no sense and says so."""
    old = tmp_path / "old.jsonl"
    run_import("ucdp", [str(FIXTURES / "ucdp-hodeidah.csv")], load_agreement("hodeidah-2018"), old)
    with pytest.raises(UsageError, match="imported from ucdp, not acled"):
        run_import("acled", [str(FIXTURES / "acled-hodeidah.csv")], load_agreement("hodeidah-2018"),
                   tmp_path / "new.jsonl", previous=str(old))


def test_iter_events_streams_in_file_order_or_sorted(tmp_path: Path) -> None:
    """For check --from: events in the file's order (newest first here), or sorted on request."""
    agreement, paths = load_agreement("hodeidah-2018"), [str(FIXTURES / "acled-hodeidah.csv")]
    fates = Fates()
    in_file = [event["id"] for event in iter_events("acled", paths, agreement, fates=fates)]
    assert in_file[:3] == ["YEM40145", "YEM40140", "YEM40136"] and fates.imported == 12
    by_date = [event["date"] for event in iter_events("acled", paths, agreement, fates=Fates(), sort=True)]
    assert by_date == sorted(by_date) and len(by_date) == 12


def test_iter_events_without_fates_stops_at_the_first_malformed_row() -> None:
    """Without a Fates to collect them, a malformed row is a LogError naming its line."""
    with pytest.raises(LogError, match=r"acled-hodeidah\.csv:13: event_date must be"):
        list(iter_events("acled", [str(FIXTURES / "acled-hodeidah.csv")], load_agreement("hodeidah-2018")))


def test_iter_located_gives_the_source_line() -> None:
    """Each event comes with the file and line of its row, for messages that cite the source."""
    located = list(iter_located("ucdp", [str(FIXTURES / "ucdp-syria-2016.csv")], load_agreement("syria-2016"),
                                fates=Fates()))
    assert [(Path(path).name, line) for path, line, _event in located[:3]] == [
        ("ucdp-syria-2016.csv", 2), ("ucdp-syria-2016.csv", 3), ("ucdp-syria-2016.csv", 4)]


def test_a_stream_gets_the_same_bytes_as_a_file(tmp_path: Path) -> None:
    """Writing to standard output or to -o gives byte-identical logs."""
    agreement, paths = load_agreement("hodeidah-2018"), [str(FIXTURES / "acled-hodeidah.csv")]
    stream = io.BytesIO()
    run_import("acled", paths, agreement, stream)
    run_import("acled", paths, agreement, tmp_path / "log.jsonl")
    assert stream.getvalue() == (tmp_path / "log.jsonl").read_bytes()


def test_stdlib_json_and_orjson_write_the_same_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The optional orjson speeds the import up without changing a byte of it."""
    pytest.importorskip("orjson")
    event = {"date": "2018-12-20", "note": 'quotes " and \\ and \n\t\x01 and Ḩudaydah \u2028', "killed": 0,
             "latitude": 14.7978, "longitude": -0.5, "sides": ["a", "b"]}
    fast = importer_module._compact()
    monkeypatch.setenv("CEASEFIRE_JSON", "stdlib")
    slow = importer_module._compact()
    assert fast(event) == slow(event) == json.dumps(event, ensure_ascii=False, separators=(",", ":")).encode()


HEADERS = {
    ("acled", (FIXTURES / "acled-hodeidah.csv").read_bytes().split(b"\r\n")[0] + b"\r\n"),
    ("acled", b'{"success": true, "data": [{"event_id_cnty": "YEM1", "country": "Yemen"}, '),
    ("ucdp", (FIXTURES / "ucdp-hodeidah.csv").read_bytes().split(b"\n")[0] + b"\n"),
    ("gdelt", b""),
}


@given(st.sampled_from(sorted(HEADERS)), st.lists(st.one_of(
    st.binary(max_size=60),
    st.sampled_from([b",", b'"', b"\t", b"\n", b"\r\n", b"\x00", b"\xff", b"2018-12-20", b"Yemen", b"Battles", b"{",
                     b"}", b"]", b'"event_date": "2018-12-20", ', b"\\ud800"]),
), max_size=40))
def test_any_bytes_after_a_header_get_a_fate_and_never_a_crash(start: tuple[str, bytes], pieces: list[bytes]) -> None:
    """Whatever follows the header, the import ends with every row counted, or with a LogError."""
    import tempfile

    source, header = start
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "data"
        path.write_bytes(header + b"".join(pieces))
        try:
            result = run_import(source, [str(path)], load_agreement("hodeidah-2018"), io.BytesIO())
        except LogError as exc:
            assert str(exc).startswith(str(path)) and "\n" not in str(exc)
        else:
            assert result.fates.complete
            assert all("\n" not in str(error) for error in result.fates.errors)
