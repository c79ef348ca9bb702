"""ceasefire: check whether a ceasefire agreement is being kept, from a dated event log."""

__version__ = "0.1.0"

from typing import TYPE_CHECKING

from .agreement import Agreement
from .replay import check
from .errors import CeasefireError, LogError, PackError, StateError, UsageError
from .events import Event
from .report import Breach, LogWarning
from .packs import bundled_packs, load_agreement
from .report import Counts, Report

if TYPE_CHECKING:
    from .monitor import Monitor


def __getattr__(name: str) -> object:
    """``Monitor``, imported when first asked for: ``ceasefire check`` never needs it."""
    if name == "Monitor":
        from .monitor import Monitor

        return Monitor
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Agreement",
    "Breach",
    "CeasefireError",
    "Counts",
    "Event",
    "LogError",
    "LogWarning",
    "Monitor",
    "PackError",
    "Report",
    "StateError",
    "UsageError",
    "__version__",
    "bundled_packs",
    "check",
    "load_agreement",
]
