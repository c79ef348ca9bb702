"""GitHub Actions workflow commands: one annotation per breach, as it is settled.

A failing breach is an ``error``, one below ``--fail-on`` a ``warning``, one known from the
baseline a ``notice``. A breach with no line (a deadline) is annotated on line 1 and says so.
Strings from a log, a pack or a file name are shown escaped, so a log cannot forge a command.
"""

from __future__ import annotations

import re

from ..escaping import printable
from ..results import Finding
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
