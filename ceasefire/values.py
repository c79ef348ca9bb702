"""The package's value classes: ``attrs`` classes that share one ``__repr__``.

``attrs`` writes and compiles a ``__repr__`` for every class it makes. For the 25 classes
``ceasefire check`` makes at start-up that is its largest single cost: 32 of the 510 million
instructions of checking the 10-line example (``benchmarks/run.py``, start-up). ``frozen`` and
``define`` are attrs' own, with one ``__repr__`` written here in its place: the same text
(``Name(field=value, ...)`` over the fields shown), made once. A class that writes its own
``__repr__`` keeps it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform, overload

import attrs

__all__ = ["define", "frozen"]

_C = TypeVar("_C", bound=type)


def _repr(self: Any) -> str:
    """attrs' repr, for any attrs instance: its class's name and each shown field's value."""
    name = self.__class__.__qualname__.rsplit(">.", 1)[-1]
    shown = ", ".join(f"{a.name}={getattr(self, a.name)!r}" for a in self.__attrs_attrs__ if a.repr)
    return f"{name}({shown})"


def _shared_repr(cls: _C) -> _C:
    if "__repr__" not in cls.__dict__:
        cls.__repr__ = _repr  # type: ignore[assignment]  # attrs copies it into the class it makes
    return cls


@overload
def frozen(maybe_cls: _C, /, **kwargs: Any) -> _C: ...
@overload
def frozen(maybe_cls: None = None, /, **kwargs: Any) -> Callable[[_C], _C]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(attrs.field,))
def frozen(maybe_cls: Any = None, /, **kwargs: Any) -> Any:
    """``attrs.frozen`` (immutable, slotted, compared by value), with the shared ``__repr__``."""
    def wrap(cls: _C) -> _C:
        return attrs.frozen(_shared_repr(cls), repr=False, **kwargs)

    return wrap if maybe_cls is None else wrap(maybe_cls)


@overload
def define(maybe_cls: _C, /, **kwargs: Any) -> _C: ...
@overload
def define(maybe_cls: None = None, /, **kwargs: Any) -> Callable[[_C], _C]: ...


@dataclass_transform(field_specifiers=(attrs.field,))
def define(maybe_cls: Any = None, /, **kwargs: Any) -> Any:
    """``attrs.define`` (mutable, slotted), with the shared ``__repr__``."""
    def wrap(cls: _C) -> _C:
        return attrs.define(_shared_repr(cls), repr=False, **kwargs)

    return wrap if maybe_cls is None else wrap(maybe_cls)
