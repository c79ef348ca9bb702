"""What the record needed beyond the language's first cut: lapsed deadlines the parties re-set, a rule's own party, long intervals."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import LANGUAGE as BASE
from conftest import event as e
from conftest import replay as run

from ceasefire import load_agreement


def _pack(tmp_path: Path, text: str):
    path = tmp_path / "lang.toml"
    path.write_text(text, encoding="utf-8")
    return load_agreement(path)


@pytest.fixture
def pack(tmp_path: Path):
    """The language pack of test_language."""
    return _pack(tmp_path, BASE)


HANDOVER = 'transitions = [{ trigger = "miss", source = "due", dest = "missed" }]'


@pytest.fixture
def reopening(tmp_path: Path):
    """The pack, where a postponement re-opens a missed handover (missed -> due) and a handover can be made late."""
    text = BASE.replace(HANDOVER, 'transitions = [{ trigger = "miss", source = "due", dest = "missed" },'
                                  ' { trigger = "reopen", source = "missed", dest = "due" },'
                                  ' { trigger = "done", source = ["due", "missed"], dest = "done" }]')
    text = text.replace('extend = "handover-deadline"\n', 'extend = "handover-deadline"\ntrigger = "reopen"\n')
    text = text.replace('"lists" = "Prisoner lists exchanged"', '"lists" = "Prisoner lists exchanged"\n"handed" = "Handover made"')
    text += '[[rules]]\nid = "handed"\nprovision = "handover"\ntypes = ["handed"]\ntrigger = "done"\n'
    return _pack(tmp_path, text)


def _deadline_breaches(report):
    return [b.date for b in report.breaches if b.rule == "handover-deadline"]


# -- an extension after the deadline has passed ---------------------------------------------------


def test_a_lapsed_deadline_is_rearmed_by_its_extension_and_its_miss_stays_recorded(pack):
    """Missed at the end of the 15th, re-set on the 18th to the 25th: the first miss stays (dated the 16th), the deadline fires again on the 26th."""
    postponed = e("2020-01-18T10:00:00Z", "postponed", until="2020-01-25")
    before = run(pack, postponed, as_of="2020-01-25T23:59:59Z")
    after = run(pack, postponed, as_of="2020-01-26T00:00:00Z")
    assert _deadline_breaches(before) == ["2020-01-16T00:00:00+00:00"]
    assert _deadline_breaches(after) == ["2020-01-16T00:00:00+00:00", "2020-01-26T00:00:00+00:00"]
    assert [(x.timer, x.before, x.after, x.line) for x in after.extensions] == [
        ("handover-deadline", "2020-01-16T00:00:00+00:00", "2020-01-26T00:00:00+00:00", 1)
    ]
    assert after.provisions["handover"] == "missed"  # the pack does not say a postponement re-opens it


def test_an_extension_that_reopens_the_provision_sends_it_back_to_awaiting_the_deadline(reopening):
    """With a rule trigger from missed back to due: due again on the 18th; handed over on the 22nd, met, no second breach."""
    report = run(reopening, e("2020-01-18T10:00:00Z", "postponed", until="2020-01-25"), e("2020-01-22T09:00:00Z", "handed"),
                 as_of="2020-01-30")
    assert [(c.date, c.before, c.after) for c in report.history if c.provision == "handover"] == [
        ("2020-01-16T00:00:00+00:00", "due", "missed"),
        ("2020-01-18T10:00:00+00:00", "missed", "due"),
        ("2020-01-22T09:00:00+00:00", "due", "done"),
    ]
    assert _deadline_breaches(report) == ["2020-01-16T00:00:00+00:00"]


def test_a_reopened_deadline_missed_again_is_missed_at_its_new_date(reopening):
    """Re-opened on the 18th and not handed over: missed again at the end of the 25th, a second breach, the state missed."""
    report = run(reopening, e("2020-01-18T10:00:00Z", "postponed", until="2020-01-25"), as_of="2020-01-30")
    assert report.provisions["handover"] == "missed"
    assert _deadline_breaches(report) == ["2020-01-16T00:00:00+00:00", "2020-01-26T00:00:00+00:00"]


@pytest.mark.parametrize(("events", "why"), [
    ([e("2020-01-18T10:00:00Z", "postponed", until="2020-01-17")], "the new date has passed already"),
    ([e("2020-01-17T10:00:00Z", "handed"), e("2020-01-18T10:00:00Z", "postponed", until="2020-01-25")], "met late, before the extension"),
], ids=["passed", "met"])
def test_a_lapsed_deadline_is_not_rearmed_when_there_is_nothing_left_to_wait_for(reopening, events, why):
    """An extension to a date already past, or of a deadline met since it lapsed: nothing re-armed, no extension listed, one breach."""
    report = run(reopening, *events, as_of="2020-01-30")
    assert report.extensions == (), why
    assert _deadline_breaches(report) == ["2020-01-16T00:00:00+00:00"]


def test_an_extension_before_the_deadline_still_just_moves_it(pack):
    """Postponed on the 10th (before it fell due): one breach, on the 26th; the first due date never fires."""
    report = run(pack, e("2020-01-10T10:00:00Z", "postponed", until="2020-01-25"), as_of="2020-01-30")
    assert _deadline_breaches(report) == ["2020-01-26T00:00:00+00:00"]


# -- a rule's own party chooses the instance ------------------------------------------------------


@pytest.fixture
def fixed(tmp_path: Path):
    """The pack, with a withdrawal counted for party b and a declaration counted for party b, whoever the event's actor."""
    text = BASE.replace('"lists" = "Prisoner lists exchanged"', '"lists" = "Prisoner lists exchanged"\n'
                        '"withdrawn.b" = "B\'s weapons withdrawn"\n"over.b" = "B\'s ceasefire declared over"')
    text += ('[[rules]]\nid = "withdrawn-b"\nprovision = "weapons"\ntypes = ["withdrawn.b"]\ntrigger = "withdraw"\nparty = "b"\n'
             '[[rules]]\nid = "over-b"\nprovision = "ceasefire"\ntypes = ["over.b"]\ndeclares = "end"\ntrigger = "collapse"\n'
             'trigger_partial = "doubt"\nparty = "b"\n')
    return _pack(tmp_path, text)


