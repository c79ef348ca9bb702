"""lint, test, new and show on hostile input: exit 0, 1 or 2 with a message, never an internal error (exit 3)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import PACK_HEAD, cli, in_mount_namespace, write_pack

ROOT = Path(__file__).resolve().parent.parent
SYRIA = (ROOT / "rules" / "syria-2016.toml").read_text(encoding="utf-8")

GOOD = """
[provisions.truce]
states = ["pending", "in_force"]
initial = "pending"
on_start = "start"
transitions = [{ trigger = "start", source = "pending", dest = "in_force" }]
status = { pending = "holding", in_force = "holding" }
"""


@pytest.mark.parametrize(
    "body",
    [
        GOOD.replace('trigger = "start", source', 'trigger = { a = 1 }, source'),
        GOOD.replace('on_start = "start"', "on_start = { a = 1 }"),
        GOOD.replace('initial = "pending"', "initial = [1, 2]"),
        GOOD.replace('states = ["pending", "in_force"]', "states = 5"),
        GOOD.replace("transitions = [", "transitions = 5\nx = ["),
        GOOD + '\n[[provisions.truce.timers]]\nid = 5\nkind = "calm"\nstates = { a = 1 }\nafter = "1h"\nstart = [1]\n',
        "provisions = 5\n",
        GOOD + "\nrules = 5\n",
        GOOD + '\n[[rules]]\nid = "r"\nprovision = "truce"\ntypes = { a = 1 }\ntrigger = "start"\n',
        GOOD + '\n[[rules]]\nid = "r"\nprovision = "truce"\ntypes = ["' + "a*" * 1500 + '"]\ntrigger = "start"\n',
    ],
    ids=["table-as-trigger", "table-as-on-start", "list-as-initial", "int-states", "int-transitions", "bad-timer",
         "int-provisions", "int-rules", "table-types", "3000-char-glob"],
)
def test_lint_answers_whatever_types_the_pack_holds(tmp_path, body):
    """Wrong types where names are expected: lint reports findings (exit 1) or a clean pack, never crashes."""
    pack = write_pack(tmp_path, body)
    result = cli("lint", pack)
    assert result.exit_code in (0, 1), result.output
    assert "internal error" not in result.stdout + result.stderr
    assert all(line.startswith(f"{pack}: ") for line in result.stdout.splitlines())


@pytest.mark.parametrize(
    "case, key, message",
    [
        ('log = 5\n[[expect]]\nstatus = "holding"\n', "log", "must be the name of the case's log file"),
        ("[[expect]]\nstatus = 5\n", "expect[0].status", "must be a string"),
        ("[[expect]]\nprovisions = 5\n", "expect[0].provisions", "must be a table of provision = state"),
        ("[[expect]]\nprovisions = { truce = 5 }\n", "expect[0].provisions.truce", "must be a state name"),
        ("[[expect]]\nas_of = 5\n", "expect[0].as_of", "must be a date or a date-time"),
        ("[[expect]]\nbreaches = 5\n", "expect[0].breaches", "must be a list of tables"),
        ("expect = 5\n", "expect", "needs at least one [[expect]] table"),
        ('log = ""\n[[expect]]\nstatus = "holding"\n', "log", "must be the name of the case's log file, got an empty string"),
        ("[[expect]]\nbreaches = [5]\n", "expect[0].breaches[0]", "must be a table, got an integer"),
        ("[[expect]]\nbreaches = [{ lne = 7 }]\n", "expect[0].breaches[0].lne", "unknown key"),
    ],
)
def test_pack_test_cases_of_the_wrong_type_are_errors(tmp_path, case, key, message):
    """`log = 5`, `status = 5` and the like in a case: `FILE: key: message`, exit 2."""
    pack = write_pack(tmp_path, GOOD)
    (tmp_path / "pack.tests").mkdir()
    (tmp_path / "pack.tests" / "a.jsonl").write_text('{"date": "2020-01-02T00:00:00Z", "type": "statement"}\n')
    (tmp_path / "pack.tests" / "a.toml").write_text(case)
    result = cli("test", pack)
    assert result.exit_code == 2, result.output
    assert result.stderr == f"{tmp_path / 'pack.tests' / 'a.toml'}: {key}: {message}" + result.stderr.split(message, 1)[1]
    assert result.stderr.count("\n") == 1


def test_new_refuses_an_id_too_long_for_a_file_name(tmp_path):
    """A 300-character id: exit 2 with a message, nothing written."""
    result = cli("new", "a" * 300, "--dir", tmp_path)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "agreement id is 300 characters long: at most 100\n"
    assert list(tmp_path.iterdir()) == []


def test_new_never_writes_through_a_dangling_symlink(tmp_path):
    """`new x` beside a dangling x.toml link: refused, and the link's target is not created."""
    (tmp_path / "x.toml").symlink_to(tmp_path / "elsewhere.toml")
    result = cli("new", "x", "--dir", tmp_path)
    assert result.exit_code == 2
    assert result.stderr == f"{tmp_path / 'x.toml'} already exists: not overwriting it\n"
    assert not (tmp_path / "elsewhere.toml").exists()


@pytest.mark.parametrize("where", ["a-file", "under-a-file"])
def test_new_into_something_that_is_not_a_folder(tmp_path, where):
    """--dir naming a file, or a folder below a file: exit 2 with a message, not an internal error."""
    (tmp_path / "f").write_text("")
    folder = tmp_path / "f" if where == "a-file" else tmp_path / "f" / "sub"
    result = cli("new", "x", "--dir", folder)
    assert result.exit_code == 2
    assert "internal error" not in result.stdout + result.stderr
    if where == "under-a-file":
        assert result.stderr == f"{folder / 'x.tests'}: cannot write: Not a directory\n"


def test_new_into_a_read_only_folder(tmp_path):
    """--dir on a read-only file system: exit 2, `PATH: cannot write: Read-only file system`, nothing left."""
    folder = tmp_path / "ro"
    folder.mkdir()
    code = f"import sys; from ceasefire.cli import main; sys.argv = ['ceasefire', 'new', 'x', '--dir', '{folder}']; main()"
    done = in_mount_namespace(f"mount -t tmpfs -o ro,size=64k tmpfs {folder}; {sys.executable} -c \"{code}\"")
    assert done.returncode == 2, done.stderr
    assert done.stderr == f"{folder}/x.tests: cannot write: Read-only file system\n"


def test_show_and_lint_escape_what_the_pack_says(tmp_path):
    """A pack title with ESC and a bidi override, a state name with a newline: shown escaped by show and lint."""
    head = PACK_HEAD.replace('title = "A pack written for one test"', 'title = "Evil\\u001b[2J\\u202e title"')
    pack = write_pack(tmp_path, GOOD, head=head)
    result = cli("show", pack)
    assert result.exit_code == 0
    assert "Evil\\x1b[2J\\u202e title" in result.stdout and "\x1b" not in result.stdout
    bad = write_pack(tmp_path, GOOD.replace('states = ["pending", "in_force"]', 'states = ["pending", "in_force", "x\\ny"]'), name="bad.toml")
    result = cli("lint", bad)
    assert "'x\\ny'" in result.stdout and all(line.startswith(f"{bad}: ") for line in result.stdout.splitlines())
