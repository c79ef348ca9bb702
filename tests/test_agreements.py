"""The bundled agreements judged as monitors and the press judged them: the README's checkpoints, status and implementation."""

from __future__ import annotations

from pathlib import Path

import pytest

from ceasefire import check

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

# (log, as of, status, implementation): the rows of the README's tables, in order.
CHECKPOINTS = [
    ("syria-2016-record.jsonl", "2016-09-13", "holding", "on_track"),
    ("syria-2016-record.jsonl", "2016-09-14", "holding", "behind"),
    ("syria-2016-record.jsonl", "2016-09-16", "fragile", "behind"),
    ("syria-2016-record.jsonl", "2016-09-18", "in_doubt", "stalled"),
    ("syria-2016-record.jsonl", "2016-09-19T18:59:00+03:00", "fragile", "stalled"),
    ("syria-2016-record.jsonl", "2016-09-20", "in_doubt", "stalled"),
    ("syria-2016-record.jsonl", "2016-09-25", "collapsed", "stalled"),
    ("syria-2016-record.jsonl", "2016-10-03", "collapsed", "stalled"),
    ("minsk-2015-02.jsonl", "2015-02-15", "in_doubt", "on_track"),
    ("minsk-2015-02.jsonl", "2015-02-17", "in_doubt", "behind"),
    ("minsk-2015-02.jsonl", "2015-02-19", "in_doubt", "behind"),
    ("minsk-2015-02.jsonl", "2015-02-22", "fragile", "behind"),
    ("minsk-2015-02.jsonl", "2015-02-26", "fragile", "behind"),
    ("minsk-2015-02.jsonl", "2015-03-03", "fragile", "behind"),
    ("minsk-2015-02.jsonl", "2015-03-12", "fragile", "behind"),
    ("minsk-2015-02.jsonl", "2015-03-18", "fragile", "behind"),
    ("minsk-2015-02.jsonl", "2015-03-23", "fragile", "behind"),
    ("minsk-2015-02.jsonl", "2015-04-01", "fragile", "behind"),
    ("hodeidah-2018.jsonl", "2018-12-20", "fragile", "on_track"),
    ("hodeidah-2018.jsonl", "2019-01-02", "holding", "behind"),
    ("hodeidah-2018.jsonl", "2019-01-09", "holding", "behind"),
    ("hodeidah-2018.jsonl", "2019-01-25", "fragile", "behind"),
    ("hodeidah-2018.jsonl", "2019-02-18", "holding", "behind"),
    ("hodeidah-2018.jsonl", "2019-03-13", "fragile", "stalled"),
    ("hodeidah-2018.jsonl", "2019-04-30", "holding", "stalled"),
    ("hodeidah-2018.jsonl", "2019-05-15", "fragile", "behind"),
    ("hodeidah-2018.jsonl", "2019-06-17", "holding", "stalled"),
    ("hodeidah-2018.jsonl", "2019-07-15", "fragile", "behind"),
]


@pytest.mark.parametrize(("log", "as_of", "status", "implementation"), CHECKPOINTS, ids=lambda v: str(v))
def test_the_record_gets_the_verdicts_of_the_readme(log, as_of, status, implementation):
    """Each checkpoint of the README's tables: the status and the implementation the tool gives for the record."""
    report = check(EXAMPLES / log, as_of=as_of)
    assert (report.status, report.implementation) == (status, implementation)
    assert report.warnings == ()


