"""The breaches a change may have been caused by: the last few of each provision, rule and instance, found by line."""

from __future__ import annotations

from typing import Any

import attrs

from ceasefire.recent import KEPT, Recent
from ceasefire.report import Breach, Change

DAY = "2016-09-13"


def _breach(line: int, instance: str | None = None, rule: str = "convoy-attacked") -> Breach:
    return Breach("aid", rule, "event", "critical", DAY, None, line, None, instance=instance)


def _change(line: int, instance: str | None = None) -> Change:
    return Change("aid", DAY, "awaiting_access", "attacked", "event", rule="convoy-attacked", line=line, instance=instance)


def _told(*breaches: Breach) -> Recent:
    recent = Recent()
    for breach in breaches:
        recent.told(("aid", breach.rule, breach.instance), breach)
    return recent


def test_a_change_finds_its_breach_among_those_told_after_it():
    """The change of line 2 is caused by line 2's breach, though lines 3 and 4's of the same rule and day were told since."""
    first = _breach(2)
    assert _told(first, _breach(3), _breach(4)).cause(_change(2), None, "convoy-attacked") is first


def test_a_change_finds_no_breach_of_another_line_or_rule():
    """No breach of its line (or only another rule's): None, never a neighbour's."""
    assert _told(_breach(3), _breach(4)).cause(_change(2), None, "convoy-attacked") is None
    assert _told(_breach(2, rule="other")).cause(_change(2), None, "convoy-attacked") is None


def test_only_the_last_few_of_a_key_are_kept():
    """A breach (not its day's first) followed by more than KEPT of its key is forgotten: memory grows with the keys, not the log."""
    first, second = _breach(2), _breach(3)
    later = [_breach(4 + n) for n in range(KEPT + 1)]
    assert _told(first, second, *later[:-1]).cause(_change(3), None, "convoy-attacked") is second
    assert _told(first, second, *later).cause(_change(3), None, "convoy-attacked") is None
    assert len(_told(first, second, *later).before[("aid", "convoy-attacked", None)]) == KEPT


def test_an_instances_change_looks_at_its_instances_breaches_else_the_provisions():
    """A convoy's change finds its own breach; with none of that convoy, the provision's as a whole."""
    own, whole = _breach(2, instance="c1"), _breach(2)
    assert _told(whole, own).cause(_change(2, "c1"), "c1", "convoy-attacked") is own
    assert _told(whole).cause(_change(2, "c1"), "c1", "convoy-attacked") is whole
    assert _told(_breach(2, instance="c2")).cause(_change(2, "c1"), "c1", "convoy-attacked") is None


def test_a_snapshot_keeps_only_the_breaches_of_each_keys_last_instant():
    """A snapshot keeps only the breaches of each key's last instant, however their dates are written."""
    # Breaches of an earlier instant than their key's last cannot explain a change still to come. Dates written as a bare day, or
    # an interval ending then.
    from ceasefire.dates import UTC, shown_instant

    def instant(shown: str) -> Any:
        return shown_instant(shown, UTC)

    earlier = attrs.evolve(_breach(2), date="2016-09-12")
    same = attrs.evolve(_breach(3), date="2016-09-13T00:00:00+00:00/2016-09-13")
    assert _told(earlier, same, attrs.evolve(_breach(4), date="2016-09-14")).pending(instant) == {}
    assert _told(earlier, same, _breach(4)).pending(instant) == {("aid", "convoy-attacked", None): [same]}


def test_a_restored_recent_finds_the_snapshots_breaches_and_stays_bounded():
    """Restored from a snapshot's lists, a change still finds a breach told before the cut, and the kept stay at most KEPT."""
    first, second = _breach(2), _breach(3)
    recent = Recent()
    recent.restore({("aid", "convoy-attacked", None): second}, {("aid", "convoy-attacked", None): [first]})
    assert recent.cause(_change(2), None, "convoy-attacked") is first
    for n in range(2 * KEPT):
        recent.told(("aid", "convoy-attacked", None), _breach(10 + n))
    assert len(recent.before[("aid", "convoy-attacked", None)]) == KEPT
    recent.restore({}, {("aid", "convoy-attacked", None): [_breach(n) for n in range(2 * KEPT)]})
    assert [b.line for b in recent.before[("aid", "convoy-attacked", None)]] == list(range(KEPT, 2 * KEPT))


def test_the_first_of_a_days_run_is_found_however_many_follow_it():
    """A day's first breach (whose event moved the state) is found after any number of the same day, not only KEPT."""
    first = _breach(2)
    recent = _told(first, *[_breach(3 + n) for n in range(10 * KEPT)])
    assert recent.cause(_change(2), None, "convoy-attacked") is first
    assert _told(first, attrs.evolve(_breach(3), date="2016-09-14")).first == {}


def test_a_breach_told_twice_is_kept_once():
    """A tracker tells a breach, then may give it whole again: it takes no second place among those kept."""
    first, second = _breach(2), _breach(3)
    recent = _told(first, second, second)
    assert list(recent.before[("aid", "convoy-attacked", None)]) == [first]


def test_a_snapshot_leads_with_the_first_of_the_run_and_a_restore_finds_it_again():
    """A run longer than KEPT: its first is written first, and read back as the run's first, still found by its change."""
    from ceasefire.dates import UTC, shown_instant

    first = _breach(2)
    recent = _told(first, *[_breach(3 + n) for n in range(2 * KEPT)])
    pending = recent.pending(lambda shown: shown_instant(shown, UTC))[("aid", "convoy-attacked", None)]
    assert pending[0] is first and len(pending) == KEPT + 1
    again = Recent()
    again.restore(dict(recent), {("aid", "convoy-attacked", None): pending})
    assert again.cause(_change(2), None, "convoy-attacked") is first

