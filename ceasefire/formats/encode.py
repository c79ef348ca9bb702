"""A finding as JSON text, written straight from its fields: what ``json.dumps`` of its ``to_dict()`` gives, quicker.

A breach is the one record a run may write a million times. ``json.dumps`` with
``sort_keys`` builds and sorts a dict per breach, and with ``indent`` it runs the standard
library's Python encoder; here the keys are in sorted order already and each value is
encoded by the same C function ``json.dumps`` uses, so the text is the same, byte for byte
(the tests compare the two). A value of an unforeseen kind raises ``TypeError`` (``Unusual``
from ``scalar``), and the caller falls back to ``json.dumps``.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring  # type: ignore[attr-defined]  # json.dumps(ensure_ascii=False)'s own

from ..verdicts import Finding

__all__ = ["Unusual", "finding_block", "finding_items", "finding_line", "scalar"]


class Unusual(TypeError):
    """A value the quick path does not write; ``json.dumps`` does."""


def scalar(value: object) -> str:
    """A string, number, boolean or null exactly as ``json.dumps`` writes it."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)  # type: ignore[no-any-return]
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return int.__repr__(value)  # type: ignore[arg-type]
    if kind is float:
        return json.dumps(value)
    raise Unusual(kind.__name__)


def finding_items(f: Finding) -> list[str]:
    """``"key": value`` for each key of ``f.to_dict()``, in sorted order (None and the flags written in place, as below)."""
    b, v, s = f.breach, scalar, encode_basestring  # s: the fields that are always strings (TypeError if not)
    event_type, party, target, known = b.event_type, b.party, b.target, f.known
    claimed, claimed_by, injured, instance, killed, needed = b.claimed, b.claimed_by, b.injured, b.instance, b.killed, b.needed
    alleged, uncertain, source = b.alleged, b.uncertain, b.source
    return [f'"actor": {v(b.actor)}', f'"alleged": {"false" if alleged is False else v(alleged)}',
            f'"casualties": {v(b.casualties)}', f'"claimed": {"null" if claimed is None else v(claimed)}',
            f'"claimed_by": {"null" if claimed_by is None else v(claimed_by)}', f'"count": {v(b.count)}',
            f'"date": {s(b.date)}', f'"event_id": {v(b.event_id)}',
            f'"event_type": {"null" if event_type is None else s(event_type)}', f'"fingerprint": {s(f.fingerprint)}',
            f'"injured": {"null" if injured is None else v(injured)}', f'"instance": {"null" if instance is None else v(instance)}',
            f'"killed": {"null" if killed is None else v(killed)}', f'"kind": {s(b.kind)}',
            f'"known": {"false" if known is False else "true" if known is True else v(known)}', f'"line": {v(b.line)}',
            f'"location": {v(b.location)}', f'"message": {s(b.message)}', f'"needed": {"null" if needed is None else v(needed)}',
            f'"party": {"null" if party is None else s(party)}', f'"provision": {s(b.provision)}', f'"rule": {s(b.rule)}',
            f'"severity": {s(b.severity)}', f'"source": {"null" if source is None else v(source)}',
            f'"target": {"null" if target is None else s(target)}',
            f'"uncertain": {"false" if uncertain is False else "true" if uncertain is True else v(uncertain)}',
            f'"verification": {v(b.verification)}']


def finding_line(file: str, f: Finding) -> str:
    """``json.dumps({"record": "breach", "file": file, **f.to_dict()}, sort_keys=True, ensure_ascii=False)``.

    The facts most breaches lack (None) and the flags (True or False) are written in place, without a call.
    """
    b, v, s = f.breach, scalar, encode_basestring
    event_type, party, target, known = b.event_type, b.party, b.target, f.known
    claimed, claimed_by, injured, instance, killed, needed = b.claimed, b.claimed_by, b.injured, b.instance, b.killed, b.needed
    alleged, uncertain, source = b.alleged, b.uncertain, b.source
    return (f'{{"actor": {v(b.actor)}, "alleged": {"false" if alleged is False else v(alleged)}, '
            f'"casualties": {v(b.casualties)}, '
            f'"claimed": {"null" if claimed is None else v(claimed)}, '
            f'"claimed_by": {"null" if claimed_by is None else v(claimed_by)}, "count": {v(b.count)}, '
            f'"date": {s(b.date)}, "event_id": {v(b.event_id)}, '
            f'"event_type": {"null" if event_type is None else s(event_type)}, "file": {s(file)}, '
            f'"fingerprint": {s(f.fingerprint)}, "injured": {"null" if injured is None else v(injured)}, '
            f'"instance": {"null" if instance is None else v(instance)}, '
            f'"killed": {"null" if killed is None else v(killed)}, "kind": {s(b.kind)}, '
            f'"known": {"false" if known is False else "true" if known is True else v(known)}, "line": {v(b.line)}, '
            f'"location": {v(b.location)}, "message": {s(b.message)}, "needed": {"null" if needed is None else v(needed)}, '
            f'"party": {"null" if party is None else s(party)}, "provision": {s(b.provision)}, '
            f'"record": "breach", "rule": {s(b.rule)}, "severity": {s(b.severity)}, '
            f'"source": {"null" if source is None else v(source)}, '
            f'"target": {"null" if target is None else s(target)}, '
            f'"uncertain": {"false" if uncertain is False else "true" if uncertain is True else v(uncertain)}, '
            f'"verification": {v(b.verification)}}}')


def finding_block(f: Finding, depth: int) -> str:
    """``json.dumps(f.to_dict(), sort_keys=True, indent=2, ensure_ascii=False)``, nested ``depth`` levels deep."""
    pad = "\n" + "  " * (depth + 1)
    return "{" + pad + ("," + pad).join(finding_items(f)) + "\n" + "  " * depth + "}"
