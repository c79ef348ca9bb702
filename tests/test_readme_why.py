"""The README shows why each bundled example has its status, as the tool says it; and names every new flag, command and format."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from conftest import cli

from ceasefire.cli import main
from ceasefire.formats import FORMATS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
EXAMPLES = sorted((ROOT / "examples").glob("*.jsonl"))
BLOCK = re.compile(r"<!-- explain: (?P<log>\S+) -->\n```console\n\$ ceasefire check \S+ --explain[^\n]*\n(?P<text>.*?)```", re.S)


def test_every_bundled_example_is_explained_in_the_readme():
    """One explanation block per example, no more."""
    assert sorted(m["log"] for m in BLOCK.finditer(README)) == [f"examples/{p.name}" for p in EXAMPLES]


@pytest.mark.parametrize("match", list(BLOCK.finditer(README)), ids=lambda m: m["log"])
def test_the_readme_explanation_is_the_tools(match, monkeypatch):
    """The why and history sections of check --explain, byte for byte."""
    monkeypatch.chdir(ROOT)
    out = cli("check", match["log"], "--explain").stdout
    start = out.index("why:")
    assert out[start:out.index("\n\n", out.index("history:")) + 1] == match["text"]


def test_every_command_format_and_new_flag_is_documented():
    """report, watch; markdown, csv, html; --explain, --tally, --per, --interval: each appears in the README."""
    commands = main.list_commands(click.Context(main))  # every command: all but check are defined when first listed
    assert {"check", "report", "watch", "import"} <= set(commands)
    for command in commands:
        assert f"ceasefire {command}" in README, command
    for name in FORMATS:
        assert f"`{name}`" in README, name
    for flag in ("--explain", "--tally", "--per week", "--interval", "--format jsonl", "ceasefire report LOG -o truce.html"):
        assert flag in README, flag
