"""Pack tools: agreements, show, graph, lint, test, new, and the walk-through in docs/packs.md."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from conftest import cli

from ceasefire import bundled_packs, load_agreement

ROOT = Path(__file__).resolve().parent.parent
BROKEN = Path(__file__).parent / "fixtures" / "broken-pack.toml"


def test_agreements_lists_every_bundled_pack():
    """id, title, start and provisions of each bundled pack."""
    out = cli("agreements").stdout
    for name in ("syria-2016", "minsk-2015", "hodeidah-2018", "karabakh-2020", "gaza-2025"):
        agreement = load_agreement(name)
        assert f"{name}\n  {agreement.title}\n" in out
        assert f"provisions: {', '.join(p.id for p in agreement.provisions)}" in out
    assert "start: 2015-02-15T00:00:00+02:00 (Europe/Kyiv)" in out
    assert "start: 2020-11-10T00:00:00+03:00 (Europe/Moscow)" in out  # 00:00 Moscow time, as the statement says
    assert "start: 2025-01-19T11:15:00+02:00 (Asia/Gaza)" in out  # the actual start, not the 08:30 scheduled


def test_show_explains_a_pack_in_words():
    """Parties, designated groups, each provision's states, what moves it, its timers, its status."""
    out = cli("show", "syria-2016").stdout
    assert "  sy-gov: Syrian government forces and allies" in out
    assert "Not protected (designated groups):\n  isil:" in out
    assert "  states: pending, in_force, violated, gravely_violated, contested, collapsed; starts pending; final: collapsed" in out
    assert ("attack.* by ru or us or us-coalition or a party or an unknown actor, not on a designated group: "
            "a minor breach, major from 10 casualties, critical from 50 casualties on the actor") in out
    assert "deadline: unless delivered within 72 hours of the start" in out
    assert "calm period: 7 days in not_established without a major or worse breach of cessation, once aid is delivered" in out
    assert ("  status: pending -> holding, in_force -> holding, violated -> fragile, gravely_violated -> in_doubt, "
            "contested -> in_doubt, collapsed -> collapsed") in out


def test_a_fixed_due_date_is_shown_in_the_packs_zone():
    """A deadline with a date of its own reads as the agreement wrote it, in its zone, in show and in SARIF's rule texts."""
    out = cli("show", "gaza-2025").stdout
    assert "deadline: unless retaken or withdrawn by 2025-02-10T00:00:00+02:00: a major breach" in out
    assert "+00:00" not in out
    sarif = cli("check", "--format", "sarif", "examples/gaza-2025.jsonl").stdout
    assert "deadline: unless retaken or withdrawn by 2025-02-10T00:00:00+02:00: a major breach" in sarif


def test_show_an_unknown_pack_is_an_error():
    """A pack that does not exist: exit 2, the bundled ones listed."""
    result = cli("show", "oslo-1993")
    assert result.exit_code == 2
    assert "bundled: gaza-2025, hodeidah-2018, karabakh-2020, minsk-2015, syria-2016" in result.stderr


# -- graph -------------------------------------------------------------------------------

STATEMENT = re.compile(
    r'^(stateDiagram-v2|direction (LR|TB|RL|BT)|state "[^"]+" as (\w+)|(\[\*\]|\w+) --> (\[\*\]|\w+)(: [\w |]+)?)$'
)


def parse_mermaid(text: str) -> list[tuple[str, set[str], list[tuple[str, str]]]]:
    """Parse the Mermaid stateDiagram-v2 subset the diagrams use: (title, states, edges) per diagram."""
    diagrams = []
    fenced = re.findall(r"^```mermaid\n(.*?)^```$", text, re.S | re.M)
    blocks = [block.strip() for block in fenced] if text.startswith("```") else [text.strip()]
    for block in blocks:
        front, body = re.match(r"^---\ntitle: \"([^\"]+)\"\n---\n(.*)$", block, re.S).groups()
        lines = [line.strip() for line in body.splitlines() if line.strip()]
        assert lines[0] == "stateDiagram-v2"
        states, edges = set(), []
        for line in lines:
            match = STATEMENT.match(line)
            assert match, f"not a stateDiagram-v2 statement: {line!r}"
            if match.group(3):
                states.add(match.group(3))
            if match.group(4):
                edges.append((match.group(4), match.group(5)))
        for src, dst in edges:
            assert {src, dst} - {"[*]"} <= states, (src, dst)
        diagrams.append((front, states, edges))
    return diagrams


