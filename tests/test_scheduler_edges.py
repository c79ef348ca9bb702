"""The scheduler at its edges: the order of what is armed, a ripe timer whose provision moved on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from conftest import HEADER, event

from ceasefire import check
from ceasefire.agreement import Provision, Timer
from ceasefire.timers import Scheduler

T0 = datetime(2020, 1, 1, tzinfo=UTC)
HOUR = timedelta(hours=1)


def scheduler(*hours: int) -> tuple[Scheduler, SimpleNamespace]:
    """A scheduler over one provision with a deadline of each of these many hours, and the provision's one instance."""
    timers = tuple(Timer(id=f"d{n}", kind="deadline", after=h * HOUR, met_by=frozenset({"b"})) for n, h in enumerate(hours))
    provision = Provision(id="p", title="p", states=("a", "b"), initial="a", transitions=(), timers=timers)
    return Scheduler((provision,), lambda i, slot: "a", lambda i, model: [0]), SimpleNamespace(index=0, slot=0, key=None)


def test_armed_lists_timers_by_due_date_then_key():
    """Armed in any order, timers are listed by due date; on the same date, by key."""
    s, model = scheduler(3, 1, 2, 1)
    for j in (3, 0, 2, 1):
        s.arm_deadline(model, (0, j), T0)
    assert list(s.armed().items()) == [
        ((0, 0, 1), T0 + HOUR), ((0, 0, 3), T0 + HOUR), ((0, 0, 2), T0 + 2 * HOUR), ((0, 0, 0), T0 + 3 * HOUR),
    ]


def test_a_disarmed_deadline_does_not_hide_the_next_one():
    """The first of three deadlines is met: taking what is due skips its stale entry and gives the second, then says when the third falls due."""
    s, model = scheduler(1, 2, 3)
    for j in range(3):
        s.arm_deadline(model, (0, j), T0)
    s.meet_deadline(model, (0, 0))
    assert s.pop(T0 + 2 * HOUR) == (T0 + 2 * HOUR, (0, 0, 1))
    assert s.due == T0 + 3 * HOUR


def test_a_ripe_calm_timer_is_forgotten_when_its_provision_moves_on():
    """The joint centre waits (ripe) for aid; suspended on the 20th, it stays suspended when aid comes on the 21st."""
    report = check([HEADER, event("2016-09-20T10:00:00+03:00", "cooperation.suspended", actor="ru"),
                    event("2016-09-21T10:00:00+03:00", "aid.delivered")], as_of="2016-09-30")
    assert report.provisions["jic"] == "suspended"
    assert [(c.date, c.after) for c in report.history if c.provision == "jic"] == [("2016-09-20T10:00:00+03:00", "suspended")]
