"""GitHub Actions workflow commands: one annotation per breach, as it is settled.

A failing breach is an ``error``, one below ``--fail-on`` a ``warning``, one known from the
baseline a ``notice``. A breach with no line (a deadline) is annotated on line 1 and says so.
A line that looks mistyped is a ``warning``; a line (or pack) that cannot be used is an
``error`` at its file and line: ``::error file=…,line=…::message``.
Strings from a log, a pack or a file name are shown escaped, so a log cannot forge a command.
"""

from __future__ import annotations

import re

from ..errors import CeasefireError, LogError
from ..escaping import printable
from ..fingerprints import display_path
from ..report import LogWarning
from ..verdicts import Finding
from . import Format

__all__ = ["Output", "escape_data", "escape_property"]

_BREAKS = re.compile("([\r\n])")


def escape_data(text: str) -> str:
    """Escape a command's message as the runner requires; other control and bidi characters are shown escaped."""
    shown = "".join(part if part in ("\r", "\n") else printable(part) for part in _BREAKS.split(text))
    return shown.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a command property (file, title) as the runner requires."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


class Output(Format):
    """Writes ``::error file=…,line=…,title=…::…`` lines."""

    fingerprints = False
    streaming = True

    def breach(self, file: str, finding: Finding) -> None:
        b = finding.breach
        level = "notice" if finding.known else "error" if finding.fails else "warning"
        title = f"ceasefire: {b.severity} breach of {b.provision}" + (" (known)" if finding.known else "")
        message = f"{b.date}, {b.party or 'no party named'}: {b.message}"
        if b.line is None:
            message = f"(no line in the log: a {b.kind} that passed on {b.date}) {message}"
        if b.uncertain:
            message += " [uncertain]"
        self.out.write(
            f"::{level} file={escape_property(file)},line={b.line or 1},title={escape_property(title)}::{escape_data(message)}\n"
        )

    def warning(self, file: str, warning: LogWarning) -> None:
        title = f"ceasefire: {warning.code}"
        self.out.write(f"::warning file={escape_property(file)},line={warning.line or 1},"
                       f"title={escape_property(title)}::{escape_data(warning.message)}\n")

    def error(self, error: CeasefireError) -> None:
        where = []
        path = getattr(error, "path", None)
        if path:
            where.append(f"file={escape_property(display_path(path))}")
        if isinstance(error, LogError) and error.line is not None:
            where.append(f"line={error.line}")
        message = getattr(error, "message", None) or str(error)
        if not isinstance(error, LogError) and getattr(error, "key", None):
            message = f"{error.key}: {message}"  # type: ignore[attr-defined]
        self.out.write(f"::error {','.join(where)}::{escape_data(message)}\n" if where else f"::error::{escape_data(message)}\n")
