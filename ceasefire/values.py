"""The package's value classes: ``attrs`` classes that share one ``__repr__``, ``__eq__`` and ``__hash__``.

``attrs`` writes and compiles a ``__repr__``, an ``__eq__`` and a ``__hash__`` for every class
it makes. For the 25 classes ``ceasefire check`` makes at start-up, compiling them was its
largest single cost: the repr 32 of the 510 million instructions of checking the 10-line
example (``benchmarks/run.py``, start-up), the comparison and hash another 14 of 404. ``frozen``
and ``define`` are attrs' own, with these three written here once in their place: the same
text (``Name(field=value, ...)`` over the fields shown), equal when of the same class with
equal compared fields (each through its ``eq_key``), the same hash for equal values; a mutable
class stays unhashable, as attrs makes it. A class that writes its own keeps it; ``eq=False``
keeps comparing by identity. Only ``__init__`` is still written per class, by attrs.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

__all__ = ["define", "frozen"]

_C = TypeVar("_C", bound=type)


def _repr(self: Any) -> str:
    """attrs' repr, for any attrs instance: its class's name and each shown field's value."""
    name = self.__class__.__qualname__.rsplit(">.", 1)[-1]
    shown = ", ".join(f"{a.name}={getattr(self, a.name)!r}" for a in self.__attrs_attrs__ if a.repr)
    return f"{name}({shown})"


_KEYS: dict[type, tuple[Callable[[Any], tuple[Any, ...]], Callable[[Any], tuple[Any, ...]]]] = {}
"""Per class: what its instances are compared by, and what they are hashed by (attrs' rules), made on first use."""


def _getter(names: list[str], keys: list[Any] | None = None) -> Callable[[Any], tuple[Any, ...]]:
    if keys is not None and any(keys):
        fields = [(name, key) for name, key in zip(names, keys)]
        return lambda self: tuple(getattr(self, name) if key is None else key(getattr(self, name)) for name, key in fields)
    if len(names) > 1:
        return attrgetter(*names)  # type: ignore[return-value]  # a tuple for two names or more
    if names:
        one = attrgetter(names[0])
        return lambda self: (one(self),)
    return lambda self: ()


def _keys(cls: type) -> tuple[Callable[[Any], tuple[Any, ...]], Callable[[Any], tuple[Any, ...]]]:
    known = _KEYS.get(cls)
    if known is None:
        fields = [a for a in cls.__attrs_attrs__ if a.eq]  # type: ignore[attr-defined]
        hashed = [a for a in cls.__attrs_attrs__ if (a.eq if a.hash is None else a.hash)]  # type: ignore[attr-defined]
        known = _KEYS[cls] = (_getter([a.name for a in fields], [a.eq_key for a in fields]),
                              _getter([a.name for a in hashed], [a.eq_key for a in hashed]))
    return known


def _eq(self: Any, other: Any) -> Any:
    """attrs' ``__eq__``: of the same class, and every compared field equal."""
    if other.__class__ is not self.__class__:
        return NotImplemented
    key = _keys(self.__class__)[0]
    return key(self) == key(other)


def _hash(self: Any) -> int:
    """attrs' ``__hash__`` for a frozen class: the class and the hashed fields' values."""
    return hash((self.__class__.__qualname__, *_keys(self.__class__)[1](self)))


def _shared(cls: _C, kwargs: dict[str, Any], frozen: bool) -> _C:
    if "__repr__" not in cls.__dict__:
        cls.__repr__ = _repr  # type: ignore[assignment]  # attrs copies it into the class it makes
    plain = set(kwargs) <= {"kw_only", "slots", "weakref_slot", "on_setattr", "init", "match_args", "getstate_setstate"}
    if plain and "__eq__" not in cls.__dict__ and "__hash__" not in cls.__dict__:
        cls.__eq__ = _eq  # type: ignore[assignment]  # attrs sees them as the class's own and writes neither
        cls.__hash__ = _hash if frozen else None  # type: ignore[assignment]  # a mutable class: unhashable, as attrs makes it
    return cls


if TYPE_CHECKING:  # type checkers see attrs' own decorators: mypy's attrs plugin knows them by name
    from attrs import define, frozen
else:

    def frozen(maybe_cls: Any = None, /, **kwargs: Any) -> Any:
        """``attrs.frozen`` (immutable, slotted, compared by value), with the shared ``__repr__``, ``__eq__`` and ``__hash__``."""

        def wrap(cls: _C) -> _C:
            return attrs.frozen(_shared(cls, kwargs, True), repr=False, **kwargs)

        return wrap if maybe_cls is None else wrap(maybe_cls)

    def define(maybe_cls: Any = None, /, **kwargs: Any) -> Any:
        """``attrs.define`` (mutable, slotted), with the shared ``__repr__`` and ``__eq__``."""

        def wrap(cls: _C) -> _C:
            return attrs.define(_shared(cls, kwargs, False), repr=False, **kwargs)

        return wrap if maybe_cls is None else wrap(maybe_cls)
