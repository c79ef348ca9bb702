"""Stable fingerprints for breaches, and the baseline file that remembers known ones.

A fingerprint hashes the log's path and what the breach is (provision, rule, kind, date,
party, event id, message), never its line number, so adding unrelated lines to a log does
not change it. Identical breaches at one date are told apart by their order.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path, PurePath
from typing import Protocol

from .errors import ConfigError
from .escaping import file_name
from .findings import Breach
from .results import SCHEMA_VERSION, TOOL, Finding

__all__ = ["MAX_BASELINE_BYTES", "Fingerprinter", "display_path", "load_baseline", "write_baseline"]


class SupportsWrite(Protocol):
    """Where a baseline is written: an ``OutputFile``'s stream."""

    def write(self, text: str, /) -> object: ...


def display_path(path: str) -> str:
    """A log's path as reports and fingerprints name it: relative to the working directory when inside it, with '/'."""
    if path.startswith("<"):
        return path
    pure = Path(path)
    if pure.is_absolute():
        try:
            pure = pure.relative_to(Path.cwd())
        except ValueError:
            pass
    return file_name(PurePath(os.path.normpath(pure)).as_posix())


class Fingerprinter:
    """Fingerprints the breaches of one log, in the order they are found."""

    def __init__(self, file: str) -> None:
        self.file = file
        self._date = ""
        self._seen: dict[str, int] = {}  # only for the current date: memory stays flat
        import hashlib  # a check that finds no breach never needs it

        self._sha256 = hashlib.sha256

    def __call__(self, breach: Breach) -> str:
        """The breach's fingerprint: 20 hex digits, with ``-N`` for the N-th identical breach at one date."""
        if breach.date != self._date:
            self._date, self._seen = breach.date, {}
        parts = (self.file, breach.provision, breach.rule, breach.kind, breach.date, breach.party or "",
                 "" if breach.event_id is None else repr(breach.event_id), breach.message)
        digest = self._sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:20]
        count = self._seen.get(digest, 0) + 1
        self._seen[digest] = count
        return digest if count == 1 else f"{digest}-{count}"


MAX_BASELINE_BYTES = 32 << 20
"""The largest baseline read (about 100,000 fingerprints); a larger one, or an endless device, is refused."""


def load_baseline(path: str) -> set[str]:
    """The fingerprints recorded in a baseline file (at most MAX_BASELINE_BYTES, nested as JSON allows)."""
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_BASELINE_BYTES + 1)
        if len(raw) > MAX_BASELINE_BYTES:
            raise ConfigError(path, None, f"larger than {MAX_BASELINE_BYTES} bytes: not a ceasefire baseline")
        data = json.loads(raw.decode("utf-8"))
    except FileNotFoundError:
        raise ConfigError(path, None, "no such baseline file (write one with --write-baseline)") from None
    except RecursionError:
        raise ConfigError(path, None, "not a ceasefire baseline: nested too deeply") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ConfigError(path, None, f"not a ceasefire baseline: {type(exc).__name__}") from None
    entries = data.get("breaches") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not all(isinstance(e, dict) and isinstance(e.get("fingerprint"), str) for e in entries):
        raise ConfigError(path, "breaches", "not a ceasefire baseline: expected a list of objects with a 'fingerprint'")
    return {e["fingerprint"] for e in entries}


def write_baseline(out: SupportsWrite, findings: Iterable[tuple[str, Finding]]) -> int:
    """Write ``(file, finding)`` pairs to ``out`` as the known breaches; return how many."""
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
    return len(entries)
