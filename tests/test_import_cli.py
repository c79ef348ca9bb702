"""The ``ceasefire import`` command: the log written, the report on stderr, exit codes, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import cli

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "sources"
ACLED = str(FIXTURES / "acled-hodeidah.csv")


def clean_acled(tmp_path: Path) -> str:
    """The ACLED fixture's first eleven rows: unmapped names, no malformed row."""
    lines = Path(ACLED).read_bytes().split(b"\r\n")
    path = tmp_path / "clean.csv"
    path.write_bytes(b"\r\n".join(lines[:12]) + b"\r\n")
    return str(path)


def test_import_writes_the_log_and_reports_every_row(tmp_path: Path) -> None:
    """-o gets the log; stderr gets the malformed rows, the unmapped report and the counts; exit 2."""
    out = tmp_path / "hodeidah.jsonl"
    result = cli("import", "acled", ACLED, "--agreement", "hodeidah-2018", "-o", str(out))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines()[0] == (
        f"{ACLED}:13: event_date must be a date such as 2018-12-20, 20 December 2018 or 20-Dec-18, got '31/12/2018'")
    assert f"{ACLED}:15: expected 31 fields as in the header, got 30" in result.stderr
    assert result.stderr.endswith(
        "unmapped actors (rows):\n"
        "       2  Al Zaraniq Tribal Militia (Yemen)\n"
        "       1  UN: United Nations\n"
        "       1  Unidentified Tribal Militia (Yemen)\n"
        "unmapped types (rows):\n"
        "       1  Remote violence\n"
        "32 rows: 12 imported, 11 out_of_scope (country 2, area 3, period 2, type 4), 4 unmapped, 5 malformed\n")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["agreement"] == "hodeidah-2018" and len(lines) == 13


def test_a_clean_import_goes_to_stdout_and_exits_0() -> None:
    """Without -o the log is standard output; no malformed row means exit 0."""
    result = cli("import", "ucdp", str(FIXTURES / "ucdp-minsk-2015.csv"), "-a", "minsk-2015")
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines[0]["x_imported_from"] == "ucdp" and [line["id"] for line in lines[1:]] == [
        "199102", "199110", "199120", "199140"]
    assert result.stderr == ("unmapped actors (rows):\n"
                             "       1  Cossack National Guard\n"
                             "7 rows: 4 imported, 2 out_of_scope (area 1, period 1), 1 unmapped, 0 malformed\n")


def test_unmapped_names_fail_only_with_strict(tmp_path: Path) -> None:
    """Unmapped rows are reported and exit 0; --strict makes them an error (exit 2)."""
    clean = clean_acled(tmp_path)
    relaxed = cli("import", "acled", clean, "-a", "hodeidah-2018", "-o", str(tmp_path / "a.jsonl"))
    strict = cli("import", "acled", clean, "-a", "hodeidah-2018", "-o", str(tmp_path / "b.jsonl"), "--strict")
    assert (relaxed.exit_code, strict.exit_code) == (0, 2)
    assert "2  Al Zaraniq Tribal Militia (Yemen)" in strict.stderr
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()


def test_previous_prints_the_revisions(tmp_path: Path) -> None:
    """A second import with --previous names each added, changed and removed ACLED id, then counts them."""
    old = tmp_path / "old.jsonl"
    cli("import", "acled", ACLED, "-a", "hodeidah-2018", "-o", str(old))
    result = cli("import", "acled", str(FIXTURES / "acled-hodeidah-revised.csv"), "-a", "hodeidah-2018",
                 "-o", str(tmp_path / "new.jsonl"), "--previous", str(old))
    assert result.exit_code == 0
    assert result.stderr.endswith(
        "  changed  YEM40112: killed, note\n"
        "  changed  YEM40130: date\n"
        "  removed  YEM40145\n"
        "  added    YEM40150\n"
        f"since {old}: 1 added, 2 changed, 1 removed, 9 unchanged\n")


def test_previous_can_be_the_file_being_replaced(tmp_path: Path) -> None:
    """--previous and -o may name the same file: it is read before it is replaced."""
    log = tmp_path / "log.jsonl"
    cli("import", "acled", ACLED, "-a", "hodeidah-2018", "-o", str(log))
    result = cli("import", "acled", str(FIXTURES / "acled-hodeidah-revised.csv"), "-a", "hodeidah-2018",
                 "-o", str(log), "--previous", str(log))
    assert "1 added, 2 changed, 1 removed, 9 unchanged" in result.stderr
    assert '"id":"YEM40150"' in log.read_text(encoding="utf-8")


