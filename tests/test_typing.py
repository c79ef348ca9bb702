"""The package's annotations hold: ``mypy ceasefire``, with setup.cfg's ``[mypy]`` settings, finds no error."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_finds_no_error_in_the_package(monkeypatch):
    """mypy, run from the project root with its settings, checks the whole package clean; its report is the failure message."""
    from mypy import api  # the test extra installs it: a missing mypy fails here, it is not skipped

    monkeypatch.chdir(ROOT)
    out, err, status = api.run(["ceasefire"])
    assert status == 0, out + err
