"""ceasefire: check whether a ceasefire agreement is being kept, from a dated event log."""

__version__ = "0.1.0"

from .agreement import Agreement
from .replay import check
from .errors import CeasefireError, LogError, PackError, UsageError
from .events import Event
from .report import Breach, LogWarning
from .monitor import Monitor
from .packs import bundled_packs, load_agreement
from .report import Counts, Report

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
    "UsageError",
    "__version__",
    "bundled_packs",
    "check",
    "load_agreement",
]
