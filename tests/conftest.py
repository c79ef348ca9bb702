"""Shared fixtures: the bundled Syria pack and small logs written for one situation each."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from ceasefire import Agreement, load_agreement

settings.register_profile("ci", max_examples=60, deadline=None)
settings.register_profile("fuzz", max_examples=3000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

HEADER = {"agreement": "syria-2016"}


@pytest.fixture(scope="session")
def syria() -> Agreement:
    """The bundled 2016 Syria agreement."""
    return load_agreement("syria-2016")


@pytest.fixture
def write_log(tmp_path: Path) -> Callable[..., Path]:
    """Write a log of event dicts (or raw strings) with the Syria header, and return its path."""

    def write(*rows: Any, header: Any = HEADER, name: str = "log.jsonl") -> Path:
        lines = [] if header is None else [json.dumps(header)]
        lines += [row if isinstance(row, str) else json.dumps(row) for row in rows]
        path = tmp_path / name
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    return write


def attack(date: str, actor: str | None = "sy-gov", target: str | None = "opposition", casualties: int | None = None, **more: Any) -> dict[str, Any]:
    """An attack.airstrike event."""
    event: dict[str, Any] = {"date": date, "type": "attack.airstrike", **more}
    if actor is not None:
        event["actor"] = actor
    if target is not None:
        event["target"] = target
    if casualties is not None:
        event["casualties"] = casualties
    return event


def event(date: str, type: str, **more: Any) -> dict[str, Any]:
    """Any event."""
    return {"date": date, "type": type, **more}
