"""The ``ceasefire`` command: parses arguments, builds a checker, turns errors into exit codes.

This is the only module that imports click; ``exits`` turns a command's exceptions into exit
codes (2 for bad input or usage, 3 for a bug), in one place.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

import click

from . import __version__
from .builder import build_checker, build_report
from .dates import UTC, parse_moment
from .errors import EXIT_ERROR
from .escaping import printable
from .exits import run_job
from .formats import FORMATS, PERIODS
from .packs import bundled_packs, load_agreement
from .settings import merge
from .verdicts import FAIL_ON, FAIL_ON_STATUS

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem

__all__ = ["main"]


class _Commands(click.Group):
    """The ``ceasefire`` group: ``check`` is made at import, the other commands (``_more_commands``) when first needed."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            _more_commands()
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        _more_commands()
        return super().list_commands(ctx)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ceasefire")
def main() -> None:
    """Check whether a ceasefire agreement is being kept, from a dated event log."""


def clock() -> datetime:
    """The current time, for ``--as-of now`` and ``--as-of today``: the only place the command reads the clock."""
    return datetime.now(UTC)


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Check an ISO 8601 date's form here (or ``now``, ``today``); the pack's time zone is applied later."""
    if value is not None and value not in ("now", "today"):
        try:
            parse_moment(value, UTC)
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from None
    return value


def _reports(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[tuple[str, str]]:
    out = []
    for value in values:
        name, sep, path = value.partition(":")
        if not sep or not path or name not in FORMATS:
            raise click.BadParameter(f"{value!r}: expected FORMAT:PATH with FORMAT one of {', '.join(FORMATS)}")
        out.append((name, path))
    return out


def _complete_agreement(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Bundled agreement names, then pack files (the shell completes paths): wherever a pack is expected."""
    from click.shell_completion import CompletionItem  # only completing pays for it

    names = [CompletionItem(name) for name in bundled_packs() if name.startswith(incomplete)]
    return [*names, CompletionItem(incomplete, type="file")]


def _complete_words(words: tuple[str, ...], incomplete: str) -> list[CompletionItem]:
    from click.shell_completion import CompletionItem

    return [CompletionItem(w) for w in words if w.startswith(incomplete)]


@main.command("check")
@click.argument("logs", metavar="LOG...", nargs=-1, type=click.Path(allow_dash=True))
@click.option("--agreement", "-a", metavar="NAME|PATH", shell_complete=_complete_agreement, help="Agreement pack: a bundled name or a .toml path (overrides each log's header).")
@click.option("--as-of", metavar="DATE|now|today", callback=_date,
              shell_complete=lambda ctx, param, incomplete: _complete_words(("now", "today"), incomplete),
              help="Give the verdict as of this date, now, or the end of today in the pack's time zone (default: the date of the latest event).")
@click.option("--format", "-f", "output_format", type=click.Choice(list(FORMATS)), help="Output format.  [default: text]")
@click.option("--output", "-o", metavar="FILE", help="Write the output to FILE instead of standard output.")
@click.option("--report", "reports", metavar="FORMAT:PATH", multiple=True, callback=_reports, help="Also write a report in FORMAT to PATH (repeatable).")
@click.option("--fail-on", type=click.Choice(FAIL_ON), help="Exit 1 for a breach this severe or worse.  [default: minor]")
@click.option("--fail-on-status", type=click.Choice(FAIL_ON_STATUS), help="Exit 1 when a log's status is this or worse.")
@click.option("--fail-on-alleged/--no-fail-on-alleged", default=None, help="Alleged breaches (claims short of the rule's verification) fail the run too.")
@click.option("--baseline", metavar="FILE", help="Breaches recorded in FILE are reported as known and do not fail the run.")
@click.option("--write-baseline", metavar="FILE", help="Record the current breaches in FILE as known.")
@click.option("--strict/--no-strict", default=None, help="Make each warning (a mistyped field, actor or type) an error: exit 2.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), metavar="N",
              help="Check the logs in N processes at once (default: this machine's cores; 1: one after another).")
