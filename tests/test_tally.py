"""Tallies per party and per day or week, in text, JSON, CSV and Markdown."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import HEADER, attack, cli
from hypothesis import given
from hypothesis import strategies as st

from ceasefire import check
from ceasefire.tally import Tally

ROOT = Path(__file__).resolve().parent.parent
SYRIA = ROOT / "examples" / "syria-2016-09.jsonl"
MINSK = ROOT / "examples" / "minsk-2015-02.jsonl"


def fake(date: str, party: str | None = "dpr", severity: str = "minor", line: int | None = 2, **more):
    """A breach-like record with the facts a tally reads (newer engines add killed, injured, count, alleged)."""
    return SimpleNamespace(date=date, party=party, severity=severity, kind="event" if line else "deadline", line=line,
                           event_id=None, casualties=more.pop("casualties", None), **more)


def test_the_seed_article_counts_per_party_and_per_day():
    """us-coalition: one critical incident with 80 killed; the unattributed deadline and Aleppo strike apart."""
    tally = Tally("day", check(SYRIA).breaches)
    assert [(r.party, r.critical, r.major, r.minor, r.incidents, r.casualties, r.killed) for r in tally.parties()] == [
        ("us-coalition", 1, 0, 0, 1, 80, 80), (None, 0, 1, 1, 2, 0, None)]
    assert [(r.period, r.party, r.breaches) for r in tally.periods()] == [
        ("2016-09-15", None, 1), ("2016-09-17", "us-coalition", 1), ("2016-09-18", None, 1)]


def test_a_week_is_named_by_its_monday():
    """Minsk per week: 15 February 2015 (a Sunday) falls in the week of Monday 9 February; alleged-only rows count 0 breaches."""
    tally = Tally("week", check(MINSK).breaches)
    periods = [(r.period, r.party, r.breaches, r.alleged) for r in tally.periods()]
    assert periods[:7] == [
        ("2015-02-09", "dpr", 2, 0), ("2015-02-09", "lpr", 0, 1), ("2015-02-09", None, 0, 1),
        ("2015-02-16", "dpr", 4, 0), ("2015-02-16", "lpr", 1, 0), ("2015-02-16", "ua-forces", 1, 0), ("2015-02-16", None, 1, 0)]
    assert {period for period, *_ in periods} == {
        "2015-02-09", "2015-02-16", "2015-02-23", "2015-03-02", "2015-03-09", "2015-03-23", "2015-03-30", "2015-04-13"}


def test_alleged_breaches_are_counted_apart_and_tolls_summed_when_known():
    """An alleged breach counts only as alleged; killed and injured add up once a breach carries them."""
    tally = Tally("day", [fake("2015-02-15", casualties=5, killed=2, injured=3), fake("2015-02-15", line=3, killed=1),
                          fake("2015-02-15", line=4, alleged=True, killed=9, severity="critical")])
    (row,) = tally.parties()
    assert (row.minor, row.critical, row.incidents, row.casualties, row.killed, row.injured, row.alleged) == (2, 0, 2, 5, 3, 3, 1)


def test_one_event_breaking_two_rules_is_one_incident_and_a_count_counts():
    """Two breaches of one event (same line) make one incident; a breach reporting a count of incidents adds that count."""
    tally = Tally("day", [fake("2015-02-15", line=2), fake("2015-02-15", line=2, severity="major"), fake("2015-02-16", line=5, count=37)])
    (row,) = tally.parties()
    assert (row.breaches, row.incidents) == (3, 38)


def test_a_tally_refuses_an_unknown_period():
    """Only day and week."""
    with pytest.raises(ValueError, match="per must be one of day, week"):
        Tally("month")


def test_text_tally_per_week():
    """--tally --per week prints a row per party, then a row per week and party."""
    out = cli("check", MINSK, "--tally", "--per", "week").stdout
    assert "tally (per week):\n  party         critical  major  minor  incidents  casualties  killed  injured  alleged\n" in out
    assert "  dpr                  1      6      2          9         106       6      100        0\n" in out
    assert "  2015-02-16  dpr                  1      2      1          4         106       6      100        0\n" in out
    assert "tally (per" not in cli("check", MINSK).stdout


def test_json_has_the_tally_per_party_and_period():
    """The JSON report's tally: per, parties, periods (keyed by day or week)."""
    log = json.loads(cli("check", SYRIA, "-f", "json", "--per", "week").stdout)["logs"][0]
    assert log["tally"]["per"] == "week"
    assert log["tally"]["parties"][0] == {"party": "us-coalition", "critical": 1, "major": 0, "minor": 0, "breaches": 1, "incidents": 1,
                                          "casualties": 80, "killed": 80, "injured": None, "alleged": 0}
    assert [(p["week"], p["party"], p["breaches"]) for p in log["tally"]["periods"]] == [("2016-09-12", "us-coalition", 1), ("2016-09-12", None, 2)]