@pytest.mark.parametrize("actor", [None, "a"], ids=["no-actor", "other-party"])
def test_a_rule_that_fixes_its_party_moves_only_that_partys_instance(fixed, actor):
    """'withdrawn.b' reported by (or with no) actor: b's weapons are withdrawn, a's stay present and go overdue on the 15th."""
    who = {} if actor is None else {"actor": actor}
    report = run(fixed, e("2020-01-05T10:00:00Z", "withdrawn.b", **who), as_of="2020-01-20")
    assert report.instances["weapons"] == {"a": "overdue", "b": "withdrawn"}
    assert [(b.instance, b.date) for b in report.breaches if b.rule == "weapons-deadline"] == [("a", "2020-01-15T00:00:00+00:00")]


def test_a_declaration_counted_for_one_party_is_that_partys(fixed):
    """The guarantor declares the truce over (doubted), then 'over.b' with no actor: b's declaration completes it, collapsed."""
    report = run(fixed, e("2020-01-05T10:00:00Z", "over", actor="g"), e("2020-01-06T10:00:00Z", "over.b"))
    assert [(c.date, c.after) for c in report.history if c.provision == "ceasefire"][1:] == [
        ("2020-01-05T10:00:00+00:00", "doubted"), ("2020-01-06T10:00:00+00:00", "collapsed")]
    assert report.status == "collapsed"


def test_a_declaration_by_a_rule_of_the_actors_party_is_the_actors(tmp_path):
    """party = "actor" on the declaring rule: the guarantor declares the truce over (doubted), then b does ('over.b' by b): collapsed."""
    text = BASE.replace('"lists" = "Prisoner lists exchanged"', '"lists" = "Prisoner lists exchanged"\n"over.b" = "A ceasefire declared over"')
    text += '[[rules]]\nid = "over-b"\nprovision = "ceasefire"\ntypes = ["over.b"]\ndeclares = "end"\ntrigger = "collapse"\ntrigger_partial = "doubt"\nparty = "actor"\n'
    report = run(_pack(tmp_path, text), e("2020-01-05T10:00:00Z", "over", actor="g"), e("2020-01-06T10:00:00Z", "over.b", actor="b"))
    assert [(c.date, c.after) for c in report.history if c.provision == "ceasefire"][1:] == [
        ("2020-01-05T10:00:00+00:00", "doubted"), ("2020-01-06T10:00:00+00:00", "collapsed")]


# -- an interval of several days ------------------------------------------------------------------


def test_a_deadline_on_an_earlier_day_of_an_interval_is_uncertain(pack):
    """Weapons withdrawn by A some time 14-16 January (verified), a timed event on the 16th: A's deadline (15th 00:00) is uncertain."""
    report = run(pack, e("2020-01-14/2020-01-16", "withdrawn", actor="a", verification="verified"), e("2020-01-16T10:00:00Z", "lists"),
                 as_of="2020-01-20")
    (missed,) = [b for b in report.breaches if b.rule == "weapons-deadline" and b.instance == "a"]
    assert (missed.date, missed.uncertain) == ("2020-01-15T00:00:00+00:00", True)
    assert report.instances["weapons"]["a"] == "withdrawn"


def test_a_deadline_after_a_held_interval_stays_certain(pack):
    """Withdrawn some time 12-14 January, then a timed event on the 16th: the deadline fell after the interval, so it is certain."""
    report = run(pack, e("2020-01-12/2020-01-14", "withdrawn", actor="b", verification="verified"), e("2020-01-16T10:00:00Z", "lists"),
                 as_of="2020-01-20")
    (missed,) = [b for b in report.breaches if b.rule == "weapons-deadline"]
    assert (missed.instance, missed.date, missed.uncertain) == ("a", "2020-01-15T00:00:00+00:00", False)