@click.option("--sort", is_flag=True, help="Sort each log by date first (reads the whole log into memory).")
@click.option("--resume", metavar="FILE", help="Go on from the snapshot in FILE (if any) where the last check stopped; save the next one there.")
@click.option("--from", "source", type=click.Choice(["acled", "ucdp", "gdelt"]), help="Read each FILE as this dataset, through the pack's mapping (needs --agreement).")
@click.option("--map", "mapping", metavar="MAP.toml", help="With --from: the mapping file to use instead of the one beside the pack.")
@click.option("--stdin-filename", metavar="NAME", help="The name to report for a log read from standard input ('-').")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True, help="Colour the text output.")
@click.option("--quiet", "-q", is_flag=True, help="Print the breaches only.")
@click.option("--explain", is_flag=True, help="Say why: each provision's history, and the cause of the status.")
@click.option("--tally", is_flag=True, help="Count the breaches per party, and per party and day (or week).")
@click.option("--per", type=click.Choice(PERIODS), default="day", show_default=True, help="Count tallies per day or per week.")
@click.option("--show-config", is_flag=True, help="Print the settings in force, and where each comes from, then exit.")
@click.option("--debug", is_flag=True, help="Show the traceback of an internal error.")
def check_command(logs: tuple[str, ...], **options: Any) -> None:
    """Replay each event log LOG against its agreement ('-' reads standard input; a directory is
    searched for *.jsonl files).

    \b
    ceasefire check LOG... [-a|--agreement NAME|PATH] [--as-of DATE|now|today] [--sort] [--from acled|ucdp|gdelt [--map MAP.toml]]
                    [-f|--format text|json|jsonl|github|gitlab|junit|sarif|markdown|csv|html]
                    [-o|--output FILE] [--explain] [--tally] [--per day|week]
                    [--report FORMAT:PATH]... [--fail-on minor|major|critical|never]
                    [--fail-on-status fragile|in_doubt|collapsed] [--fail-on-alleged|--no-fail-on-alleged] [--baseline FILE]
                    [--write-baseline FILE] [--strict|--no-strict] [-j|--jobs N] [--resume FILE] [--stdin-filename NAME]
                    [--color auto|always|never] [-q|--quiet] [--show-config] [--debug] [-h|--help]

    Exit status: 0 nothing at or above the thresholds, 1 something is, 2 a bad log, pack,
    option or setting (or, with --strict, a warning), 3 an internal error.
    """
    sys.exit(_run(lambda: _check(logs, options), options["debug"]))


def _check(logs: tuple[str, ...], o: dict[str, Any]) -> int:
    flags = {"agreement": o["agreement"], "format": o["output_format"], "fail-on": o["fail_on"],
             "fail-on-status": o["fail_on_status"], "fail-on-alleged": o["fail_on_alleged"], "baseline": o["baseline"],
             "strict": o["strict"], "jobs": o["jobs"]}
    cwd = os.getcwd()
    settings = merge(flags, cwd)
    for warning in settings.warnings:
        click.echo(printable(f"ceasefire: warning: {warning}"), err=True)
    if o["show_config"]:
        from .parallel import default_jobs

        click.echo(settings.describe(cores=default_jobs()), nl=False)
        return 0
    if not logs:
        raise click.UsageError("give at least one LOG (a file, a directory, or - for standard input)")
    tty = sys.stdout is not None and sys.stdout.isatty()
    color = {"always": True, "never": False}.get(o["color"], tty and not os.environ.get("NO_COLOR"))
    checker = build_checker(logs, o, settings, cwd, color, clock() if o["as_of"] in ("now", "today") else None)
    return checker.run()


def _echo(text: str, raw: bool = False) -> int:
    """Print a command's text; ``raw`` for diagram sources, whose names a pack cannot choose freely."""
    click.echo(text if raw else _lines(text), nl=False)
    return 0


