"""Which of a pack's type patterns an event type matches, without scanning them one by one.

A log may carry any number of distinct event types (``attack.*`` admits endless names), so the
answer for a type never seen must cost about as little as a dictionary look-up, with no cache
that grows with the log. Patterns without ``*`` are found by one look-up of the whole type,
patterns ``prefix*`` by a look-up of each of the few prefix lengths the pack uses, and any other
pattern (rare: ``*.shelling``, ``a*b*c``) by ``glob_match``. The answer is the sorted tuple of the
patterns' positions: there are as few distinct answers as the pack's patterns allow, so what a
caller derives from an answer (the rules of a type, whether the vocabulary knows it) is worked
out once per answer, not once per type.
"""

from __future__ import annotations

from collections.abc import Iterable

from .agreement import glob_match

__all__ = ["TypeIndex"]


class TypeIndex:
    """The positions of the patterns (``*`` standing for any run of characters) each event type matches whole."""

    def __init__(self, globs: Iterable[str]) -> None:
        self.globs = tuple(globs)
        self._names: dict[str, tuple[int, ...]] = {}
        self._prefixes: dict[str, tuple[int, ...]] = {}
        self._others: list[tuple[int, str]] = []
        for at, glob in enumerate(self.globs):
            star = glob.find("*")
            if star < 0:
                self._names[glob] = (*self._names.get(glob, ()), at)
            elif star == len(glob) - 1:
                self._prefixes[glob[:-1]] = (*self._prefixes.get(glob[:-1], ()), at)
            else:
                self._others.append((at, glob))
        self._lengths = sorted({len(prefix) for prefix in self._prefixes})

    def matching(self, event_type: str) -> tuple[int, ...]:
        """The positions, in order, of the patterns ``event_type`` matches (an empty tuple: none)."""
        found = self._names.get(event_type, ())
        prefixes, size = self._prefixes, len(event_type)
        for length in self._lengths:
            if length > size:
                break
            more = prefixes.get(event_type[:length])
            if more is not None:
                found = found + more if found else more
        for at, glob in self._others:
            if glob_match(glob, event_type):
                found = (*found, at)
        return found if len(found) < 2 else tuple(sorted(found))
