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
import sys
from typing import TYPE_CHECKING, Any

from . import textpaths
from .escaping import file_name
from .found import Found, fields_at
from .report import Breach

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["Fingerprinter", "display_path", "project_path", "project_root"]


def display_path(path: str) -> str:
    """A log's path as reports name it: relative to the working directory when inside it, with '/'."""
    if path.startswith("<"):
        return path
    return file_name(textpaths.shown(path))


def project_root(settings_file: str | os.PathLike[str] | None, cwd: str | os.PathLike[str]) -> Path:
    """The folder fingerprints are relative to: the settings file's, else the git work tree's, else ``cwd``.

    The work tree is found by looking upward for ``.git`` (a folder, or the file a linked
    worktree or submodule has), without running git.
    """
    from pathlib import Path

    return Path(root_folder(settings_file, cwd))


def root_folder(settings_file: str | os.PathLike[str] | None, cwd: str | os.PathLike[str]) -> str:
    """``project_root`` as a string: a check imports no pathlib (``textpaths``)."""
    if settings_file is not None:
        return textpaths.parent(os.path.abspath(settings_file))
    here = os.path.abspath(cwd)
    for folder in textpaths.lineage(here):
        if textpaths.exists(textpaths.join(folder, ".git")):
            return folder
    return here


def project_path(path: str, root: str | os.PathLike[str]) -> str:
    """A log's path as fingerprints and baselines name it: relative to the project root, with '/'."""
    if path.startswith("<"):
        return path
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute, root)
    except ValueError:  # another drive
        relative = absolute
    return textpaths.pure(relative).replace(os.sep, "/")  # PurePath(relative).as_posix()


class Fingerprinter:
    """Fingerprints the breaches of one log, in the order they are found."""

    def __init__(self, file: str) -> None:
        self.file = file
        self._date = ""
        self._first = ""  # the first fingerprint at the current date
        self._seen: dict[str, int] | None = None  # from the second breach at the current date: memory stays flat
        self._sha256: Any = None  # imported for the first breach: a check that finds none never needs it
        self._shapes: dict[tuple[Any, ...], list[Any]] = {}  # see _digest
        self._hashed = 0  # breaches hashed: past _QUICKER_AFTER, hashlib's SHA-256 takes over

    def __call__(self, breach: Breach) -> str:
        """The breach's fingerprint: 20 hex digits, with ``-N`` for the N-th identical breach at one date."""
        if type(breach) is Found:  # _digest's, inline for a recorded breach
            date, known = breach[4], self._shapes.get(_SHAPE_OF(breach))
        else:
            date, known = breach.date, None
        if known is not None:
            return self.at(date, known)
        digest = self._digest(breach, date)
        if date != self._date:
            self._date, self._first, self._seen = date, digest, None
            return digest
        return self._again(digest)

    def shape(self, breach: Breach) -> Any:
        """What ``at`` needs of a breach's shape (the parts around its date, the first hashed), once a breach of that shape
        was fingerprinted; None before, or for a shape that goes the long way."""
        return self._shapes.get(_SHAPE_OF(breach)) if type(breach) is Found else None

    def at(self, date: str, known: Any) -> str:
        """The fingerprint of a breach at ``date`` of the shape ``known`` (``shape``'s), as ``__call__`` makes it."""
        try:
            data = (date + known[1]).encode()
        except UnicodeEncodeError:  # a lone surrogate (a log's \ud800): encoded as _joined encodes it
            data = (date + known[1]).encode("utf-8", "surrogatepass")
        sha = known[0].copy()
        sha.update(data)
        digest = sha.digest()[:10].hex()  # hexdigest()[:20], without the 44 digits not shown
        self._hashed += 1
        if self._hashed == _QUICKER_AFTER:
            self._quicker()
        if date != self._date:  # the first breach at a date, as most are: no count to keep yet
            self._date, self._first, self._seen = date, digest, None
            return digest
        return self._again(digest)

    def _quicker(self) -> None:
        """From now on, hashlib's SHA-256 (OpenSSL's): quicker for each breach than CPython's own (0.27 µs of a breach's 5 in
        JSON Lines), but loading it takes 3 ms and 3.7 MB, which only a log of many breaches repays. The digests are the same."""
        import hashlib

        self._sha256 = hashlib.sha256
        for known in self._shapes.values():
            known[0] = hashlib.sha256(known[2])

    def _again(self, digest: str) -> str:
        """The fingerprint of another breach at the current date: ``-N`` for the N-th with the same digest."""
        seen = self._seen
        if seen is None:
            seen = self._seen = {self._first: 1}
        count = seen.get(digest, 0) + 1
        seen[digest] = count
        return digest if count == 1 else f"{digest}-{count}"

    def _digest(self, breach: Breach, date: str) -> str:
        """The hash of what the breach is: the parts before its date (the file, provision, rule and kind), hashed once per
        shape and copied, then its date and the parts after it (party, event type, target), each shape's written once.

        The same bytes are hashed as when the parts are joined whole (``_joined``), so the digest is the same.
        A shape is of strings only (or None, written empty): others go the long way, as do shapes past the first 256.
        """
        shape = provision, rule, kind, party, event_type, target = (breach.provision, breach.rule, breach.kind, breach.party,
                                                                      breach.event_type, breach.target)
        known = self._shapes.get(shape)
        if known is None:
            if self._sha256 is None:
                self._sha256 = _sha256()
            if len(self._shapes) >= _MOST_SHAPES or not all(type(part) is str or part is None for part in shape):
                return self._sha256(_joined(self.file, breach, date)).hexdigest()[:20]
            before = "\x1f".join((self.file, provision, rule, kind, "")).encode("utf-8", "surrogatepass")
            known = self._shapes[shape] = [self._sha256(before), "\x1f".join(("", party or "", event_type or "", target or "")), before]
        sha = known[0].copy()
        sha.update((date + known[1]).encode("utf-8", "surrogatepass"))
        return sha.hexdigest()[:20]


_MOST_SHAPES = 256
"""The shapes a fingerprinter keeps (a few hundred bytes each): a log's breaches repeat a few rules, parties, types and targets."""
_QUICKER_AFTER = 16_384
"""The breaches of a log fingerprinted by CPython's own SHA-256 before hashlib's takes over (``Fingerprinter._quicker``)."""
_SHAPE_OF = fields_at("provision", "rule", "kind", "party", "event_type", "target")
"""A recorded breach's (a ``Found``'s) provision, rule, kind, party, event type and target: its shape, as ``_digest`` makes it."""


def _joined(file: str, breach: Breach, date: str) -> bytes:
    """What a fingerprint hashes: the parts joined whole."""
    parts = (file, breach.provision, breach.rule, breach.kind, date, breach.party or "", breach.event_type or "", breach.target or "")
    return "\x1f".join(parts).encode("utf-8", "surrogatepass")


def _sha256() -> Any:
    """SHA-256, as CPython implements it itself when it does (``_sha2``; ``_sha256`` before 3.12), else hashlib's (OpenSSL's).

    The digests are the same. CPython's own hashes a fingerprint's hundred bytes in half the time,
    and loads no OpenSSL: hashlib's first use maps libcrypto, 3.7 MB of a check's 25 MB of memory.
    """
    for name in ("_sha2", "_sha256") if sys.version_info >= (3, 12) else ("_sha256",):  # (a failed import looks through sys.path)
        try:
            return getattr(__import__(name), "sha256")
        except (ImportError, AttributeError):
            continue
    import hashlib

    return hashlib.sha256