def test_graph_is_a_mermaid_state_diagram_with_every_state():
    """ceasefire graph syria-2016 --format mermaid: one fenced stateDiagram-v2 per provision, every state in it."""
    result = cli("graph", "syria-2016", "--format", "mermaid")
    assert result.exit_code == 0
    assert result.stdout.count("```mermaid\n") == 5 and result.stdout.count("\n```\n") == 5
    assert "\n\n```mermaid\n---\ntitle:" in result.stdout  # each block stands on its own, pasteable as it is
    agreement = load_agreement("syria-2016")
    diagrams = parse_mermaid(result.stdout)
    assert [title for title, _, _ in diagrams] == [f"syria-2016: {p.id}" for p in agreement.provisions]
    for (_, states, edges), provision in zip(diagrams, agreement.provisions):
        assert states == set(provision.states)
        assert ("[*]", provision.initial) in edges
        for t in provision.transitions:
            for source in t.source:
                assert (source, t.dest) in edges
        for state in provision.final:
            assert (state, "[*]") in edges


def test_graph_of_one_provision():
    """--provision draws one diagram; an unknown one is an error."""
    text = cli("graph", "minsk-2015", "-p", "heavy_weapons").stdout
    assert text.startswith("---\ntitle:")  # one diagram: unfenced, for mmdc
    (diagram,) = parse_mermaid(text)
    assert diagram[1] == set(load_agreement("minsk-2015").provision("heavy_weapons").states)
    result = cli("graph", "minsk-2015", "-p", "withdrawal")
    assert result.exit_code == 2 and "has no provision 'withdrawal'" in result.stderr


def test_graph_as_dot():
    """--format dot gives Graphviz DOT when the graphviz package is there, else says how to get it."""
    result = cli("graph", "syria-2016", "-p", "aid", "--format", "dot")
    try:
        import graphviz  # noqa: F401
    except ImportError:
        assert result.exit_code == 2 and "pip install 'ceasefire[dot]'" in result.stderr
    else:
        assert result.exit_code == 0 and "digraph" in result.stdout and "awaiting_access" in result.stdout


# -- lint --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(bundled_packs()))
def test_bundled_packs_lint_clean(name):
    """Every bundled pack: no finding, exit 0."""
    result = cli("lint", name)
    assert (result.exit_code, result.stdout) == (0, f"{name}: no problems found\n")


def test_lint_reports_each_kind_of_mistake_with_file_and_key():
    """The broken fixture has one mistake of each kind; each is reported at its key; exit 1."""
    result = cli("lint", BROKEN)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    expected = [
        ("provisions.truce.transitions[2]", "unfired-transition"),
        ("provisions.truce.states", "unreachable-state"),
        ("provisions.truce.status", "unmapped-state"),
        ("provisions.truce.timers[0].states", "timer-unknown-state"),
        ("rules[0].types[0]", "unknown-event-type"),
    ]
    for key, code in expected:
        assert any(line.startswith(f"{BROKEN}: {key}: ") and line.endswith(f"({code})") for line in lines), (key, code)
    assert "state 'limbo' cannot be reached from the initial state 'pending'" in result.stdout
    assert "rule 'attack' matches 'atack.*', which no type in [vocabulary] can be" in result.stdout


def test_lint_reports_a_pack_that_does_not_load(tmp_path):
    """A pack with no lint finding but a load error: the error is the finding."""
    pack = tmp_path / "bad.toml"
    pack.write_text((ROOT / "rules" / "syria-2016.toml").read_text(encoding="utf-8").replace('after = "72h"', 'after = "soon"', 1))
    result = cli("lint", pack)
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{pack}: provisions.cessation.timers[0].after: invalid duration 'soon'")


def test_lint_of_something_that_is_not_toml_exits_2(tmp_path):
    """Not TOML at all: exit 2, FILE: message."""
    pack = tmp_path / "x.toml"
    pack.write_text("[[[")
    result = cli("lint", pack)
    assert result.exit_code == 2 and result.stderr.startswith(f"{pack}: invalid TOML")


# -- test --------------------------------------------------------------------------------


def test_bundled_packs_pass_their_own_tests():
    """ceasefire test: every bundled pack's cases pass; each pack has some."""
    result = cli("test")
    assert result.exit_code == 0, result.stdout
    for name in bundled_packs():
        assert f"ok   {name} " in result.stdout
    assert "FAIL" not in result.stdout
    assert re.search(r"\n\d+ passed, 0 failed\n$", result.stdout)


def test_a_changed_expectation_fails_with_the_difference(tmp_path):
    """Change one case's expected status: exit 1, expected against actual printed."""
    shutil.copy(ROOT / "rules" / "syria-2016.toml", tmp_path / "syria-2016.toml")
    shutil.copytree(ROOT / "rules" / "syria-2016.tests", tmp_path / "syria-2016.tests")
    case = tmp_path / "syria-2016.tests" / "seed-article.toml"
    case.write_text(case.read_text().replace('as_of = "2016-09-16"\nstatus = "holding"', 'as_of = "2016-09-16"\nstatus = "fragile"'))
    result = cli("test", tmp_path / "syria-2016.toml")
    assert result.exit_code == 1
    assert "FAIL syria-2016 seed-article (as of 2016-09-16)\n    status: expected fragile, got holding" in result.stdout
    assert "1 failed" in result.stdout


