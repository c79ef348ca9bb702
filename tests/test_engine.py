"""The engine on the Syria pack: the cessation's states and calm period, the exemptions, who can end the truce, the status."""

from __future__ import annotations

import pytest
from conftest import attack, event
from conftest import breach_rows as breaches
from conftest import syria_replay as replay


# -- cessation ------------------------------------------------------------------------


def test_before_the_start_the_agreement_is_pending():
    """Nothing counts before 12 September 19:00 Damascus time."""
    report = replay(attack("2016-09-12T18:00:00+03:00", casualties=80))
    assert report.status == "pending"
    assert report.provisions["cessation"] == "pending"
    assert report.breaches == ()


def test_at_the_start_the_cessation_is_in_force():
    """The start moves cessation to in_force; with no breach the agreement is holding."""
    report = replay(event("2016-09-12T19:00:00+03:00", "statement"))
    assert report.provisions == {"cessation": "in_force", "aid": "awaiting_access", "castello": "pending", "jic": "not_established", "term": "first_48h"}
    assert report.status == "holding"


@pytest.mark.parametrize(
    "casualties, severity, state, status",
    [(None, "minor", "in_force", "fragile"), (9, "minor", "in_force", "fragile"), (10, "major", "violated", "fragile"), (49, "major", "violated", "fragile"),
     (50, "critical", "gravely_violated", "in_doubt")],
)
def test_attack_severity_follows_casualties(casualties, severity, state, status):
    """Minor below 10 casualties, major from 10, critical from 50; major violates the cessation (fragile), critical puts it in doubt."""
    report = replay(attack("2016-09-13T10:00:00+03:00", casualties=casualties))
    assert breaches(report) == [("cessation", "attack", severity, "sy-gov", 2)]
    assert report.provisions["cessation"] == state
    assert report.status == status


def test_attack_by_unknown_actor_is_a_breach_with_no_party():
    """An attack whose author is not known still breaks the cessation."""
    report = replay(attack("2016-09-13T10:00:00+03:00", actor=None))
    assert breaches(report) == [("cessation", "attack", "minor", None, 2)]
    assert "by an unknown actor" in report.breaches[0].message


@pytest.mark.parametrize(
    "actor, target",
    [("isil", "sy-gov"), ("nusra", "opposition"), ("ru", "isil"), ("us-coalition", "nusra"), ("ypg", "sy-gov")],
)
def test_exempt_attacks_are_not_breaches(actor, target):
    """Attacks by or on designated groups, and attacks by actors outside the truce, break nothing."""
    report = replay(attack("2016-09-13T10:00:00+03:00", actor=actor, target=target, casualties=60))
    assert report.breaches == ()
    assert report.status == "holding"


def test_claimed_designated_target_is_named_in_the_breach():
    """Striking a party while claiming to strike ISIL is a breach that reports the claim."""
    report = replay(attack("2016-09-17T17:00:00+03:00", actor="us-coalition", target="sy-gov", claimed_target="isil", casualties=62))
    (breach,) = [b for b in report.breaches if b.provision == "cessation"]
    assert (breach.severity, breach.party) == ("critical", "us-coalition")
    assert "us-coalition claims it struck isil" in breach.message


def test_calm_period_restores_the_cessation_after_72_hours():
    """72 hours without a major breach move cessation back to in_force, at the timer's own date."""
    major = attack("2016-09-13T10:00:00+03:00", casualties=20)
    assert replay(major, as_of="2016-09-16T09:59:59+03:00").provisions["cessation"] == "violated"
    assert replay(major, as_of="2016-09-16T10:00:00+03:00").provisions["cessation"] == "in_force"


def test_a_new_major_breach_restarts_the_calm_period():
    """The 72 hours count from the last major breach."""
    first = attack("2016-09-13T10:00:00+03:00", casualties=20)
    second = attack("2016-09-15T10:00:00+03:00", casualties=20)
    assert replay(first, second, as_of="2016-09-17T12:00:00+03:00").provisions["cessation"] == "violated"
    assert replay(first, second, as_of="2016-09-18T10:00:00+03:00").provisions["cessation"] == "in_force"


def test_minor_breaches_do_not_interrupt_the_calm_period():
    """Only major and critical breaches count against the calm period."""
    report = replay(
        event("2016-09-13T09:00:00+03:00", "aid.delivered"),
        attack("2016-09-13T10:00:00+03:00", casualties=20),
        attack("2016-09-15T10:00:00+03:00", casualties=2),
        event("2016-09-16T11:00:00+03:00", "statement"),
    )
    assert report.provisions["cessation"] == "in_force"
    assert report.status == "fragile"


