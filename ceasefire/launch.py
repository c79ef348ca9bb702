"""The ``ceasefire`` command's entry point: the command line imported with the collector paused.

Importing the command makes some hundred thousand objects and no garbage; the cyclic
collector's passes over them were a tenth of checking a short log (43 of 475 million
instructions for the 10-line example). So the import runs with the collector paused, and what
it made is moved out of the collector's sight (``gc.freeze``: the modules, classes and
functions live as long as the process) before the command runs with it on again. This is the
command's own process: the library, imported by others, leaves their collector alone.
"""

from __future__ import annotations

import gc

TYPE_CHECKING = False  # without importing typing, which the command imports with the collector paused
if TYPE_CHECKING:
    from typing import Any

__all__ = ["main"]


def main(prog_name: str | None = None) -> Any:
    """Run the ``ceasefire`` command (``python -m ceasefire`` and the installed script)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        from .cli import main as command
    finally:
        gc.freeze()
        if collecting:
            gc.enable()
    return command(prog_name=prog_name)
