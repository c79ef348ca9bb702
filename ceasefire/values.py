"""The package's value classes: ``attrs`` classes that share one ``__repr__``.

``attrs`` writes and compiles a ``__repr__`` for every class it makes. For the 25 classes
``ceasefire check`` makes at start-up that is its largest single cost: 32 of the 510 million
instructions of checking the 10-line example (``benchmarks/run.py``, start-up). ``frozen`` and
``define`` are attrs' own, with one ``__repr__`` written here in its place: the same text
(``Name(field=value, ...)`` over the fields shown), made once. A class that writes its own
``__repr__`` keeps it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

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


if TYPE_CHECKING:  # type checkers see attrs' own decorators: mypy's attrs plugin knows them by name
    from attrs import define, frozen
else:

    def frozen(maybe_cls: Any = None, /, **kwargs: Any) -> Any:
        """``attrs.frozen`` (immutable, slotted, compared by value), with the shared ``__repr__``."""

        def wrap(cls: _C) -> _C:
            return attrs.frozen(_shared_repr(cls), repr=False, **kwargs)

        return wrap if maybe_cls is None else wrap(maybe_cls)

    def define(maybe_cls: Any = None, /, **kwargs: Any) -> Any:
        """``attrs.define`` (mutable, slotted), with the shared ``__repr__``."""

        def wrap(cls: _C) -> _C:
            return attrs.define(_shared_repr(cls), repr=False, **kwargs)

        return wrap if maybe_cls is None else wrap(maybe_cls)
