"""A finding as JSON text, written straight from its fields: what ``json.dumps`` of its ``to_dict()`` gives, quicker.

A breach is the one record a run may write a million times. ``json.dumps`` with
``sort_keys`` builds and sorts a dict per breach, and with ``indent`` it runs the standard
library's Python encoder; here the keys are in sorted order already and each value is
encoded by the same C function ``json.dumps`` uses, so the text is the same, byte for byte
(the tests compare the two). A value of an unforeseen kind raises ``TypeError`` (``Unusual``
from ``scalar``), and the caller falls back to ``json.dumps``. The breaches of a log share a
few shapes (the same rule, party, event type, actor, target, place): a recorded breach is
written as its shape's text, worked out once, with what differs (numbers, flags, the date,
the ids, the toll in its sentence) put in its holes.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring  # json.dumps(ensure_ascii=False)'s own
from types import SimpleNamespace
from typing import Any

from ..found import FIELDS, STRINGS, Found
from ..packed import Row
from ..verdicts import Finding
from ..wording import breach_message

__all__ = ["TOLLS", "Unusual", "finding_block", "finding_line", "folded", "folded_block", "scalar"]


class Unusual(TypeError):
    """A value the quick path does not write; ``json.dumps`` does."""


def scalar(value: object) -> str:
    """A string, number, boolean or null exactly as ``json.dumps`` writes it."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)  # type: ignore[arg-type]  # a str: its type is
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return int.__repr__(value)
    if kind is float:
        return json.dumps(value)
    raise Unusual(kind.__name__)


def _written(f: Any, sep: str, file: str, record: str) -> str:
    """Every ``"key": value`` of ``f.to_dict()`` in sorted order, joined by ``sep``, with ``file`` and ``record``
    (each already followed by ``sep``, or empty) in their sorted places: one string, no list of pieces.

    The facts most breaches lack (None), the flags (True or False), and the values of their usual kind
    (a string, a whole number) are written in place; anything else goes through ``scalar``.
    """
    b, v, s = f.breach, scalar, encode_basestring  # s: the fields that are always strings (TypeError if not)
    actor, casualties, count, event_id, line, location = b.actor, b.casualties, b.count, b.event_id, b.line, b.location
    event_type, party, target, known, verification = b.event_type, b.party, b.target, f.known, b.verification
    claimed, claimed_by, injured, instance, killed, needed = b.claimed, b.claimed_by, b.injured, b.instance, b.killed, b.needed
    alleged, uncertain, source = b.alleged, b.uncertain, b.source
    return (f'"actor": {s(actor) if type(actor) is str else v(actor)}{sep}"alleged": {"false" if alleged is False else v(alleged)}{sep}'
            f'"casualties": {casualties if type(casualties) is int else v(casualties)}{sep}'
            f'"claimed": {"null" if claimed is None else v(claimed)}{sep}'
            f'"claimed_by": {"null" if claimed_by is None else v(claimed_by)}{sep}"count": {count if type(count) is int else v(count)}{sep}'
            f'"date": {s(b.date)}{sep}"event_id": {s(event_id) if type(event_id) is str else v(event_id)}{sep}'
            f'"event_type": {"null" if event_type is None else s(event_type)}{sep}{file}'
            f'"fingerprint": {s(f.fingerprint)}{sep}"injured": {"null" if injured is None else v(injured)}{sep}'
            f'"instance": {"null" if instance is None else v(instance)}{sep}'
            f'"killed": {"null" if killed is None else v(killed)}{sep}"kind": {s(b.kind)}{sep}'
            f'"known": {"false" if known is False else "true" if known is True else v(known)}{sep}'
            f'"line": {line if type(line) is int else v(line)}{sep}'
            f'"location": {s(location) if type(location) is str else v(location)}{sep}"message": {s(b.message)}{sep}'
            f'"needed": {"null" if needed is None else v(needed)}{sep}'
            f'"party": {"null" if party is None else s(party)}{sep}"provision": {s(b.provision)}{sep}{record}'
            f'"rule": {s(b.rule)}{sep}"severity": {s(b.severity)}{sep}'
            f'"source": {"null" if source is None else v(source)}{sep}'
            f'"target": {"null" if target is None else s(target)}{sep}'
            f'"uncertain": {"false" if uncertain is False else "true" if uncertain is True else v(uncertain)}{sep}'
            f'"verification": {s(verification) if type(verification) is str else v(verification)}')


_HOLES = ("alleged", "casualties", "count", "date", "event_id", "fingerprint", "injured", "killed", "known", "line", "message",
          "needed", "uncertain")
