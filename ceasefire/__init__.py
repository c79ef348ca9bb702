"""ceasefire: check whether a ceasefire agreement is being kept, from a dated event log.

The public API is named here and imported when first used (PEP 562), so that importing one
of the package's modules (the command line, a worker) costs only what that module needs.
"""

__version__ = "0.1.0"

TYPE_CHECKING = False  # typing's own flag, without importing typing: the command imports it with the collector paused (``launch``)
if TYPE_CHECKING:
    from .agreement import Agreement
    from .errors import CeasefireError, LogError, PackError, StateError, UsageError
    from .events import Event
    from .monitor import Monitor
    from .packs import bundled_packs, load_agreement
    from .replay import check
    from .report import Breach, Counts, LogWarning, Report

_HOMES = {
    "Agreement": "agreement",
    "Breach": "report",
    "CeasefireError": "errors",
    "Counts": "report",
    "Event": "events",
    "LogError": "errors",
    "LogWarning": "report",
    "Monitor": "monitor",
    "PackError": "errors",
    "Report": "report",
    "StateError": "errors",
    "UsageError": "errors",
    "bundled_packs": "packs",
    "check": "replay",
    "load_agreement": "packs",
}
"""Where each public name lives."""


def __getattr__(name: str) -> object:
    """A public name, imported from its module when first asked for, then kept here."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{home}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})


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