def test_timer_fires_between_two_events_before_the_later_one():
    """A deadline that passes between two events is recorded at its own date, before the later event."""
    report = replay(event("2016-09-13T12:00:00+03:00", "statement"), attack("2016-09-16T11:00:00+03:00"))
    assert [(b.rule, b.date) for b in report.breaches] == [
        ("aid-deadline", "2016-09-15T19:00:00+03:00"),
        ("attack", "2016-09-16T11:00:00+03:00"),
    ]


def test_calm_timer_acts_before_a_later_event_that_depends_on_it():
    """The JIC's conditions are met on 19 September 19:00, so a suspension on the 20th leaves its deadline running."""
    report = replay(
        event("2016-09-14T16:00:00+03:00", "aid.delivered"),
        event("2016-09-20T10:00:00+03:00", "cooperation.suspended", actor="ru"),
        as_of="2016-09-23",
    )
    assert report.provisions["jic"] == "suspended"
    assert [(b.rule, b.date) for b in report.breaches] == [("jic-deadline", "2016-09-22T19:00:00+03:00")]


@pytest.mark.parametrize("kind", ["declaration.ceasefire_over", "party.withdrawal"])
def test_a_party_ending_the_truce_alone_leaves_it_in_doubt(kind):
    """A party declaring the ceasefire over, or withdrawing, while no Side agrees: contested, in doubt (19 September 2016)."""
    report = replay(
        event("2016-09-19T19:00:00+03:00", kind, actor="sy-gov"),
        event("2016-09-25T19:00:00+03:00", "statement"),
    )
    assert report.provisions["cessation"] == "contested"
    assert report.status == "in_doubt"


@pytest.mark.parametrize("side, kind", [("us", "declaration.ceasefire_over"), ("us-coalition", "cooperation.suspended"), ("ru", "party.withdrawal")])
def test_a_party_and_a_side_ending_the_truce_collapse_it(side, kind):
    """The army's declaration, then a Side's (or its suspension of cooperation, or its withdrawal): collapsed for good, at the Side's act."""
    report = replay(
        event("2016-09-19T19:00:00+03:00", "declaration.ceasefire_over", actor="sy-gov"),
        event("2016-09-22T19:00:00+03:00", kind, actor=side),
    )
    assert report.provisions["cessation"] == "collapsed"
    assert report.status == "collapsed"
    assert [c.date for c in report.history if c.after == "collapsed"] == ["2016-09-22T19:00:00+03:00"]


def test_collapse_is_final():
    """After the collapse, no calm period restores the cessation and attacks still count as breaches."""
    report = replay(
        attack("2016-09-13T10:00:00+03:00", casualties=20),
        event("2016-09-13T12:00:00+03:00", "declaration.ceasefire_over", actor="sy-gov"),
        event("2016-09-13T13:00:00+03:00", "declaration.ceasefire_over", actor="us"),
        attack("2016-09-20T10:00:00+03:00", casualties=20),
    )
    assert report.provisions["cessation"] == "collapsed"
    assert [b.date for b in report.breaches if b.provision == "cessation"] == [
        "2016-09-13T10:00:00+03:00",
        "2016-09-20T10:00:00+03:00",
    ]


def test_a_designated_group_cannot_end_the_truce():
    """Only a party's or a Side's declaration counts toward the end of the cessation."""
    report = replay(event("2016-09-14T12:00:00+03:00", "declaration.ceasefire_over", actor="isil"))
    assert report.provisions["cessation"] == "in_force"


def test_an_attack_on_a_violated_cessation_never_asks_its_machine(monkeypatch):
    """Once the cessation is violated, the next major attacks are recorded without its machine being asked."""
    # The first major attack moves the cessation to violated through its machine; the next ones (``violate`` from violated: an
    # internal transition) are recorded without the machine being asked at all.
    from transitions.core import Event as Trigger, Transition

    from ceasefire.engine import Engine
    from ceasefire.events import EventParser
    from ceasefire.lean import LeanTransition
    from ceasefire.packs import load_agreement
    from ceasefire.paths import Path

    asked: list[str] = []
    for cls, name in ((Transition, "execute"), (LeanTransition, "execute"), (Trigger, "trigger"), (Path, "take")):
        real = getattr(cls, name)
        monkeypatch.setattr(cls, name, lambda self, *a, _real=real, _name=name, **k: asked.append(_name) or _real(self, *a, **k))
    syria = load_agreement("syria-2016")
    parser, engine = EventParser(syria, ordered=True), Engine(syria)
    for line, minute in enumerate(range(3), 2):
        engine.feed(parser.parse(attack(f"2016-09-13T10:0{minute}:00+03:00", casualties=12), line))
        if line == 2:
            assert engine.states["cessation"] == "violated" and asked
            asked.clear()
    assert engine.states["cessation"] == "violated" and not asked
    assert [b.severity for b in engine.drain() if b.rule == "attack"] == ["major"] * 3
