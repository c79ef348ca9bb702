"""Acceptance cases as data: each log under cases/ beside its expected JSON report or error.

``cases/valid/NAME.jsonl`` is checked with the arguments in ``NAME.args`` (one per line) and
must print exactly ``NAME.json`` (where the tool's version reads ``VERSION``); the exit code is 1 when that report has breaches, else 0, and the output validates against
the shipped report schema. ``cases/ceasefire.toml`` makes ``cases/`` the project root, so the
fingerprints in the expected reports do not depend on where the repository is checked out.
``cases/invalid/NAME.jsonl`` must exit 2, print nothing on stdout, and print exactly
``NAME.err`` on stderr.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from conftest import cli

from ceasefire import __version__
from ceasefire.schemas import schema

CASES = Path(__file__).parent / "cases"


@pytest.fixture(params=["stdlib", "orjson", "msgspec"], autouse=True)
def decoder(request, monkeypatch):
    """Run every case with the standard library's JSON decoder, with orjson, and with msgspec's typed record (the fast extra)."""
    if request.param != "stdlib":
        pytest.importorskip(request.param)
    monkeypatch.setenv("CEASEFIRE_JSON", request.param)
    return request.param


def _cases(kind: str) -> list[Path]:
    return sorted((CASES / kind).glob("*.jsonl"))


def _args(log: Path) -> list[str]:
    extra = log.with_suffix(".args")
    return extra.read_text().split("\n")[:-1] if extra.exists() else []


@pytest.mark.parametrize("log", _cases("valid"), ids=lambda p: p.stem)
def test_valid_case(log, monkeypatch):
    """The log's JSON report is the expected one, byte for byte, with the matching exit code."""
    monkeypatch.chdir(log.parent)
    result = cli("check", log.name, "--format", "json", *_args(log))
    expected = log.with_suffix(".json").read_text(encoding="utf-8")
    assert result.stderr.startswith("ceasefire: 1 log, ")  # the run's summary: machine formats keep stdout clean
    assert result.stdout.replace(f'"version": "{__version__}"', '"version": "VERSION"') == expected
    assert result.exit_code == (1 if json.loads(expected)["summary"]["breaches"] else 0)
    jsonschema.Draft202012Validator(schema("report")).validate(json.loads(result.stdout))


@pytest.mark.parametrize("log", _cases("invalid"), ids=lambda p: p.stem)
def test_invalid_case(log, monkeypatch):
    """The bad log exits 2 with FILE:LINE: message on stderr and nothing on stdout."""
    monkeypatch.chdir(log.parent)
    result = cli("check", log.name, "--format", "json", *_args(log))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == log.with_suffix(".err").read_text(encoding="utf-8")
