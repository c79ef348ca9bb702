"""The checker the command line builds: run one check and write it in the chosen format."""

from __future__ import annotations

import sys
from typing import IO

import attrs

from .checking import check
from .formats import formatter

__all__ = ["Checker"]


@attrs.define
class Checker:
    """One ``ceasefire check`` run; ``run()`` returns the exit code (errors are raised)."""

    log: str
    agreement: str | None = None
    as_of: str | None = None
    sort: bool = False
    format: str = "text"
    stdout: IO[str] = attrs.field(factory=lambda: sys.stdout)
    stdin: IO[bytes] = attrs.field(factory=lambda: sys.stdin.buffer)

    def run(self) -> int:
        """Check the log, write the report, and say whether it found a breach (1) or not (0)."""
        if self.log == "-":
            report = check(self.stdin, agreement=self.agreement, as_of=self.as_of, sort=self.sort, name="<stdin>")
        else:
            report = check(self.log, agreement=self.agreement, as_of=self.as_of, sort=self.sort)
        for chunk in formatter(self.format)(report):
            self.stdout.write(chunk)
        return report.exit_code
