"""A move's remembered steps (paths.Path) pinned against the machine's own: the same log both ways gives the same bytes."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from conftest import EXAMPLES, cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ceasefire import load_agreement, machines
from ceasefire.machines import Instance, machine_for, move
from ceasefire.paths import Path

PACK = """
[agreement]
id = "paths"
title = "Convoys, a truce and the steps between their states"
start = 2020-01-01T00:00:00Z
timezone = "UTC"
[parties]
a = "A"
b = "B"
[designated]
[fields]
convoy = "Which convoy"
[vocabulary]
"dispatched" = "A convoy sets off"
"delivered" = "A convoy arrives"
"convoy.reported" = "A convoy's position reported on the way"
"convoy.hit" = "A convoy attacked"
"attack" = "An attack"
"statement" = "Words"
[provisions.truce]
states = ["holding", "violated", "over"]
initial = "holding"
final = ["over"]
transitions = [
  { trigger = "violate", source = "holding", dest = "violated" },
  { trigger = "calm", source = "violated", dest = "holding" },
  { trigger = "end", source = ["holding", "violated"], dest = "over" },
]
[[provisions.truce.timers]]
id = "truce-calm"
kind = "calm"
states = ["violated"]
after = "12h"
trigger = "calm"
[provisions.aid]
per = "convoy"
states = ["planned", "moving", "delivered", "late", "halted"]
initial = "planned"
final = ["halted"]
transitions = [
  { trigger = "dispatch", source = ["planned", "delivered"], dest = "moving" },
  { trigger = "deliver", source = ["moving", "late"], dest = "delivered" },
  { trigger = "late", source = "moving", dest = "late" },
  { trigger = "report", source = "moving", dest = "moving" },
  { trigger = "halt", source = ["planned", "moving", "late", "delivered"], dest = "halted" },
]
[[provisions.aid.timers]]
id = "convoy-deadline"
kind = "deadline"
start = "moving"
after = "48h"
met_by = ["delivered", "halted"]
trigger = "late"
breach = { severity = "minor", message = "convoy not delivered within 48 hours" }
[[provisions.aid.timers]]
id = "convoy-quiet"
kind = "calm"
states = ["late"]
after = "6h"
trigger = "deliver"
[[rules]]
id = "dispatched"
provision = "aid"
types = ["dispatched"]
trigger = "dispatch"
[[rules]]
id = "delivered"
provision = "aid"
types = ["delivered"]
trigger = "deliver"
[[rules]]
id = "reported"
provision = "aid"
types = ["convoy.reported"]
trigger = "report"
[[rules]]
id = "hit"
provision = "aid"
types = ["convoy.hit"]
severity = "minor"
escalate = [{ casualties = 3, severity = "major" }]
trigger = "halt"
trigger_from = "major"
[[rules]]
id = "attack"
provision = "truce"
types = ["attack"]
severity = "major"
trigger = "violate"
[[rules]]
id = "ended"
provision = "truce"
types = ["statement"]
severity = "minor"
escalate = [{ casualties = 4, severity = "major" }]
trigger = "end"
trigger_from = "major"
"""

T0 = datetime(2020, 1, 1, tzinfo=UTC)
KINDS = ["dispatched", "dispatched", "delivered", "delivered", "convoy.reported", "convoy.hit", "attack", "statement"]


@st.composite
def logs(draw):  # type: ignore[no-untyped-def]
    """A log of a few convoys' trips, reports, attacks on them (some severe enough to halt one), attacks on the truce and words."""
    lines, minutes = [json.dumps({"agreement": "paths.toml"})], 0
    for i in range(draw(st.integers(1, 50))):
        minutes += draw(st.sampled_from([0, 30, 300, 1440, 3000]))
        kind = draw(st.sampled_from(KINDS))
        line = {"date": (T0 + timedelta(minutes=minutes)).isoformat(), "type": kind, "id": f"e{i}"}
        if kind.startswith(("dispatched", "delivered", "convoy")):
            line["convoy"] = draw(st.sampled_from(["c1", "c2", "c3"]))
        if kind in ("convoy.hit", "attack", "statement"):
            line["actor"], line["casualties"] = draw(st.sampled_from(["a", "b"])), draw(st.integers(0, 5))
        lines.append(json.dumps(line))
    return "\n".join(lines) + "\n"