"""What differs between breaches of one shape (whole numbers, flags, the date, the ids, the sentence): the rest is the shape's text."""
_MARKS = tuple(f"\ue000{i}\ue001" for i in range(len(_HOLES)))
_TOLL = 7_395_108_264  # a toll no breach has: where a sentence's casualties go
_SHAPES: dict[tuple[Any, ...], Any] = {}
"""The text between the holes of each shape kept (at most ``_MOST_SHAPES``); False for a shape that is written field by field."""
_MOST_SHAPES = 64
"""The shapes a process keeps: the first it meets; a breach of any other is written field by field. A log where most
events are breaches repeats a few shapes (a campaign: one rule, one side, a few places), which this keeps. A shape is
2 to 4 KB, and a log of a million events with 1% breaching has 1,700, most met a few times: keeping them all cost 4 MB
of memory and saved no time (1M events: 2.64 s against 2.68 s of CPU without them, best of 3)."""
TOLLS = tuple(map(str, range(256)))
"""The tolls most breaches have, as text: a plain breach's writers look them up rather than format each."""


_SHAPE_OF = STRINGS
"""A recorded breach's strings that make its shape: every field but the holes' (see ``_HOLES``) and the casualties."""


def _fields(f: Finding, sep: str, file: str, record: str, head: str = "", tail: str = "") -> str:
    """``_written``, quicker: a breach the engine recorded (a ``Found``, or a kept one read back as a ``Row``) is written as its
    shape's text (its strings, by rule and event facts: most breaches of a log share a few), worked out once, with what differs
    put in its holes; ``head`` and ``tail`` (the braces around a line) are part of the shape's text.

    Only strings and None make a shape (no two unequal ones are equal: 1 and True would be), so the text is that of ``_written``.
    """
    b = f.breach
    if type(b) is not Found and type(b) is not Row:
        return head + _written(f, sep, file, record) + tail
    casualties = b[13]
    key = (_SHAPE_OF(b), casualties is None, sep, file, record, head, tail)
    t: Any = _SHAPES.get(key)  # the shape's pieces (False: none)
    if t is None:
        t = _shape(b, key) if len(_SHAPES) < _MOST_SHAPES else False
    if not t or (casualties is not None and type(casualties) is not int):
        return head + _written(f, sep, file, record) + tail
    v, s = scalar, encode_basestring
    alleged, count, event_id, injured, killed, line, needed, uncertain = b[22], b[18], b[7], b[17], b[16], b[6], b[19], b[8]
    known, message = f.known, t[14]
    if message is None:
        message = s(b.message) if t[15] is None else f"{t[15]}{casualties}{t[16]}"
    return (f'{t[0]}{"false" if alleged is False else v(alleged)}{t[1]}{casualties if type(casualties) is int else "null"}{t[2]}'
            f'{count if type(count) is int else v(count)}{t[3]}{s(b[4])}{t[4]}{s(event_id) if type(event_id) is str else v(event_id)}'
            f'{t[5]}{s(f.fingerprint)}{t[6]}{"null" if injured is None else v(injured)}{t[7]}{"null" if killed is None else v(killed)}'
            f'{t[8]}{"false" if known is False else "true" if known is True else v(known)}{t[9]}{line if type(line) is int else v(line)}'
            f'{t[10]}{message}{t[11]}{"null" if needed is None else v(needed)}{t[12]}'
            f'{"false" if uncertain is False else "true" if uncertain is True else v(uncertain)}{t[13]}')


def _shape(b: Any, key: tuple[Any, ...]) -> Any:
    """A shape's text: ``_written`` of a breach with a mark in each hole, cut at the marks; then the sentence, cut where its
    casualties go (an event's; other kinds' sentences read the numbers and are made each time). False: not a shape to keep."""
    sep, file, record, head, tail = key[-5:]
    if not all(v is None or type(v) is str for v in key[0]):  # the strings _SHAPE_OF took
        _SHAPES[key] = False  # a value that may equal one of another kind (1 and True): never a shape
        return False
    marked = SimpleNamespace(**{**dict(zip(FIELDS, b)), **dict(zip(_HOLES, _MARKS))})
    try:
        text = _written(SimpleNamespace(breach=marked, fingerprint=marked.fingerprint, known=marked.known), sep, file, record)
    except TypeError:
        _SHAPES[key] = False
        return False
    pieces = []
    for mark in _MARKS:
        quoted = encode_basestring(mark)
        if text.count(quoted) != 1:
            _SHAPES[key] = False
            return False
        before, _, text = text.partition(quoted)
        pieces.append(before)
    pieces.append(text + tail)
    pieces[0] = head + pieces[0]
    sentence: tuple[Any, ...] = (None, None, None)  # the sentence whole, or before and after its casualties; none: made each time
    if b[2] == "quota":
        pass  # it reads the window's numbers
    elif b[13] is None:
        sentence = (encode_basestring(b.message), None, None)
    elif b[2] == "event":
        told = encode_basestring(breach_message(b._replace(casualties=_TOLL)))
        if told.count(str(_TOLL)) == 1:
            sentence = (None, *told.split(str(_TOLL)))
    _SHAPES[key] = shape = (*pieces, *sentence)
    return shape


