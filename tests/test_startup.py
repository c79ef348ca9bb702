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
import builtins, sys
sys.modules.pop("pathlib", None)  # an editable install's finder imports it at start-up: whether a check imports it again
compiled, compile = [], builtins.compile
builtins.compile = lambda source, name, *more, **named: compiled.append((name, len(source))) or compile(source, name, *more, **named)
from ceasefire.cli import main
try:
    main(["check", sys.argv[1]], prog_name="ceasefire")
except SystemExit:
    pass
import json
from ceasefire import packrules
made = {"commands": sorted(main.commands), "patterns": sorted(set(vars(packrules)) & {"ID", "NAME", "TYPE_PATTERN"}),
        "compiled": compiled}
print(json.dumps(made), file=sys.stderr)
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def test_checking_one_log_in_text_loads_nothing_it_does_not_use():
    """``ceasefire check LOG`` (text) imports no module it does not use."""
    # No worker pool (nor the module that starts one), no hash, no Monitor, no other format, no pack tool, no baseline, tally or
    # shell completion, nor the signal module's enums, nor the TOML parser, nor the pack's validation nor its parsed form (the
    # bundled pack is read from its built form), nor pathlib (paths are strings, ``textpaths``).
    done = subprocess.run([sys.executable, "-c", PROBE, str(ROOT / "examples" / "syria-2016-09.jsonl")],
                          capture_output=True, text=True, cwd=ROOT)
    loaded = set(json.loads(done.stderr.splitlines()[-1]))
    assert "ceasefire.formats.text" in loaded and "ceasefire.replay" in loaded
    unused = {"multiprocessing", "hashlib", "ceasefire.monitor", "ceasefire.formats.json",
              "ceasefire.formats.encode", "ceasefire.packtools", "ceasefire.parallel", "ceasefire.baseline",
              "ceasefire.tally", "click.shell_completion", "signal", "tomllib", "pathlib", "ceasefire.packfile",
              "ceasefire.packcheck", "ceasefire.parsedpacks"}
    assert loaded & unused == set()


def test_checking_one_log_defines_only_the_check_command_and_compiles_no_pack_name_pattern():
    """Checking one log builds only the check command's options and compiles no pack name pattern."""
    # The other commands' options are built when one of them is asked for; a pack's names are checked without compiling
    # ``packrules.ID``, ``NAME`` or ``TYPE_PATTERN``.
    done = subprocess.run([sys.executable, "-c", PROBE, str(ROOT / "examples" / "syria-2016-09.jsonl")],
                          capture_output=True, text=True, cwd=ROOT)
    made = json.loads(done.stderr.splitlines()[-2])
    assert (made["commands"], made["patterns"]) == (["check"], [])


def test_checking_one_log_compiles_no_value_class_init_and_no_annotation():
    """Checking one log compiles no value class ``__init__`` and no string as an annotation."""
    # attrs compiles nothing for a value class (their ``__init__`` is ``valueinit``'s loop, and the line or two attrs would write
    # in its place is not compiled either: ``valueinit._Uncompiled``), and the named tuples' annotations are not compiled into
    # ``ForwardRef``s (``values.Record``).
    done = subprocess.run([sys.executable, "-c", PROBE, str(ROOT / "examples" / "syria-2016-09.jsonl")],
                          capture_output=True, text=True, cwd=ROOT)
    compiled = json.loads(done.stderr.splitlines()[-2])["compiled"]
    ours = [(name, size) for name, size in compiled if name.startswith("<attrs generated") and "ceasefire" in name]
    assert ours == []
    assert sum(1 for name, _ in compiled if name == "<string>") < 40  # click's and attrs' own; the package's records add none


def test_exactly_the_unsafe_characters_are_escaped():
    """Every code point: shown escaped if and only if it is a control, format, surrogate or line/paragraph separator."""
    unsafe = {"Cc", "Cf", "Cs", "Zl", "Zp"}
    wrong = [hex(c) for c in range(sys.maxunicode + 1)
             if (printable(chr(c)) != chr(c)) != (unicodedata.category(chr(c)) in unsafe)]
    assert wrong == []
