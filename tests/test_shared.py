"""The pack's tables, worked out once per agreement and shared by every engine of it (``shared.py``)."""

from __future__ import annotations

import gc

from conftest import attack, event

from ceasefire import Monitor
from ceasefire.agreement import Agreement
from ceasefire.packs import load_agreement
from ceasefire.shared import _TABLES, once

STRIKES = [attack("2016-09-13T12:00:00+03:00"), attack("2016-09-14T09:00:00+03:00", actor="ru", casualties=12),
           event("2016-09-15T08:00:00+03:00", "attack.k000042", actor="opposition", target="sy-gov"),
           event("2016-09-15T09:00:00+03:00", "attack.airstirke", actor="sy-gov", target="opposition")]


def _fed(monitor: Monitor, events: list[dict[str, object]]) -> list[tuple[object, ...]]:
    return [(f.rule, f.severity, f.date, f.line) for e in events for f in monitor.feed(e)]


def test_the_engines_of_one_agreement_share_its_tables():
    """Two monitors of one pack hold one copy of its gates, plans, type index and hints, not one each."""
    one, two = Monitor("syria-2016"), Monitor("syria-2016")
    assert one.agreement is two.agreement
    first, second = one._engine._matcher, two._engine._matcher
    assert first._plan is second._plan and first._gates is second._gates and first._index is second._index
    reads, reads_too = one._parser, two._parser
    assert reads._vocabulary is reads_too._vocabulary and reads._plain is reads_too._plain
    assert reads._hinted() is reads_too._hinted()


def test_sharing_the_tables_shares_no_state():
    """Monitors sharing the tables, fed in turns, find what each finds alone: what a log teaches one stays its own."""
    # Types seen, quiet lines, plans for the rules in force.
    alone = [_fed(Monitor("syria-2016"), [e]) for e in STRIKES]
    one, two = Monitor("syria-2016"), Monitor("syria-2016")
    _fed(one, STRIKES)  # the first has seen every type, its plans worked out for the rules in force then
    together = [_fed(two, [e]) for e in STRIKES]
    assert [f for fed in together for f in fed] == _fed(Monitor("syria-2016"), STRIKES)
    assert alone[1] != [] and together[1] == _fed(Monitor("syria-2016"), STRIKES[:2])[len(together[0]):]
    assert [(w.line, w.code) for w in two.warnings] == [(w.line, w.code) for w in one.warnings] == [(4, "wildcard-type")]


def test_tables_are_made_once_and_live_as_long_as_their_agreement():
    """``once`` makes a table when first asked and hands the same object after; it goes with its agreement."""
    # An agreement no longer used takes its tables with it.
    agreement = load_agreement("syria-2016")
    made: list[int] = []
    table = once(agreement, "test", lambda: made.append(1) or {"made": len(made)})
    assert once(agreement, "test", lambda: made.append(1) or {}) is table and made == [1]
    other = Agreement.__new__(Agreement)  # no pack: only its identity counts
    assert once(other, "test", lambda: "its own") == "its own"
    count = len(_TABLES)
    del other
    gc.collect()
    assert len(_TABLES) == count - 1
