"""Suggestions for names typed wrong: "did you mean 'casualties'?".

A mistyped field, actor or event type must not pass unnoticed, and the warning or error
that catches it is more useful when it names what was probably meant: the same name in
another case, else the closest known name (difflib's ratio, at least ``cutoff``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

from .agreement import pattern

__all__ = ["closest", "did_you_mean", "type_suggestion", "wildcard_warning"]

_EXAMPLE = re.compile(r"[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+")


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
    patterns = [v for v in vocabulary if "*" in v]
    names = {v for v in vocabulary if "*" not in v}
    for glob in patterns:
        names.update(n for n in _EXAMPLE.findall(vocabulary[glob]) if pattern(glob).fullmatch(n))
    if event_type in names:
        return None
    hint = closest(event_type, names, cutoff=0.9)
    if hint is None:
        return None
    matched = next(v for v in patterns if pattern(v).fullmatch(event_type))
    return f"event type {event_type!r} is only matched by the pattern {matched!r}{did_you_mean(hint)}"
