"""Properties over generated logs (hypothesis): determinism, informational events, Monitor = check."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

from conftest import HEADER
from hypothesis import given
from hypothesis import strategies as st

from ceasefire import Monitor, check
from ceasefire.formats import render

COLLAPSED = Path(__file__).resolve().parent.parent / "examples" / "syria-2016-record.jsonl"
BASE = datetime(2016, 9, 11, 12, tzinfo=timezone(timedelta(hours=3)))
ACTORS = st.sampled_from([None, "sy-gov", "ru", "us-coalition", "opposition", "isil", "nusra", "ypg"])
TYPES = st.sampled_from(
    ["attack.airstrike", "attack.shelling", "aid.passage_guaranteed", "aid.convoy_dispatched", "aid.delivered",
     "aid.convoy_blocked", "aid.convoy_attacked", "jic.established", "cooperation.suspended",
     "declaration.ceasefire_over", "party.withdrawal", "statement", "accusation"]
)


@st.composite
def events(draw):
    """An ordered list of Syria events over a fortnight, some with bare dates."""
    steps = draw(st.lists(st.integers(min_value=0, max_value=40 * 60), min_size=0, max_size=25))
    out, now = [], BASE
    for minutes in steps:
        now += timedelta(minutes=minutes * 3)
        row = {"type": draw(TYPES)}
        row["date"] = now.date().isoformat() if draw(st.booleans()) and draw(st.booleans()) else now.isoformat()
        for field in ("actor", "target"):
            value = draw(ACTORS)
            if value is not None:
                row[field] = value
        casualties = draw(st.none() | st.integers(min_value=0, max_value=120))
        if casualties is not None:
            row["casualties"] = casualties
        out.append(row)
    # a bare date must not fall before a timed event's day: keep the order the checker asks for
    return [r for i, r in enumerate(out) if len(r["date"]) > 10 or all(len(p["date"]) == 10 or p["date"][:10] <= r["date"] for p in out[:i])]


@given(events())
def test_a_replay_leaves_nothing_behind_in_the_shared_machines(rows):
    """Determinism in one process: a log renders the same bytes before and after another log's replay through the same machines."""
    before = render(check([HEADER, *rows]), "json")
    assert check(COLLAPSED).status == "collapsed"
    assert render(check([HEADER, *rows]), "json") == before


@given(events(), st.data())
def test_statements_never_change_the_verdict(rows, data):
    """Adding informational events anywhere (at an existing event's date) changes no verdict or finding."""
    base = check([HEADER, *rows])
    spots = data.draw(st.lists(st.integers(min_value=0, max_value=len(rows)), max_size=5))
    noisy = list(rows)
    for spot in sorted(spots, reverse=True):
        date = noisy[spot - 1]["date"] if spot else BASE.isoformat()
        noisy.insert(spot, {"date": date, "type": "statement", "actor": "ru"})
    if not rows:
        return
    other = check([HEADER, *noisy], as_of=base.as_of)
    assert (other.status, other.provisions) == (base.status, base.provisions)
    assert [(b.rule, b.date, b.severity, b.uncertain) for b in other.breaches] == [
        (b.rule, b.date, b.severity, b.uncertain) for b in base.breaches
    ]


@given(events())
def test_monitor_and_check_give_the_same_findings(rows):
    """Feeding events one at a time gives the findings of the whole-log check."""
    report = check([HEADER, *rows])
    monitor = Monitor("syria-2016")
    found = []
    for line, row in enumerate(rows, 2):
        found += monitor.feed(row, line=line)
    found += monitor.finish(report.as_of)
    assert monitor.findings == list(report.breaches)
    assert [(f.rule, f.date, f.line) for f in found] == [(b.rule, b.date, b.line) for b in report.breaches]
    assert report.counts.lines == report.counts.events + report.counts.skipped == len(rows) + 1


@given(events(), st.randoms(use_true_random=False))
def test_sorting_a_shuffled_log_gives_the_sorted_verdict(rows, rng):
    """--sort on a shuffled log gives the verdict of the log in order (timed events only, distinct dates)."""
    timed = {r["date"]: r for r in rows if len(r["date"]) > 10}
    ordered = [timed[d] for d in sorted(timed, key=datetime.fromisoformat)]
    shuffled = list(ordered)
    rng.shuffle(shuffled)
    a, b = check([HEADER, *ordered]), check([HEADER, *shuffled], sort=True)
    assert (a.status, a.provisions, a.as_of) == (b.status, b.provisions, b.as_of)
    assert [(x.rule, x.date) for x in a.breaches] == [(x.rule, x.date) for x in b.breaches]
    assert json.loads(render(a, "json"))["logs"][0]["counts"] == json.loads(render(b, "json"))["logs"][0]["counts"]
