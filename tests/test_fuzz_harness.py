"""The fuzz harnesses under tests/fuzz keep working: a few examples of each, as part of the suite."""

from __future__ import annotations

import importlib

import pytest

from conftest import cli
from fuzz.common import assert_contract


@pytest.mark.parametrize("target", ["fuzz_reader", "fuzz_packs"])
def test_each_harness_runs_a_few_examples(target, monkeypatch):
    """A handful of damaged logs and packs pass the contract, so a long run starts from a working harness."""
    monkeypatch.setenv("CEASEFIRE_FUZZ_EXAMPLES", "5")
    module = importlib.reload(importlib.import_module(f"fuzz.{target}"))
    module.fuzz()


def test_the_contract_catches_a_forged_line():
    """The harness's contract is not vacuous: raw control characters and internal errors are caught."""

    class Fake:
        exit_code, stdout, stderr = 1, "log.jsonl:2: \x1b[2J\n", ""

    with pytest.raises(AssertionError, match="raw control character on stdout"):
        assert_contract(Fake(), "text")
    Fake.exit_code, Fake.stdout, Fake.stderr = 3, "", "ceasefire: internal error (KeyError)\n"
    with pytest.raises(AssertionError):
        assert_contract(Fake())
    good = cli("schema", "events")
    assert good.exit_code == 0
    assert_contract(good)
