"""Which of a pack's type patterns an event type matches, without scanning them one by one.

A log may carry any number of distinct event types (``attack.*`` admits endless names), so the
answer for a type never seen must cost about as little as a dictionary look-up, with no cache
that grows with the log. Patterns without ``*`` are found by one look-up of the whole type,
patterns ``prefix*`` by a look-up of the type's first few characters (as many as the shortest
prefix has) among the prefixes' own, then a ``startswith`` of each prefix found there (most often
one, or none), and any other pattern (rare: ``*.shelling``, ``a*b*c``) by ``glob_match``. A name
the pack gives has its whole answer worked out beforehand. The answer is the sorted tuple of the
patterns' positions: there are as few distinct answers as the pack's patterns allow, so what a
caller derives from an answer (the rules of a type, whether the vocabulary knows it) is worked
out once per answer, not once per type.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from .agreement import glob_match

__all__ = ["TypeIndex"]


def _tail(text: str) -> bool:
    """Whether ``text`` is what may follow a class's prefix: ASCII letters and digits, one or more."""
    return text.isascii() and text.isalnum()


class TypeIndex:
    """The positions of the patterns (``*`` standing for any run of characters) each event type matches whole."""

    def __init__(self, globs: Iterable[str]) -> None:
        self.globs = tuple(globs)
        names: dict[str, tuple[int, ...]] = {}
        self._prefixes: dict[str, tuple[int, ...]] = {}
        self._others: list[tuple[int, str]] = []
        for at, glob in enumerate(self.globs):
            star = glob.find("*")
            if star < 0:
                names[glob] = (*names.get(glob, ()), at)
            elif star == len(glob) - 1:
                self._prefixes[glob[:-1]] = (*self._prefixes.get(glob[:-1], ()), at)
            else:
                self._others.append((at, glob))
        shortest = min(map(len, self._prefixes), default=0)
        self.shortest = shortest
        """How many of a type's first characters make its head: as many as the shortest prefix has."""
        self._heads: dict[str, tuple[tuple[str, tuple[int, ...]], ...]] = {}
        """The prefixes by their first ``shortest`` characters: a type looks up its own first ones, then tries those few."""
        for prefix, ats in sorted(self._prefixes.items()):
            self._heads[prefix[:shortest]] = (*self._heads.get(prefix[:shortest], ()), (prefix, ats))
        self.direct = {} if self._others else {head: found[0][1] for head, found in self._heads.items() if found[0][0] == head and len(found) == 1}
        """The heads that are a prefix of their own and no other, when no other pattern has a ``*``: a type starting so,
        unless ``named`` holds it, matches that prefix alone (a caller on a hot path may write this look-up out)."""
        self.named = {name: self._scan(name, at) for name, at in names.items()}
        """Each name's whole answer, worked out once: a type the pack names costs one look-up."""

    def matching(self, event_type: str) -> tuple[int, ...]:
        """The positions, in order, of the patterns ``event_type`` matches (an empty tuple: none)."""
        found = self.named.get(event_type)
        if found is not None:
            return found
        head = event_type[:self.shortest]  # a slice shorter than that is no head
        found = self.direct.get(head)
        if found is not None:
            return found
        return self._scan(event_type, ()) if self._others or head in self._heads else ()

    def uniform(self, prefix: str) -> tuple[int, ...] | None:
        """What ``matching`` answers for every type ``prefix`` + ASCII letters and digits that is no name of its own, or None
        when such types may differ: a pattern with a ``*`` before its end, or a longer prefix that only some of them start with."""
        if self._others:
            return None
        found: list[int] = []
        for other, at in self._prefixes.items():
            if prefix.startswith(other):
                found += at
            elif other.startswith(prefix) and _tail(other[len(prefix):]):
                return None
        return tuple(sorted(found))

    def plain(self, grammar: Callable[[str], object]) -> Callable[[str], re.Match[str] | None]:
        """``fullmatch`` of a type made of a prefix this index knows alone (``direct``) and ASCII letters and digits, for the
        prefixes ``grammar`` accepts so followed: such a type is valid without the grammar's regular expression."""
        plain = sorted(head for head in self.direct if grammar(head + "a"))
        return re.compile(f"(?:{'|'.join(map(re.escape, plain))})[A-Za-z0-9]+" if plain else "(?!)").fullmatch

    def names_under(self, prefix: str) -> list[str]:
        """The names of ``prefix`` followed by ASCII letters and digits: the types under it that a ``uniform`` answer leaves out."""
        return sorted(name for name in self.named if name.startswith(prefix) and _tail(name[len(prefix):]))

    def _scan(self, event_type: str, found: tuple[int, ...]) -> tuple[int, ...]:
        """``found`` and the positions of the patterns with a ``*`` that ``event_type`` matches, in order."""
        heads = self._heads.get(event_type[:self.shortest], ())
        joined = False  # each tuple the index holds is in order: only two joined need sorting
        for prefix, more in heads:
            if event_type.startswith(prefix):
                joined = joined or bool(found)
                found = found + more
        for at, glob in self._others:
            if glob_match(glob, event_type):
                joined = joined or bool(found)
                found = (*found, at)
        return tuple(sorted(found)) if joined else found
