"""What checking one small log loads, and the quick test that decides which characters are shown escaped."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from pathlib import Path

from ceasefire.escaping import printable

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import sys
sys.modules.pop("pathlib", None)  # an editable install's finder imports it at start-up: whether a check imports it again
from ceasefire.cli import main
try:
    main(["check", sys.argv[1]], prog_name="ceasefire")
except SystemExit:
    pass
import json
from ceasefire import packrules
made = {"commands": sorted(main.commands), "patterns": sorted(set(vars(packrules)) & {"ID", "NAME", "TYPE_PATTERN"})}
print(json.dumps(made), file=sys.stderr)
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def test_checking_one_log_in_text_loads_nothing_it_does_not_use():
    """``ceasefire check LOG`` (text) imports no worker pool (nor the module that starts one), no hash, no Monitor, no other format,
    no pack tool, no baseline, tally or shell completion, nor the signal module's enums, nor the TOML parser (the bundled pack is read from its parsed form),
    nor pathlib (paths are strings, ``textpaths``)."""
    done = subprocess.run([sys.executable, "-c", PROBE, str(ROOT / "examples" / "syria-2016-09.jsonl")],
                          capture_output=True, text=True, cwd=ROOT)
    loaded = set(json.loads(done.stderr.splitlines()[-1]))
    assert "ceasefire.formats.text" in loaded and "ceasefire.replay" in loaded
    unused = {"multiprocessing", "hashlib", "ceasefire.monitor", "ceasefire.formats.json",
              "ceasefire.formats.encode", "ceasefire.packtools", "ceasefire.parallel", "ceasefire.baseline",
              "ceasefire.tally", "click.shell_completion", "signal", "tomllib", "pathlib"}
    assert loaded & unused == set()


def test_checking_one_log_defines_only_the_check_command_and_compiles_no_pack_name_pattern():
    """The other commands' options are built when one of them is asked for, and a pack's names are checked without
    compiling ``packrules.ID``, ``NAME`` or ``TYPE_PATTERN``."""
    done = subprocess.run([sys.executable, "-c", PROBE, str(ROOT / "examples" / "syria-2016-09.jsonl")],
                          capture_output=True, text=True, cwd=ROOT)
    assert json.loads(done.stderr.splitlines()[-2]) == {"commands": ["check"], "patterns": []}


def test_exactly_the_unsafe_characters_are_escaped():
    """Every code point: shown escaped if and only if it is a control, format, surrogate or line/paragraph separator."""
    unsafe = {"Cc", "Cf", "Cs", "Zl", "Zp"}
    wrong = [hex(c) for c in range(sys.maxunicode + 1)
             if (printable(chr(c)) != chr(c)) != (unicodedata.category(chr(c)) in unsafe)]
    assert wrong == []
