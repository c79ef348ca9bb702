"""The JSON Schemas (draft 2020-12) shipped with the package: event-log lines and the JSON report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

__all__ = ["SCHEMAS", "schema", "schema_text"]

SCHEMAS = {"events": "events.schema.json", "report": "report.schema.json"}


def schema_text(which: str) -> str:
    """The schema's text, as shipped."""
    return (Path(__file__).parent / SCHEMAS[which]).read_text(encoding="utf-8")


def schema(which: str) -> dict[str, Any]:
    """The schema as a mapping."""
    return json.loads(schema_text(which))
