"""The JSON report's explanation: made from packed rows and breach by breach as it is written, the same as explain()'s."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ceasefire import check
from ceasefire.explain import Following, explain
from ceasefire.report import Breach

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.jsonl"))


def test_breaches_told_out_of_date_order_explain_as_those_told_in_order():
    """explain merges breaches and changes as they come when each is in date order, and sorts them when not: one story either way."""
    report = check(ROOT / "examples" / "syria-2016-record.jsonl")
    assert len(report.breaches) > 3
    told = explain(report, list(report.breaches)).to_dict()
    assert explain(report, list(reversed(report.breaches))).to_dict() == told
    assert explain(report, iter(report.breaches)).to_dict() == told  # read once: kept for a second reading


@pytest.mark.parametrize("log", EXAMPLES, ids=lambda p: p.stem)
def test_a_packed_log_read_as_light_rows_explains_as_its_breaches(log):
    """The JSON report feeds explain a packed log's light rows; what the explanation keeps is made Breach records, equal to the breaches'."""
    from ceasefire.formats.json import _Rows
    from ceasefire.packed import Findings
    from ceasefire.verdicts import Finding

    report = check(log)
    kept = Findings(Finding(b, "f") for b in report.breaches)
    told = explain(report, _Rows(kept))
    assert told == explain(report, list(report.breaches))
    kept_breaches = [told.floor] + [s.breach for s in told.provisions] + [step.breach for s in told.provisions for step in s.history]
    assert all(b is None or type(b) is Breach for b in kept_breaches)


@pytest.mark.parametrize("log", EXAMPLES, ids=lambda p: p.stem)
def test_an_explanation_followed_breach_by_breach_is_the_one_explain_gives_whatever_the_order(log):
    """Following (the JSON report's explanation, fed each breach as it is written) gives explain()'s, in date order or not, or when told too few."""
    from ceasefire.explain import Following

    report = check(log)
    breaches = list(report.breaches)
    expected = explain(report, breaches)
    for told, whole in ((breaches, breaches), (breaches[::-1], breaches[::-1]), (breaches[1:], breaches)):
        following = Following(report)
        for breach in told:
            following.breach(breach)
        assert following.explanation(whole) == expected


_GAPS = st.lists(st.tuples(st.sampled_from([0, 1, 30, 60 * 5, 60 * 30, 60 * 48, 60 * 60, 60 * 80]), st.sampled_from([0, 3, 12, 60])),
                 min_size=1, max_size=25)


@given(_GAPS, st.randoms(use_true_random=False))
def test_breaches_followed_by_their_dates_alone_explain_as_explain_does(gaps, random):
    """After the last change, breaches followed by their dates' text alone explain as explain() does, in order or not."""
    # A breach no earlier than the one before by its text (the same offset) is followed without reading its date: in date order,
    # with a pair swapped, or told too few, the explanation is explain()'s.
    from conftest import attack

    at, events = datetime(2016, 9, 19, tzinfo=timezone(timedelta(hours=3))), []
    for gap, toll in gaps:  # fragility lasts 72 hours past a breach: some gaps let it fade
        at += timedelta(minutes=gap)
        events.append(attack(at.isoformat(), casualties=toll))
    report = check(events, agreement="syria-2016")
    _followed_as_explained(report, random)


def test_a_breach_followed_by_its_date_alone_still_makes_fragility_last():
    """A breach followed by its date's text alone still makes the fragility last 72 hours past it, as explain() says."""
    # A breach late on the same day as the one before, followed without reading its date: a third breach 71 hours later, 94 after
    # the first, is of the same fragile spell (the pack's timers all moved before: no change is left to merge).
    from conftest import attack

    report = check([attack("2016-09-20T00:00:00+03:00"), attack("2016-09-20T23:00:00+03:00"), attack("2016-09-23T22:00:00+03:00")],
                   agreement="syria-2016")
    following = Following(report)
    for breach in report.breaches:
        following.breach(breach)
    told = following.explanation(report.breaches)
    assert told == explain(report, list(report.breaches)) and told.since == "2016-09-20T00:00:00+03:00"


@given(_GAPS, st.sampled_from(["2016-09-14T17:00:00+03:00", "2016-09-15T18:00:00+03:00", "2016-09-18T17:59:00+03:00"]),
       st.randoms(use_true_random=False))
def test_breaches_followed_by_their_dates_alone_between_changes_explain_as_explain_does(gaps, start, random):
    """Before the last change, breaches followed by their dates' text alone explain as explain() does, around the changes too."""
    # A breach no earlier than the one before and no later than the next change, by their text (the same offset), is followed
    # without reading its date: with breaches at, just before and just after the pack's timers' changes (and their own breaches),
    # in order, with a pair swapped, or told too few.
    from conftest import attack

    at, events = datetime.fromisoformat(start), []
    for gap, toll in gaps:
        at += timedelta(minutes=gap)
        events.append(attack(at.isoformat(), casualties=toll))
    report = check(events, agreement="syria-2016")
    assert report.history  # the timers' changes, some among the breaches
    _followed_as_explained(report, random)


def _followed_as_explained(report, random) -> None:  # type: ignore[no-untyped-def]
    """Following the report's breaches (in order, with two neighbours swapped, or without the first) explains as explain() does."""
    breaches = list(report.breaches)
    swapped = breaches[:]
    if len(swapped) > 1:
        i = random.randrange(len(swapped) - 1)
        swapped[i], swapped[i + 1] = swapped[i + 1], swapped[i]
    for told, whole in ((breaches, breaches), (swapped, swapped), (breaches[1:], breaches)):
        following = Following(report)
        for breach in told:
            following.breach(breach)
        assert following.explanation(whole) == explain(report, whole)
        _followed_in_runs(report, told, whole, random)


def _followed_in_runs(report, told, whole, random) -> None:  # type: ignore[no-untyped-def]
    """Following the breaches as the JSON report's kept rows, each established one told in runs of its shape (``plain``, as
    ``keptblocks`` tells it; all of them, or some, the others one by one) explains as explain() does."""
    from ceasefire.found import STRINGS
    from ceasefire.packed import Findings
    from ceasefire.verdicts import Finding

    rows = list(Findings(Finding(b, "f") for b in told).rows())
    shapes: dict[object, object] = {}
    for some in (False, True):
        following = Following(report)
        for row in rows:
            if row.alleged or (some and random.random() < 0.3):
                following.breach(row)
            else:
                following.plain(row, shapes.setdefault(STRINGS(row), object()))
        assert following.explanation(whole) == explain(report, whole)
