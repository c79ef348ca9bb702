"""Stable fingerprints for breaches, and the paths logs are named by (the baseline file is ``baseline.py``).

A fingerprint hashes what a breach is: the log's path relative to the project root, the
provision, rule, kind, date, party, event type and target. Never its line, its wording or
the event's ``id``, so adding lines or ids to a log, rewording a pack's messages, or running
from another folder leaves it unchanged. Identical breaches at one date are told apart by
their order. The project root is the folder of the settings file in force, else the git work
tree, else the working directory.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePath

from .escaping import file_name
from .report import Breach

__all__ = ["Fingerprinter", "display_path", "project_path", "project_root"]


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
        self._seen: dict[str, int] = {}  # only for the current date: memory stays flat
        import hashlib  # a check that finds no breach never needs it

        self._sha256 = hashlib.sha256

    def __call__(self, breach: Breach) -> str:
        """The breach's fingerprint: 20 hex digits, with ``-N`` for the N-th identical breach at one date."""
        if breach.date != self._date:
            self._date, self._seen = breach.date, {}
        parts = (self.file, breach.provision, breach.rule, breach.kind, breach.date, breach.party or "",
                 breach.event_type or "", breach.target or "")
        digest = self._sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:20]
        count = self._seen.get(digest, 0) + 1
        self._seen[digest] = count
        return digest if count == 1 else f"{digest}-{count}"