def _lines(text: str) -> str:
    """Text from a pack or a case, each line shown escaped (its line breaks kept)."""
    return "\n".join(printable(line) for line in text.split("\n"))


def _run(job: Callable[[], int], debug: bool) -> int:
    """Run a command's job (``exits.run_job``): its errors said on stderr, click's usage errors left to click."""
    return run_job(job, debug, lambda text: click.echo(text, err=True), (click.ClickException,))


def _more_commands() -> None:
    """Define the commands other than ``check``, once, when one is first looked up or listed: a check builds none of their options."""
    if "report" in main.commands:
        return

    @main.command("report")
    @click.argument("log", metavar="LOG", type=click.Path(allow_dash=True))
    @click.option("--agreement", "-a", metavar="NAME|PATH", shell_complete=_complete_agreement, help="Agreement pack (overrides the log's header).")
    @click.option("--as-of", metavar="DATE|now|today", callback=_date, help="Draw the truce as of this date (default: the latest event).")
    @click.option("--per", type=click.Choice(PERIODS), default="day", show_default=True, help="Count the tally's bars per day or per week.")
    @click.option("--output", "-o", metavar="FILE", help="Write the page to FILE (default: standard output).")
    def report_command(log: str, agreement: str | None, as_of: str | None, per: str, output: str | None) -> None:
        """Draw LOG as one self-contained HTML page: a lane per provision, breaches, deadlines, tallies, the explanation."""
        settings = merge({"agreement": agreement}, os.getcwd())
        checker = build_report(log, settings, as_of, per, output, os.getcwd(), clock() if as_of in ("now", "today") else None)
        sys.exit(_run(checker.run, debug=False))

    @main.command("watch")
    @click.argument("log", metavar="LOG", type=click.Path())
    @click.option("--agreement", "-a", metavar="NAME|PATH", shell_complete=_complete_agreement, help="Agreement pack (overrides the log's header).")
    @click.option("--format", "-f", "output_format", type=click.Choice(["text", "jsonl"]), default="text", show_default=True)
    @click.option("--interval", type=click.FloatRange(0.01, 60), default=0.5, show_default=True, help="Seconds between two looks at LOG.")
    @click.option("--state", metavar="FILE", help="Save the watch's state to FILE as it goes; start from it when FILE exists.")
    def watch_command(log: str, agreement: str | None, output_format: str, interval: float, state: str | None) -> None:
        """Follow LOG as it grows (as tail -F does): print each breach, change of state and of status as it happens, and
        fire deadlines by the clock. Ctrl-C ends it with the verdict as of now (exit 1 if a breach was found)."""
        from .watch import Watcher

        agreement = merge({"agreement": agreement}, os.getcwd())["agreement"]
        sys.exit(_run(lambda: Watcher(log, agreement=agreement, format=output_format, now=clock, state=state).run(interval), debug=False))

    @main.command("agreements")
    def agreements_command() -> None:
        """List the bundled agreement packs: id, title, start, provisions."""
        from .packtools.show import listing

        sys.exit(_run(lambda: _echo(listing()), debug=False))

    @main.command("show")
    @click.argument("agreement", metavar="AGREEMENT", shell_complete=_complete_agreement)
    def show_command(agreement: str) -> None:
        """Explain a pack (a bundled name or a path) in words."""
        from .packtools.show import describe

        sys.exit(_run(lambda: _echo(describe(load_agreement(agreement))), debug=False))

    @main.command("graph")
    @click.argument("agreement", metavar="AGREEMENT", shell_complete=_complete_agreement)
    @click.option("--provision", "-p", metavar="P", help="Only this provision's diagram.")
    @click.option("--format", "-f", "output_format", type=click.Choice(["mermaid", "dot"]), default="mermaid", show_default=True)
    def graph_command(agreement: str, provision: str | None, output_format: str) -> None:
        """Draw the provisions' state diagrams (Mermaid stateDiagram-v2, or Graphviz DOT)."""
        from .packtools.graph import diagram

        sys.exit(_run(lambda: _echo(diagram(load_agreement(agreement), provision, output_format), raw=True), debug=False))

    @main.command("lint")
    @click.argument("packs", metavar="PACK...", nargs=-1, required=True, shell_complete=_complete_agreement)
    def lint_command(packs: tuple[str, ...]) -> None:
        """Find the mistakes loading does not catch. Exit 1 when there is a finding."""
        from .packtools.lint import lint_packs

        sys.exit(_run(lambda: lint_packs(packs, lambda line: click.echo(printable(line))), debug=False))

    @main.command("test")
    @click.argument("packs", metavar="[PACK]...", nargs=-1, shell_complete=_complete_agreement)
    def test_command(packs: tuple[str, ...]) -> None:
        """Run the packs' own test cases (default: every bundled pack). Exit 1 when one fails."""
        from .packtools.selftest import run_tests

        sys.exit(_run(lambda: run_tests(packs, lambda text: click.echo(_lines(text))), debug=False))

    @main.command("new")
    @click.argument("agreement_id", metavar="AGREEMENT-ID")
    @click.option("--dir", "folder", type=click.Path(file_okay=False), default=".", show_default=True, help="Where to write the pack.")
    def new_command(agreement_id: str, folder: str) -> None:
        """Write a commented skeleton pack, AGREEMENT-ID.toml, with a first test case beside it."""
        from pathlib import Path

        from .packtools.new import write_skeleton

        def job() -> int:
            for path in write_skeleton(agreement_id, Path(folder)):
                click.echo(printable(f"wrote {path}"))
            return 0

        sys.exit(_run(job, debug=False))

    @main.command("schema")
    @click.argument("which", type=click.Choice(["events", "report"]))
    def schema_command(which: str) -> None:
        """Print the JSON Schema (draft 2020-12) of the event-log lines or of the JSON report."""
        from .schemas import schema_text

        click.echo(schema_text(which), nl=False)

    @main.command("import")
    @click.argument("source", type=click.Choice(["acled", "ucdp", "gdelt"]))
    @click.argument("files", metavar="FILE...", nargs=-1, required=True, type=click.Path(dir_okay=False))
    @click.option("--agreement", "-a", metavar="NAME|PATH", required=True, help="Agreement pack: a bundled name or a .toml path.")
    @click.option("--map", "map_file", metavar="MAP.toml", type=click.Path(dir_okay=False), help="Mapping file to use instead of the one beside the pack.")
    @click.option("--output", "-o", metavar="LOG.jsonl", type=click.Path(dir_okay=False), help="Write the log to this file (atomically) instead of standard output.")
    @click.option("--previous", metavar="OLD.jsonl", type=click.Path(dir_okay=False), help="An earlier import of the same data: name the events added, changed and removed since.")
    @click.option("--strict", is_flag=True, help="Exit 2 when an actor name or event type is not in the mapping.")
    def import_command(source: str, files: tuple[str, ...], agreement: str, map_file: str | None, output: str | None,
                       previous: str | None, strict: bool) -> None:
        """Import ACLED, UCDP GED or GDELT FILEs as an event log in the pack's vocabulary, in date order.

        The fate of every row (imported, out_of_scope, unmapped, malformed) and the unmapped actor
        names and types are reported on standard error. Exit status: 0 done, 2 malformed rows, an
        unmapped name with --strict, or a bad file, pack or mapping.
        """
        from .importer import run_import

        def job() -> int:
            result = run_import(source, list(files), load_agreement(agreement), output or sys.stdout.buffer,
                                mapping=map_file, previous=previous, agreement_ref=agreement)
            click.echo(result.describe(), err=True, nl=False)
            fates = result.fates
            return EXIT_ERROR if fates.malformed or (strict and (fates.unmapped or fates.actors or fates.types)) else 0

        sys.exit(_run(job, debug=False))
