"""What ``ceasefire watch`` prints: each breach, change of state and change of status as it happens, and the final verdict.

Two outputs with one interface: ``Text`` (a line each, for people; every string from a log or
a pack shown escaped) and ``Jsonl`` (a record each, for pipes: ``header``, ``breach``,
``withdrawn``, ``transition``, ``status``, ``implementation``, ``warning``, ``error``, ``notice`` and, at the end,
``verdict``). Notices, warnings and errors go to the error stream in text, to the records in
JSON Lines.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from .errors import CeasefireError, LogError
from .escaping import printable
from .narrate import explanation_lines, implementation_sentence, status_sentence
from .report import Breach, Change, LogWarning
from .story import Explanation
from .verdicts import SCHEMA_VERSION, TOOL

__all__ = ["Jsonl", "Text", "output"]

NOTICES = {"missing": "waiting for the file to appear", "appeared": "the file appeared; reading it",
           "truncated": "the file was truncated; reading it again from its start",
           "rotated": "the file was replaced (rotated); reading the new one from its start"}


class Text:
    """A line per thing that happens; the verdict as ``check --explain`` words it."""

    def __init__(self, file: str, out: TextIO, err: TextIO) -> None:
        self.file, self.out, self.err = file, out, err

    def _say(self, text: str) -> None:
        self.out.write(printable(text) + "\n")
        self.out.flush()

    def breach(self, breach: Breach) -> None:
        """A breach, settled or found by the clock."""
        where = f"line {breach.line}" if breach.line is not None else f"no line (a {breach.kind})"
        flag = " [uncertain]" if breach.uncertain else ""
        self._say(f"{breach.date}  {breach.severity} breach of {breach.provision}, {where}, party {breach.party or 'not named'}: "
                  f"{breach.message}{flag}")

    def withdrawn(self, breach: Breach) -> None:
        """A breach shown earlier that a line logged since has undone (an event dated before the clock's deadline)."""
        self._say(f"{breach.date}  withdrawn: the {breach.severity} breach of {breach.provision} ({breach.rule}) "
                  "did not happen, by lines logged since")

    def change(self, change: Change, cause: str, anchor: str | None = None) -> None:
        """A provision moved; ``cause`` in words (``anchor``: when the timer that moved it began counting)."""
        name = change.provision if change.instance is None else f"{change.provision} ({change.instance})"
        self._say(f"{change.date}  {name}: {change.before} -> {change.after} ({cause})")

    def status(self, date: str, before: str | None, after: str, why: Explanation) -> None:
        """The agreement's status changed."""
        self._say(f"{date}  status {after}{f' (was {before})' if before else ''}: {status_sentence(why)}")

    def implementation(self, date: str, before: str | None, after: str, why: Explanation) -> None:
        """How the provisions are carried out changed (on_track, behind, stalled)."""
        self._say(f"{date}  implementation {after}{f' (was {before})' if before else ''}: {implementation_sentence(why)}")

    def notice(self, what: str) -> None:
        """Something happened to the file."""
        self.err.write(printable(f"ceasefire: {self.file}: {NOTICES[what]}") + "\n")

    def warning(self, warning: LogWarning) -> None:
        """A line that looks mistyped."""
        self.err.write(printable(warning.render(self.file)) + "\n")

    def error(self, error: CeasefireError) -> None:
        """A line, or the pack, that cannot be used; the watch goes on."""
        self.err.write(printable(str(error)) + "\n")

    def verdict(self, agreement: str, as_of: str, status: str, why: Explanation | None, found: int) -> None:
        """The end: the verdict as of now."""
        self._say("")
        self._say(f"{self.file}: {agreement}: as of {as_of}: status {status}; {found} breach{'es' if found != 1 else ''}")
        if why is not None:
            for line in explanation_lines(why):
                self._say(line)


class Jsonl:
    """A JSON object per line, each with its ``record``, sorted keys; the first a ``header`` like ``check``'s."""

    def __init__(self, file: str, out: TextIO, err: TextIO) -> None:
        self.file, self.out = file, out
        self._write({"record": "header", "schema_version": SCHEMA_VERSION, "tool": TOOL})

    def _write(self, record: dict[str, Any]) -> None:
        self.out.write(json.dumps(record, sort_keys=True, ensure_ascii=False) + "\n")
        self.out.flush()

    def breach(self, breach: Breach) -> None:
        self._write({"record": "breach", "file": self.file, **breach.to_dict()})

    def withdrawn(self, breach: Breach) -> None:
        self._write({"record": "withdrawn", "file": self.file, **breach.to_dict()})

    def change(self, change: Change, cause: str, anchor: str | None = None) -> None:
        self._write({"record": "transition", "file": self.file, **change.to_dict(), "anchor": anchor, "because": cause})

    def status(self, date: str, before: str | None, after: str, why: Explanation) -> None:
        self._write({"record": "status", "file": self.file, "date": date, "before": before, "after": after, "since": why.since,
                     "text": status_sentence(why)})

    def implementation(self, date: str, before: str | None, after: str, why: Explanation) -> None:
        self._write({"record": "implementation", "file": self.file, "date": date, "before": before, "after": after,
                     "text": implementation_sentence(why)})

    def notice(self, what: str) -> None:
        self._write({"record": "notice", "file": self.file, "notice": what, "message": NOTICES[what]})

    def warning(self, warning: LogWarning) -> None:
        self._write({"record": "warning", "file": self.file, **warning.to_dict()})

    def error(self, error: CeasefireError) -> None:
        line = error.line if isinstance(error, LogError) else None
        self._write({"record": "error", "file": self.file, "line": line, "message": str(error)})

    def verdict(self, agreement: str, as_of: str, status: str, why: Explanation | None, found: int) -> None:
        provisions = {} if why is None else {pid: {k: v for k, v in story.items() if k != "history"}
                                             for pid, story in why.provisions_dict().items()}
        self._write({"record": "verdict", "file": self.file, "agreement": agreement, "as_of": as_of, "status": status,
                     "breaches": found, "provisions": provisions, "status_cause": None if why is None else why.to_dict()})


def output(name: str, file: str, out: TextIO, err: TextIO) -> Text | Jsonl:
    """The watch's output by name: ``text`` or ``jsonl``."""
    return (Jsonl if name == "jsonl" else Text)(file, out, err)

