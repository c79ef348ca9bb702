"""The JSON report: one object, keys sorted, byte-for-byte the same for the same log and pack.

The document is exactly ``json.dumps(report.to_dict(), sort_keys=True, indent=2)`` plus a
newline, written one breach at a time.
"""

from __future__ import annotations

import json
from typing import Any, Iterator

from ..report import Report

__all__ = ["chunks"]


def _dump(value: Any, depth: int) -> str:
    text = json.dumps(value, sort_keys=True, indent=2, ensure_ascii=False)
    return text.replace("\n", "\n" + "  " * depth)


def chunks(report: Report) -> Iterator[str]:
    """Yield the JSON document in pieces: the head, each breach, the tail."""
    head = report.to_dict()
    head.pop("breaches")
    yield "{\n"
    yield f'  "agreement": {_dump(head["agreement"], 1)},\n'
    yield f'  "as_of": {_dump(head["as_of"], 1)},\n'
    if report.breaches:
        yield '  "breaches": [\n'
        last = len(report.breaches) - 1
        for i, breach in enumerate(report.breaches):
            yield "    " + _dump(breach.to_dict(), 2) + (",\n" if i < last else "\n")
        yield "  ],\n"
    else:
        yield '  "breaches": [],\n'
    yield f'  "counts": {_dump(head["counts"], 1)},\n'
    yield f'  "provisions": {_dump(head["provisions"], 1)},\n'
    yield f'  "status": {_dump(head["status"], 1)}\n'
    yield "}\n"
