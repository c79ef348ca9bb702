"""Breaches kept cheaply: packed findings read back equal, quick JSON writes what json.dumps writes (breaches, flat objects), fingerprints only where shown."""

from __future__ import annotations

import json
import pickle
import struct
import sys
from pathlib import Path

import attrs
from conftest import HEADER, attack, cli
from hypothesis import given, settings
from hypothesis import strategies as st
from test_quick_breach import logs

from ceasefire import fingerprints
from ceasefire.fingerprints import Fingerprinter
from ceasefire.formats.encode import finding_block, finding_line
from ceasefire.formats.json import iter_json
from ceasefire.found import found_of
from ceasefire.packed import Findings, Row
from ceasefire.report import Breach
from ceasefire.verdicts import Finding

ROOT = Path(__file__).resolve().parent.parent

TEXT = st.text(st.characters(codec="utf-8", exclude_categories=()) | st.sampled_from(["\ud800", "\udfff", '"', "\\", "\n"]),
               max_size=12)
MAYBE = st.none() | TEXT
COUNT = st.none() | st.integers(0, 10**6)
FINDINGS = st.builds(
    lambda fields, facts, fingerprint, known, fails: Finding(Breach(*fields, *facts), fingerprint, known, fails),
    st.tuples(TEXT, TEXT, st.sampled_from(["event", "deadline", "calm", "quota"]), st.sampled_from(["minor", "major", "critical"]),
              TEXT, MAYBE, st.none() | st.integers(0, 2**62), st.none() | TEXT | st.integers(-(10**30), 10**30), st.booleans(),
              MAYBE, MAYBE, MAYBE, MAYBE, COUNT, MAYBE, TEXT),
    st.tuples(COUNT, COUNT, st.integers(-3, 10**6), COUNT, st.sampled_from(["reported", "confirmed", "claimed"]) | TEXT,
              MAYBE, st.booleans(), MAYBE, MAYBE),  # killed, injured, count, needed, verification, claimed_by, alleged, instance, source
    TEXT, st.booleans(), st.booleans(),
)
ODD = st.builds(  # values no log gives, which the library's Breach still takes
    lambda casualties, event_id, line, count, alleged: Finding(Breach("p", "r", "event", "minor", "2016-09-13", 1, line, event_id, False,
                                                                      casualties=casualties, count=count, alleged=alleged), "f"),
    st.sampled_from([True, 1, 1.5, 10**40, -3, None]), st.sampled_from([1.0, True, ("a",), 10**40, "x", None]),
    st.sampled_from([None, -1, True, 10**40, 3]), st.sampled_from([1, True, 1.0, 0, 10**40, None]), st.sampled_from([False, True, 1, None]),
)
EVERY_FACT = Breach(
    provision="cessation", rule="attack-claimed", kind="event", severity="critical", date="2016-09-17T19:00:00+03:00",
    party="us-coalition", line=17, event_id="ev-17", uncertain=True, event_type="attack.airstrike", actor="us-coalition",
    target="sy-gov", location="Deir ez-Zor", casualties=90, claimed="isil", note="attack during the cessation of hostilities",
    killed=62, injured=100, count=3, needed=5, verification="claimed", claimed_by="sy-gov", alleged=True, instance="sy-gov",
    source="SANA; the coalition's statement of 18 September",
)
"""A breach with every fact set away from its default: an uncertain time (an interval), a claim short of verification."""


@given(st.lists(FINDINGS | ODD, max_size=8))
def test_packed_findings_read_back_equal_in_order(findings):
    """Whatever a finding holds, the packed list gives back equal findings, in order, and survives pickling."""
    kept = Findings(findings)
    assert len(kept) == len(findings) and kept == findings and list(kept) == findings
    assert [kept[i] for i in range(len(findings))] == findings and kept[1:3] == findings[1:3]
    assert [row.finding() for row in kept.rows()] == findings
    assert [(row.breach.date, row.fingerprint, row.message) for row in kept.rows()] == [
        (f.breach.date, f.fingerprint, f.breach.message) for f in findings]
    assert pickle.loads(pickle.dumps(kept)) == findings


