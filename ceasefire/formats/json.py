"""The JSON document: schema version, tool, summary, and each log's report, keys sorted.

When a single log is checked, its report's keys also stand at the top level, so that
``jq .status`` works. The document is exactly ``json.dumps(doc, sort_keys=True, indent=2)``
plus a newline, written a breach at a time.
"""

from __future__ import annotations

import json
from typing import Any, Iterator

from ..results import SCHEMA_VERSION, TOOL, Run
from . import Format

__all__ = ["Output", "document", "iter_json"]


def document(run: Run) -> dict[str, Any]:
    """The JSON document of a run."""
    doc: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "tool": dict(TOOL),
        "summary": run.summary(),
        "logs": [log.to_dict() for log in run.logs],
    }
    if len(run.logs) == 1:
        doc.update(doc["logs"][0])
    return doc


def iter_json(value: Any, depth: int = 0) -> Iterator[str]:
    """Yield ``json.dumps(value, sort_keys=True, indent=2)`` in pieces: one per flat object or array."""
    nested = isinstance(value, (dict, list)) and any(isinstance(v, (dict, list)) and v for v in (value.values() if isinstance(value, dict) else value))
    if not nested:
        yield json.dumps(value, sort_keys=True, indent=2, ensure_ascii=False).replace("\n", "\n" + "  " * depth)
        return
    pad = "  " * (depth + 1)
    items = sorted(value.items()) if isinstance(value, dict) else list(enumerate(value))
    yield "{\n" if isinstance(value, dict) else "[\n"
    for i, (key, item) in enumerate(items):
        yield pad + (json.dumps(key, ensure_ascii=False) + ": " if isinstance(value, dict) else "")
        yield from iter_json(item, depth + 1)
        yield ",\n" if i < len(items) - 1 else "\n"
    yield "  " * depth + ("}" if isinstance(value, dict) else "]")


class Output(Format):
    """Writes the JSON document at the end of the run."""

    def end(self, run: Run) -> None:
        for chunk in iter_json(document(run)):
            self.out.write(chunk)
        self.out.write("\n")
