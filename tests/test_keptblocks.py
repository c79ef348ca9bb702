"""The JSON document's breaches read straight from their packed records (``formats.keptblocks``), pinned against reading
each back as a ``Row`` and writing it the standard way: the same blocks, the same rows followed."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from test_quick_breach import logs

from ceasefire import check
from ceasefire.formats import encode
from ceasefire.formats.keptblocks import blocks
from ceasefire.formats.tallyrows import Told
from ceasefire.packed import Findings
from ceasefire.tally import Tally
from ceasefire.verdicts import Finding


def _kept(text: str, marks: list[str], flags: list[tuple[bool, bool]]) -> Findings:
    """A log's breaches kept packed, each with a fingerprint and (known, fails) drawn for it."""
    events = [json.loads(line) for line in text.splitlines()[1:]]
    report = check(events, agreement="syria-2016")
    return Findings(Finding(b, marks[i % len(marks)], *flags[i % len(flags)]) for i, b in enumerate(report.breaches))


class _Followed(list):  # type: ignore[type-arg]
    """What a ``Following`` is told, in order: each row (``breach``'s, and ``plain``'s without its shape)."""

    def breach(self, row: object) -> None:
        """A row told the standard way."""
        self.append(row)

    def plain(self, row: object, shape: object) -> None:
        """A plain row told with its shape."""
        self.append(row)


def _written(kept: Findings, most: int, per: str = "day") -> tuple[str, list[tuple[object, ...]], dict[str, object]]:
    """The blocks written, the rows followed meanwhile, and the tally taken meanwhile (its rows per period made)."""
    followed = _Followed()
    told = Told(per)
    text = "".join(blocks(kept, 2, followed, told, most, lambda f: "UNUSUAL"))
    assert told.count == len(kept)
    tally = told.to_dict()
    return text, followed, {**tally, "periods": list(tally["periods"])}


@settings(max_examples=60, deadline=None)
@given(logs(), st.lists(st.sampled_from(["678021d73da58dfdd94f", "0a1b2c3d4e5f60718293", "fp-\u00e9t\u00e9", 'q"\\']), min_size=1),
       st.lists(st.tuples(st.booleans(), st.booleans()), min_size=1), st.sampled_from(["day", "week"]))
def test_blocks_read_from_records_are_those_written_from_rows(text, marks, flags, per):
    """Blocks written from records are those written from Rows; the rows read back and the tally are the same too."""
    # Each breach's block written from its record's head's text is the block written from its Row the standard way (no head kept),
    # the row the explanation follows is the Row read back, field for field and kind for kind, and the tally taken meanwhile is
    # the one of the breaches themselves.
    kept = _kept(text, marks, flags)
    for kept_shapes in ("_SHAPES", "_PLAIN"):
        getattr(encode, kept_shapes).clear()
    quick, followed, tally = _written(kept, 64, per)
    standard, rows, standard_tally = _written(kept, 0, per)
    assert quick == standard
    assert tally == standard_tally == Tally(per, [f.breach for f in kept]).to_dict()
    assert followed == rows == list(kept.rows())
    assert [tuple(map(type, row)) for row in followed] == [tuple(map(type, row)) for row in rows]
    assert [type(row) for row in followed] == [type(row) for row in rows]


def test_most_blocks_of_a_log_of_plain_breaches_are_read_from_their_records(monkeypatch):
    """In a log of plain breaches of one shape, only the first, last and other-shaped blocks are written the standard way."""
    # Only the first block (and the last, without its comma; and the pack's deadline's breach, of another shape).
    from ceasefire.formats import keptblocks

    text = "\n".join(["{}", *(json.dumps({"date": f"2016-09-19T10:{i:02d}:00+03:00", "type": "attack.airstrike", "actor": "sy-gov",
                                          "target": "opposition", "casualties": i % 3, "id": f"e{i}"}) for i in range(40))])
    kept = _kept(text, ["678021d73da58dfdd94f"], [(False, True), (False, False)])
    for kept_shapes in ("_SHAPES", "_PLAIN"):  # shapes another test left known would be read from their records from the first
        getattr(encode, kept_shapes).clear()
    standard = []
    made_block = keptblocks.finding_block
    monkeypatch.setattr(keptblocks, "finding_block", lambda *args: standard.append(args) or made_block(*args))
    quick, followed, tally = _written(kept, 64)
    assert len(standard) == 3 and len(followed) == 41
    monkeypatch.undo()
    assert (quick, followed, tally) == _written(kept, 0)


def test_a_record_whose_strings_need_escaping_or_are_not_ascii_is_written_as_the_standard_way_writes_it(monkeypatch):
    """A record whose strings need escaping or are not ASCII is written as the standard way writes it."""
    # A plain record of a head met before whose fingerprint (or event id) holds a quote, a backslash, a control character or a
    # letter beyond ASCII; tolls of two and three digits are written from the record.
    from ceasefire.formats import keptblocks

    odd = ['q"\\', "fp-\u00e9t\u00e9", "x\x01y"]
    text = "\n".join(["{}", *(json.dumps({"date": f"2016-09-19T10:{i:02d}:00+03:00", "type": "attack.airstrike", "actor": "sy-gov",
                                          "target": "opposition", "casualties": (0, 99, 100, 150)[i % 4],
                                          "id": f"e{i}" if i != 7 else "\u00e9-7"}) for i in range(40))])
    kept = _kept(text, ["678021d73da58dfdd94f", "0a1b2c3d4e5f60718293", *odd], [(False, False), (False, True)])
    for kept_shapes in ("_SHAPES", "_PLAIN"):  # (the heads met before are this log's, whatever ran first)
        getattr(encode, kept_shapes).clear()
    standard = []
    made_block = keptblocks.finding_block
    monkeypatch.setattr(keptblocks, "finding_block", lambda *args: standard.append(args[0]) or made_block(*args))
    quick, followed, tally = _written(kept, 64)
    written = [f.fingerprint for f in standard]
    assert all(mark in written for mark in odd) and "\u00e9-7" in [f.event_id for f in standard]
    assert sum(mark not in odd for mark in written) <= 4  # the others: the deadline's, the first, the last, the id beyond ASCII
    monkeypatch.undo()
    assert (quick, followed, tally) == _written(kept, 0)


def test_a_tally_asked_for_before_the_breaches_are_written_is_counted_from_the_kept_records():
    """A tally asked for before the breaches are written is counted from the kept records, and is the same tally."""
    # The JSON report's tally is taken as its breaches are written; asked for without them (or with only some written), it is
    # counted from the kept records instead.
    from ceasefire.formats.json import _breaches, log_document
    from ceasefire.verdicts import LogResult

    text = "\n".join(["{}", *(json.dumps({"date": f"2016-09-1{i // 10 + 3}T10:{i:02d}:00+03:00", "type": "attack.airstrike",
                                          "actor": ("sy-gov", "ru")[i % 2], "target": "opposition", "casualties": i % 3, "id": f"e{i}"})
                              for i in range(30))])
    kept = _kept(text, ["678021d73da58dfdd94f"], [(False, False)])
    expected = Tally("day", [f.breach for f in kept]).to_dict()
    events = [json.loads(line) for line in text.splitlines()[1:]]
    for written in (0, 3):
        document = log_document(LogResult("log.jsonl", check(events, agreement="syria-2016"), kept))
        for _ in zip(range(written), _breaches(document["breaches"], 2)):
            pass
        tally = document["tally"].get()
        assert {**tally, "periods": list(tally["periods"])} == expected


@settings(max_examples=60, deadline=None)
@given(logs(), st.lists(st.tuples(st.booleans(), st.booleans()), min_size=1), st.booleans())
def test_the_explanation_followed_as_blocks_are_written_is_explain_s(text, flags, swap):
    """The explanation a ``Following`` makes as the blocks are written is explain()'s, in date order or not."""
    # Plain breaches told in runs, most of a run in its window told at once by ``skipped``, from records read quickly or each read
    # back as a Row; with two neighbours swapped (out of date order) too.
    from ceasefire.explain import Following, explain
    from ceasefire.formats.json import _Rows

    events = [json.loads(line) for line in text.splitlines()[1:]]
    report = check(events, agreement="syria-2016")
    breaches = list(report.breaches)
    if swap and len(breaches) > 2:
        breaches[1], breaches[2] = breaches[2], breaches[1]
    kept = Findings(Finding(b, "678021d73da58dfdd94f", *flags[i % len(flags)]) for i, b in enumerate(breaches))
    expected, afresh = explain(report, breaches), []
    for kept_shapes in ("_SHAPES", "_PLAIN"):
        getattr(encode, kept_shapes).clear()
    for most in (64, 0):
        following = Following(report)
        "".join(blocks(kept, 2, following, Told("day"), most, lambda f: "UNUSUAL"))
        afresh.append(following._tracker is None)  # (out of date order: made afresh from them all, either way)
        assert following.explanation(_Rows(kept)) == expected
    assert afresh[0] == afresh[1]


def test_a_run_of_plain_breaches_is_told_to_the_explanation_at_once(monkeypatch):
    """A day's run of plain breaches of one shape is told to the explanation at once, which explains as explain() does."""
    # The first is told the standard way and the others at once (``Following.skipped``): fragility faded between two days four
    # days apart, and began again with the later day's first; out of date order, it is made afresh.
    from ceasefire.explain import Following, explain
    from ceasefire.formats.json import _Rows

    events = [{"date": f"2016-09-{19 + i // 20 * 4}T10:{i:02d}:00+03:00", "type": "attack.airstrike", "actor": "sy-gov",
               "target": "opposition", "casualties": 1, "id": f"e{i}"} for i in range(40)]  # 20 a day, four days apart
    report = check(events, agreement="syria-2016")
    kept = Findings(Finding(b, "678021d73da58dfdd94f") for b in report.breaches)
    for kept_shapes in ("_SHAPES", "_PLAIN"):
        monkeypatch.setattr(encode, kept_shapes, {})  # (the shapes other tests kept: a process keeps the first 64)
    told, skipped = [], Following.skipped
    monkeypatch.setattr(Following, "skipped", lambda self, n, row: told.append(n) or skipped(self, n, row))
    following = Following(report)
    "".join(blocks(kept, 2, following, Told("day"), 64, lambda f: "UNUSUAL"))
    assert following.explanation(_Rows(kept)) == explain(report, list(report.breaches))
    assert sum(told) >= 36
    breaches = list(report.breaches)
    breaches[20], breaches[21] = breaches[21], breaches[20]  # one earlier than the one before, in the run's window
    kept = Findings(Finding(b, "678021d73da58dfdd94f") for b in breaches)
    following = Following(report)
    "".join(blocks(kept, 2, following, Told("day"), 64, lambda f: "UNUSUAL"))
    assert following._tracker is None  # out of date order: made afresh from them all
    assert following.explanation(_Rows(kept)) == explain(report, breaches)