@given(st.lists(FINDINGS | ODD, max_size=6), st.lists(st.integers(0, 5), max_size=12))
def test_recorded_findings_packed_by_their_kept_strings_read_back_equal(findings, picks):
    """Findings of recorded breaches, packed by their kept strings, read back equal to those of Breach records, pickled too."""
    # Findings of breaches as the engine records them (a Found), each a few times over (its record's first part then kept by its
    # strings), read back as the same findings of Breach records are, in order, and after pickling.
    told = [findings[i % len(findings)] for i in picks] if findings else []
    light = [Finding(found_of(f.breach), f.fingerprint, f.known, f.fails) for f in told]
    kept, plain = Findings(light), Findings(told)
    assert list(kept.rows()) == list(plain.rows()) and [kept.date_at(i) for i in range(len(told))] == [f.breach.date for f in told]
    assert [row.finding() for row in kept.rows()] == [row.finding() for row in plain.rows()]
    again = pickle.loads(pickle.dumps(kept))
    for finding in light:
        again.append(finding)
    assert list(again.rows()) == list(plain.rows()) * 2


@given(FINDINGS | ODD, TEXT)
def test_quick_json_is_json_dumps(finding, file):
    """A breach's jsonl line and its block in the JSON document are exactly what json.dumps writes (or the quick path declines)."""
    try:
        line = finding_line(file, finding)
    except TypeError:
        line = None
    if line is not None:
        assert line == json.dumps({"record": "breach", "file": file, **finding.to_dict()}, sort_keys=True, ensure_ascii=False)
    try:
        block = finding_block(finding, 4)
    except TypeError:
        block = None
    expected = json.dumps(finding.to_dict(), sort_keys=True, indent=2, ensure_ascii=False).replace("\n", "\n" + "  " * 4)
    if block is not None:
        assert block == expected
    else:  # the document's writer falls back to json.dumps for it
        from ceasefire.formats.json import Breaches

        assert "".join(iter_json({"b": Breaches(Findings([finding, finding]))})) == json.dumps(
            {"b": [finding.to_dict()] * 2}, sort_keys=True, indent=2, ensure_ascii=False)


def test_a_breach_with_every_fact_is_packed_and_read_back_whole():
    """Every fact of a breach (claim, alleged, instance, toll, counts, verification, source, uncertain) survives packing, field by field."""
    assert all(getattr(EVERY_FACT, a.name) != a.default for a in attrs.fields(Breach) if a.default is not attrs.NOTHING)
    finding = Finding(EVERY_FACT, "6fa352608d2634fcc129-2", known=True, fails=True)
    kept = Findings([finding, Finding(EVERY_FACT, "", False, False)])
    assert all(type(record) is bytes for record in kept._records)  # packed, not kept whole
    back, row = kept[0], next(iter(kept.rows()))
    for field in attrs.fields(Breach):
        assert getattr(back.breach, field.name) == getattr(row, field.name) == getattr(EVERY_FACT, field.name), field.name
    assert back == finding and (row.fingerprint, row.known, row.fails) == ("6fa352608d2634fcc129-2", True, True)
    assert row.message == EVERY_FACT.message and row.finding() == finding
    assert list(pickle.loads(pickle.dumps(kept))) == [finding, Finding(EVERY_FACT, "", False, False)]
    assert finding_line("f.jsonl", row) == json.dumps({"record": "breach", "file": "f.jsonl", **finding.to_dict()}, sort_keys=True,
                                                      ensure_ascii=False)


