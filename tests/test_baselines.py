"""Baselines that travel: fingerprints relative to the project root, of what a breach is; matched and stale entries."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import cli

from ceasefire import Breach
from ceasefire.fingerprints import Fingerprinter, project_path, project_root

ROOT = Path(__file__).resolve().parent.parent
IN_DOUBT = ROOT / "examples" / "syria-2016-09.jsonl"
SYRIA_PACK = ROOT / "rules" / "syria-2016.toml"
MESSAGE = 'message = "attack during the cessation of hostilities"'


def _events(with_ids: bool) -> str:
    """The September 2016 log, naming the pack beside it, with or without ids on its events."""
    rows = [json.loads(line) for line in IN_DOUBT.read_text(encoding="utf-8").splitlines()]
    rows[0] = {"agreement": "pack.toml"}
    for i, row in enumerate(rows[1:], 1):
        row.pop("id", None)
        if with_ids:
            row["id"] = f"event-{i}"
    return "".join(json.dumps(row) + "\n" for row in rows)


@pytest.fixture(params=[".git folder", ".git file", "ceasefire.toml"])
def project(request, tmp_path, monkeypatch) -> Path:
    """A project whose root is marked by a git work tree or a settings file, with a log and its pack under logs/."""
    root = tmp_path / "project"
    (root / "logs" / "deep").mkdir(parents=True)
    if request.param == ".git folder":
        (root / ".git").mkdir()
    elif request.param == ".git file":
        (root / ".git").write_text("gitdir: /elsewhere/.git/worktrees/project\n")
    else:
        (root / "ceasefire.toml").write_text('fail-on = "minor"\n')
    (root / "logs" / "pack.toml").write_text(SYRIA_PACK.read_text(encoding="utf-8"), encoding="utf-8")
    (root / "logs" / "truce.jsonl").write_text(_events(with_ids=False), encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def _known(result) -> list[bool]:
    return [b["known"] for log in json.loads(result.stdout)["logs"] for b in log["breaches"]]


def test_a_baseline_written_at_the_root_holds_from_anywhere_and_across_edits(project, monkeypatch):
    """Written at the root, the baseline knows every breach from a subfolder, by absolute path, after ids are added and a message is reworded."""
    written = cli("check", "logs", "--write-baseline", "baseline.json")
    assert written.exit_code == 0 and "wrote 3 fingerprints to baseline.json" in written.stderr
    baseline = project / "baseline.json"

    monkeypatch.chdir(project / "logs")
    from_subfolder = cli("check", ".", "--baseline", baseline, "-f", "json")
    assert (from_subfolder.exit_code, _known(from_subfolder)) == (0, [True, True, True])
    monkeypatch.chdir(project / "logs" / "deep")
    assert cli("check", "../truce.jsonl", "--baseline", baseline).exit_code == 0

    monkeypatch.chdir(project)
    by_absolute_path = cli("check", project / "logs" / "truce.jsonl", "--baseline", baseline, "-f", "json")
    assert (by_absolute_path.exit_code, _known(by_absolute_path)) == (0, [True, True, True])

    (project / "logs" / "truce.jsonl").write_text(_events(with_ids=True), encoding="utf-8")
    pack = project / "logs" / "pack.toml"
    pack.write_text(pack.read_text(encoding="utf-8").replace(MESSAGE, 'message = "the truce was broken by an attack"'), encoding="utf-8")
    edited = cli("check", "logs", "--baseline", baseline, "-f", "json")
    document = json.loads(edited.stdout)
    assert document["logs"][0]["breaches"][1]["message"].startswith("the truce was broken by an attack")
    assert document["logs"][0]["breaches"][1]["event_id"] == "event-6"
    assert (edited.exit_code, _known(edited)) == (0, [True, True, True])
    assert document["summary"]["baseline"] == {"path": str(baseline), "matched": 3, "stale": 0}


def test_baseline_entries_name_the_log_from_the_project_root(project, monkeypatch):
    """The baseline file records each log's path relative to the project root, wherever it was written from."""
    monkeypatch.chdir(project / "logs" / "deep")
    cli("check", "..", "--write-baseline", project / "baseline.json")
    entries = json.loads((project / "baseline.json").read_text())["breaches"]
    assert {e["file"] for e in entries} == {"logs/truce.jsonl"}


def test_a_run_with_a_baseline_says_what_matched_and_what_is_stale(tmp_path, monkeypatch):
    """One breach fixed: 2 entries matched, 1 stale, in the JSON summary and on stderr; the text run says it too."""
    monkeypatch.chdir(tmp_path)
    log = tmp_path / "log.jsonl"
    log.write_text(IN_DOUBT.read_text(encoding="utf-8"), encoding="utf-8")
    cli("check", "log.jsonl", "--write-baseline", "b.json")
    lines = log.read_text(encoding="utf-8").splitlines(keepends=True)
    log.write_text("".join(line for line in lines if "Aleppo" not in line or "attack" not in line), encoding="utf-8")
    result = cli("check", "log.jsonl", "--baseline", "b.json", "-f", "json")
    assert json.loads(result.stdout)["summary"]["baseline"] == {"path": "b.json", "matched": 2, "stale": 1}
    assert "ceasefire: baseline b.json: 2 matched, 1 stale\n" in result.stderr
    assert cli("check", "log.jsonl", "--baseline", "b.json").stderr == "ceasefire: baseline b.json: 2 matched, 1 stale\n"


