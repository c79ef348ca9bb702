"""The package's value classes: ``attrs`` classes that share one ``__repr__``, ``__eq__`` and ``__hash__``.

``attrs`` writes and compiles a ``__repr__``, an ``__eq__`` and a ``__hash__`` for every class
it makes. For the 25 classes ``ceasefire check`` makes at start-up, compiling them was its
largest single cost: the repr 32 of the 510 million instructions of checking the 10-line
example (``benchmarks/run.py``, start-up), the comparison and hash another 14 of 404. ``frozen``
and ``define`` are attrs' own, with these three written here once in their place: the same
text (``Name(field=value, ...)`` over the fields shown), equal when of the same class with
equal compared fields (each through its ``eq_key``), the same hash for equal values; a mutable
class stays unhashable, as attrs makes it. A class that writes its own keeps it; ``eq=False``
keeps comparing by identity. ``__init__`` is not compiled when the class is made either: see
``valueinit``.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from .valueinit import made

__all__ = ["Record", "borrowed", "define", "frozen"]

_C = TypeVar("_C", bound=type)
_F = TypeVar("_F", bound=Callable[..., Any])


def borrowed(function: Any) -> Callable[[_F], _F]:
    """A record's method that is another class's own function (``Breach.to_dict`` for a ``Found``), which type checkers read
    as the def it replaces (whose body never runs): ``@borrowed(Breach.to_dict)`` over ``def to_dict(self) -> ...``. A
    property's function is taken (``@property`` over ``@borrowed(Breach.message)``). (A ``NamedTuple`` body takes methods
    only as defs: ``to_dict = Breach.to_dict`` would be read as a field.)"""

    def take(declared: _F) -> _F:
        return getattr(function, "fget", function)  # (a property's function: the def is made a property over it again)

    return take


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
        return attrgetter(*names)  # a tuple for two names or more
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


_PROHIBITED = frozenset({"__new__", "__init__", "__slots__", "__getnewargs__", "_fields", "_field_defaults", "_make",
                         "_replace", "_asdict", "_source"})


class _Records(type):
    """The class of ``Record``: what ``typing.NamedTuple`` makes of a class body, its annotations left as written.

    ``typing.NamedTuple`` checks each field's annotation as a type: a module's annotations are
    strings (``from __future__ import annotations``), and each string is compiled into a
    ``ForwardRef``. For the 82 fields of the four records a check makes (``Event``, ``Found``,
    ``Row``, ``Counted``) that was 6.6 of the 10-line example's 358 million instructions.
    Everything else is as ``typing.NamedTuple`` does it: a ``collections.namedtuple`` of the
    annotated fields with the defaults given, the body's methods and docstring added, the
    names a named tuple needs refused; ``__annotations__`` holds the strings.
    """

    def __new__(cls, name: str, bases: tuple[type, ...], ns: dict[str, Any]) -> Any:
        if not bases:
            return super().__new__(cls, name, bases, ns)
        fields = ns.get("__annotations__", {})
        defaults = [field for field in fields if field in ns]
        if defaults != list(fields)[len(fields) - len(defaults):]:
            raise TypeError(f"{name}: a field without a default follows one with a default")
        record = namedtuple(name, fields, defaults=[ns[field] for field in defaults], module=ns["__module__"])  # type: ignore[misc]  # mypy reads only a literal namedtuple()
        record.__annotations__ = record.__new__.__annotations__ = dict(fields)
        for key, value in ns.items():
            if key in _PROHIBITED:
                raise AttributeError(f"Cannot overwrite NamedTuple attribute {key}")
            if key not in ("__module__", "__name__", "__annotations__") and key not in record._fields:
                setattr(record, key, value)
        return record


if TYPE_CHECKING:  # type checkers see attrs' own decorators (mypy's attrs plugin knows them by name) and typing's NamedTuple
    from typing import NamedTuple as Record

    from attrs import define, frozen
else:
    Record = _Records("Record", (), {"__doc__": "A base like ``typing.NamedTuple``'s: ``class Event(Record):`` makes a named tuple."})

    def frozen(maybe_cls: Any = None, /, **kwargs: Any) -> Any:
        """``attrs.frozen`` (immutable, slotted, compared by value), with the shared ``__repr__``, ``__eq__`` and ``__hash__``."""

        def wrap(cls: _C) -> _C:
            return made(_shared(cls, kwargs, True), attrs.frozen, {"repr": False, **kwargs})

        return wrap if maybe_cls is None else wrap(maybe_cls)

    def define(maybe_cls: Any = None, /, **kwargs: Any) -> Any:
        """``attrs.define`` (mutable, slotted), with the shared ``__repr__`` and ``__eq__``."""

        def wrap(cls: _C) -> _C:
            return made(_shared(cls, kwargs, False), attrs.define, {"repr": False, **kwargs})

        return wrap if maybe_cls is None else wrap(maybe_cls)