def test_kept_breaches_carry_the_facts_that_streamed_ones_do(tmp_path):
    """The JSON document's breaches (kept packed) have every field, and value, of the JSON Lines breaches (never kept)."""
    logs = [ROOT / "examples" / f"{name}.jsonl" for name in ("gaza-2025", "karabakh-2020", "syria-2016-record", "hodeidah-2018")]
    document = json.loads(cli("check", *logs, "-f", "json", "--jobs", 1).stdout)
    kept = [b for log in document["logs"] for b in log["breaches"]]
    lines = [json.loads(line) for line in cli("check", *logs, "-f", "jsonl", "--jobs", 1).stdout.splitlines()]
    streamed = [{k: v for k, v in r.items() if k not in ("record", "file")} for r in lines if r["record"] == "breach"]
    assert kept == streamed and len(kept) > 20
    assert any(b["alleged"] for b in kept) and any(b["instance"] for b in kept) and any(b["killed"] is not None for b in kept)
    assert set(kept[0]) == {*Finding(EVERY_FACT, "").to_dict()}


def test_quick_documents_are_the_standard_encoders_bytes(monkeypatch, tmp_path):
    """The quick json and jsonl documents are the bytes written when every breach goes through json.dumps."""
    # With history, status causes, tallies, implementation, instances and alleged counts; and the document re-encodes to itself.
    logs = [ROOT / "examples" / f"{name}.jsonl" for name in ("gaza-2025", "karabakh-2020", "syria-2016-record", "minsk-2015-02")]
    runs = [("json", "--explain", "--tally"), ("json", "--tally", "--per", "week"), ("jsonl", "--explain"),
            ("jsonl", "--report", f"json:{tmp_path / 'kept.json'}")]  # jsonl with another format keeping the report: transitions before each log
    quick = [cli("check", *logs, "-f", *run, "--jobs", 1).stdout for run in runs]

    def declines(*args: object) -> str:
        raise TypeError("the standard encoder, please")

    monkeypatch.setattr("ceasefire.formats.keptblocks.finding_block", declines)
    monkeypatch.setattr("ceasefire.formats.json._MOST_SHAPES", 0)  # no block written from its record's head's text
    monkeypatch.setattr("ceasefire.formats.jsonl.finding_line", declines)
    standard = [cli("check", *logs, "-f", *run, "--jobs", 1).stdout for run in runs]
    assert quick == standard
    document = json.loads(quick[0])
    assert quick[0] == json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    log = document["logs"][2]  # syria-2016-record
    assert {"implementation", "extensions", "alleged", "tally", "status_cause", "provisions"} <= set(log) and log["alleged"]
    assert any(story.get("history") for story in log["provisions"].values()) and '"instance": "sy-gov"' in quick[0]
    for line in quick[2].splitlines() + quick[3].splitlines():
        assert line == json.dumps(json.loads(line), sort_keys=True, ensure_ascii=False)


def test_a_kept_breach_takes_a_packed_record():
    """A breach from a log is kept as one record of under 200 bytes, not as its records and their strings (about 700)."""
    breach = Breach("cessation", "attack", "event", "critical", "2016-09-17T17:00:00+03:00", "us-coalition", 123456, "ev-0123456",
                    False, "attack.airstrike", "us-coalition", "sy-gov", "Deir ez-Zor", 80, "isil",
                    "attack during the cessation of hostilities")
    kept = Findings([Finding(breach, Fingerprinter("logs/syria.jsonl")(breach), False, True)] * 1000)
    record = kept._records[0]
    assert type(record) is bytes and sys.getsizeof(record) + 8 < 200  # and a list slot
    assert len(kept._values) == 8  # the rule's facts once, each repeated value once (five strings, "reported", None)