def finding_line(file: str, f: Finding, end: str = "") -> str:
    """``json.dumps({"record": "breach", "file": file, **f.to_dict()}, sort_keys=True, ensure_ascii=False)``, then ``end``."""
    named = _NAMED.get(file)
    if named is None:
        if len(_NAMED) >= _MOST_SHAPES:
            _NAMED.clear()
        named = _NAMED[file] = f'"file": {encode_basestring(file)}, '
    b = f.breach
    if type(b) is not Found:
        return _fields(f, ", ", named, '"record": "breach", ', "{", "}" + end)
    key = (_SHAPE_OF(b), named, end)
    p = _PLAIN.get(key)
    if p is not None:
        text = _plain(p, b, f.known, f.fingerprint)
        if text is not None:
            return text
    text = _fields(f, ", ", named, '"record": "breach", ', "{", "}" + end)
    if p is None and len(_PLAIN) < _MOST_SHAPES:
        _fold(key, (key[0], b[13] is None, ", ", named, '"record": "breach", ', "{", "}" + end))
    return text


def _plain(p: tuple[str, ...], b: Any, known: Any, mark: Any) -> str | None:
    """A plain breach (see ``_PLAIN``) written from its shape's folded text ``p``; None for one that is not plain."""
    (_, _, _, _, date, _, line, event_id, uncertain, _, _, _, _, casualties, _, _, killed, injured, count, needed, _, _,
     alleged) = b[:23]
    if (type(casualties) is int and type(count) is int and type(line) is int and type(event_id) is str and alleged is False
            and injured is None and killed is None and needed is None and uncertain is False and known is False):
        s = encode_basestring
        return f"{p[0]}{casualties}{p[1]}{count}{p[2]}{s(date)}{p[3]}{s(event_id)}{p[4]}{s(mark)}{p[5]}{line}{p[6]}{casualties}{p[7]}"
    return None


def folded(file: str, b: Any, end: str) -> tuple[str, ...] | None:
    """The folded text ``finding_line(file, …, end)`` keeps for the plain breaches of the recorded breach ``b``'s shape (None: none
    kept), for a caller that writes them itself: its holes, in order, hold the toll, the count, the date, the event id, the
    fingerprint, the line and the toll again (see ``_PLAIN``)."""
    named = _NAMED.get(file)
    return None if named is None else _PLAIN.get((_SHAPE_OF(b), named, end))


def folded_block(b: Any, depth: int, before: str, after: str) -> tuple[str, ...] | None:
    """``folded``, for ``finding_block(…, depth, before, after)``: the folded text it keeps for the plain breaches of ``b``'s shape."""
    pad = _PADS.get((depth, before, after))
    return None if pad is None else _PLAIN.get((_SHAPE_OF(b), pad))


def _fold(key: tuple[Any, ...], shape: tuple[Any, ...]) -> None:
    """Keep, under ``key``, the folded text of the kept shape ``shape`` (``_SHAPES``' key) for its plain breaches."""
    t = _SHAPES.get(shape)
    if t and t[15] is not None:  # a shape whose sentence has a hole for the toll
        _PLAIN[key] = (t[0] + "false" + t[1], t[2], t[3], t[4], t[5], t[6] + "null" + t[7] + "null" + t[8] + "false" + t[9],
                       t[10] + t[15], t[16] + t[11] + "null" + t[12] + "false" + t[13])


_NAMED: dict[str, str] = {}
"""A file's ``"file": …`` text, worked out once per file (at most ``_MOST_SHAPES`` at once)."""
_PLAIN: dict[tuple[Any, ...], tuple[str, ...]] = {}
"""A shape's text for its plain breaches (at most ``_MOST_SHAPES``), by its strings and where it is written: not alleged,
uncertain or known; no killed, injured or needed; a whole toll, count and line, an event id that is a string; the toll in the
sentence. Its holes hold the toll, the count, the date, the event id, the fingerprint, the line and the toll again: the flags
and nulls are part of the text."""


def finding_block(f: Finding, depth: int, before: str = "", after: str = "") -> str:
    """``json.dumps(f.to_dict(), sort_keys=True, indent=2, ensure_ascii=False)``, nested ``depth`` levels deep, between
    ``before`` and ``after`` (an array's indent and comma: part of the shape's text, not added to each block)."""
    pad = _PADS.get((depth, before, after))
    if pad is None:
        if len(_PADS) >= _MOST_SHAPES:
            _PADS.clear()
        inner, outer = "\n" + "  " * (depth + 1), "\n" + "  " * depth
        pad = _PADS[(depth, before, after)] = ("," + inner, before + "{" + inner, outer + "}" + after)
    b = f.breach
    if type(b) is not Row and type(b) is not Found:
        return _fields(f, pad[0], "", "", pad[1], pad[2])
    key = (_SHAPE_OF(b), pad)
    p = _PLAIN.get(key)
    if p is not None:
        text = _plain(p, b, f.known, f.fingerprint)
        if text is not None:
            return text
    text = _fields(f, pad[0], "", "", pad[1], pad[2])
    if p is None and len(_PLAIN) < _MOST_SHAPES:
        _fold(key, (key[0], b[13] is None, pad[0], "", "", pad[1], pad[2]))
    return text


_PADS: dict[tuple[int, str, str], tuple[str, str, str]] = {}