def _both(tmp_path, text: str, *args: str) -> tuple[str, str]:
    """The output of ``check`` over the log by the remembered steps, and by the machine's own."""
    (tmp_path / "paths.toml").write_text(PACK, encoding="utf-8")
    log = tmp_path / "paths.jsonl"
    log.write_text(text, encoding="utf-8")
    remembered = cli("check", log, "--color", "never", *args)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(machines, "_loud", lambda level: True)  # every move by transitions' own (lean) steps
        own = cli("check", log, "--color", "never", *args)
    assert remembered.exit_code == own.exit_code and remembered.exit_code in (0, 1), remembered.output
    return remembered.stdout + remembered.stderr, own.stdout + own.stderr


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(logs(), st.sampled_from([["-f", "jsonl"], ["-f", "json", "--explain"], ["-f", "text", "--explain"]]))
def test_the_remembered_steps_write_what_the_machines_own_write(tmp_path, text, args):
    """Convoys moved by events and timers, conditions held and not, final states, internal moves: the same bytes both ways."""
    remembered, own = _both(tmp_path, text, *args)
    assert remembered == own


@pytest.mark.parametrize("log", EXAMPLES, ids=lambda p: p.name)
def test_the_examples_move_alike_both_ways(tmp_path, log):
    """Each bundled example, with its explanation: the same JSON report by the remembered steps as by the machine's own."""
    remembered, own = _both(tmp_path, log.read_text(encoding="utf-8"), "-f", "json", "--explain")
    assert remembered == own and '"history"' in remembered


def test_a_path_is_remembered_for_a_plain_move_only(tmp_path):
    """A change of state has a Path; an internal move (report while moving) none can change; an unknown trigger neither."""
    (tmp_path / "paths.toml").write_text(PACK, encoding="utf-8")
    machine = machine_for(load_agreement(tmp_path / "paths.toml"), "aid")
    paths = machine.paths
    assert isinstance(paths["dispatch", "planned"], Path) and paths["dispatch", "planned"].value == "moving"
    assert paths["report", "moving"] is False and paths["nothing", "moving"] is False and paths["deliver", "planned"] is False
    assert paths["halt", "moving"].conditions  # the threshold: a condition checked on the way


def test_a_path_moves_a_model_and_calls_its_callbacks(tmp_path):
    """Moved by its path, a model changes state, arms the deadline and tells the change; a condition that fails moves nothing."""
    (tmp_path / "paths.toml").write_text(PACK, encoding="utf-8")
    machine = machine_for(load_agreement(tmp_path / "paths.toml"), "aid")
    told, armed = [], []

    class Timers:
        def arm_deadline(self, model, ref, at):  # type: ignore[no-untyped-def]
            armed.append((model.key, ref, at))

        def __getattr__(self, name):  # type: ignore[no-untyped-def]
            return lambda *args: None

    model = Instance(1, "planned", Timers(), lambda m, before, after, how: told.append((m.key, before, after)), 0, "c1")
    assert move(machine, "dispatch", model, {"at": T0, "rank": 0, "least": 0}, True)
    assert (model.state, told, armed) == ("moving", [("c1", "planned", "moving")], [("c1", (1, 0), T0)])
    assert not move(machine, "halt", model, {"at": T0, "rank": 1, "least": 2}, True)  # below the threshold
    assert model.state == "moving" and len(told) == 1
    assert move(machine, "halt", model, {"at": T0, "rank": 2, "least": 2}, True) and model.state == "halted"
