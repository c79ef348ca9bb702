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
    from .suggest import WildcardHints

__all__ = ["NONE", "Classes", "class_prefixes", "classes_of"]


def NONE(event_type: str) -> None:
    """The classes of a replay that keeps no type by class: no type is of one."""
    return None


_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
_PATIENT = 64  # types asked about before the classes are worked out; and of a class of one length, before it gets its own pattern
_TYPE = re.compile(r"[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*").fullmatch  # the log's grammar of types (events.py's: re's cache has it)


def class_prefixes(vocabulary: TypeIndex, rules: TypeIndex) -> list[str]:
    """The prefixes of the classes of types that need no entry of their own: a type ``prefix`` + ASCII letters and digits is
    valid, the vocabulary knows it by a prefix, and it meets the rules every such type meets (``rules.uniform(prefix)``,
    a name the rules give left out), which are the rules the prefix itself meets (it is no name of the rules)."""
    return [prefix for prefix in sorted({*vocabulary._prefixes, *rules._prefixes}, key=lambda p: (-len(p), p))
            if _TYPE(prefix + "a") and any(prefix.startswith(known) for known in vocabulary._prefixes)
            and prefix not in rules.named and rules.uniform(prefix) is not None]


class Classes:
    """A replay's classes (``class_prefixes``), and for each length of type up to 256 a ``fullmatch`` that takes a type of
    one only when the hints' quick test rules out a near name: more of its characters outside the names' than a name
    near enough allows (``WildcardHints.fewest``). A match's ``lastindex`` is the class.

    Nothing is worked out before ``_PATIENT`` types have asked (none is of a class till then: a short log pays nothing,
    its types kept as any other). A length's first types are matched against
    the classes' plain pattern, then tested as ``WildcardHints.warning`` tests them; once a length has brought
    ``_PATIENT`` types of a class, it gets its own pattern, which counts the characters itself (one call, not four).
    """

    def __init__(self, vocabulary: TypeIndex, rules: TypeIndex, hints: Callable[[], WildcardHints]) -> None:
        self._vocabulary, self._rules, self._hints = vocabulary, rules, hints
        self.prefixes: tuple[str, ...] = ("",)
        """Each class's prefix, by its number (0 is none): known once a type has needed them."""
        self.of_length: list[Callable[[str], re.Match[str] | None]] = [self._first(length) for length in range(257)]
        """The ``fullmatch`` of each length."""
        self._plain: Callable[[str], re.Match[str] | None] | None = None
        self._asked = 0  # types asked about before the classes were worked out

    def _first(self, length: int) -> Callable[[str], re.Match[str] | None]:
        met = 0  # types of a class of this length so far

        def first(event_type: str) -> re.Match[str] | None:
            nonlocal met
            if self._plain is None:
                self._asked += 1
                if self._asked < _PATIENT:  # a short log: its types are kept as any other, costing nothing to work out
                    return None
                self._prepare()
            match = self._plain(event_type)  # type: ignore[misc]
            if match is None:
                return None
            met += 1
            if met >= _PATIENT:
                self.of_length[length] = self._compiled(length)
            return match if self._rules_out(event_type) else None
        return first

    def _prepare(self) -> None:
        """The classes, their plain pattern and the hints' quick test, worked out when a type first needs them."""
        hints = self._hints()
        if hints.chars is None:  # names not in ASCII: the quick test proves nothing, so no classes
            self.of_length[:] = [NONE] * len(self.of_length)
            self._plain = NONE
            return
        chars = hints.chars.decode()
        self.prefixes = ("", *class_prefixes(self._vocabulary, self._rules))
        self._in = re.escape("".join(c for c in _ALNUM if c in chars))
        self._out = re.escape("".join(c for c in _ALNUM if c not in chars))
        self._heads = []  # each class: its prefix as a pattern, its length, how many of its characters are outside the names', the names after it
        for prefix in self.prefixes[1:]:
            names = self._rules.names_under(prefix)
            besides = f"(?!(?:{'|'.join(re.escape(name[len(prefix):]) for name in names)})\\Z)" if names else ""
            self._heads.append((re.escape(prefix), len(prefix), sum(c not in chars for c in prefix), besides))
        self._fewest, self._rules_out = hints.fewest, hints.rules_out
        self._plain = re.compile("|".join(f"({prefix}){besides}[A-Za-z0-9]+" for prefix, _, _, besides in self._heads)
                                 or "(?!)").fullmatch

    def _compiled(self, length: int) -> Callable[[str], re.Match[str] | None]:
        """The classes' pattern for types of ``length``: each prefix, then letters and digits with enough outside the names'."""
        need = length - self._fewest[length] + 1  # characters outside the names' that rule a near name out
        parts = []
        for prefix, size, outside, besides in self._heads:
            more, tail = need - outside, length - size
            if tail < 1 or more > tail or (more > 0 and not self._out):
                parts.append(f"({prefix})(?!)")  # (the group keeps the classes' numbers)
            elif more <= 0:
                parts.append(f"({prefix}){besides}[A-Za-z0-9]+")
            else:  # written out, not {more}: sre's repeat costs more than the longer pattern
                parts.append(f"({prefix}){besides}" + ((f"[{self._in}]*" if self._in else "") + f"[{self._out}]") * more
                             + "[A-Za-z0-9]*")
        return re.compile("|".join(parts)).fullmatch if parts else NONE


def classes_of(parser: EventParser, engine: Engine) -> tuple[list[Callable[[str], Any]], Classes | None, Callable[[str], Any]]:
    """For the replay of ``parser``'s lines into ``engine``: the classes' ``fullmatch`` by length of type, the classes (their
    ``prefixes``) and the plans of a prefix (``Matcher.under``). No class for an engine of its own."""
    if type(engine).feed is not Engine.feed:  # every event is fed
        unplanned: dict[str, Any] = {}
        return [NONE] * 257, None, unplanned.get
    classes = Classes(parser._vocabulary, engine._matcher._index, lambda: parser._hints or parser._hinted())
    return classes.of_length, classes, engine._matcher.under
