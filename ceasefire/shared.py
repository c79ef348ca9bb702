"""What is worked out once per agreement and shared by every parser and matcher of it.

A stream processor keeps one live engine per key (an agreement and a sector, say): each would
otherwise hold its own copy of tables that depend on the pack alone (the rules' actor and
target gates and plans, the type indexes, the "did you mean" hints), most of a live
``Monitor``'s memory. They never change once made, so one copy serves every engine of the
agreement, for as long as the agreement lives (agreements compare by identity).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from .agreement import Agreement

__all__ = ["once"]

_T = TypeVar("_T")
_TABLES: weakref.WeakKeyDictionary[Agreement, dict[str, Any]] = weakref.WeakKeyDictionary()


def once(agreement: Agreement, name: str, make: Callable[[], _T]) -> _T:
    """The table ``name`` of ``agreement``: ``make()`` the first time it is asked for, the same object after."""
    tables = _TABLES.get(agreement)
    if tables is None:
        tables = _TABLES[agreement] = {}
    table = tables.get(name)
    if table is None:
        table = tables[name] = make()
    return table
