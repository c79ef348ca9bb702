"""Settings files owned by another user are ignored with a warning, as git's safe.directory does."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ceasefire.settings import find_config

from conftest import cli

ROOT = Path(__file__).resolve().parent.parent
IN_DOUBT = ROOT / "examples" / "syria-2016-09.jsonl"


def give_away(path: Path) -> None:
    """Make ``path`` belong to another user (nobody); skip where only root could."""
    if not hasattr(os, "chown") or os.geteuid() != 0:
        pytest.skip("only root can give a file to another user")
    os.chown(path, 65534, 65534)


@pytest.mark.parametrize("name, text", [("ceasefire.toml", 'fail-on = "never"\n'), ("pyproject.toml", '[tool.ceasefire]\nfail-on = "never"\n')])
def test_a_settings_file_of_another_user_is_ignored_with_a_warning(tmp_path, monkeypatch, name, text):
    """A `fail-on = never` planted by another user above the checkout does not hide a breach."""
    settings = tmp_path / name
    settings.write_text(text)
    work = tmp_path / "checkout"
    work.mkdir()
    monkeypatch.chdir(work)
    assert cli("check", IN_DOUBT).exit_code == 0  # while the file is ours, it applies
    give_away(settings)
    result = cli("check", IN_DOUBT)
    assert result.exit_code == 1
    assert result.stderr == f"ceasefire: warning: ignoring {settings}: owned by another user (uid 65534), not by you or root\n"
    assert "config file: none found" in cli("check", "--show-config").stdout


def test_a_foreign_pyproject_without_our_table_is_not_mentioned(tmp_path):
    """Another user's pyproject.toml with no [tool.ceasefire] is simply not a settings file: no warning."""
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "theirs"\n')
    give_away(tmp_path / "pyproject.toml")
    ignored: list[str] = []
    assert find_config(tmp_path, ignored) is None or find_config(tmp_path, ignored)[0] != tmp_path / "pyproject.toml"
    assert not any(str(tmp_path) in line for line in ignored)