def test_a_mapping_error_leaves_the_old_log_alone(tmp_path: Path) -> None:
    """A bad --map is FILE: key: message, exit 2, and -o is not touched."""
    bad = tmp_path / "map.toml"
    bad.write_text('[mapping]\nsource = "acled"\n[actors]\n"Giants Brigade" = "joint-forces"\n', encoding="utf-8")
    out = tmp_path / "log.jsonl"
    out.write_text("keep me\n", encoding="utf-8")
    result = cli("import", "acled", ACLED, "-a", "hodeidah-2018", "--map", str(bad), "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr.startswith(f'{bad}: actors."Giants Brigade": unknown id \'joint-forces\'')
    assert out.read_text(encoding="utf-8") == "keep me\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log.jsonl", "map.toml"]


def test_a_custom_map_replaces_the_bundled_one(tmp_path: Path) -> None:
    """--map with a wider scope and the tribal militia mapped imports what the bundled map left out."""
    text = (Path(__file__).resolve().parent.parent / "rules" / "hodeidah-2018.maps" / "acled.toml").read_text(encoding="utf-8")
    text = text.replace('[actors]\n', '[actors]\n"Al Zaraniq Tribal Militia (Yemen)" = "unknown"\n')
    custom = tmp_path / "map.toml"
    custom.write_text(text, encoding="utf-8")
    result = cli("import", "acled", clean_acled(tmp_path), "-a", "hodeidah-2018", "--map", str(custom))
    assert result.exit_code == 0
    assert json.loads(result.stdout.splitlines()[0])["x_mapping"] == str(custom)
    assert "Al Zaraniq" not in result.stderr


def test_files_that_cannot_be_read_are_errors(tmp_path: Path) -> None:
    """A missing file, or one that is not the source's format, is one line on stderr and exit 2."""
    missing = cli("import", "gdelt", str(tmp_path / "nowhere.CSV"), "-a", "syria-2016")
    assert (missing.exit_code, missing.stderr) == (
        2, f"{tmp_path / 'nowhere.CSV'}: cannot read: No such file or directory\n")
    other = cli("import", "acled", str(FIXTURES / "ucdp-hodeidah.csv"), "-a", "hodeidah-2018")
    assert other.exit_code == 2
    assert other.stderr.startswith(f"{FIXTURES / 'ucdp-hodeidah.csv'}:1: not an ACLED file: no column event_id_cnty")


def test_an_unknown_agreement_or_source_is_a_usage_error() -> None:
    """A pack that does not exist, or a source the command does not read, exits 2."""
    assert cli("import", "acled", ACLED, "-a", "nowhere-2030").exit_code == 2
    result = cli("import", "cameo", ACLED, "-a", "hodeidah-2018")
    assert result.exit_code == 2 and "'cameo' is not one of 'acled', 'ucdp', 'gdelt'" in result.stderr


def test_import_then_check_gives_a_verdict(tmp_path: Path) -> None:
    """The imported Hodeidah log is checked by the pack its header names."""
    out = tmp_path / "hodeidah.jsonl"
    cli("import", "acled", ACLED, "-a", "hodeidah-2018", "-o", str(out))
    result = cli("check", str(out))
    assert result.exit_code == 1
    assert "status fragile, implementation behind" in result.stdout  # minor clashes; the redeployment deadlines passed
    assert "attack.shelling by houthis on gov at Al Hudaydah" in result.stdout


def test_karabakh_from_acled_names_the_disputed_groups_and_gives_a_verdict(tmp_path: Path) -> None:
    """The Karabakh export names Azerbaijan's disputed groups, counts every fate, and its log gives the expected verdict."""
    # Malformed rows by line, Azerbaijan's "illegal armed groups" named, every fate counted; the log's verdict counts the December
    # clashes, and the handovers ACLED leaves out fall due unmet.
    fixture, out = str(FIXTURES / "acled-karabakh.csv"), tmp_path / "karabakh.jsonl"
    result = cli("import", "acled", fixture, "-a", "karabakh-2020", "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr == (
        f"{fixture}:4: latitude must be a number from -90 to 90, got '39,7611'\n"
        f"{fixture}:7: fatalities must be a whole number 0 or more, got 'several'\n"
        f"{fixture}:14: event_date must be a date such as 2018-12-20, 20 December 2018 or 20-Dec-18, got '11/12/2020'\n"
        f"{fixture}:20: expected 31 fields as in the header, got 30\n"
        "unmapped actors (rows):\n"
        "       3  Unidentified Armed Group (Azerbaijan)\n"
        "22 rows: 6 imported, 9 out_of_scope (country 1, area 2, period 1, type 5), 3 unmapped, 4 malformed\n")
    check = cli("check", str(out))
    assert check.exit_code == 1
    assert "as of 2021-01-13: status fragile, implementation behind" in check.stdout
    assert "attack.ground by an unknown actor at Köhnə Taglar" in check.stdout
    assert "Aghdam district not handed over by 20 November 2020" in check.stdout
    assert "incident.mine" not in check.stdout  # the mines are in the log, not among the breaches
    assert check.stdout.rstrip().endswith("7 breaches (3 major, 4 minor); 6 events in 7 lines (1 skipped); status fragile")


