"""Output formats, chosen by name: each turns a Report into the text written out."""

from __future__ import annotations

from typing import Callable

from ..report import Report
from . import json as _json
from . import text as _text

__all__ = ["FORMATS", "render"]

Formatter = Callable[[Report], str]

FORMATS: dict[str, Formatter] = {
    "text": _text.render,
    "json": _json.render,
}


def render(report: Report, name: str = "text") -> str:
    """Render a report in the named format (KeyError for an unknown name)."""
    return FORMATS[name](report)
