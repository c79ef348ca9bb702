"""The ACLED CSV lane of ``run_import``: the same log, fates and messages as the row path, faster."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ceasefire import importer as importer_module
from ceasefire import load_agreement
from ceasefire.importer import run_import

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
ACLED_CSV = sorted(path.name for path in FIXTURES.glob("acled-*.csv"))
PACKS = {"hodeidah": "hodeidah-2018", "karabakh": "karabakh-2020", "gaza": "gaza-2025"}
HEADER, TEMPLATE = (FIXTURES / "acled-hodeidah.csv").read_bytes().decode("utf-8").split("\r\n")[:2]
BASE = next(csv.reader([TEMPLATE]))


# A mapping that uses what the bundled one does not: a period's end, admin2, a country by its
# ACLED iso code, a verification.
NARROW = """
[mapping]
source = "acled"
agreement = "hodeidah-2018"
verification = "claimed"

[scope]
countries = ["887"]
admin1 = ["Al Hudaydah"]
admin2 = ["Al Hali", "Hays", "Ad Durayhimi", "At Tuhayta", "Az Zaydiyah"]
from = 2018-12-18
until = 2019-01-31

[known]
civilians = "Civilians"

[actors]
"Military Forces of Yemen (2016-) Supreme Political Council*" = "houthis"
"Military Forces of Yemen (2012-)*" = "gov"
"Civilians (Yemen)" = "civilians"
"Unidentified Armed Group (Yemen)" = "unknown"

[types]
"Battles" = "attack.ground"
"Abduction/forced disappearance" = "attack.abduction"
"Explosions/Remote violence" = "attack.shelling"
"Protests" = false
"""


def both_paths(path: str, pack: str, monkeypatch: pytest.MonkeyPatch,
               mapping: str | None = None) -> tuple[tuple[bytes, str], tuple[bytes, str]]:
    """Import ``path`` down the lane and down the row path: each log's bytes and report."""
    agreement = load_agreement(pack)
    lane = io.BytesIO()
    lane_report = run_import("acled", [path], agreement, lane, mapping=mapping).describe()
    with monkeypatch.context() as patch:
        patch.setattr(importer_module, "acled_lines", lambda *args: None)
        rows = io.BytesIO()
        rows_report = run_import("acled", [path], agreement, rows, mapping=mapping).describe()
    return (lane.getvalue(), lane_report), (rows.getvalue(), rows_report)


@pytest.mark.parametrize("name", ACLED_CSV)
def test_the_lane_writes_the_row_paths_log_for_each_fixture(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each ACLED CSV fixture gives the same log, byte for byte, and the same report by either path."""
    pack = next(pack for key, pack in PACKS.items() if key in name)
    lane, rows = both_paths(str(FIXTURES / name), pack, monkeypatch)
    assert lane == rows
    assert lane[0].count(b"\n") > 1


FIELD = st.one_of(
    st.sampled_from(["", ",", '"', '""', 'a "quoted" word', "two,commas,", "line\nbreak", "cr\rlf\r\n", "tab\t",
                     "\x00", "Ḩudaydah", "1", "2", "3", "4", "0", "-1", "٣", " 3", "95.5", "14,7978", "nan", "1e3",
                     "20 December 2018", "2018-12-20", "20-Dec-18", "31/12/2018", "17 December 2018", "2018-12-18",
                     "31 January 2019", "1 February 2019", "04-Feb-19", "Yemen", "887", "Syria", "Hays", "Al Hali",
                     "Al Hudaydah", "Taizz", "Battles", "Armed clash", "Protests", "Peaceful protest",
                     "Houthi Movement - Ansar Allah", "Giants Brigade", "Al Zaraniq Tribal Militia (Yemen)", "x" * 40]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8),
)


DATES = ["17 December 2018", "18 December 2018", "2018-12-21", "31 January 2019", "01-Feb-19", "4 February 2019",
         "10 March 2019"]
ADMIN2 = ["Az Zaydiyah", "Hays", "Zabid", ""]


@pytest.mark.parametrize("narrow", [False, True])
def test_the_lane_agrees_with_the_row_path_at_the_edges_of_scope(narrow: bool, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows on each side of the period's ends, at each precision, in and out of the areas: one fate by either path."""
    out = io.StringIO()
    writer = csv.writer(out)
    for day in DATES:
        for precision in "123":
            for admin2 in ADMIN2:
                row = list(BASE)
                row[1], row[3], row[19] = day, precision, admin2
                writer.writerow(row)
    path = tmp_path / "export.csv"
    path.write_text(HEADER + "\r\n" + out.getvalue(), encoding="utf-8", newline="")
    mapping = None
    if narrow:
        mapping = str(tmp_path / "narrow.toml")
        Path(mapping).write_text(NARROW, encoding="utf-8")
    lane, rows = both_paths(str(path), "hodeidah-2018", monkeypatch, mapping)
    assert lane == rows
    assert "84 rows: " in lane[1] and " 0 imported" not in lane[1]


@st.composite
def acled_csv(draw: st.DrawFn) -> str:
    """An ACLED export: rows made from a real one with some values replaced, written with quoting
    that is correct, needless or broken, a field too many or too few, blank lines, any line end."""
    lines = [HEADER + "\r\n"]
    for _ in range(draw(st.integers(min_value=0, max_value=12))):
        row = list(BASE)
        row[1], row[3], row[19] = draw(st.sampled_from(DATES)), draw(st.sampled_from("1112233")), draw(st.sampled_from(ADMIN2))
        for index in draw(st.lists(st.integers(min_value=0, max_value=len(BASE) - 1), max_size=3)):
            row[index] = draw(FIELD)
        row = row[:draw(st.sampled_from([len(row), len(row), len(row), len(row) - 1]))]
        if draw(st.booleans()) and not draw(st.booleans()):
            row.append(draw(FIELD))
        cells = []
        for value in row:
            how = draw(st.sampled_from(["csv", "csv", "csv", "quoted", "raw"]))
            needs = any(char in value for char in ',"\r\n')
            if how == "quoted" or (how == "csv" and needs):
                cells.append('"' + value.replace('"', '""') + '"')
            else:
                cells.append(value)
        lines.append(",".join(cells) + draw(st.sampled_from(["\r\n", "\r\n", "\n", "\r", ""])))
        if draw(st.integers(min_value=0, max_value=9)) == 0:
            lines.append(draw(st.sampled_from(["\r\n", "\n"])))
    return "".join(lines)


@given(acled_csv(), st.booleans())
def test_the_lane_agrees_with_the_row_path_on_any_export(text: str, narrow: bool) -> None:
    """Whatever an export holds, the lane writes the row path's log and report, with the bundled mapping or a scoped one."""
    # The same fates, messages and lines; the scoped mapping scopes by period, admin2 and iso code.
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        path = Path(folder) / "export.csv"
        path.write_text(text, encoding="utf-8", newline="")
        mapping = None
        if narrow:
            mapping = str(Path(folder) / "narrow.toml")
            Path(mapping).write_text(NARROW, encoding="utf-8")
        lane, rows = both_paths(str(path), "hodeidah-2018", patch, mapping)
        assert lane == rows
