"""The builder of a ``check`` run: the command's options and the settings in force, made into a ``Checker``.

The command line only parses arguments; what they mean together (the settings file's
defaults, the project root, the policy) is decided here, so that a caller without click
builds the same checker.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from os import PathLike
from typing import Any

from .fingerprints import root_folder
from .formats import View
from .run import Checker
from .settings import Settings
from .verdicts import Policy

__all__ = ["build_checker", "build_report"]


def build_checker(logs: Sequence[str], options: Mapping[str, Any], settings: Settings, cwd: str | PathLike[str], color: bool,
                  now: datetime | None) -> Checker:
    """A checker for these logs, from the command's options (by their parameter names) and the settings in force."""
    o = options
    return Checker(
        logs=logs,
        agreement=settings["agreement"],
        as_of=o["as_of"],
        sort=o["sort"],
        policy=Policy(settings["fail-on"], settings["fail-on-status"], settings["fail-on-alleged"]),
        outputs=[(settings["format"], o["output"]), *o["reports"]],
        baseline=settings["baseline"],
        write_baseline=o["write_baseline"],
        source=o["source"],
        mapping=o["mapping"],
        stdin_filename=o["stdin_filename"],
        color=color,
        quiet=o["quiet"],
        strict=settings["strict"],
        root=root_folder(settings.path, cwd),
        now=now,
        view=View(o["explain"], o["tally"], o["per"]),
        # None: as many as the cores, decided when there are several files; --resume checks one log here, whatever
        # the settings file's jobs (only --jobs on the command line is refused with it)
        jobs=settings["jobs"] if o.get("resume") is None else o.get("jobs"),
        resume=o.get("resume"),
    )


def build_report(log: str, settings: Settings, as_of: str | None, per: str, output: str | None, cwd: str | PathLike[str],
                 now: datetime | None) -> Checker:
    """A checker that draws one log as an HTML page (``ceasefire report``): never failing, quiet, explained and tallied."""
    return Checker(logs=[log], agreement=settings["agreement"], as_of=as_of, policy=Policy("never"), outputs=[("html", output)],
                   quiet=True, root=root_folder(settings.path, cwd), view=View(True, True, per), now=now)
