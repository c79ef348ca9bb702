"""Output formats, chosen by name: each turns a Report into text, produced piece by piece.

A format yields chunks so that a report with many breaches is written out as it is
rendered, never built whole in memory. Each lives in its own module, imported only when
it is asked for, so that a check pays for no format it does not use.
"""

from __future__ import annotations

from importlib import import_module
from typing import Callable, Iterator

from ..report import Report

__all__ = ["FORMATS", "formatter", "render"]

Formatter = Callable[[Report], Iterator[str]]

FORMATS: dict[str, str] = {
    "text": "text",
    "json": "json",
}
"""Format name -> module under ``ceasefire.formats`` whose ``chunks`` renders it."""


def formatter(name: str) -> Formatter:
    """The renderer of a format (KeyError for an unknown name)."""
    module = import_module(f"{__name__}.{FORMATS[name]}")
    return module.chunks  # type: ignore[no-any-return]


def render(report: Report, name: str = "text") -> str:
    """Render a report in the named format as one string."""
    return "".join(formatter(name)(report))
