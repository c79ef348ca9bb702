"""Packs that load but would loop, crash or crawl later: refused at load, named by lint; validation is linear."""

from __future__ import annotations

import json

import pytest

from ceasefire import PackError, load_agreement
from ceasefire.agreement import glob_match
from ceasefire.packtools.lint import globs_meet, lint
from ceasefire.packcheck import MAX_REQUIRES_DEPTH, find_timer_loop

from conftest import chain_pack, cli, write_pack

FLIP = """
[provisions.flip]
states = ["a", "b"]
initial = "a"
transitions = [{ trigger = "ab", source = "a", dest = "b" }, { trigger = "ba", source = "b", dest = "a" }]
status = { a = "holding", b = "holding" }
"""

CALM_LOOP = FLIP + """
[[provisions.flip.timers]]
id = "calm-a"
kind = "calm"
states = ["a"]
after = "1s"
trigger = "ab"

[[provisions.flip.timers]]
id = "calm-b"
kind = "calm"
states = ["b"]
after = "1s"
trigger = "ba"
"""

DEADLINE_LOOP = FLIP + """
[[provisions.flip.timers]]
id = "due-in-a"
kind = "deadline"
start = "a"
after = "1s"
met_by = ["b"]
trigger = "ab"

[[provisions.flip.timers]]
id = "back-from-b"
kind = "calm"
states = ["b"]
after = "1s"
trigger = "ba"
"""

CROSS = """
[provisions.p]
states = ["x", "y", "done"]
initial = "x"
transitions = [{ trigger = "go", source = ["x", "y"], dest = "y" }, { trigger = "back", source = "y", dest = "x" }]
status = { x = "holding", y = "holding", done = "holding" }

[[provisions.p.timers]]
id = "p-armed-by-q"
kind = "deadline"
start = "q.on"
after = "1s"
met_by = ["done"]
trigger = "go"
%s
[provisions.q]
states = ["off", "on"]
initial = "off"
on_start = "up"
transitions = [{ trigger = "up", source = "off", dest = "on" }, { trigger = "down", source = "on", dest = "off" }]
status = { off = "holding", on = "holding" }

[[provisions.q.timers]]
id = "q-armed-by-p"
kind = "deadline"
start = "p.y"
after = "1s"
met_by = ["off"]
trigger = "down"

[[provisions.q.timers]]
id = "q-up-again"
kind = "calm"
states = ["off"]
after = "1s"
trigger = "up"
"""
P_BACK = """
[[provisions.p.timers]]
id = "p-back"
kind = "calm"
states = ["y"]
after = "1s"
trigger = "back"
"""


@pytest.mark.parametrize(
    "body, key, loop",
    [
        (CALM_LOOP, "provisions.flip.timers[0]", "flip.a -(calm-a)-> flip.b -(calm-b)-> flip.a"),
        (DEADLINE_LOOP, "provisions.flip.timers[0]", "flip.a -(due-in-a)-> flip.b -(back-from-b)-> flip.a"),
        (CROSS % P_BACK, "provisions.q.timers[0]", "p.y -(q-armed-by-p)-> q.off -(q-up-again)-> q.on -(p-armed-by-q)-> p.y"),
    ],
    ids=["two-calm-timers", "deadline-re-armed", "cross-provision"],
)
def test_a_timer_loop_is_refused_at_load_and_named_by_lint(tmp_path, body, key, loop):
    """Timers that flip states with no event: `FILE: key: message` with exit 2 everywhere, and lint's timer-loop."""
    pack = write_pack(tmp_path, body)
    message = f"{pack}: {key}: timers move provisions in a loop with no event: {loop}; "
    log = tmp_path / "log.jsonl"
    log.write_text('{"agreement": "pack.toml"}\n{"date": "2020-01-02T00:00:00Z", "type": "statement"}\n')
    for args in (["check", log, "--as-of", "9999-01-01"], ["show", pack], ["graph", pack]):
        result = cli(*args)
        assert (result.exit_code, result.stdout) == (2, ""), result.output
        assert result.stderr.startswith(message)
    result = cli("lint", pack)
    assert result.exit_code == 1
    assert f"{pack}: {key}: timers move provisions in a loop with no event: {loop}" in result.stdout
    assert result.stdout.rstrip().endswith("(timer-loop)")


def test_a_loop_that_cannot_repeat_is_not_refused(tmp_path):
    """q arms p's deadline, but p cannot come back to x with no event: not a loop, the pack loads and checks."""
    pack = write_pack(tmp_path, CROSS % "")
    assert find_timer_loop(load_agreement(pack)) is None
    log = tmp_path / "log.jsonl"
    log.write_text('{"agreement": "pack.toml"}\n{"date": "2020-01-02T00:00:00Z", "type": "statement"}\n')
    result = cli("check", log, "--as-of", "9999-01-01")
    assert result.exit_code == 0 and "p  y" in result.stdout


