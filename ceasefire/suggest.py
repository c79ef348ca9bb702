"""Suggestions for names typed wrong: "did you mean 'casualties'?".

A mistyped field, actor or event type must not pass unnoticed, and the warning or error
that catches it is more useful when it names what was probably meant: the same name in
another case, else the closest known name (difflib's ratio, at least ``cutoff``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

from .agreement import pattern

__all__ = ["WildcardHints", "closest", "did_you_mean", "type_suggestion", "wildcard_warning"]

_EXAMPLE = r"[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+"  # compiled by re's cache when first used


def closest(word: str, known: Iterable[str], cutoff: float = 0.75) -> str | None:
    """The known name ``word`` most probably stands for, or None when none is close."""
    names = sorted(set(known))
    folded = word.casefold()
    for name in names:
        if name.casefold() == folded:
            return name
    import difflib  # only a line that looks mistyped pays for it

    matches = difflib.get_close_matches(folded, [n.casefold() for n in names], n=1, cutoff=cutoff)
    if not matches:
        return None
    return next(n for n in names if n.casefold() == matches[0])


def did_you_mean(suggestion: str | None) -> str:
    """`` (did you mean 'X'?)``, or nothing without a suggestion."""
    return f" (did you mean {suggestion!r}?)" if suggestion else ""


def type_suggestion(event_type: str, vocabulary: Iterable[str], knows: Callable[[str], bool]) -> str | None:
    """The declared event type ``event_type`` was probably meant to be.

    The vocabulary holds names (``aid.delivered``) and patterns (``attack.*``); a pattern
    offers itself with its ``*`` filled from the type typed (``atack.airstrike`` against
    ``attack.*`` suggests ``attack.airstrike``). Only a name the vocabulary accepts is offered.
    """
    lowered = event_type.lower()
    if lowered != event_type and knows(lowered):
        return lowered
    parts = event_type.split(".")
    candidates = []
    for entry in vocabulary:
        if "*" not in entry:
            candidates.append(entry)
            continue
        pieces = entry.split(".")
        if len(pieces) == len(parts) and all(p == "*" or "*" not in p for p in pieces):
            candidates.append(".".join(typed if p == "*" else p for p, typed in zip(pieces, parts)))
    found = closest(event_type, candidates)
    return found if found is not None and knows(found) else None


def wildcard_warning(event_type: str, vocabulary: Mapping[str, str]) -> str | None:
    """A warning for a type only a pattern accepts while a name the pack gives is very close to it.

    The names are the vocabulary's own and the examples a pattern's description gives
    (``"attack.*" = "An armed attack: attack.airstrike, attack.shelling, ..."``): a type one
    letter off them is probably a typo that a rule for the right name would miss.
    """
    return WildcardHints(vocabulary).warning(event_type)


class _Fewest(dict[int, int]):
    """``WildcardHints.fewest``: each length's entry worked out when first asked for (a check asks for a few of 256)."""

    def __missing__(self, size: int) -> int:
        cutoff = WildcardHints._CUTOFF - 1e-9
        most = max(0, int(cutoff * size / (2 - cutoff)) - 1)  # just below the bound, then up to it exactly
        while 2.0 * most < cutoff * (size + most):
            most += 1
        self[size] = most
        return most


_FEWEST = _Fewest()


class WildcardHints:
    """``wildcard_warning`` for one vocabulary, its names gathered once: a log may bring endless types to it.

    The names closer than difflib's ratio 0.9 to a type are few, and a name can be ruled out
    without difflib: its length too far from the type's, or too few of the type's characters
    in it (the ratio is at most twice those over both lengths), the same tests in the same
    order as ``difflib.get_close_matches``'s quick ones, with the same answer.
    """

    _CUTOFF = 0.9

    def __init__(self, vocabulary: Mapping[str, str]) -> None:
        self._patterns = [v for v in vocabulary if "*" in v]
        names = {v for v in vocabulary if "*" not in v}
        for glob in self._patterns:
            names.update(n for n in re.findall(_EXAMPLE, vocabulary[glob]) if pattern(glob).fullmatch(n))
        self._names = names
        self._sorted = sorted(names)
        self._folded: dict[str, str] = {}  # each folded name to the first name (sorted) that folds to it
        for name in self._sorted:
            self._folded.setdefault(name.casefold(), name)
        by_length: dict[int, list[tuple[str, bytes | None]]] = {}
        for folded in self._folded:  # each folded name with its characters, to delete from a type
            chars = bytes(sorted(set(folded.encode()))) if folded.isascii() else None
            by_length.setdefault(len(folded), []).append((folded, chars))
        self._by_length = sorted(by_length.items())
        every = "".join(self._folded)  # the characters of every name: a type's others match none
        self._chars = bytes(sorted(set(every.encode()))) if every.isascii() else None
        self.chars = None if self._chars is None else bytes(sorted(set(self._chars + self._chars.upper())))
        """The names' characters in either case: an ASCII type's characters that fold to none of them match nothing."""
        self.marks = None if self.chars is None else bytes(byte in self.chars for byte in range(256))
        """Each byte 1 if it is among ``chars``, else 0: ``type.encode().translate(marks).count(1)`` counts a type's characters
        among them in one pass (``translate(None, chars)`` first builds a table of its own, on every call)."""
        self.fewest = _FEWEST
        """For each length up to 256, the fewest characters that must be among ``chars`` for a name to be near enough."""

    def rules_out(self, event_type: str) -> bool:
        """Whether the quick test alone says no name is near ``event_type``: too few of its characters (in either case) are
        among the names' (``fewest``). Never true of a name (all its characters are among them); False where it cannot tell."""
        size = len(event_type)
        return (size <= 256 and self.chars is not None and event_type.isascii()
                and event_type.encode().translate(self.marks).count(1) < self.fewest[size])

    def warning(self, event_type: str) -> str | None:
        """The warning ``event_type`` deserves (a type the vocabulary's patterns accept), or None."""
        if self.rules_out(event_type):  # _closest's first test, for the common type: most fail it
            return None
        if event_type in self._names:
            return None
        hint = self._closest(event_type)
        if hint is None:
            return None
        matched = next(v for v in self._patterns if pattern(v).fullmatch(event_type))
        return f"event type {event_type!r} is only matched by the pattern {matched!r}{did_you_mean(hint)}"

    def _closest(self, word: str) -> str | None:
        """``closest(word, names, cutoff=0.9)``, with the names that cannot pass difflib's tests left out first."""
        folded = word.casefold()
        size, cutoff = len(folded), self._CUTOFF - 1e-9  # the tests below only leave out what difflib would; a float's rounding must not tip them
        chars = self._chars
        raw = folded.encode() if chars is not None and folded.isascii() else None
        if raw is not None and chars is not None:  # first the quick test that rules out most types: too few of their characters in any name
            most = size - len(raw.translate(None, chars))  # characters any name may match
            if 2.0 * most < cutoff * (size + most):  # the best any name's length allows: one as long as those characters
                return None  # (a name the type folds to has all its characters: never ruled out here)
        else:
            most = size
        same = self._folded.get(folded)
        if same is not None:
            return same
        near = []
        for length, group in self._by_length:
            if 2.0 * min(size, length, most) < cutoff * (size + length):
                continue  # difflib's real_quick_ratio, and the bound for every name
            for name, chars in group:
                if raw is not None and chars is not None and 2.0 * (size - len(raw.translate(None, chars))) < cutoff * (size + length):
                    continue  # the characters of the type not in the name can match nothing
                near.append(name)
        if not near:
            return None
        return closest(word, [self._folded[name] for name in near], self._CUTOFF)