def test_csv_is_one_row_per_log_party_and_day():
    """--format csv: a header, then a row per log, day and party with a breach; empty party for none, empty toll for unknown."""
    result = cli("check", SYRIA, "-f", "csv")
    assert result.exit_code == 1
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["file", "day", "party", "critical", "major", "minor", "breaches", "incidents", "casualties", "killed", "injured", "alleged"]
    assert [r[1:] for r in rows[1:]] == [
        ["2016-09-15", "", "0", "1", "0", "1", "1", "0", "", "", "0"],
        ["2016-09-17", "us-coalition", "1", "0", "0", "1", "1", "80", "80", "", "0"],
        ["2016-09-18", "", "0", "0", "1", "1", "1", "0", "", "", "0"],
    ]
    assert all(r[0].endswith("examples/syria-2016-09.jsonl") for r in rows[1:])


def test_csv_cells_cannot_be_formulas_or_lines(tmp_path, monkeypatch):
    """A file name a spreadsheet would run as a formula is written with a leading quote; controls are escaped."""
    from ceasefire.formats.csv import cell

    monkeypatch.chdir(tmp_path)
    rows = [HEADER, {"date": "2016-09-13T09:00:00+03:00", "type": "aid.delivered"}, attack("2016-09-13T10:00:00+03:00", actor="ru")]
    Path("=cmd.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    written = list(csv.reader(io.StringIO(cli("check", "=cmd.jsonl", "-f", "csv").stdout)))
    assert [r[:3] for r in written[1:]] == [["'=cmd.jsonl", "2016-09-13", "ru"]]
    assert [cell(t) for t in ("+1", "-x", "@a", "a\nb", "ok")] == ["'+1", "'-x", "'@a", "a\\nb", "ok"]


def test_markdown_has_the_verdict_why_the_tally_and_the_breaches():
    """--format markdown, for $GITHUB_STEP_SUMMARY: headings, the why sentence, tables."""
    out = cli("check", SYRIA, "-f", "markdown").stdout
    assert out.startswith("# ceasefire\n")
    assert "\n## examples/syria-2016-09.jsonl: in doubt\n" in out
    assert "**Why:** in doubt since 17 September 17:00: cessation gravely\\_violated by the attack-grave at line 7" in out
    assert "| us-coalition | 1 | 0 | 0 | 1 | 1 | 80 | 80 |  | 0 |" in out
    assert "### Breaches" in out and out.count("| line ") + out.count("| no line") == 3


def test_markdown_escapes_what_a_log_could_use_to_add_links_or_html(tmp_path):
    """A location with a link, an image, HTML and a table bar stays text."""
    log = tmp_path / "log.jsonl"
    rows = [HEADER, attack("2016-09-13T10:00:00+03:00", location="[x](https://e.example) ![i](y) <b>|</b>")]
    log.write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = cli("check", log, "-f", "markdown").stdout
    assert "\\[x\\](https\\://e.example) \\!\\[i\\](y) \\<b\\>\\|\\</b\\>" in out
    assert "[x](" not in out and "<b>" not in out


@pytest.mark.parametrize("days", [0, 1, 254, 255, 256, 511])  # 255 and 511 days make 256 and 512 rows: whole batches
def test_jsonl_writes_a_long_tally_as_the_json_encoder_would(tmp_path, days):
    """The log record's tally, written a few rows at a time, is the standard encoder's line, whatever the number of days."""
    from datetime import date, timedelta

    start = date(2016, 9, 13)
    rows = [attack((start + timedelta(days=d)).isoformat(), actor=("sy-gov", "opposition")[d % 2]) for d in range(days)]
    log = tmp_path / "log.jsonl"
    log.write_text("\n".join(json.dumps(r) for r in [HEADER, *rows]) + "\n", encoding="utf-8")
    lines = cli("check", log, "-f", "jsonl", "--as-of", "2018-12-31").stdout.splitlines()
    (record,) = [json.loads(line) for line in lines if '"record": "log"' in line]
    assert len(record["tally"]["periods"]) >= days
    expected = Tally("day", check(log, as_of="2018-12-31").breaches).to_dict()
    assert record["tally"] == expected
    line = next(line for line in lines if '"record": "log"' in line)
    assert line == json.dumps(record, sort_keys=True, ensure_ascii=False)


def test_a_breach_of_a_past_period_told_late_reopens_its_count():
    """Counts of past days are kept closed; a breach told late for one of them is added to it, the same event one incident."""
    late = [fake("2015-02-15", line=2), fake("2015-02-16", line=5), fake("2015-02-17", line=7),
            fake("2015-02-15", line=2, severity="major"), fake("2015-02-15", line=9, severity="critical")]
    rows = [(r.period, r.minor, r.major, r.critical, r.incidents) for r in Tally("day", late).periods()]
    assert rows == [("2015-02-15", 1, 1, 1, 2), ("2015-02-16", 1, 0, 0, 1), ("2015-02-17", 1, 0, 0, 1)]


@pytest.mark.parametrize("per", ["day", "week"])
def test_the_json_tally_counts_what_the_whole_tally_counts_in_period_order_or_not(per):
    """tally_dict (rows per period made as they are read) gives Tally's object, breaches in date order or shuffled."""
    from ceasefire.formats.tallyrows import tally_dict

    in_order = [fake("2015-02-09T10:00:00+02:00", "dpr", "major", casualties=3), fake("2015-02-09T11:00:00+02:00", None),
                fake("2015-02-09T11:00:00+02:00", "ua", "critical", killed=2), fake("2015-02-15T08:00:00+02:00", "dpr"),
                fake("2015-02-16", None, "minor", None), fake("2015-02-16T09:00:00+02:00", "dpr", alleged=True)]
    for breaches in (in_order, in_order[::-1], in_order[2:] + in_order[:2]):
        made = tally_dict(per, lambda: iter(breaches))
        expected = Tally(per, breaches).to_dict()
        assert {**made, "periods": list(made["periods"])} == expected
        assert len(made["periods"]) == len(expected["periods"])
    with pytest.raises(ValueError, match="per must be one of"):
        tally_dict("month", lambda: iter(in_order))


_BREACHES = st.lists(st.builds(
    fake, st.sampled_from(["2015-02-14", "2015-02-15", "2015-02-16T09:00:00+02:00", "2015-02-23"]),
    st.sampled_from(["dpr", "lpr", None]), st.sampled_from(["minor", "major", "critical"]), st.sampled_from([2, 3, 5, None]),
    casualties=st.sampled_from([None, 0, 4]), killed=st.sampled_from([None, 1]), alleged=st.booleans()), max_size=30)


@given(_BREACHES, st.sampled_from(["day", "week"]))
def test_a_tally_counts_what_a_plain_recount_counts_in_any_order(breaches, per):
    """Past periods packed and reopened or not, each row is what counting that period's breaches of that party afresh gives."""
    from ceasefire.found import Found
    from ceasefire.tally import Count, period_of

    for told in (breaches, sorted(breaches, key=lambda b: b.date)):
        expected: dict[tuple[str, str | None], Count] = {}
        for breach in told:
            expected.setdefault((period_of(breach.date, per), breach.party), Count()).add(breach)
        rows = Tally(per, told).periods()
        assert [(r.period, r.party) for r in rows] == sorted(expected, key=lambda k: (k[0], (k[1] is None, k[1] or "")))
        assert rows == [expected[(r.period, r.party)].row(r.party, r.period) for r in rows]
        recorded = Tally(per, [Found("p", "r", b.kind, b.severity, b.date, b.party, b.line, b.event_id, casualties=b.casualties,
                                     killed=getattr(b, "killed", None), alleged=getattr(b, "alleged", False))
                               for b in told])  # as the engine records them: a light tuple, its facts read by position
        assert recorded.periods() == rows and recorded.parties() == Tally(per, told).parties()


def test_an_event_without_a_line_is_one_incident_across_a_packed_period():
    """Events handed to the library have no line: one such event breaking two rules stays one incident when its day is packed between."""
    first, second = (SimpleNamespace(date="2015-02-15", party="dpr", severity=s, kind="event", line=None, event_id="e1",
                                      casualties=None) for s in ("minor", "major"))
    later = fake("2015-02-16", line=9)
    (row, _) = Tally("day", [first, later, second]).periods()
    assert (row.period, row.minor, row.major, row.incidents) == ("2015-02-15", 1, 1, 1)


@given(_BREACHES, st.sampled_from(["day", "week"]))
def test_the_json_tallys_rows_per_period_are_the_whole_tallys_in_any_order(breaches, per):
    """The JSON report's rows per period are the whole tally's, breaches in date order or as told."""
    # The rows are counted as the breaches are told, made as they are written.
    from ceasefire.formats.tallyrows import tally_dict

    for told in (sorted(breaches, key=lambda b: b.date), breaches):
        made = tally_dict(per, lambda: iter(told))
        assert {**made, "periods": list(made["periods"])} == Tally(per, told).to_dict()


def _plain_and_not():
    """Breaches of two parties over two days, plain (an established event's on a line, whole numbers) and not: alleged, with
    killed or injured, no toll, a count of 0 or 3, no line, two rules on one line (one incident), a bool count, a deadline's."""
    from ceasefire.report import Breach

    def b(date, party="sy-gov", line=2, **more):
        return Breach("cessation", "attack", "event", more.pop("severity", "minor"), date, party, line, f"e{line}",
                      event_type="attack.airstrike", actor=party, target="opposition", casualties=more.pop("casualties", 2), **more)

    return [b("2016-09-13T10:00:00+03:00", line=2), b("2016-09-13T10:01:00+03:00", line=3),
            b("2016-09-13T10:01:00+03:00", line=3, severity="major"), b("2016-09-13T10:02:00+03:00", line=4, alleged=True),
            b("2016-09-13T10:03:00+03:00", line=5, killed=1), b("2016-09-13T10:04:00+03:00", line=6, injured=0),
            b("2016-09-13T10:05:00+03:00", line=7, casualties=None), b("2016-09-13T10:06:00+03:00", line=8, count=0),
            b("2016-09-13T10:07:00+03:00", line=9, count=3), b("2016-09-13T10:08:00+03:00", line=None),
            b("2016-09-13T10:09:00+03:00", line=10, count=True), b("2016-09-13T10:10:00+03:00", "opposition", line=11),
            b("2016-09-13T10:11:00+03:00", "opposition", line=12), b("2016-09-14T00:00:00+03:00", line=13),
            b("2016-09-14T00:01:00+03:00", line=14), b("2016-09-14T00:02:00+03:00", None, line=15),
            Breach("aid", "aid-deadline", "deadline", "major", "2016-09-14T19:00:00+03:00", None, None, None)]


def test_a_recorded_breach_is_counted_as_its_breach_is():
    """A tally fed the engine's records equals one fed the Breach records, per day and per week, in the JSON report too."""
    # Found: plain ones counted without counted_facts. The JSON report's tallies are counted as they are told (Told) and counted
    # from the kept records read back.
    from ceasefire.formats.tallyrows import tally_dict
    from ceasefire.found import found_of
    from ceasefire.packed import Findings
    from ceasefire.verdicts import Finding

    breaches = _plain_and_not()
    for per in ("day", "week"):
        expected = Tally(per, breaches).to_dict()
        assert Tally(per, [found_of(b) for b in breaches]).to_dict() == expected
        kept = Findings([Finding(found_of(b), "m") for b in breaches])
        from ceasefire.formats.tallyrows import Told

        told = Told(per)
        for b in breaches:
            told.add(found_of(b))
        for counted in (told, None):
            made = tally_dict(per, kept.counted, counted)
            assert {**made, "periods": list(made["periods"])} == expected