def test_a_changed_breach_expectation_shows_both_lists(tmp_path):
    """A wrong breach list prints the expected and the actual breaches."""
    shutil.copy(ROOT / "rules" / "syria-2016.toml", tmp_path / "syria-2016.toml")
    shutil.copytree(ROOT / "rules" / "syria-2016.tests", tmp_path / "syria-2016.tests")
    case = tmp_path / "syria-2016.tests" / "seed-article.toml"
    case.write_text(case.read_text().replace('{ line = 7, provision = "cessation", severity = "critical"', '{ line = 7, provision = "cessation", severity = "major"'))
    out = cli("test", tmp_path / "syria-2016.toml").stdout
    assert "  breaches:\n      expected:\n" in out
    assert "{line = 7, provision = 'cessation', severity = 'major', party = 'us-coalition'}" in out
    assert "severity = 'critical'" in out


def test_a_pack_without_cases_fails(tmp_path):
    """A pack with no test folder is not a passing pack."""
    shutil.copy(ROOT / "rules" / "syria-2016.toml", tmp_path / "lonely.toml")
    result = cli("test", tmp_path / "lonely.toml")
    assert result.exit_code == 1 and "no test cases in" in result.stdout


def test_a_bad_case_file_is_a_usage_error(tmp_path):
    """A case with an unknown key: FILE: key: message, exit 2."""
    shutil.copy(ROOT / "rules" / "syria-2016.toml", tmp_path / "p.toml")
    (tmp_path / "p.tests").mkdir()
    (tmp_path / "p.tests" / "c.jsonl").write_text("")
    (tmp_path / "p.tests" / "c.toml").write_text('[[expect]]\nstatus = "holding"\nstate = "x"\n')
    result = cli("test", tmp_path / "p.toml")
    assert result.exit_code == 2 and result.stderr.startswith(f"{tmp_path / 'p.tests' / 'c.toml'}: expect[0].state: unknown key")


# -- new, and the walk-through ---------------------------------------------------------------


def test_new_refuses_to_overwrite(tmp_path, monkeypatch):
    """ceasefire new writes the skeleton once; a second time it refuses."""
    monkeypatch.chdir(tmp_path)
    assert cli("new", "my-truce").exit_code == 0
    result = cli("new", "my-truce")
    assert result.exit_code == 2 and "already exists: not overwriting it" in result.stderr


def _steps(text: str):
    """The machine-readable steps of docs/packs.md: (kind, argument, following code blocks)."""
    pattern = re.compile(r"<!-- step: (\w+)(?: ([^ ]+))? -->\n```\w*\n(.*?)```(?:\n\n```\w*\n(.*?)```)?", re.S)
    for match in pattern.finditer(text):
        yield match.group(1), match.group(2), match.group(3), match.group(4)


def test_the_walkthrough_in_docs_packs_md_works(tmp_path, monkeypatch):
    """Following docs/packs.md from `ceasefire new` gives a pack that loads, lints clean and passes its tests."""
    monkeypatch.chdir(tmp_path)
    steps = list(_steps((ROOT / "docs" / "packs.md").read_text(encoding="utf-8")))
    assert [kind for kind, *_ in steps].count("run") >= 5
    for kind, arg, block, second in steps:
        if kind == "file":
            Path(arg).write_text(block, encoding="utf-8")
        elif kind == "replace":
            path = Path(arg)
            text = path.read_text(encoding="utf-8")
            assert block in text, f"docs/packs.md: {block!r} is not in {arg}"
            path.write_text(text.replace(block, second), encoding="utf-8")
        else:
            lines = block.splitlines()
            command, expected = lines[0], lines[1:]
            assert command.startswith("$ ceasefire ")
            result = cli(*shlex.split(command)[2:])
            assert result.exit_code == int(arg or 0), (command, result.stdout, result.stderr)
            for line in expected:
                assert line in result.stdout.splitlines(), (command, line)
    agreement = load_agreement(str(tmp_path / "my-truce.toml"))
    assert agreement.title == "Border truce between the Northern and Southern commands"
    assert cli("lint", "my-truce.toml").stdout == "my-truce.toml: no problems found\n"
    tested = cli("test", "my-truce.toml")
    assert tested.exit_code == 0 and "4 passed, 0 failed" in tested.stdout


def test_show_names_guarantors_areas_the_signing_and_how_the_status_fades_and_collapses():
    """minsk-2015 in words: its guarantors, its area, when it was signed, fragility's span, who can end it."""
    out = cli("show", "minsk-2015").stdout
    assert "Signed 2015-02-12T10:00:00+02:00.\n" in out
    assert "Applies in country ukraine with admin1 donets'k or donetsk" in out
    assert "Guarantors:\n  osce: The OSCE" in out
    assert "it weighs on the implementation alone (its breaches make nothing fragile)" in out
    assert "at least fragile once a minor or worse breach is recorded, for 7 days after the last one." in out
    syria = cli("show", "syria-2016").stdout
    assert "A declaration that it is over needs any party's and a guarantor's to collapse it." in syria