def test_fingerprints_are_made_only_for_what_shows_or_keeps_them(tmp_path, monkeypatch):
    """text, github, junit, csv, markdown and html never show a fingerprint: no breach is hashed for them, unless a baseline is read or written."""
    log = tmp_path / "log.jsonl"
    log.write_text("\n".join(json.dumps(r) for r in [HEADER, attack("2016-09-14T10:00:00+03:00", casualties=1)]) + "\n")
    monkeypatch.chdir(tmp_path)
    hashed = []
    real = fingerprints._sha256()

    def counting(data: bytes = b"") -> object:
        hashed.append(data)
        return real(data)

    monkeypatch.setattr(fingerprints, "_sha256", lambda: counting)
    for fmt in ("text", "github", "junit", "csv", "markdown", "html"):
        assert cli("check", log, "-f", fmt, "--jobs", 1, "--explain", "--tally").exit_code == 1
    assert hashed == []
    assert cli("check", log, "-f", "jsonl", "--jobs", 1).exit_code == 1 and len(hashed) == 1
    assert cli("check", log, "--write-baseline", "base.json", "--jobs", 1).exit_code == 0 and len(hashed) == 2
    result = cli("check", log, "--baseline", "base.json", "--jobs", 1)
    assert result.exit_code == 0 and "[known]" in result.stdout and len(hashed) == 3
    entries = json.loads(Path("base.json").read_text())["breaches"]
    assert [len(e["fingerprint"]) for e in entries] == [20]


@given(st.lists(FINDINGS | ODD, max_size=6))
def test_breaches_are_read_one_at_a_time_as_kept(findings):
    """A kept log's breaches, each made alone from its record (and its date read alone), equal the findings' own breaches."""
    kept = Findings(findings)
    assert [kept.date_at(i) for i in range(len(findings))] == [f.breach.date for f in findings]
    assert [kept.breach_at(i) for i in range(len(findings))] == [f.breach for f in findings] == list(kept.breaches())
    assert len(kept.breaches()) == len(findings)


_FLAT = st.one_of(st.text(), st.integers(), st.booleans(), st.none(), st.floats(allow_nan=True), st.just({}), st.just([1]))


@given(st.one_of(st.dictionaries(st.text(), _FLAT), st.dictionaries(st.integers(), _FLAT), st.lists(_FLAT)))
def test_flat_objects_are_written_as_the_json_encoder_writes_them(value):
    """A tally's row or any flat object or array is the standard encoder's indented text, byte for byte, at any depth."""
    from ceasefire.formats.json import flat_json

    for depth in (0, 3):
        expected = json.dumps(value, sort_keys=True, indent=2, ensure_ascii=False, default=list).replace("\n", "\n" + "  " * depth)
        assert flat_json(value, depth) == expected


HOLES = ("date", "line", "event_id", "uncertain", "casualties", "killed", "injured", "count", "needed", "alleged")


@settings(max_examples=300, deadline=None)
@given(FINDINGS | ODD, FINDINGS | ODD, TEXT)
def test_quick_json_of_a_breach_the_engine_recorded_is_json_dumps(a, b, file):
    """A recorded or kept breach written from its shape's text is what json.dumps writes, line for line."""
    # A breach as the engine records it (a Found) or as a kept one is read back (a Row), its shape's text worked out once: every
    # line, the first of a shape and the next ones with other numbers, flags and dates.
    mixed = Finding(a.breach.__class__(**{**attrs.asdict(a.breach), **{k: getattr(b.breach, k) for k in HOLES}}), b.fingerprint,
                    b.known, b.fails)
    for finding in (a, mixed, a, b, mixed):
        light = Finding(found_of(finding.breach), finding.fingerprint, finding.known, finding.fails)
        row = Row(*found_of(finding.breach), finding.fingerprint, finding.known, finding.fails)
        for each in (light, row):
            try:
                line = finding_line(file, each)
            except TypeError:
                line = None
            if line is not None:
                assert line == json.dumps({"record": "breach", "file": file, **finding.to_dict()}, sort_keys=True, ensure_ascii=False)
                assert finding_line(file, each, "\n") == line + "\n"  # a JSON Lines record: its shape's text ends the line
            try:
                block = finding_block(each, 3)
            except TypeError:
                continue
            assert block == json.dumps(finding.to_dict(), sort_keys=True, indent=2, ensure_ascii=False).replace("\n", "\n" + "  " * 3)
            for after in (",\n", "\n"):  # an array's item: its indent and comma part of the shape's text
                assert finding_block(each, 3, "      ", after) == "      " + block + after


