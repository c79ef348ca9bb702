"""What the engine's second half (``effects.Effects``, a mixin of ``Engine``) reads of a replay, declared for a type checker.

``Effects``' methods read the attributes ``Engine.__init__`` sets and call two of ``Engine``'s
own methods. A type checker reads them here, as ``Effects``' base (``EngineParts``: declarations
only, which ``Engine`` makes good); at run time that base is ``object``, so nothing is added to an engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["EngineParts"]

if TYPE_CHECKING:
    from datetime import date, datetime, tzinfo
    from typing import Any

    from transitions import Machine

    from .agreement import Agreement, Provision
    from .matching import Matcher
    from .provisions import Provisions
    from .report import Change, Extension
    from .settle import Settling
    from .shown import ShownDates
    from .timers import Scheduler

    class EngineParts:
        """A replay's state as ``Engine.__init__`` sets it (its meaning there), and the methods of ``Engine`` that ``Effects`` calls."""

        agreement: Agreement
        timers: Scheduler
        pending: Settling
        changes: list[Change]
        extensions: list[Extension]
        out_of_area: int
        _zone: tzinfo
        _shown: ShownDates
        _acts: dict[int, tuple[Any, ...]]  # by the rule's id(): effects._acts
        _provisions: tuple[Provision, ...]
        _index: dict[str, int]
        _machines: tuple[Machine, ...]
        _direct: list[bool]
        _instances: Provisions
        _timer_ref: dict[str, tuple[int, int]]
        _observed: dict[str, str | None]
        _declared: set[str]
        _end_at: datetime | None
        _in_force: list[bool]
        _worst: int
        _lagging: list[bool]
        _fragile_rank: int | None
        _last_fragile: datetime | None
        _matcher: Matcher

        def _edge_changed(self) -> None: ...
        def _local_day(self, instant: datetime) -> date: ...
else:
    EngineParts = object
