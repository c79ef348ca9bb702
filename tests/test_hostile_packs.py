"""Hostile packs and settings: whatever a pack holds, a verdict or one FILE: message with exit 2, never a traceback."""

from __future__ import annotations

import copy
import json
import tomllib
from datetime import datetime, timezone
from pathlib import Path

import pytest
from conftest import HEADER, assert_refused, cli
from hypothesis import given
from hypothesis import strategies as st

from ceasefire import CeasefireError, PackError, check
from ceasefire.packs import parse_pack

HEADER_LINE = json.dumps(HEADER).encode() + b"\n"
ROOT = Path(__file__).resolve().parent.parent
SYRIA = ROOT / "rules" / "syria-2016.toml"


def event(**fields) -> bytes:
    """One event line: a statement on 13 September unless fields say otherwise."""
    return json.dumps({"date": "2016-09-13T12:00:00+03:00", "type": "statement", **fields}).encode() + b"\n"

# -- hostile packs ---------------------------------------------------------------------------


def write_pack(tmp_path: Path, old: str, new: str) -> Path:
    """The Syria pack with one edit, beside a small log that names it."""
    text = SYRIA.read_text(encoding="utf-8")
    assert old in text
    (tmp_path / "pack.toml").write_text(text.replace(old, new, 1), encoding="utf-8")
    (tmp_path / "log.jsonl").write_bytes(b'{"agreement": "pack.toml"}\n' + event())
    return tmp_path / "pack.toml"


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("[agreement]", "[agreement\n", "invalid TOML: "),
        ("[parties]", "[partys]", "parties: is required"),
        ('after = "72h"', 'after = "99999999999999999d"', "provisions.cessation.timers[0].after: duration '99999999999999999d' is too long"),
        ('casualties = 10, severity = "major"', "casualties = 1" + "0" * 400 + ', severity = "major"', ""),
        ("start = 2016-09-12T19:00:00+03:00", "start = 9999-12-31T23:00:00+00:00", "agreement.start: date '9999-12-31T23:00:00+00:00' is out of range"),
        ('timezone = "Asia/Damascus"', 'timezone = "Mars/Olympus_Mons"', "agreement.timezone: unknown time zone 'Mars/Olympus_Mons'"),
        ('provision = "cessation"\ntypes = ["attack.*"]', 'provision = "truce"\ntypes = ["attack.*"]', "rules[0].provision: unknown provision 'truce'"),
    ],
    ids=["invalid-toml", "missing-section", "huge-duration", "huge-threshold", "start-at-the-end-of-time", "unknown-zone", "unknown-provision"],
)
def test_hostile_packs_give_a_verdict_or_a_pack_error(tmp_path, old, new, message):
    """Broken or extreme packs: FILE: key: message and exit 2, or a plain verdict."""
    pack = write_pack(tmp_path, old, new)
    result = cli("check", str(tmp_path / "log.jsonl"))
    assert "Traceback" not in result.stderr
    if message:
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr.startswith(f"{pack}: {message}")
    else:
        assert result.exit_code in (0, 1), result.stderr


def test_pack_with_a_cycle_and_an_unreachable_state_still_checks(tmp_path):
    """Cycles are normal in a state machine and an unreachable state is harmless at run time."""
    old = 'states = ["pending", "in_force", "violated", "gravely_violated", "contested", "collapsed"]'
    write_pack(tmp_path, old, old.replace('"collapsed"]', '"collapsed", "limbo"]'))
    assert cli("check", str(tmp_path / "log.jsonl")).exit_code == 0


def test_invalid_pack_content_is_never_echoed(tmp_path):
    """--agreement pointing at a file that is not a pack does not print its content."""
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n")
    result = cli("check", "-", "--agreement", str(secret), input=event())
    assert result.exit_code == 2
    assert "root:x" not in result.stderr


@pytest.mark.parametrize("ref", ["../../../etc/passwd", "/etc/passwd", "../outside.toml"])
def test_header_cannot_reach_files_outside_the_log_folder(tmp_path, ref):
    """The header may name bundled packs and files beside the log, nothing else."""
    (tmp_path / "outside.toml").write_text(SYRIA.read_text(encoding="utf-8"))
    inner = tmp_path / "logs"
    inner.mkdir()
    path = inner / "log.jsonl"
    path.write_bytes(json.dumps({"agreement": ref}).encode() + b"\n" + event())
    result = cli("check", str(path))
    assert_refused(result, path, 1, f"agreement {ref!r}: a log header may only name a bundled agreement")