def test_syria_claims_are_alleged_and_the_us_declaration_joins_the_armys():
    """The Russian centre's counts stay alleged; the army's declaration alone leaves it in doubt, the US's word ends it on 22 September."""
    report = check(EXAMPLES / "syria-2016-record.jsonl")
    alleged = [b for b in report.breaches if b.alleged]
    assert {b.claimed_by for b in alleged} == {"ru", "sy-gov", None}  # the Turkish convoy nobody confirmed is unverifiable
    assert sum(b.count for b in alleged if b.claimed_by == "ru" and b.rule == "violations-tally") == 23 + 42 + 45 + 55 + 53 + 92
    collapse = [c for c in report.history if c.provision == "cessation" and c.after == "collapsed"]
    assert [c.date for c in collapse] == ["2016-09-22"]
    assert [(x.timer, x.before, x.after) for x in report.extensions] == [
        ("term", "2016-09-15T00:00:00+03:00", "2016-09-17T00:00:00+03:00"),
    ]
    assert report.instances["castello"] == {"sy-gov": "overdue", "opposition": "overdue"}
    assert report.unobserved == {"castello": "2016-09-15"}


def test_deliveries_outside_aleppo_do_not_meet_the_aleppo_duty():
    """Talbiseh and Moadamiyeh were reached, Aleppo never: both deliveries lie outside the aid provision's area."""
    report = check(EXAMPLES / "syria-2016-record.jsonl", as_of="2016-09-22")
    assert report.provisions["aid"] == "suspended"
    assert report.counts.out_of_area == 1  # Moadamiyeh, in Rural Damascus


def test_minsk_duties_are_owed_by_each_side():
    """Heavy weapons per party, the exchange following the rescheduled withdrawal deadline, Kharkiv outside the area."""
    report = check(EXAMPLES / "minsk-2015-02.jsonl", as_of="2015-03-13")
    assert report.instances["heavy_weapons"] == {"ua-forces": "overdue", "dpr": "withdrawn", "lpr": "withdrawn"}
    assert report.instances["prisoners"] == {"ua-forces": "overdue", "dpr": "overdue", "lpr": "overdue"}
    assert [(x.timer, x.after) for x in report.extensions] == [("withdrawal-end", "2015-03-08T00:00:00+02:00")] * 3
    assert [b.date for b in report.breaches if b.rule == "all-for-all"] == ["2015-03-13T00:00:00+02:00"] * 3
    assert report.counts.out_of_area == 1
    assert report.unobserved == {"heavy_weapons": "2015-02-24"}


def test_minsk_rada_resolution_is_late_by_three_days():
    """Due at the end of 14 March (30 days after signing), adopted on 17 March: a minor breach owed by the government."""
    report = check(EXAMPLES / "minsk-2015-02.jsonl", as_of="2015-03-18")
    (late,) = [b for b in report.breaches if b.rule == "rada-resolution"]
    assert (late.date, late.severity, late.party) == ("2015-03-15T00:00:00+02:00", "minor", "ua-gov")
    assert report.provisions["special_status_resolution"] == "adopted_late"


def test_hodeidah_prisoners_count_from_the_lists_before_the_ceasefire():
    """The lists of 11 December count; the release due at the end of 30 January never came: both parties overdue."""
    report = check(EXAMPLES / "hodeidah-2018.jsonl", as_of="2019-02-01")
    assert report.instances["prisoners"] == {"gov": "overdue", "houthis": "overdue"}
    assert [c.date for c in report.history if c.provision == "prisoners" and c.after == "lists_exchanged"] == ["2018-12-11", "2018-12-11"]


def test_hodeidah_disputed_handover_is_not_a_redeployment_and_the_verified_one_is_partial():
    """29 December (claimed, disputed) moves nothing; 14 May (verified in part) makes the ports partial; the ceasefire never collapses."""
    report = check(EXAMPLES / "hodeidah-2018.jsonl")
    moves = [(c.date, c.after) for c in report.history if c.provision == "ports"]
    assert moves == [("2019-01-01T00:00:00+03:00", "overdue"), ("2019-02-16T00:00:00+03:00/2019-02-17T23:59:59.999999+03:00", "replanned"),
                     ("2019-02-24T00:00:00+03:00/2019-02-26T23:59:59.999999+03:00", "postponed"), ("2019-05-14", "partial")]
    assert report.status == "holding"
    assert all(not b.alleged or b.claimed_by in {"gov", "houthis", None} for b in report.breaches)
    assert report.counts.out_of_area == 1  # Al-Anad, in Lahij
