"""ceasefire.sources.csvfast: the records csv.reader reads, and the lines they start on, read faster."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ceasefire.sources.csvfast import _quoted, open_lines, records


def csv_records(path: Path) -> list[tuple[int, list[str] | str]]:
    """What the row path takes from csv.reader: each record's first line and fields, or the
    error's message; blank lines skipped."""
    out: list[tuple[int, list[str] | str]] = []
    with open(path, encoding="utf-8-sig", newline="") as stream:
        reader, start = csv.reader(stream), 1
        while True:
            try:
                for fields in reader:
                    line, start = start, reader.line_num + 1
                    if fields:
                        out.append((line, fields))
                return out
            except csv.Error as exc:
                out.append((start, f"not valid CSV: {exc}"))
                start = reader.line_num + 1


@contextmanager
def field_limit(limit: int) -> Iterator[None]:
    """csv's field size limit set for a while."""
    old = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(old)


TEXT = st.lists(st.sampled_from(['a', 'b', ',', '"', '""', '\r', '\n', '\r\n', ' ', 'Ḩ', '\x00', '\ufeff']),
                max_size=60).map("".join)


@given(TEXT, st.sampled_from([131072, 3]))
def test_records_are_csv_readers_on_any_text(text: str, limit: int) -> None:
    """Any text, however it quotes and ends its lines: the same records, messages and first lines as csv.reader."""
    with tempfile.TemporaryDirectory() as folder, field_limit(limit):
        path = Path(folder) / "data.csv"
        path.write_bytes(text.encode("utf-8"))
        with open_lines(str(path)) as stream:
            assert list(records(stream)) == csv_records(path)


@given(st.lists(st.tuples(st.text(alphabet=st.sampled_from('ab," Ḩ\x00'), max_size=6),
                          st.sampled_from(["quoted", "raw", "doubled"])), min_size=1, max_size=5),
       st.sampled_from(["\r\n", "\n", "\r", ""]), st.integers(min_value=0, max_value=3))
def test_lines_of_quoted_fields_read_as_csv_reads_them(cells: list[tuple[str, str]], end: str, rows: int) -> None:
    """Rows whose fields are quoted, left bare or wrongly quoted, on several lines with any ending."""
    written = {"quoted": lambda v: '"' + v.replace('"', '""') + '"', "raw": lambda v: v,
               "doubled": lambda v: '"' + v + '"'}
    body = ",".join(written[how](value) for value, how in cells)
    fields = _quoted(body, body.find('"')) if '"' in body else None
    if fields is not None:
        assert fields == next(csv.reader([body]))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "data.csv"
        path.write_bytes(((body + end) * (rows + 1)).encode("utf-8"))
        with open_lines(str(path)) as stream:
            assert list(records(stream)) == csv_records(path)


@pytest.mark.parametrize("data", [
    b'"a\nb"\rc,d\ne,f\n',           # a record over two lines that ends at a lone carriage return
    b'a,b\nc\rd',                      # the last line has one and no end
    b'a\rb,c\r',                       # the file ends with one
    b'"a\rb\nc"\r\n"d\r\ne"\rf\n',     # inside quoted fields, after them
])
def test_lone_carriage_returns_anywhere(data: bytes, tmp_path: Path) -> None:
    """Carriage returns that end a record inside a line, end the last line, or end the file: csv.reader's records."""
    path = tmp_path / "data.csv"
    path.write_bytes(data)
    with open_lines(str(path)) as stream:
        assert list(records(stream)) == csv_records(path)


def test_a_lone_carriage_return_ends_a_line_as_in_csvs_mode() -> None:
    """Old Mac line ends, and one inside a quoted field, split and count as the csv module's mode has them."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "data.csv"
        path.write_bytes(b'a,b\r\nc,"d\re"\r\nf,g\rh,i\ri,j\n\nk,"l\r\nm"\n')
        with open_lines(str(path)) as stream:
            got = list(records(stream))
        assert got == csv_records(path) == [
            (1, ["a", "b"]), (2, ["c", "d\re"]), (4, ["f", "g"]), (5, ["h", "i"]), (6, ["i", "j"]),
            (8, ["k", "l\r\nm"])]
