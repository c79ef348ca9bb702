"""Rewrite the expected JSON of every valid case from the tool's output: `python tests/cases/regenerate.py`.

Run it only when a change of the report is intended, and read the diff before committing.
"""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from ceasefire import __version__
from ceasefire.cli import main

HERE = Path(__file__).parent

if __name__ == "__main__":
    os.chdir(HERE / "valid")
    try:
        runner = CliRunner(mix_stderr=False)  # click before 8.2 mixes stderr (the run's summary) into stdout unless told
    except TypeError:  # click 8.2 on: always apart
        runner = CliRunner()
    for log in sorted((HERE / "valid").glob("*.jsonl")):
        extra = log.with_suffix(".args")
        args = extra.read_text().split("\n")[:-1] if extra.exists() else []
        result = runner.invoke(main, ["check", log.name, "--format", "json", *args])
        log.with_suffix(".json").write_text(result.stdout.replace(f'"version": "{__version__}"', '"version": "VERSION"'), encoding="utf-8")
        print(f"{log.name}: exit {result.exit_code}")
