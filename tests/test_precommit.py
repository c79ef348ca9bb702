"""The pre-commit hook definition, run for real through ``pre-commit try-repo`` on a fixture repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def try_repo(tmp_path_factory):
    """Run the hook on a fixture repository holding one log that is in doubt and one that holds."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs git and a git checkout of ceasefire")
    pytest.importorskip("pre_commit")
    fixture = tmp_path_factory.mktemp("monitors")
    _git("init", "-q", cwd=fixture)
    (fixture / "logs").mkdir()
    shutil.copy(ROOT / "examples" / "syria-2016-09.jsonl", fixture / "logs" / "in-doubt.jsonl")
    shutil.copy(ROOT / "examples" / "syria-2016-holding.jsonl", fixture / "logs" / "holding.jsonl")
    (fixture / "README.md").write_text("not a log\n")
    _git("add", ".", cwd=fixture)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-home")), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}

    def run(*files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "ceasefire", "--files", *files],
            cwd=fixture, env=env, capture_output=True, text=True, timeout=600,
        )

    return run


def test_hook_fails_on_a_log_in_doubt(try_repo):
    """The hook runs ceasefire check on the staged log and fails with its report."""
    result = try_repo("logs/in-doubt.jsonl")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "status in_doubt" in result.stdout
    assert "ceasefire check" in result.stdout


def test_hook_passes_a_log_that_holds(try_repo):
    """A log with no breach passes; files that are not logs are not given to it."""
    result = try_repo("logs/holding.jsonl", "README.md")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout
