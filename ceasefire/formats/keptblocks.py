"""The JSON document's breaches, a block each, most read straight from their packed records without unpacking them.

A packed record (``packed.Findings``) begins with its head: the numbers of its fifteen strings (its rule's facts and its
event's). Records with one head share those strings, so they share the folded text ``encode`` keeps for a shape's plain
blocks. A plain record (a toll alone, an event id that is a string, on a line; not uncertain, alleged or known) whose head
was met before is written from that text with its date, event id, fingerprint, line and toll read from the record, and told
to the explanation in runs of one head (``Following.plain``): a breach in the run's window is only counted, the last of them
made a ``Row`` (from its head's strings, kept once) and told at once (``Following.skipped``) before anything else is; the tally
counts a run of one day and party here, as jsonl's lane does (``formats.lane``), and hands it over at once. Any other
breach, and the first of each head, is read back as a ``Row`` and written by ``encode.finding_block``, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from json.encoder import encode_basestring  # json.dumps(ensure_ascii=False)'s own
from typing import TYPE_CHECKING, Any

from ..found import STRINGS
from ..keptviews import each_row
from ..packed import _FAILS, _FRONT, _ID_STR, _LINE_NONE, _NUMBER, _TAIL, Findings, Row
from .encode import TOLLS, finding_block, folded_block
from .tallyrows import Told

if TYPE_CHECKING:
    from ..explain import Following

__all__ = ["blocks"]

_REST = _FRONT.size  # where a record's line, flags, numbers present and lengths begin (after the head)
_TOLL = _REST + _TAIL.size  # where a record's toll is, when it is the only number written
_TEXT = _TOLL + _NUMBER.size  # where its date, fingerprint and event id then begin
_new_tuple = tuple.__new__  # a Row from its values, without NamedTuple's keyword-taking __new__


def _quoted(p: tuple[str, ...]) -> tuple[str, ...]:
    """``encode``'s folded text of a shape's plain blocks (holes: the toll, the count, the date, the event id, the fingerprint, the
    line, the toll) with the count of 1 and the quotes around the three strings in it: its holes the toll, the date, the event
    id, the fingerprint, the line and the toll."""
    return (p[0], f'{p[1]}1{p[2]}"', f'"{p[3]}"', f'"{p[4]}"', f'"{p[5]}', p[6], p[7])


def _made(h: tuple[Any, ...], date: str, line: int, event_id: str, casualties: int, mark: str, flags: int) -> Row:
    """The ``Row`` of a plain record of the head whose folded text and strings are ``h``, from what ``blocks`` read of it."""
    (_, provision, rule, kind, severity, party, event_type, actor, target, location, claimed, note, verification, claimed_by,
     instance, source) = h
    return _new_tuple(Row, (provision, rule, kind, severity, date, party, line, event_id, False, event_type, actor, target, location,
                            casualties, claimed, note, None, None, 1, None, verification, claimed_by, False, instance, source, mark,
                            False, flags != _ID_STR))


_SHUT = ("\U0010ffff", "", "", "")
"""A window no date is in."""


def blocks(findings: Iterable[Any], depth: int, following: Following | None, told: Told | None, most: int,
           unusual: Callable[[Any], str]) -> Iterator[str]:
    """Each finding's block (``json.dumps`` of its ``to_dict()`` indented ``depth`` deep, then a comma but after the last),
    joined 256 at a time; ``following`` told each as a ``Row`` first (a plain one in runs of its head, ``Following.plain``), and
    ``told`` (the tally) each breach; at most ``most`` heads kept; ``unusual``: the block of a finding holding a value of an
    unforeseen kind (``finding_block`` raised ``TypeError``), without its indent and comma."""
    pad, last = "  " * (depth + 1), len(findings) - 1  # type: ignore[arg-type]
    kept = type(findings) is Findings
    follow, run = (following.breach, following.plain) if following is not None else (None, None)
    records: Iterable[Any] = findings._records if kept else each_row(findings)  # type: ignore[attr-defined]
    row_of = findings._row if kept else None  # type: ignore[attr-defined]
    heads: dict[bytes, Any] = {}  # a head's folded text and strings (False: none kept)
    s, out = encode_basestring, []  # handed on 256 at a time: the writer's batching is not paid per breach
    plain: Callable[[str, str, str | None, int, int, int], bool] | None
    plain, tallied = (told.tally.plain, 0) if told is not None else (None, 0)  # the plain breaches counted in place (Tally.plain)
    counts_of = told.tally.counts_of if told is not None else None
    # the tally's run: plain breaches of one day and party after one it counted, counted here (by severity; the incidents, the
    # toll and the last line) and handed to its two counts (Tally.counts_of) before it is told or read otherwise
    day: str | None = None
    who: Any = None
    both: Any = None
    counts: dict[str, int] = {}
    lines = toll_of = last_line = 0

    def handed(both: Any, lines: int, toll: int, line: int) -> None:
        """The tally's run ends: handed to its counts."""
        for count in both:
            count.take_run(counts, lines, toll, line)
        counts.clear()
    shaped: Any = None  # the head of the run the explanation is told in runs (Following.plain), and its window
    low, high, head, offset = _SHUT
    latest: Any  # (its parts: _made's arguments)
    skipped, latest = 0, None  # breaches in the window not told yet, and the last of them
    for i, record in enumerate(records):
        h = heads.get(record[:_REST]) if kept and type(record) is bytes else None
        if h and i < last:
            line, flags, present, dates, marks, ids = _TAIL.unpack_from(record, _REST)
            if present == 1 and flags | _FAILS == _ID_STR | _FAILS and line != _LINE_NONE:  # plain (see the module's docstring)
                text = record[_TEXT:].decode("utf-8", "surrogatepass")
                if len(text) == dates + marks + ids and len(s(text)) == len(text) + 2:  # all ASCII (the lengths are of characters
                    # too), nothing in them escaped: each written in the quotes of the head's text
                    (casualties,) = _NUMBER.unpack_from(record, _TOLL)
                    date, mark, event_id = text[:dates], text[dates:dates + marks], text[dates + marks:]
                    p, kind, severity, party = h[0], h[3], h[4], h[5]
                    toll = TOLLS[casualties] if 0 <= casualties < 256 else str(casualties)
                    row = None
                    if h is shaped and low <= date <= high and date.startswith(head) and date[19:] == offset:  # in the run's window
                        low, skipped, latest = date, skipped + 1, (h, date, line, event_id, casualties, mark, flags)
                    elif run is not None:
                        if skipped:
                            following.skipped(skipped, _made(*latest))  # type: ignore[union-attr]
                            skipped = 0
                        row = _made(h, date, line, event_id, casualties, mark, flags)
                        window = run(row, h)
                        shaped, (low, high, head, offset) = (None, _SHUT) if window is None else (h, window)
                    if plain is not None:
                        if day is not None and kind == "event" and party == who and type(party) is type(who) and date[:10] == day:
                            counts[severity] = counts.get(severity, 0) + 1  # the tally's run (as jsonl's lane counts it)
                            if line != last_line:
                                lines, last_line = lines + 1, line
                            toll_of += casualties
                            tallied += 1
                        else:
                            if day is not None:
                                handed(both, lines, toll_of, last_line)
                                day = None
                            if kind == "event" and plain(severity, date, party, line, 1, casualties):
                                tallied += 1
                                both = counts_of(date, party)  # type: ignore[misc]  # not None when plain is not
                                if both is not None:  # a run begins
                                    day, who, lines, toll_of, last_line = date[:10], party, 0, 0, line
                            else:
                                told.add(row or _made(h, date, line, event_id, casualties, mark, flags))  # type: ignore[union-attr]
                    out.append(f"{p[0]}{toll}{p[1]}{date}{p[2]}{event_id}{p[3]}{mark}{p[4]}{line}{p[5]}{toll}{p[6]}")
                    if len(out) == 256:
                        yield "".join(out)
                        out.clear()
                    continue
        if skipped:
            following.skipped(skipped, _made(*latest))  # type: ignore[union-attr]
            skipped = 0
        shaped = None
        f = row_of(record) if kept else record  # type: ignore[misc]
        if follow is not None:
            follow(f)
        if told is not None:
            if day is not None:
                handed(both, lines, toll_of, last_line)
                day = None
            told.add(f.breach)
        after = ",\n" if i < last else "\n"
        try:
            out.append(finding_block(f, depth + 1, pad, after))
        except TypeError:  # a value of an unforeseen kind
            out.append(pad + unusual(f) + after)
        if h is None and kept and type(record) is bytes and i < last and len(heads) < most:
            strings = STRINGS(f)
            p = folded_block(f, depth + 1, pad, after) if all(type(v) is str or v is None for v in strings) else None
            heads[record[:_REST]] = (_quoted(p), *strings) if p else False
        if len(out) == 256:
            yield "".join(out)
            out.clear()
    if skipped:
        following.skipped(skipped, _made(*latest))  # type: ignore[union-attr]
    if told is not None:
        if day is not None:
            handed(both, lines, toll_of, last_line)
        told.count += tallied
    yield "".join(out)
