"""The package's value classes: ``attrs`` classes that share one ``__repr__``, ``__eq__`` and ``__hash__``.

``attrs`` writes and compiles a ``__repr__``, an ``__eq__`` and a ``__hash__`` for every class
it makes. For the 25 classes ``ceasefire check`` makes at start-up, compiling them was its
largest single cost: the repr 32 of the 510 million instructions of checking the 10-line
example (``benchmarks/run.py``, start-up), the comparison and hash another 14 of 404. ``frozen``
and ``define`` are attrs' own, with these three written here once in their place: the same
text (``Name(field=value, ...)`` over the fields shown), equal when of the same class with
equal compared fields (each through its ``eq_key``), the same hash for equal values; a mutable
class stays unhashable, as attrs makes it. A class that writes its own keeps it; ``eq=False``
keeps comparing by identity. ``__init__`` is still written and compiled per class by attrs, except
for a class marked ``seldom`` (made a few times a run: a pack's rules, a run's options): the 18
of them cost 16 of the 382 million instructions of checking the 10-line example (compiling their
``__init__``, about 26 million, less what ``_made`` costs). Theirs is one shared ``__init__``
(``_initializer``) that does what attrs' would, field by field, from the class's fields.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

__all__ = ["Record", "define", "frozen", "seldom"]

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


_SELDOM = "__ceasefire_seldom__"
_put = object.__setattr__


def seldom(cls: _C) -> _C:
    """Mark a value class made a few times a run (beneath ``@frozen`` or ``@define``): it gets the shared ``__init__``.

    The shared one is slower per call than the one attrs compiles (a loop over the fields), and
    makes a class with no compiling at all; a class made once per breach or per event keeps attrs'.
    """
    setattr(cls, _SELDOM, True)
    return cls


def _initializer(cls: type) -> Callable[..., None]:
    """The ``__init__`` attrs would write for ``cls``, as one loop over its fields instead of compiled text.

    It takes the fields attrs' does, positionally or by name (their ``alias``), in order; a missing
    one takes its default (or its factory's new value); a converter converts; a field with
    ``init=False`` takes its default, if any; then ``__attrs_post_init__`` runs. Every value is set
    through ``object.__setattr__``, as attrs' frozen ``__init__`` does (and, on a slotted class
    without hooks, as its plain assignment does). A class using what this does not do (a
    validator, keyword-only fields, a factory taking ``self``, ``__attrs_pre_init__``, a
    ``Converter``) is refused: leave it to attrs. A call that does not fit the fields raises the
    ``TypeError`` Python raises for the same signature.
    """
    fields = []
    for a in cls.__attrs_attrs__:  # type: ignore[attr-defined]
        default = a.default
        factory = default.factory if isinstance(default, attrs.Factory) else None  # type: ignore[arg-type]
        converter = a.converter
        if (a.validator is not None or a.kw_only or (factory is not None and default.takes_self)
                or not (converter is None or type(converter).__name__ == "function")):
            raise TypeError(f"{cls.__qualname__}: field {a.name} needs attrs' own __init__")
        fields.append((a.name, (a.alias or a.name.lstrip("_")) if a.init else None, default, factory, converter))
    if hasattr(cls, "__attrs_pre_init__"):
        raise TypeError(f"{cls.__qualname__}: __attrs_pre_init__ needs attrs' own __init__")
    named = [f for f in fields if f[1] is not None]
    post, nothing, put = hasattr(cls, "__attrs_post_init__"), attrs.NOTHING, object.__setattr__

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        if len(args) > len(named):
            _refuse(named, args, kwargs, __init__.__qualname__)
        at = 0
        for name, alias, default, factory, converter in fields:
            if alias is not None and at < len(args):
                value = args[at]
                at += 1
            elif alias is not None and alias in kwargs:
                value = kwargs.pop(alias)
            elif factory is not None:
                value = factory()
            elif default is not nothing:
                value = default
            elif alias is None:
                continue  # init=False without a default: left unset, as attrs leaves it
            else:
                _refuse(named, args, kwargs, __init__.__qualname__)
            put(self, name, value if converter is None else converter(value))
        if kwargs:
            _refuse(named, args, kwargs, __init__.__qualname__)
        if post:
            self.__attrs_post_init__()

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    __init__.__module__ = cls.__module__
    return __init__


def _refuse(named: list[tuple[Any, ...]], args: tuple[Any, ...], kwargs: dict[str, Any], name: str) -> None:
    """Raise the ``TypeError`` Python gives a call of an ``__init__`` taking these fields that does not fit them."""
    params = ", ".join(alias if default is attrs.NOTHING and factory is None else f"{alias}=None"
                       for _, alias, default, factory, _ in named)
    space: dict[str, Any] = {}
    exec(f"def __init__(self, {params}): pass", space)  # only a wrong call pays for compiling the signature
    space["__init__"].__qualname__ = name
    space["__init__"](None, *args, **kwargs)
    raise AssertionError("a call the shared __init__ refused fits its fields")


def _shared(cls: _C, kwargs: dict[str, Any], frozen: bool) -> _C:
    if "__repr__" not in cls.__dict__:
        cls.__repr__ = _repr  # type: ignore[assignment]  # attrs copies it into the class it makes
    plain = set(kwargs) <= {"kw_only", "slots", "weakref_slot", "on_setattr", "init", "match_args", "getstate_setstate"}
    if plain and "__eq__" not in cls.__dict__ and "__hash__" not in cls.__dict__:
        cls.__eq__ = _eq  # type: ignore[assignment]  # attrs sees them as the class's own and writes neither
        cls.__hash__ = _hash if frozen else None  # type: ignore[assignment]  # a mutable class: unhashable, as attrs makes it
    return cls


def _made(cls: _C, make: Any, shared: _C, kwargs: dict[str, Any]) -> _C:
    """attrs' class; for a class marked ``seldom``, with the shared ``__init__`` and none compiled.

    attrs compiles an ``__init__`` (or, with ``init=False``, an ``__attrs_init__``) for every
    class, as long as its fields. For a ``seldom`` class it is shown the fields as taking no
    argument and no default (``field_transformer``), so what it compiles is a line or two; the
    class then gets its fields back as they were (what ``attrs.fields``, ``evolve`` and the shared
    methods read), their ``__match_args__``, and the shared ``__init__``.
    """
    if not cls.__dict__.get(_SELDOM):
        return make(shared, repr=False, **kwargs)  # type: ignore[no-any-return]
    delattr(cls, _SELDOM)
    real: list[tuple[Any, bool, Any]] = []

    def bare(_: type, fields: list[Any]) -> list[Any]:
        for a in fields:  # in place, as attrs itself sets a field's alias (``evolve`` costs more than the compiling saved)
            real.append((a, a.init, a.default))
            _put(a, "init", False)
            _put(a, "default", attrs.NOTHING)
        return fields

    made = make(shared, repr=False, field_transformer=bare, **kwargs)
    for a, init, default in real:
        _put(a, "init", init)
        _put(a, "default", default)
    made.__match_args__ = tuple(a.name for a, init, _ in real if init and not a.kw_only)
    made.__init__ = _initializer(made)
    return made  # type: ignore[no-any-return]


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
        made = namedtuple(name, fields, defaults=[ns[field] for field in defaults], module=ns["__module__"])
        made.__annotations__ = made.__new__.__annotations__ = dict(fields)
        for key, value in ns.items():
            if key in _PROHIBITED:
                raise AttributeError(f"Cannot overwrite NamedTuple attribute {key}")
            if key not in ("__module__", "__name__", "__annotations__") and key not in made._fields:
                setattr(made, key, value)
        return made


if TYPE_CHECKING:  # type checkers see attrs' own decorators (mypy's attrs plugin knows them by name) and typing's NamedTuple
    from typing import NamedTuple as Record

    from attrs import define, frozen
else:
    Record = _Records("Record", (), {"__doc__": "A base like ``typing.NamedTuple``'s: ``class Event(Record):`` makes a named tuple."})

    def frozen(maybe_cls: Any = None, /, **kwargs: Any) -> Any:
        """``attrs.frozen`` (immutable, slotted, compared by value), with the shared ``__repr__``, ``__eq__`` and ``__hash__``."""

        def wrap(cls: _C) -> _C:
            return _made(cls, attrs.frozen, _shared(cls, kwargs, True), kwargs)

        return wrap if maybe_cls is None else wrap(maybe_cls)

    def define(maybe_cls: Any = None, /, **kwargs: Any) -> Any:
        """``attrs.define`` (mutable, slotted), with the shared ``__repr__`` and ``__eq__``."""

        def wrap(cls: _C) -> _C:
            return _made(cls, attrs.define, _shared(cls, kwargs, False), kwargs)

        return wrap if maybe_cls is None else wrap(maybe_cls)
