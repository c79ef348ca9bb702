"""The bundled records of karabakh-2020 and gaza-2025, replayed at the README's dated checkpoints.

Each row is a date of the README's table: the status and the implementation the tool gives,
which are the ones the record supports there. (Pack test cases pin states and statuses too;
these also pin implementation, and what the example logs say about areas, claims and extensions.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ceasefire import check

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

KARABAKH = [
    ("2020-11-10", "holding", "on_track"),
    ("2020-11-15", "holding", "on_track"),
    ("2020-11-20", "holding", "on_track"),
    ("2020-12-01", "holding", "on_track"),
    ("2020-12-13", "fragile", "on_track"),
    ("2020-12-17", "fragile", "behind"),
    ("2020-12-28", "fragile", "behind"),
    ("2021-01-11", "fragile", "behind"),
    ("2021-01-13", "holding", "behind"),
    ("2021-01-31", "holding", "behind"),
]

GAZA = [
    ("2025-01-19", "holding", "on_track"),
    ("2025-01-22", "holding", "on_track"),
    ("2025-01-26", "fragile", "behind"),
    ("2025-02-01", "holding", "on_track"),
    ("2025-02-09", "holding", "behind"),
    ("2025-02-11", "in_doubt", "behind"),
    ("2025-02-15", "fragile", "behind"),
    ("2025-02-23", "fragile", "behind"),
    ("2025-03-02", "fragile", "stalled"),
    ("2025-03-18", "collapsed", "stalled"),
    ("2025-03-29", "collapsed", "stalled"),
    ("2025-03-31", "collapsed", "stalled"),
]


@pytest.mark.parametrize(("as_of", "status", "implementation"), KARABAKH)
def test_karabakh_checkpoints(as_of, status, implementation):
    """The trilateral statement's record: the status and implementation of the README's table."""
    report = check(EXAMPLES / "karabakh-2020.jsonl", as_of=as_of)
    assert (report.status, report.implementation) == (status, implementation)


@pytest.mark.parametrize(("as_of", "status", "implementation"), GAZA)
def test_gaza_checkpoints(as_of, status, implementation):
    """Phase one of the Gaza agreement and after: the status and implementation of the README's table."""
    report = check(EXAMPLES / "gaza-2025.jsonl", as_of=as_of)
    assert (report.status, report.implementation) == (status, implementation)


def test_karabakh_record_claims_move_nothing_and_the_kalbajar_date_moved():
    """Claims and disputed accounts are alleged; the Kalbajar postponement is listed; returns are unobserved."""
    report = check(EXAMPLES / "karabakh-2020.jsonl")
    alleged = [b.line for b in report.breaches if b.alleged]
    established = [b.line for b in report.breaches if not b.alleged]
    assert alleged == [25, 30, 32, 34, 35, 41, 45, 52]
    assert established == [33, 36]  # the two violations the Russian peacekeepers confirmed, blaming no side
    assert [(e.timer, e.before, e.after) for e in report.extensions] == [
        ("kalbajar-deadline", "2020-11-16T00:00:00+03:00", "2020-11-26T00:00:00+03:00"),
    ]
    assert report.unobserved == {"returns": "2020-11-14"}
    assert report.instances["prisoners"] == {"az": "disputed", "am": "exchanging"}


def test_gaza_record_out_of_area_and_alleged():
    """Jenin and south Lebanon are outside the ceasefire's area; the Gaza MoH's and the UN's accusations are alleged."""
    report = check(EXAMPLES / "gaza-2025.jsonl")
    assert report.counts.out_of_area == 2
    assert [b.line for b in report.breaches if b.alleged] == [26, 45, 70, 75]
    assert report.unobserved == {"air_pause": "2025-01-19T11:15:00+02:00"}
    assert report.instances["ceasefire"] == {"il": "abandoned", "hamas": "in_force"}


def test_gaza_day_7_deadline_reset_after_it_lapsed():
    """The return north, missed at the end of day 7, is re-set on 26 January to the 27th: one breach, the extension listed, then open."""
    report = check(EXAMPLES / "gaza-2025.jsonl")
    assert [(e.timer, e.before, e.after, e.line) for e in report.extensions] == [
        ("return-north-deadline", "2025-01-26T00:00:00+02:00", "2025-01-28T00:00:00+02:00", 27),
    ]
    assert [b.date for b in report.breaches if b.provision == "return_north"] == ["2025-01-26T00:00:00+02:00"]
    assert [(c.date, c.after) for c in report.history if c.provision == "return_north"][-1] == ("2025-01-27T07:00:00+02:00", "open")