def test_a_shape_is_made_of_strings_alone():
    """Two breaches whose facts differ only as 1 and True differ (they are equal keys): each line is still json.dumps's."""
    for place in (1, True, 1, "1", 1.0, True):
        breach = found_of(Breach("p", "r", "event", "minor", "2016-09-13", "a", 3, "e", location=place, casualties=2))
        finding = Finding(breach, "f")
        assert finding_line("x", finding) == json.dumps({"record": "breach", "file": "x", **finding.to_dict()}, sort_keys=True,
                                                        ensure_ascii=False)


def test_shapes_beyond_those_kept_are_written_field_by_field(monkeypatch):
    """Once the kept shapes are full, a breach of a new shape is written field by field, as json.dumps writes it, and keeps nothing."""
    from ceasefire.formats import encode

    monkeypatch.setattr(encode, "_SHAPES", {})
    monkeypatch.setattr(encode, "_MOST_SHAPES", 2)
    for place in ("Aleppo", "Homs", "Hama", "Idlib", "Aleppo"):
        finding = Finding(found_of(Breach("p", "r", "event", "minor", "2016-09-13", "a", 3, "e", location=place, casualties=2)), "f")
        assert finding_line("x", finding) == json.dumps({"record": "breach", "file": "x", **finding.to_dict()}, sort_keys=True,
                                                        ensure_ascii=False)
    assert len(encode._SHAPES) == 2


def test_past_the_first_parts_kept_a_recorded_finding_is_packed_the_long_way(monkeypatch):
    """Past the most first parts a log's findings keep, each record is made whole, and read back the same."""
    from ceasefire import packed

    monkeypatch.setattr(packed, "_MOST_HEADS", 1)
    told = [Finding(attrs.evolve(EVERY_FACT, location=place, line=line), "f", False, True) for line, place in enumerate("abcab")]
    kept = Findings([Finding(found_of(f.breach), f.fingerprint, f.known, f.fails) for f in told])
    assert kept == told and len(kept._heads) == 1


@given(st.lists(FINDINGS | ODD, max_size=8), st.sampled_from(["day", "week"]))
def test_what_a_tally_reads_of_kept_findings_is_what_it_reads_of_their_breaches(findings, per):
    """Read back for a tally (only the facts it counts), kept findings count as their breaches do, packed or kept whole."""
    from ceasefire.tally import Tally, counted_facts

    light = [Finding(found_of(f.breach), f.fingerprint, f.known, f.fails) for f in findings]
    for kept in (Findings(findings), Findings(light)):
        counted = list(kept.counted())
        assert [(c.date, c.party, counted_facts(c)) for c in counted] == [(f.breach.date, f.breach.party, counted_facts(f.breach)) for f in findings]
        try:
            expected = Tally(per, [f.breach for f in findings]).to_dict()
        except (TypeError, ValueError, struct.error):  # a date or toll no tally can read or pack (a log's never is one)
            continue
        assert Tally(per, counted).to_dict() == expected


PLAIN = Breach("cessation", "attack", "event", "minor", "2016-09-13T10:00:00+03:00", "sy-gov", 7, "ev-7", False, "attack.airstrike",
               "sy-gov", "opposition", "Aleppo", 3, note="attack during the cessation of hostilities")
"""A plain breach: established, certain, not known; a whole toll, count and line, a string id, no killed, injured or needed."""
UNPLAIN = [dict(alleged=True), dict(uncertain=True), dict(killed=2), dict(injured=0), dict(needed=4), dict(count=2), dict(count=True),
           dict(line=None), dict(event_id=12), dict(event_id=None), dict(casualties=True), dict(casualties=0), dict(date="2016-09-13")]


