"""Fuzz the log reader through ``ceasefire check``, in every output format.

Logs are built from the bundled examples and then damaged: fields replaced by hostile values
(control and bidirectional characters, lone surrogates, huge numbers, dates at the calendar's
edges, other separators and grammars), lines swapped, bytes flipped, headers changed; the log's
own file name is hostile too. Whatever arrives, the run must keep the contract of
``common.assert_contract``: exit 0, 1 or 2, one escaped line per error, well-formed documents.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .common import FORMATS, assert_contract, cli, time_limit

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = [p.read_bytes().splitlines() for p in sorted((ROOT / "examples").glob("*.jsonl"))]
FIELDS = ("date", "type", "actor", "target", "claimed_target", "casualties", "id", "location", "source", "note", "agreement")
HOSTILE_TEXT = ["\n::error file=src/app.py,line=1::FORGED", "\x1b[31mred\x1b[0m", "\u202egnp.exe", "\x00", "\ud800", "\udcff",
                "a\u2028b", "\x85", "é", "\u200f", "x" * 5000, "", " ", "syria-2016", "../../etc/passwd", "*"]
EDGE_DATES = ["9999-12-31T22:00:00Z", "9999-12-31T23:59:59.999999+00:00", "9999-12-31", "0001-01-01", "0001-01-01T00:00:00+14:00",
              "2016-09-17\x00 14:00:00", "2016-09-17é14:00:00", "2016-W37-6", "20160917T140000", "2016-09-17T14", "2016-09-17T14:00:00.1234567",
              "2016-09-17t14:00:00z", "2016-09-17T14:00:00+03", "2016-09-17T14:00:00+0300", "2016-09-17T14:00:00+03:00:00.5",
              "٢٠١٦-٠٩-١٧", "2016-09-17T25:00:00", "2016-09-17T14:00:00-23:59", "2016-09-13", "2016-09-12T19:00:00+03:00"]

hostile_text = st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=40), st.text(st.characters(max_codepoint=0x3000), max_size=10))
values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.just("__HUGE__"), st.floats(allow_nan=False),
              hostile_text, st.sampled_from(EDGE_DATES)),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)


@st.composite
def logs(draw: st.DrawFn) -> bytes:
    """An example log, damaged a few times."""
    lines = list(draw(st.sampled_from(EXAMPLES)))
    for _ in range(draw(st.integers(0, 4))):
        if not lines:
            lines.append(b"")
        i = draw(st.integers(0, len(lines) - 1))
        how = draw(st.sampled_from(["field", "field", "date", "swap", "bytes", "drop", "dup", "header"]))
        try:
            obj = json.loads(lines[i])
        except ValueError:
            obj = None
        if how in ("field", "date") and isinstance(obj, dict):
            name = "date" if how == "date" else draw(st.sampled_from(FIELDS))
            obj[name] = draw(st.sampled_from(EDGE_DATES)) if how == "date" else draw(values)
            text = json.dumps(obj, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")
            lines[i] = text.replace(b'"__HUGE__"', b"9" * draw(st.sampled_from([19, 400, 4299, 4301, 5000])))
        elif how == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif how == "bytes" and lines[i]:
            k = draw(st.integers(0, len(lines[i]) - 1))
            lines[i] = lines[i][:k] + draw(st.binary(min_size=0, max_size=4)) + lines[i][k + 1:]
        elif how == "drop":
            del lines[i]
        elif how == "dup":
            lines.insert(i, lines[i])
        elif how == "header":
            lines[0] = json.dumps({"agreement": draw(st.one_of(st.sampled_from(["syria-2016", "minsk-2015", "hodeidah-2018", "karabakh-2020", "gaza-2025"]), values))}).encode()
    return b"\n".join(lines) + draw(st.sampled_from([b"\n", b"", b"\r\n"]))


names = st.one_of(
    st.just("log.jsonl"),
    st.sampled_from(["a\nb.jsonl", "\x1b[2J.jsonl", "\u202elog.jsonl", "é.jsonl", "x" * 250 + ".jsonl"]),
    st.binary(min_size=1, max_size=20).map(lambda b: os.fsdecode(b.replace(b"/", b"_").replace(b"\x00", b"_")) + ".jsonl"),
)


@settings(max_examples=int(os.environ.get("CEASEFIRE_FUZZ_EXAMPLES", "200")), deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(data=logs(), name=names, fmt=st.sampled_from(FORMATS), as_of=st.one_of(st.none(), st.sampled_from(EDGE_DATES)),
       sort=st.booleans(), quiet=st.booleans())
def fuzz(data: bytes, name: str, fmt: str, as_of: str | None, sort: bool, quiet: bool) -> None:
    """One damaged log, checked in one format: the contract holds."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, name)
        try:
            with open(path, "wb") as f:
                f.write(data)
        except OSError:
            return  # a name this file system refuses
        args = ["check", path, "--format", fmt]
        if as_of is not None:
            args += ["--as-of", as_of]
        args += ["--sort"] * sort + ["-q"] * quiet
        with time_limit(20):
            result = cli(*args)
        assert_contract(result, fmt)
