"""Under CI (``CI`` set, as ``.ci/run`` sets it), a test skipped because a tool it needs cannot be imported fails the run.

``pytest.importorskip`` skips a test whose tool is missing: right on a developer's machine
without the ``test`` extra, wrong in CI, where the skip would turn a run green that tested
nothing. ``conftest.py`` takes these hooks; ``tests/test_missing_tools.py`` runs them.
"""

from __future__ import annotations

import os
from typing import Any

import pytest

_MISSING: list[str] = []


def _note(report: Any) -> None:
    """Keep a skip for want of an import, when CI is set."""
    if not (report.skipped and os.environ.get("CI")):
        return
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    if "could not import" in reason:
        _MISSING.append(f"{report.nodeid or report.fspath}: {reason.removeprefix('Skipped: ')}")


def pytest_collectreport(report: Any) -> None:
    """A module skipped as it is collected (``importorskip`` at its top)."""
    _note(report)


def pytest_runtest_logreport(report: Any) -> None:
    """A test skipped as it runs."""
    _note(report)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say which tools were missing."""
    for line in _MISSING:
        terminalreporter.write_line(f"CI: a tool the tests need is missing: {line}", red=True)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run if any was missing."""
    if _MISSING and exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
