"""Output formats, chosen by name: each turns a Report into text, produced piece by piece.

A format yields chunks so that a report with many breaches is written out as it is
rendered, never built whole in memory.
"""

from __future__ import annotations

from typing import Callable, Iterator

from ..report import Report
from . import json as _json
from . import text as _text

__all__ = ["FORMATS", "render"]

Formatter = Callable[[Report], Iterator[str]]

FORMATS: dict[str, Formatter] = {
    "text": _text.chunks,
    "json": _json.chunks,
}


def render(report: Report, name: str = "text") -> str:
    """Render a report in the named format as one string (KeyError for an unknown name)."""
    return "".join(FORMATS[name](report))