def test_a_plain_breach_and_its_shape_s_others_are_written_as_json_dumps_writes_them():
    """A plain breach's folded shape serves plain breaches only: each breach of the shape is written as json.dumps writes it."""
    # The folded text (its flags and nulls written in); each breach of the shape that differs in one hole, written before or after
    # a plain one, as a line or a block.
    for known in (False, True):
        for change in [{}, *UNPLAIN, {}]:
            breach = attrs.evolve(PLAIN, **change)
            finding = Finding(breach, "aab3119d752f942520f9", known)
            for each in (Finding(found_of(breach), finding.fingerprint, known), Row(*found_of(breach), finding.fingerprint, known, False)):
                if type(each) is Finding:
                    assert finding_line("f.jsonl", each, "\n") == json.dumps(
                        {"record": "breach", "file": "f.jsonl", **finding.to_dict()}, sort_keys=True, ensure_ascii=False) + "\n"
                assert finding_block(each, 3, "      ", ",\n") == "      " + json.dumps(
                    finding.to_dict(), sort_keys=True, indent=2, ensure_ascii=False).replace("\n", "\n" + "  " * 3) + ",\n"


def test_a_recorded_breach_is_packed_as_its_breach_is():
    """A Found and the Breach it stands for are packed alike and read back equal, plain or not (the toll alone, or other numbers)."""
    for change in [{}, *UNPLAIN]:
        breach = attrs.evolve(PLAIN, **change)
        for fails in (False, True):
            told = [Finding(breach, "m", False, fails), Finding(found_of(breach), "m", False, fails)]
            kept = Findings(told)
            if type(kept._records[0]) is bytes:
                assert kept._records[0] == kept._records[1] and list(kept) == [told[0], told[0]]
                assert list(kept.rows()) == [Row(*found_of(breach), "m", False, fails)] * 2
            else:  # a value no log gives (True for a number): each kept whole
                assert kept._records == told


def _recorded(text: str) -> list[object]:
    """The breaches a replay records of a log (``Found`` records, as a run's checker is told them)."""
    from ceasefire.replay import check as replay

    found: list[object] = []
    replay([json.loads(line) for line in text.splitlines()], on_breach=found.append, light=True)
    return found


@settings(max_examples=80, deadline=None)
@given(logs(), st.lists(st.sampled_from(["678021d73da58dfdd94f", "fp-\u00e9t\u00e9", 'q"\\', "0a1b-2"]), min_size=1),
       st.lists(st.tuples(st.booleans(), st.booleans()), min_size=1))
def test_a_recorded_breach_appended_by_its_parts_is_packed_as_the_long_way_packs_it(text, marks, flags):
    """A recorded breach appended by its parts (``append_found``) is packed byte for byte as ``_pack`` packs it."""
    # A plain recorded breach of strings met before (made at once), read back equal: whatever its fingerprint (ASCII or not),
    # known and failing, plain or not.
    found = _recorded(text)
    quick, standard = Findings(), Findings()
    for i, b in enumerate(found * 2):  # each shape met again
        mark, (known, fails) = marks[i % len(marks)], flags[i % len(flags)]
        quick.append_found(b, mark, known, fails)
        standard._records.append(standard._pack(b, mark, known, fails))
    assert quick._records == standard._records
    assert list(quick.rows()) == list(standard.rows())


def test_a_plain_recorded_breach_of_strings_met_before_is_packed_at_once(monkeypatch):
    """In a log of plain breaches of one shape only the first is packed the long way (``_pack``): the others' records are made at once."""
    text = "\n".join([json.dumps(HEADER), *(json.dumps(attack(f"2016-09-19T10:{i:02d}:00+03:00", casualties=i % 3, id=f"e{i}"))
                                            for i in range(30))])
    found = _recorded(text)
    kept, packed = Findings(), []
    pack = Findings._pack
    monkeypatch.setattr(Findings, "_pack", lambda self, *args: packed.append(args) or pack(self, *args))
    for b in found:
        kept.append_found(b, "678021d73da58dfdd94f", False, True)
    assert len(found) == 31 and len(packed) == 2  # (and the pack's deadline's breach, of another shape)
