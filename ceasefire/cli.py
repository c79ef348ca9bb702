"""The ``ceasefire`` command: parses arguments, builds a checker, turns errors into exit codes.

This is the only module that imports click, and the one place where exceptions become
exit codes: 2 for bad input or usage, 3 for a bug.
"""

from __future__ import annotations

import sys
import traceback
from typing import Callable

import click

from . import __version__
from .checker import Checker
from .dates import UTC, parse_moment
from .errors import CeasefireError
from .formats import FORMATS

__all__ = ["main"]

EXIT_ERROR = 2
EXIT_BUG = 3


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ceasefire")
def main() -> None:
    """Check whether a ceasefire agreement is being kept, from a dated event log."""


@main.command("check")
@click.argument("log", metavar="LOG")
@click.option("--agreement", "-a", metavar="NAME|PATH", help="Agreement pack: a bundled name or a .toml path (overrides the log's header).")
@click.option(
    "--as-of", metavar="DATE", callback=lambda ctx, param, value: _date(value),
    help="Give the verdict as of this date (default: the date of the last event).",
)
@click.option(
    "--format", "-f", "output_format", type=click.Choice(list(FORMATS)), default="text", show_default=True,
    help="Output format.",
)
@click.option("--sort", is_flag=True, help="Sort the log by date first (reads the whole log into memory).")
@click.option("--debug", is_flag=True, help="Show the traceback of an internal error.")
def check_command(log: str, agreement: str | None, as_of: str | None, output_format: str, sort: bool, debug: bool) -> None:
    """Replay the event log LOG ('-' for standard input) against its agreement.

    Exit status: 0 no breach, 1 at least one breach, 2 bad input or usage, 3 internal error.
    """
    checker = Checker(log=log, agreement=agreement, as_of=as_of, sort=sort, format=output_format)
    sys.exit(_run(checker.run, debug))


def _date(value: str | None) -> str | None:
    """Check an ISO 8601 date's form here; the pack's time zone is applied later."""
    if value is not None:
        try:
            parse_moment(value, UTC)
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from None
    return value


def _run(job: Callable[[], int], debug: bool) -> int:
    try:
        return job()
    except CeasefireError as exc:
        click.echo(str(exc), err=True)
        return EXIT_ERROR
    except Exception as exc:  # a bug: one line for the user, the traceback on request
        if debug:
            traceback.print_exc()
        click.echo(
            f"ceasefire: internal error ({type(exc).__name__}: {exc}); this is a bug, please report it "
            "with the command and input that caused it (--debug shows the traceback)",
            err=True,
        )
        return EXIT_BUG