def test_a_calm_timer_whose_loop_stays_in_its_states_fires_once(tmp_path):
    """A calm timer on [a, b] moving a to b, and one on [b] moving back: the first does not re-arm, no loop."""
    body = CALM_LOOP.replace('states = ["a"]\nafter', 'states = ["a", "b"]\nafter')
    assert find_timer_loop(load_agreement(write_pack(tmp_path, body))) is None


def test_bundled_packs_have_no_timer_loop():
    """The shipped agreements load: no loop, no reserved name, timers waiting shallowly."""
    for pack in ("syria-2016", "minsk-2015", "hodeidah-2018", "karabakh-2020", "gaza-2025"):
        assert find_timer_loop(load_agreement(pack)) is None


@pytest.mark.parametrize("trigger", ["state", "get_graph", "trigger", "__class__", "is_a", "may_go2"])
def test_triggers_named_like_the_machine_library_are_refused(tmp_path, trigger):
    """A trigger named `state` or `get_graph` (names transitions keeps) is a pack error, not a crash in check or graph."""
    body = FLIP.replace('trigger = "ab"', f'trigger = "{trigger}"') + '\n[[rules]]\nid = "r"\nprovision = "flip"\ntypes = ["statement"]\ntrigger = "go2"\n'
    body = body.replace('{ trigger = "ba", source = "b", dest = "a" }', '{ trigger = "ba", source = "b", dest = "a" }, { trigger = "go2", source = "b", dest = "b" }')
    pack = write_pack(tmp_path, body.replace('dest = "b" }]', 'dest = "b" }]'))
    for command in ("check", "show", "graph", "lint"):
        args = [command, pack] if command != "check" else ["check", "--agreement", pack, "-"]
        result = cli(*args, input="")
        assert result.exit_code in (1, 2), (command, result.output)
        said = result.stdout + result.stderr  # lint's findings on stdout, the others' refusal on stderr
        assert f"provisions.flip.transitions[0].trigger: trigger name '{trigger}' is reserved" in said
        assert "internal error" not in said


def test_calm_timers_waiting_hundreds_deep_are_refused(tmp_path):
    """300 provisions each waiting on the previous would overflow the stack in a cascade: refused at load."""
    pack = write_pack(tmp_path, chain_pack(300))
    with pytest.raises(PackError, match=rf"calm timers wait on each other \d+ provisions deep \(p299 -> p298 -> .*at most {MAX_REQUIRES_DEPTH}"):
        load_agreement(pack)
    result = cli("show", pack)
    assert result.exit_code == 2 and result.stderr.startswith(f"{pack}: provisions.")


def test_a_shallow_chain_of_calm_timers_moves_at_once(tmp_path):
    """Forty provisions each waiting on the previous: all move in one cascade when the first does."""
    write_pack(tmp_path, chain_pack(40))
    log = tmp_path / "log.jsonl"
    log.write_text('{"agreement": "pack.toml"}\n{"date": "2020-01-05T00:00:00Z", "type": "statement"}\n')
    result = cli("check", log, "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["logs"][0]["provisions"]["p39"]["state"] == "done"


def test_sixty_thousand_states_load_lint_and_check(tmp_path):
    """A provision of 60,000 states: it loads, lints and checks (validation is linear in the pack's size)."""
    states = ",".join(f'"s{i}"' for i in range(60_000))
    pack = write_pack(tmp_path, f'[provisions.big]\nstates = [{states}]\ninitial = "s0"\nfinal = ["s1"]\n'
                                'transitions = [{ trigger = "go", source = "*", dest = "s1" }]\n')
    assert len(load_agreement(pack).provisions[0].states) == 60_000
    codes = {f.code for f in lint(str(pack))}
    assert codes == {"unfired-transition", "unreachable-state", "unmapped-state"}


@pytest.mark.parametrize(
    "glob, text, expected",
    [("*.*.*.killed", "a." * 3000 + "x", False), ("*.*.*.killed", "a.b.c.killed", True), ("a*b*c", "abc", True),
     ("a*b*c", "acb", False), ("*", "", True), ("attack.*", "attack.", True), ("a*a", "a", False), ("*ab*ab*", "abab", True)],
)
def test_glob_matching(glob, text, expected):
    """`*` stands for any run of characters; a 6 KB type against `*.*.*.killed` is answered (linearly)."""
    assert glob_match(glob, text) is expected


def test_long_vocabulary_globs_lint_without_recursion(tmp_path):
    """3,000-character globs in rules and vocabulary: lint answers, no RecursionError."""
    glob = "a" + "*a" * 1500
    body = FLIP + f'\n[[rules]]\nid = "r"\nprovision = "flip"\ntypes = ["{glob}"]\ntrigger = "ab"\n'
    pack = write_pack(tmp_path, body, head=head_with(glob))
    result = cli("lint", pack)
    assert "internal error" not in result.stdout + result.stderr and result.exit_code in (0, 1)
    assert globs_meet(glob, glob) and not globs_meet("a*b", "c*")


def head_with(glob: str) -> str:
    """The test pack's head with one more vocabulary glob."""
    from conftest import PACK_HEAD

    return PACK_HEAD + f'"{glob}" = "a long glob"\n'
