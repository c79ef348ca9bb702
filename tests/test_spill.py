"""Sorting in bounded memory: lines back in order whatever the budget and the input's order, saved atomically."""

from __future__ import annotations

import io
import os
import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ceasefire import spill as spill_module
from ceasefire.spill import Spill


@given(st.lists(st.binary(max_size=12).map(lambda b: bytes(c for c in b if 0x20 <= c < 0xff) + b"\n"), max_size=300),
       st.integers(min_value=1, max_value=200), st.sampled_from(["shuffled", "rising", "falling"]))
def test_spill_sorts_in_any_budget(lines: list[bytes], budget: int, order: str) -> None:
    """However small the memory budget and however the lines come, they come back sorted."""
    if order == "rising":
        lines = sorted(lines)
    elif order == "falling":
        lines = sorted(lines, reverse=True)
    with Spill(budget=budget, head=b"HEAD\n") as spill:
        spill.extend(lines[: len(lines) // 2])
        for line in lines[len(lines) // 2:]:
            spill.add(line)
        out = io.BytesIO()
        spill.write_to(out)
        assert out.getvalue() == b"HEAD\n" + b"".join(sorted(lines))
        assert list(spill.lines()) == sorted(lines)


@pytest.mark.parametrize("order", ["rising", "falling", "shuffled"])
def test_spill_saves_atomically_in_any_order(order: str, tmp_path: Path) -> None:
    """save() writes the head and the sorted lines, whether or not the input was already in order."""
    lines = [f'{{"date":"2018-12-{day:02d}","n":{n}}}\n'.encode() for day in range(1, 29) for n in range(40)]
    if order == "falling":
        lines.reverse()
    elif order == "shuffled":
        random.Random(15).shuffle(lines)
    target = tmp_path / "log.jsonl"
    target.write_text("old\n", encoding="utf-8")
    with Spill(str(tmp_path), budget=2000, head=b"HEAD\n") as spill:
        spill.extend(lines)
        spill.save(target)
    assert target.read_bytes() == b"HEAD\n" + b"".join(sorted(lines))
    assert [p.name for p in tmp_path.iterdir()] == ["log.jsonl"]


@pytest.mark.parametrize("writev", ["short", "missing"])
def test_spill_writes_every_byte_when_writev_falls_short(writev: str, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A writev that writes only part of its buffers, or a system without one, still leaves every line in the runs."""
    # A short writev comes of a signal or a full pipe.
    if writev == "short":
        monkeypatch.setattr(spill_module.os, "writev", lambda fd, parts: os.write(fd, parts[0][:3]))
    else:
        monkeypatch.setattr(spill_module, "_WRITEV", False)
    lines = [f'{{"date":"2018-12-{day:02d}","n":{n}}}\n'.encode() for day in range(28, 0, -1) for n in range(40)]
    target = tmp_path / "log.jsonl"
    with Spill(str(tmp_path), budget=2000, head=b"HEAD\n") as spill:
        spill.extend(lines)
        spill.save(target)
    assert target.read_bytes() == b"HEAD\n" + b"".join(sorted(lines))
