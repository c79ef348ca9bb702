"""Under CI, a test skipped for want of a tool fails the run; elsewhere it is a skip, and other skips stay skips."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def run(tmp_path: Path, body: str, ci: bool) -> subprocess.CompletedProcess[str]:
    """Run pytest with the hooks of ``missing_tools`` on a test file of ``body`` and one that passes, with CI set or not."""
    (tmp_path / "test_one.py").write_text(body, encoding="utf-8")
    (tmp_path / "test_fine.py").write_text("def test_fine():\n    pass\n", encoding="utf-8")  # a run with a test that runs
    env = {k: v for k, v in os.environ.items() if k != "CI"} | {"PYTHONPATH": str(HERE)}
    if ci:
        env["CI"] = "true"
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "missing_tools", "-p", "no:cacheprovider", str(tmp_path)],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)


MISSING_AT_TOP = 'import pytest\npytest.importorskip("no_such_tool_here")\n\ndef test_it():\n    pass\n'
MISSING_INSIDE = 'import pytest\n\ndef test_it():\n    pytest.importorskip("no_such_tool_here")\n\ndef test_other():\n    pass\n'
OTHER_SKIP = 'import pytest\n\ndef test_it():\n    pytest.skip("needs a second user")\n'


@pytest.mark.parametrize("body", [MISSING_AT_TOP, MISSING_INSIDE], ids=["module", "test"])
def test_a_missing_tool_fails_the_run_under_ci(tmp_path, body):
    """CI set: exit 1, and the summary names the tool that could not be imported."""
    result = run(tmp_path, body, ci=True)
    assert result.returncode == 1, result.stdout
    assert "CI: a tool the tests need is missing:" in result.stdout
    assert "could not import 'no_such_tool_here'" in result.stdout


@pytest.mark.parametrize("body", [MISSING_AT_TOP, MISSING_INSIDE], ids=["module", "test"])
def test_a_missing_tool_is_a_skip_outside_ci(tmp_path, body):
    """No CI: the run passes with the test skipped, as pytest.importorskip means."""
    result = run(tmp_path, body, ci=False)
    assert result.returncode == 0, result.stdout
    assert "skipped" in result.stdout and "CI:" not in result.stdout


def test_a_skip_for_another_reason_stays_a_skip_under_ci(tmp_path):
    """A test that skips for a reason other than a missing import (a second user) does not fail the run."""
    result = run(tmp_path, OTHER_SKIP, ci=True)
    assert result.returncode == 0, result.stdout
    assert "1 skipped" in result.stdout