@pytest.mark.parametrize("district", ["Kelbecer", "Agdara", "Gubadly"])
def test_acled_spellings_of_karabakh_districts_are_inside_the_zone(tmp_path: Path, district: str) -> None:
    """A clash in a Karabakh district under ACLED's spelling is in the zone: imported, and it breaks the ceasefire."""
    # Kelbecer (Kalbajar), Agdara (Aghdara) or Gubadly (Gubadli): not counted out of area.
    lines = (FIXTURES / "acled-karabakh.csv").read_text(encoding="utf-8").splitlines()
    header, row = lines[0], lines[2]  # the clash at Shusha of 13 January 2021
    moved = row.replace(",Shusha,Shusha,,Shusha,", f",{district},{district},,{district},")
    assert moved != row
    source, out = tmp_path / "one.csv", tmp_path / "one.jsonl"
    source.write_text(f"{header}\n{moved}\n", encoding="utf-8")
    assert cli("import", "acled", str(source), "-a", "karabakh-2020", "-o", str(out)).exit_code == 0
    check = cli("check", str(out))
    assert check.exit_code == 1
    assert f"at {district}" in check.stdout
    assert "out of area" not in check.stdout


def test_gaza_from_acled_names_the_houthis_and_gives_a_verdict(tmp_path: Path) -> None:
    """The Gaza export names the Houthis, leaves interceptions and exchanges out, and its log gives the expected verdict."""
    # The Houthis' missiles named; the log's verdict has the 18 March strikes critical and the pre-start strikes of 19 January
    # uncertain.
    fixture, out = str(FIXTURES / "acled-gaza.csv"), tmp_path / "gaza.jsonl"
    result = cli("import", "acled", fixture, "-a", "gaza-2025", "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "unmapped actors (rows):\n"
        "       2  Military Forces of Yemen (2017-) Houthi\n"
        "20 rows: 7 imported, 7 out_of_scope (country 2, area 1, type 4), 2 unmapped, 4 malformed\n")
    assert result.stderr.count(f"{fixture}:") == 4
    check = cli("check", str(out))
    assert check.exit_code == 1
    assert "as of 2025-03-23: status in_doubt, implementation behind" in check.stdout
    assert "ceasefire         critical  il" in check.stdout
    assert "attack.airstrike by il at Gaza City (13 casualties) [uncertain]" in check.stdout
    assert "attack.shelling by hamas at Tel Aviv - Yafo" in check.stdout
    assert "attack.shelling by il on un at Deir al Balah" in check.stdout


MAPS = sorted((folder.name[: -len(".maps")], map_file.stem)
              for folder in (Path(__file__).resolve().parent.parent / "rules").glob("*.maps")
              for map_file in folder.glob("*.toml"))
ANY_FILE = {"acled": ACLED, "ucdp": str(FIXTURES / "ucdp-hodeidah.csv"),
            "gdelt": str(FIXTURES / "gdelt-syria-2016.export.CSV")}


@pytest.mark.parametrize(("pack", "source"), MAPS)
def test_every_bundled_mapping_imports(pack: str, source: str) -> None:
    """Each pack's mapping for each source takes a file of that source: a log with its header, every row counted."""
    result = cli("import", source, ANY_FILE[source], "-a", pack)
    assert result.exit_code in (0, 2)
    header = json.loads(result.stdout.splitlines()[0])
    assert header == {"agreement": pack, "x_imported_from": source, "x_files": [ANY_FILE[source]],
                      "x_mapping": f"{pack}.maps/{source}.toml"}
    assert result.stderr.splitlines()[-1].split(" rows: ")[1].startswith(f"{len(result.stdout.splitlines()) - 1} imported")
