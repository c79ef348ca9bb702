"""The JSON report: one object, keys sorted, byte-for-byte the same for the same log and pack."""

from __future__ import annotations

import json

from ..report import Report

__all__ = ["render"]


def render(report: Report) -> str:
    """Render the report as a JSON document ending in a newline."""
    return json.dumps(report.to_dict(), sort_keys=True, indent=2, ensure_ascii=False) + "\n"
