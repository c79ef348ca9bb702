"""Stable fingerprints for breaches, and the baseline file that remembers known ones.

A fingerprint hashes what a breach is: the log's path relative to the project root, the
provision, rule, kind, date, party, event type and target. Never its line, its wording or
the event's ``id``, so adding lines or ids to a log, rewording a pack's messages, or running
from another folder leaves it unchanged. Identical breaches at one date are told apart by
their order. The project root is the folder of the settings file in force, else the git work
tree, else the working directory.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path, PurePath
from typing import Any, Protocol

from .errors import ConfigError
from .escaping import file_name
from .report import Breach
from .verdicts import SCHEMA_VERSION, TOOL, Finding

__all__ = ["MAX_BASELINE_BYTES", "Fingerprinter", "display_path", "load_baseline", "project_path", "project_root", "write_baseline"]


class SupportsWrite(Protocol):
    """Where a baseline is written: an ``OutputFile``'s stream."""

    def write(self, text: str, /) -> object: ...


def display_path(path: str) -> str:
    """A log's path as reports name it: relative to the working directory when inside it, with '/'."""
    if path.startswith("<"):
        return path
    pure = Path(path)
    if pure.is_absolute():
        try:
            pure = pure.relative_to(Path.cwd())
        except ValueError:
            pass
    return file_name(PurePath(os.path.normpath(pure)).as_posix())


def project_root(settings_file: Path | None, cwd: Path) -> Path:
    """The folder fingerprints are relative to: the settings file's, else the git work tree's, else ``cwd``.

    The work tree is found by looking upward for ``.git`` (a folder, or the file a linked
    worktree or submodule has), without running git.
    """
    if settings_file is not None:
        return Path(os.path.abspath(settings_file)).parent
    here = Path(os.path.abspath(cwd))
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return here


def project_path(path: str, root: Path) -> str:
    """A log's path as fingerprints and baselines name it: relative to the project root, with '/'."""
    if path.startswith("<"):
        return path
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute, root)
    except ValueError:  # another drive
        relative = absolute
    return PurePath(relative).as_posix()


class Fingerprinter:
    """Fingerprints the breaches of one log, in the order they are found."""

    def __init__(self, file: str) -> None:
        self.file = file
        self._date = ""
        self._first = ""  # the first fingerprint at the current date
        self._seen: dict[str, int] | None = None  # from the second breach at the current date: memory stays flat
        self._sha256: Any = None  # hashlib's, imported for the first breach: a check that finds none never needs it

    def __call__(self, breach: Breach) -> str:
        """The breach's fingerprint: 20 hex digits, with ``-N`` for the N-th identical breach at one date."""
        date = breach.date
        parts = (self.file, breach.provision, breach.rule, breach.kind, date, breach.party or "",
                 breach.event_type or "", breach.target or "")
        sha256 = self._sha256
        if sha256 is None:
            import hashlib

            sha256 = self._sha256 = hashlib.sha256
        digest = sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:20]
        if date != self._date:  # the first breach at a date, as most are: no count to keep yet
            self._date, self._first, self._seen = date, digest, None
            return digest
        seen = self._seen
        if seen is None:
            seen = self._seen = {self._first: 1}
        count = seen.get(digest, 0) + 1
        seen[digest] = count
        return digest if count == 1 else f"{digest}-{count}"


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
    entries = data.get("breaches") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not all(isinstance(e, dict) and isinstance(e.get("fingerprint"), str) for e in entries):
        raise ConfigError("not a ceasefire baseline: expected a list of objects with a 'fingerprint'", path=path, key="breaches")
    return {e["fingerprint"] for e in entries}


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