def test_write_baseline_over_an_old_one_drops_the_stale_entries_and_says_so(tmp_path, monkeypatch):
    """Rewriting a baseline keeps only what the run found and says how many entries it dropped."""
    monkeypatch.chdir(tmp_path)
    log = tmp_path / "log.jsonl"
    log.write_text(IN_DOUBT.read_text(encoding="utf-8"), encoding="utf-8")
    cli("check", "log.jsonl", "--write-baseline", "b.json")
    log.write_text("".join(line for line in IN_DOUBT.read_text(encoding="utf-8").splitlines(keepends=True) if "Deir" not in line))
    result = cli("check", "log.jsonl", "--write-baseline", "b.json")
    assert "ceasefire: wrote 2 fingerprints to b.json (dropped 1 stale)\n" in result.stderr
    assert len(json.loads((tmp_path / "b.json").read_text())["breaches"]) == 2


# -- the library -----------------------------------------------------------------------------


def _breach(**changes: object) -> Breach:
    fields = dict(provision="cessation", rule="attack", kind="event", severity="minor", date="2016-09-14T10:00:00+03:00",
                  party="ru", line=3, event_id=None, note="attack", event_type="attack.airstrike", target="opposition")
    return Breach(**{**fields, **changes})  # type: ignore[arg-type]


def test_a_fingerprint_hashes_what_a_breach_is_not_its_wording_line_or_id():
    """The pack's wording, line and event id leave the fingerprint alone; target, type, party, date or path change it."""
    base = Fingerprinter("logs/a.jsonl")(_breach())
    assert Fingerprinter("logs/a.jsonl")(_breach(note="reworded", line=40, event_id="x-1")) == base
    for change in ({"target": "sy-gov"}, {"event_type": "attack.shelling"}, {"party": "sy-gov"}, {"date": "2016-09-15"}):
        assert Fingerprinter("logs/a.jsonl")(_breach(**change)) != base, change
    assert Fingerprinter("logs/b.jsonl")(_breach()) != base


def test_identical_breaches_are_still_told_apart():
    """The second identical breach at one date gets -2."""
    fingerprint = Fingerprinter("a.jsonl")
    first, second = fingerprint(_breach()), fingerprint(_breach(line=4))
    assert second == f"{first}-2"


def test_project_root_is_the_settings_folder_else_the_git_work_tree_else_cwd(tmp_path):
    """The settings file's folder wins; then the nearest folder with .git; then the working directory."""
    (tmp_path / "repo" / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "repo" / ".git").mkdir()
    deeper = tmp_path / "repo" / "sub" / "deeper"
    assert project_root(tmp_path / "repo" / "sub" / "ceasefire.toml", deeper) == tmp_path / "repo" / "sub"
    assert project_root(None, deeper) == tmp_path / "repo"
    (tmp_path / "plain").mkdir()
    assert project_root(None, tmp_path / "plain") in (tmp_path / "plain", *[p for p in (tmp_path / "plain").parents if (p / ".git").exists()])


def test_project_path_is_the_same_from_any_folder(tmp_path, monkeypatch):
    """A log named relatively from a subfolder or absolutely gets one project path."""
    monkeypatch.chdir(tmp_path / ".")
    (tmp_path / "logs").mkdir()
    assert project_path("logs/a.jsonl", tmp_path) == "logs/a.jsonl"
    assert project_path(str(tmp_path / "logs" / "a.jsonl"), tmp_path) == "logs/a.jsonl"
    monkeypatch.chdir(tmp_path / "logs")
    assert project_path("a.jsonl", tmp_path) == project_path(os.path.join(".", "a.jsonl"), tmp_path) == "logs/a.jsonl"
    assert project_path("<stdin>", tmp_path) == "<stdin>"


@pytest.mark.parametrize(
    "content, key, message",
    [
        ("[1, 2]", "breaches", "not a ceasefire baseline: is required"),
        ('{"breaches": 5}', "breaches", "not a ceasefire baseline: must be an array of objects with a 'fingerprint', got a number"),
        ('{"breaches": [5]}', "breaches[0]", "not a ceasefire baseline: must be an object, got a number"),
        ('{"breaches": [{"file": "a.jsonl"}]}', "breaches[0].fingerprint", "not a ceasefire baseline: is required"),
        ('{"breaches": [{"fingerprint": null}]}', "breaches[0].fingerprint", "not a ceasefire baseline: must be a string, got null"),
    ],
)
def test_a_file_that_is_not_a_baseline_names_the_key(tmp_path, content, key, message):
    """--baseline on JSON that is not a baseline: FILE: key: not a ceasefire baseline: message, exit 2."""
    bad = tmp_path / "b.json"
    bad.write_text(content)
    result = cli("check", IN_DOUBT, "--baseline", bad)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"{bad}: {key}: {message}\n")


def test_a_baseline_with_no_breaches_knows_none(tmp_path):
    """An empty baseline (of a log that holds) is a baseline: every breach is new."""
    empty = tmp_path / "b.json"
    empty.write_text('{"breaches": []}')
    result = cli("check", IN_DOUBT, "--baseline", empty)
    assert result.exit_code == 1
    assert result.stderr == f"ceasefire: baseline {empty}: 0 matched, 0 stale\n"
