"""The ``ceasefire`` command's entry point: the command line imported with the collector paused.

Importing the command makes some hundred thousand objects and no garbage; the cyclic
collector's passes over them were a tenth of checking a short log (43 of 475 million
instructions for the 10-line example). So the import runs with the collector paused, and what
it made is moved out of the collector's sight (``gc.freeze``: the modules, classes and
functions live as long as the process) before the command runs with it on again. This is the
command's own process: the library, imported by others, leaves their collector alone.

When the command is done, the interpreter would take every module apart before the process
ends (8 of the 382 million instructions of checking the 10-line example), for nothing the
command still needs: every file it writes is closed and put in place before it returns
(``outputs.OutputFile``, in the ``finally`` of each run). So ``_leave`` ends the process at
once, after what the interpreter's exit would have done that can be seen from outside: the
``atexit`` functions run, standard output and error flushed, the same exit code. It does so
only for an exit code the command chose (an ``int`` or None) with no other thread running,
and when a flush fails it leaves the exit to the interpreter, which reports that as it always
did. A caller that runs the command in its own process (click's ``CliRunner``, a test) calls
``cli.main``, not this.
"""

from __future__ import annotations

import gc
import os
import sys

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
    try:
        return command(prog_name=prog_name)
    except SystemExit as done:
        _leave(done)
        raise


def _leave(done: SystemExit) -> None:
    """End the process with ``done``'s exit code without taking the interpreter apart, when nothing is lost by it.

    Returns (and the caller re-raises ``done``) when the code is not a number (the interpreter
    prints it), a thread other than this one is running (the interpreter waits for it), a
    tracer or profiler is set (``python -m cProfile -m ceasefire`` writes its figures after the
    command returns), or flushing standard output or error fails (the interpreter says so, and
    exits 120).
    """
    code = 0 if done.code is None else done.code
    if type(code) is not int or not -(1 << 31) <= code < 1 << 31:
        return
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() != 1:
        return
    if sys.gettrace() is not None or sys.getprofile() is not None:
        return  # a tracer, profiler or debugger (coverage, cProfile, pdb) reports what it gathered after the command returns
    import atexit

    atexit._run_exitfuncs()  # what the interpreter's exit runs: logging's shutdown, a pool's clean-up
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except Exception:  # noqa: BLE001  (the interpreter's own flush at exit reports it)
            return
    os._exit(code & 0xFF)  # as exit(3) takes the interpreter's code
