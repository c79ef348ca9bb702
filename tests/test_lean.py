"""The machines' lean steps: the same moves as transitions' own, and its own steps (with its log lines) when its logger listens."""

from __future__ import annotations

import logging

import pytest
from conftest import attack, event

from ceasefire import check

LOG = [event("2016-09-12T19:00:00+03:00", "statement"), attack("2016-09-13T10:00:00+03:00", casualties=12),
       event("2016-09-14T10:00:00+03:00", "aid.delivered")]


def _moves(report):
    return [(c.provision, c.date, c.before, c.after, c.cause) for c in report.history]


def test_the_lean_steps_move_as_the_librarys_own_and_log_when_asked(caplog):
    """With transitions' logger at INFO, the library's own steps run (and log); the moves are the lean steps' moves."""
    quiet = check(LOG, agreement="syria-2016", as_of="2016-09-30")
    assert not [r for r in caplog.records if r.name.startswith("transitions")]
    with caplog.at_level(logging.INFO, logger="transitions"):
        loud = check(LOG, agreement="syria-2016", as_of="2016-09-30")
    said = [r.getMessage() for r in caplog.records if r.name == "transitions.core"]
    assert any("Finished processing state" in m for m in said) and any("Executed callback" in m for m in said)
    assert _moves(loud) == _moves(quiet) and len(_moves(quiet)) >= 3
    assert (loud.status, loud.provisions) == (quiet.status, quiet.provisions)


@pytest.mark.parametrize("level", [logging.WARNING, logging.INFO])
def test_a_rule_threshold_still_holds_back_a_move(level, caplog):
    """trigger_from 'major': a minor attack (2 casualties) leaves the cessation in force, a major one (12) violates it, at either log level."""
    with caplog.at_level(level, logger="transitions"):
        minor = check([attack("2016-09-13T10:00:00+03:00", casualties=2)], agreement="syria-2016", as_of="2016-09-13T12:00:00+03:00")
        major = check([attack("2016-09-13T10:00:00+03:00", casualties=12)], agreement="syria-2016", as_of="2016-09-13T12:00:00+03:00")
    assert minor.provisions != major.provisions


def test_every_move_is_the_librarys_own_while_its_logger_listens(caplog):
    """With transitions' logger at INFO, each change of state is logged as the library logs it: its state left, by its machine."""
    with caplog.at_level(logging.INFO, logger="transitions"):
        loud = check(LOG, agreement="syria-2016", as_of="2016-09-30")
    said = [r.getMessage() for r in caplog.records if r.name == "transitions.core"]
    moved = [c for c in loud.history if c.cause != "start"]
    left = {(m.split(":")[0], m.split("Finished processing state ")[1]) for m in said if "Finished processing state " in m}
    assert moved and all((c.provision, f"{c.before} exit callbacks.") in left for c in moved)


def test_a_timer_freed_by_a_move_fires_at_once_while_the_logger_listens(caplog):
    """Seven calm days without aid, then aid: with transitions' logger at INFO too, the centre's conditions are met on the aid's arrival."""
    from conftest import syria_replay

    late = event("2016-09-20T08:00:00+03:00", "aid.delivered")
    quiet = syria_replay(late)
    with caplog.at_level(logging.INFO, logger="transitions"):
        loud = syria_replay(late)
    assert loud.provisions["jic"] == "conditions_met" and _moves(loud) == _moves(quiet)
    assert ("jic", "2016-09-20T08:00:00+03:00", "not_established", "conditions_met", "timer") in _moves(loud)
