"""The JSON report's explanation: made from packed rows and breach by breach as it is written, the same as explain()'s."""

from __future__ import annotations

from pathlib import Path

import pytest

from ceasefire import check
from ceasefire.explain import explain
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
    for told, given in ((breaches, breaches), (breaches[::-1], breaches[::-1]), (breaches[1:], breaches)):
        following = Following(report)
        for breach in told:
            following.breach(breach)
        assert following.explanation(given) == expected
