"""The one place where a command's errors and signals become exit codes.

A command's job returns its exit code; what it raises is said in one line on standard error
and turned into a code here: 2 for bad input or usage (``CeasefireError``), 3 for a bug (one
line asking for a report; the traceback with ``--debug``), 130 for Ctrl-C and 128+N for
SIGTERM or SIGHUP, after removing the temporary files of outputs not yet in place, and 1 when
the reader of standard output went away. The command line hands in how to say a line and the
exceptions it handles itself (click's usage errors), so that this module needs no click.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # _signal has no stubs: its functions are signal's
    import signal
else:
    try:  # the signal module's functions without its enums (1.3 ms of every start)
        import _signal as signal
    except ImportError:  # pragma: no cover  # an interpreter without it
        import signal

from .errors import EXIT_BUG, EXIT_INTERRUPTED, CeasefireError
from .escaping import printable
from .outputs import quiet_stdout, remove_temporary_files

__all__ = ["run_job"]


class _Stopped(BaseException):
    """A signal asked the run to stop: unwinds like KeyboardInterrupt, so temporary files are removed."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.code = 128 + signum


def _stop(signum: int, frame: object) -> None:
    raise _Stopped(signum)


def run_job(job: Callable[[], int], debug: bool, say: Callable[[str], None],
            passed: tuple[type[BaseException], ...] = ()) -> int:
    """Run a command's job; turn its errors into lines ``say`` writes and exit codes. ``passed`` are re-raised as they are."""
    handled = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    try:
        previous = {signum: signal.signal(signum, _stop) for signum in handled}
    except ValueError:  # not the main thread: signals keep their own handling
        previous = {}
    try:
        return job()
    except CeasefireError as exc:
        if getattr(exc, "path", None) == "<stdout>":
            quiet_stdout()
        say(printable(str(exc)))
        return exc.exit_code
    except passed:
        raise
    except BrokenPipeError:  # the reader went away (| head): nothing more to say
        quiet_stdout()
        return 1
    except KeyboardInterrupt:
        remove_temporary_files()
        say("ceasefire: interrupted")
        return EXIT_INTERRUPTED
    except _Stopped as stop:
        remove_temporary_files()
        say(f"ceasefire: stopped by signal {stop.code - 128}")
        return stop.code
    except Exception as exc:  # a bug: one line for the user, the traceback on request
        if debug:
            traceback.print_exc()
        say(printable(f"ceasefire: internal error ({type(exc).__name__}: {exc}); this is a bug, please report it "
                      "with the command and input that caused it (--debug shows the traceback)"))
        return EXIT_BUG
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
