"""Types kept by class: endless new types under one prefix need no entry each, in any memo of the replay.

A pack's pattern ``attack.*`` admits endless types (``attack.k000042``), and a log may bring a
hundred thousand of them, each once. A type made of a prefix and ASCII letters and digits is
valid, and when the vocabulary knows it by a prefix and the rules' patterns cannot tell two such
types apart, it meets the rules the prefix itself meets: the replay looks it up, and keeps what
it judged, by its class, not by the type. Only whether it deserves the warning of a near miss
("no typing mistake silently hides a breach") is the type's own, and the hints' quick test
answers that for most types with no memo (``suggest.WildcardHints``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .engine import Engine
from .typeindex import TypeIndex

if TYPE_CHECKING:
    from .events import EventParser

__all__ = ["NONE", "classes", "classes_of"]

NONE = re.compile("(?!)").fullmatch
"""The classes of a replay that keeps no type by class: no type is of one."""
_TYPE = re.compile(r"[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*").fullmatch  # the log's grammar of types (events.py's)


def classes(vocabulary: TypeIndex, rules: TypeIndex) -> tuple[Callable[[str], re.Match[str] | None], tuple[str, ...]]:
    """The classes of types that need no entry of their own: a type ``prefix`` + ASCII letters and digits is valid, the
    vocabulary knows it by a prefix, and it meets the rules every such type meets (``rules.uniform(prefix)``, a name
    the rules give left out), which are the rules the prefix itself meets (it is no name of the rules). Returns a
    ``fullmatch`` whose match's ``lastindex`` is the class, and each class's prefix by that number (0 is none).
    """
    found = []
    for prefix in sorted({*vocabulary._prefixes, *rules._prefixes}, key=lambda p: (-len(p), p)):
        if (_TYPE(prefix + "a") and any(prefix.startswith(known) for known in vocabulary._prefixes)
                and prefix not in rules.named and rules.uniform(prefix) is not None):
            found.append(prefix)
    parts = []
    for prefix in found:
        names = rules.names_under(prefix)
        besides = f"(?!(?:{'|'.join(re.escape(name[len(prefix):]) for name in names)})\\Z)" if names else ""
        parts.append(f"({re.escape(prefix)}){besides}")
    joined = f"(?:{'|'.join(parts)})[A-Za-z0-9]+" if parts else "(?!)"
    return re.compile(joined).fullmatch, ("", *found)


def classes_of(parser: EventParser, engine: Engine) -> tuple[Callable[[str], Any], tuple[str, ...], Callable[[str], Any], bytes,
                                                              list[int]]:
    """For the replay of ``parser``'s lines into ``engine``: its classes, each prefix, the plans of a prefix (``Matcher.under``) and
    the hints' quick test (``WildcardHints.marks`` and ``fewest``). No class for an engine of its own, or names not in ASCII."""
    if type(engine).feed is not Engine.feed:  # an engine of its own: every event is fed
        return NONE, ("",), {}.get, b"", []
    hints = parser._hints or parser._hinted()
    if hints.marks is None:  # a name not in ASCII: the quick test proves nothing
        return NONE, ("",), {}.get, b"", []
    classed, prefixes = classes(parser._vocabulary, engine._matcher._index)
    return classed, prefixes, engine._matcher.under, hints.marks, hints.fewest
