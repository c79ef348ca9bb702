"""Verdicts: a log's result judges each breach by the policy, and the finding it makes is ``Finding``'s own."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ceasefire.found import Found
from ceasefire.verdicts import FAIL_ON, Finding, LogResult, Policy


class Strict(Policy):
    """A policy of the caller's own: its ``fails`` is the one asked."""

    def fails(self, breach):
        return True


@given(st.sampled_from(FAIL_ON), st.booleans(), st.booleans(), st.sampled_from(["minor", "major", "critical"]), st.booleans(),
       st.booleans(), st.text(max_size=5))
def test_a_judged_breach_is_the_finding_the_policy_makes(fail_on, alleged_fail, known, severity, alleged, keep, mark):
    """``add`` returns (and keeps) ``Finding(breach, mark, known, fails)``, with ``fails`` as ``Policy.fails`` says, and counts it."""
    for policy in (Policy(fail_on, None, alleged_fail), Strict(fail_on)):
        breach = Found("cessation", "attack", "event", severity, "2016-09-12T20:00:00+03:00", "sy-gov", 2, "e", alleged=alleged)
        result = LogResult("log.jsonl", None)  # type: ignore[arg-type]
        finding = result.add(breach, mark, known, policy, keep)
        fails = not known and policy.fails(breach)
        assert type(finding) is Finding and finding == Finding(breach, mark, known, fails)
        assert (finding.breach, finding.fingerprint, finding.known, finding.fails) == (breach, mark, known, fails)
        assert hash(finding) == hash(Finding(breach, mark, known, fails))
        assert result.failing == int(fails) and result.known == int(known) and result.alleged == int(alleged)
        assert list(result.findings) == ([Finding(breach.made(), mark, known, fails)] if keep else [])
