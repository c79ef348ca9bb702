"""The event-time scheduler on its own, and the timer behaviour the machines declare."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from ceasefire.agreement import Provision, Timer
from ceasefire.timers import END_OF_TIME, Scheduler, later

T0 = datetime(2020, 1, 1, tzinfo=UTC)
HOUR = timedelta(hours=1)


M = SimpleNamespace(index=0, slot=0, key=None)
"""The one instance of provision 'p', as the machines' callbacks hand it to the scheduler."""


def scheduler(*timers: Timer, states: dict[str, str] | None = None) -> Scheduler:
    """A scheduler over one provision 'p' holding these timers."""
    provision = Provision(id="p", title="p", states=("a", "b"), initial="a", transitions=(), timers=timers)
    where = states if states is not None else {"p": "a"}
    return Scheduler((provision,), lambda i, slot: where["p"], lambda i, model: [0])


def deadline(id: str = "d", hours: int = 1) -> Timer:
    """A deadline of ``hours`` met by state b."""
    return Timer(id=id, kind="deadline", after=hours * HOUR, met_by=frozenset({"b"}))


def calm(id: str = "c", hours: int = 1, **more) -> Timer:
    """A calm timer over state a, watching provision p."""
    return Timer(id=id, kind="calm", after=hours * HOUR, states=frozenset({"a"}), watch=("p",), **more)


def test_later_saturates_at_the_end_of_the_calendar():
    """A span that runs past year 9999 gives a timer that never fires, not an error."""
    assert later(datetime(9999, 12, 31, tzinfo=UTC), timedelta(days=2)) == END_OF_TIME
    assert later(T0, HOUR) == T0 + HOUR


def test_a_deadline_falls_due_at_its_date_and_not_before():
    """Nothing is due before the deadline; at it, the key and the due date come out."""
    s = scheduler(deadline(hours=3))
    s.arm_deadline(M, (0, 0), T0)
    assert s.due == T0 + 3 * HOUR
    assert s.pop(T0 + 2 * HOUR) is None
    assert s.pop(T0 + 3 * HOUR) == (T0 + 3 * HOUR, (0, 0, 0))
    assert s.fired((0, 0, 0)) is True
    assert s.pop(END_OF_TIME) is None


def test_arming_twice_keeps_the_first_date():
    """A deadline already armed is not pushed back by a second arming."""
    s = scheduler(deadline(hours=3))
    s.arm_deadline(M, (0, 0), T0)
    s.arm_deadline(M, (0, 0), T0 + HOUR)
    assert s.pop(END_OF_TIME) == (T0 + 3 * HOUR, (0, 0, 0))


def test_a_met_deadline_never_fires():
    """Meeting a deadline removes it; its heap entry is dropped as stale."""
    s = scheduler(deadline())
    s.arm_deadline(M, (0, 0), T0)
    s.meet_deadline(M, (0, 0))
    assert s.pop(END_OF_TIME) is None
    assert s.armed() == {}


def test_arm_if_unmet_skips_a_provision_already_in_a_meeting_state():
    """Another provision's state arms this deadline only while this provision has not met it."""
    where = {"p": "b"}
    s = scheduler(deadline(), states=where)
    s.arm_other(M, (0, 0), T0)
    assert s.armed() == {}
    where["p"] = "a"
    s.arm_other(M, (0, 0), T0)
    assert s.armed() == {(0, 0, 0): T0 + HOUR}


def test_timers_due_together_come_out_in_key_order():
    """Ties on the due date are broken by the timer's key: the same order in any process."""
    s = scheduler(deadline("x"), deadline("y"))
    s.arm_deadline(M, (0, 1), T0)
    s.arm_deadline(M, (0, 0), T0)
    assert [s.pop(END_OF_TIME), s.pop(END_OF_TIME)] == [(T0 + HOUR, (0, 0, 0)), (T0 + HOUR, (0, 0, 1))]


def test_a_breach_restarts_a_calm_period_from_its_own_date():
    """A watched breach moves the calm period's start; the old due date passes with nothing."""
    s = scheduler(calm(hours=2))
    s.start_calm(M, (0, 0), T0)
    s.breach(0, 0, 1, T0 + HOUR, False)
    assert s.pop(T0 + 2 * HOUR) is None
    assert s.due == T0 + 3 * HOUR
    assert s.pop(T0 + 3 * HOUR) == (T0 + 3 * HOUR, (0, 0, 0))


def test_a_breach_below_the_calm_timers_severity_does_not_restart_it():
    """Only breaches at or above min_severity count against the calm period."""
    s = scheduler(calm(min_severity="major"))
    s.start_calm(M, (0, 0), T0)
    s.breach(0, 0, 1, T0 + HOUR / 2, False)
    assert s.pop(T0 + HOUR) == (T0 + HOUR, (0, 0, 0))


def test_a_calm_timer_waits_ripe_for_its_requirements():
    """Due while a required provision is elsewhere, the timer is ripe: it does not fire, and is not due."""
    where = {"p": "a"}
    s = scheduler(calm(requires={"p": frozenset({"b"})}), states=where)
    s.start_calm(M, (0, 0), T0)
    assert s.pop(T0 + HOUR) == (T0 + HOUR, (0, 0, 0))
    assert s.fired((0, 0, 0)) is False
    assert s.ripe == {(0, 0, 0)}
    assert s.armed() == {}
    where["p"] = "b"
    assert s.fired((0, 0, 0)) is True
    assert s.spent == {(0, 0, 0)}


def test_a_breach_unripens_a_ripe_timer_and_restarts_it():
    """A ripe calm timer hit by a breach counts its period again from the breach."""
    s = scheduler(calm(requires={"p": frozenset({"b"})}))
    s.start_calm(M, (0, 0), T0)
    s.pop(T0 + HOUR)
    s.fired((0, 0, 0))
    s.breach(0, 0, 1, T0 + 5 * HOUR, False)
    assert s.ripe == set()
    assert s.armed() == {(0, 0, 0): T0 + 6 * HOUR}


def test_a_spent_calm_timer_does_not_start_again_until_stopped():
    """Once fired, a calm timer stays spent while its provision stays in the calm states."""
    s = scheduler(calm())
    s.start_calm(M, (0, 0), T0)
    s.pop(T0 + HOUR)
    s.fired((0, 0, 0))
    s.start_calm(M, (0, 0), T0 + 2 * HOUR)
    assert s.armed() == {}
    s.stop_calm(M, (0, 0))
    s.start_calm(M, (0, 0), T0 + 2 * HOUR)
    assert s.armed() == {(0, 0, 0): T0 + 3 * HOUR}


def test_clear_forgets_every_timer():
    """At the agreement's end no timer is left to fire."""
    s = scheduler(deadline(), calm("c"))
    s.arm_deadline(M, (0, 0), T0)
    s.start_calm(M, (0, 1), T0)
    s.clear()
    assert s.pop(END_OF_TIME) is None and s.due is None