def test_symlink_beside_the_log_to_a_file_outside_is_refused(tmp_path):
    """A link inside the folder does not open the way out."""
    (tmp_path / "outside.toml").write_text(SYRIA.read_text(encoding="utf-8"))
    inner = tmp_path / "logs"
    inner.mkdir()
    (inner / "pack.toml").symlink_to(tmp_path / "outside.toml")
    path = inner / "log.jsonl"
    path.write_bytes(b'{"agreement": "pack.toml"}\n' + event())
    assert_refused(cli("check", str(path)), path, 1, "agreement 'pack.toml': a log header may only name")


def test_agreement_option_may_name_a_pack_anywhere(tmp_path):
    """What the header may not reach, the command line may."""
    (tmp_path / "outside.toml").write_text(SYRIA.read_text(encoding="utf-8"))
    inner = tmp_path / "logs"
    inner.mkdir()
    path = inner / "log.jsonl"
    path.write_bytes(b'{"agreement": "../outside.toml"}\n' + event())
    assert cli("check", str(path), "--agreement", str(tmp_path / "outside.toml")).exit_code == 0


@pytest.mark.parametrize(
    "content, message",
    [
        ("a = " + "[" * 5000 + "]" * 5000, "invalid TOML: nested too deeply"),
        ("a = " + "{x=" * 3000 + "1" + "}" * 3000, "invalid TOML: nested too deeply"),
        ("# " + "x" * (1 << 20) + "\n", "larger than 1048576 bytes: not read"),
    ],
    ids=["deep-array", "deep-table", "huge-file"],
)
@pytest.mark.parametrize("command", ["check", "show", "lint"])
def test_hostile_toml_is_refused_for_every_command(tmp_path, content, message, command):
    """A pack nested thousands deep or over 1 MiB: FILE: message, exit 2, for check, show and lint."""
    pack = tmp_path / "hostile.toml"
    pack.write_text(content)
    args = ["check", "-", "--agreement", str(pack)] if command == "check" else [command, str(pack)]
    result = cli(*args, input=event())
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"{pack}: {message}\n"


def test_hostile_settings_file_is_refused(tmp_path, monkeypatch):
    """A ceasefire.toml nested thousands deep: FILE: message, exit 2."""
    (tmp_path / "ceasefire.toml").write_text("a = " + "[" * 5000 + "]" * 5000)
    monkeypatch.chdir(tmp_path)
    result = cli("check", "-", input=HEADER_LINE + event())
    assert result.exit_code == 2 and result.stderr == f"{tmp_path / 'ceasefire.toml'}: invalid TOML: nested too deeply\n"


def _leaves(value, path=()):
    """Every key path into a parsed TOML document."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield path + (key,)
            yield from _leaves(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield path + (index,)
            yield from _leaves(item, path + (index,))


PACK_DATA = tomllib.loads(SYRIA.read_text(encoding="utf-8"))
PACK_PATHS = list(_leaves(PACK_DATA))
ODD_VALUES = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30), st.floats(allow_nan=False), st.booleans(),
    st.sampled_from(["", "*", "x", "72h", "0h", "in_force", "attack.*", "start", "cessation.violated", "minor"]),
    st.lists(st.sampled_from(["x", "in_force", "*", ""]), max_size=3),
    st.dictionaries(st.sampled_from(["x", "trigger", "source", "dest", "severity"]), st.sampled_from(["x", "in_force", 1]), max_size=3),
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)).map(lambda d: d.replace(tzinfo=timezone.utc)),
    st.none(),
)


@given(st.lists(st.tuples(st.sampled_from(PACK_PATHS), ODD_VALUES), min_size=1, max_size=3))
def test_any_damage_to_a_pack_gives_a_pack_error_or_a_verdict(edits):
    """Changing or deleting any value of the Syria pack: a PackError, or a pack that checks a log without crashing."""
    data = copy.deepcopy(PACK_DATA)
    for path, value in edits:
        parent = data
        try:
            for key in path[:-1]:
                parent = parent[key]
            if isinstance(parent, dict) and path[-1] not in parent:
                continue
            if value is None:
                del parent[path[-1]]
            else:
                parent[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    try:
        agreement = parse_pack(data, "damaged.toml")
    except PackError as exc:
        assert str(exc).startswith("damaged.toml: ")
        return
    for log in ("syria-2016-09-19.jsonl", "syria-2016-holding.jsonl"):
        try:
            check(ROOT / "examples" / log, agreement=agreement, as_of="2016-10-30")
        except CeasefireError:
            pass
