"""The baseline file: the fingerprints of known breaches, written by ``--write-baseline`` and read by ``--baseline``.

A baseline is JSON: ``{"schema_version", "tool", "breaches": [{"fingerprint", "file", ...}]}``.
Only each entry's ``fingerprint`` is read back; the rest is for the people reviewing it. It is
read like a pack, bounded (MAX_BASELINE_BYTES) and checked by ``tomlfile.Table``, so a file that
is not a baseline is ``FILE: key: not a ceasefire baseline: ...``, never a crash.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Protocol

from .errors import ConfigError
from .tomlfile import Table
from .verdicts import SCHEMA_VERSION, TOOL, Finding

__all__ = ["MAX_BASELINE_BYTES", "load_baseline", "write_baseline"]


class SupportsWrite(Protocol):
    """Where a baseline is written: an ``OutputFile``'s stream."""

    def write(self, text: str, /) -> object: ...


class _NotABaseline(ConfigError):
    """What the table validator raises for a baseline: every message says the file is not one."""

    def __init__(self, message: str, *, path: str, key: str | None = None) -> None:
        super().__init__(f"not a ceasefire baseline: {message}", path=path, key=key)


MAX_BASELINE_BYTES = 32 << 20
"""The largest baseline read (about 100,000 fingerprints); a larger one, or an endless device, is refused."""


def load_baseline(path: str) -> set[str]:
    """The fingerprints recorded in a baseline file (at most MAX_BASELINE_BYTES, nested as JSON allows)."""
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_BASELINE_BYTES + 1)
        if len(raw) > MAX_BASELINE_BYTES:
            raise ConfigError(f"larger than {MAX_BASELINE_BYTES} bytes: not a ceasefire baseline", path=path)
        data = json.loads(raw.decode("utf-8"))
    except FileNotFoundError:
        raise ConfigError("no such baseline file (write one with --write-baseline)", path=path) from None
    except RecursionError:
        raise ConfigError("not a ceasefire baseline: nested too deeply", path=path) from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ConfigError(f"not a ceasefire baseline: {type(exc).__name__}", path=path) from None
    top = Table(path, "", data if isinstance(data, dict) else {}, _NotABaseline, json=True)
    top.get("breaches", list, required=True, what="an array of objects with a 'fingerprint'")
    return {entry.text("fingerprint", required=True) for entry in top.tables("breaches")}


def write_baseline(out: SupportsWrite, findings: Iterable[tuple[str, Finding]], previous: set[str] | None = None) -> tuple[int, int | None]:
    """Write ``(file, finding)`` pairs to ``out`` as the known breaches.

    Return how many were written, and how many fingerprints of ``previous`` (the baseline
    this one replaces) are gone, stale; None when it replaces none.
    """
    entries = sorted(
        (
            {"fingerprint": f.fingerprint, "file": file, "provision": f.breach.provision, "rule": f.breach.rule,
             "date": f.breach.date, "message": f.breach.message}
            for file, f in findings
        ),
        key=lambda e: (e["file"], e["date"], e["fingerprint"]),
    )
    document = {"schema_version": SCHEMA_VERSION, "tool": TOOL, "breaches": entries}
    out.write(json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    dropped = None if previous is None else len(previous - {e["fingerprint"] for e in entries})
    return len(entries), dropped
