"""Which files a run reads: the logs named or found below a folder, and the packs their headers name.

A folder is walked for ``*.jsonl`` files, skipping hidden folders, this run's own outputs and
the JSON Lines reports ceasefire wrote (their first line is the report header); a folder or
file that cannot be read is an error, never skipped.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Sequence

from . import textpaths
from .errors import CeasefireError, LogError
from .events import is_header, read_lines
from .packs import resolved

__all__ = ["expand_logs", "header_pack", "is_report"]


def is_report(path: str | os.PathLike[str]) -> bool:
    """True when the file's first line is the header of a JSON Lines report ceasefire wrote."""
    from .formats.jsonl import is_report_header

    try:
        with open(path, "rb") as stream:
            first = stream.readline(4096)
        return is_report_header(json.loads(first.decode("utf-8-sig")))
    except (OSError, ValueError, RecursionError):
        return False


def expand_logs(args: Sequence[str], skip: Sequence[str] = ()) -> list[str]:
    """Files as given, ``-`` for standard input, directories walked for ``*.jsonl``.

    The walk skips hidden folders, the files in ``skip`` (this run's outputs) and the JSON
    Lines reports ceasefire wrote.
    """
    out: list[str] = []
    skipped = {os.path.realpath(p) for p in skip}
    for arg in args:
        if arg != "-" and os.path.isdir(arg):
            found = [p for p in _jsonl_below(arg) if os.path.realpath(p) not in skipped and not is_report(p)]
            if not found:
                raise LogError("no *.jsonl file in this directory", path=arg)
            out += found
        else:
            out.append(arg)
    return out


def _jsonl_below(folder: str) -> list[str]:
    """The ``*.jsonl`` files below a folder, sorted; a folder that cannot be read is an error, never skipped."""

    def refuse(exc: OSError) -> None:
        raise LogError(f"cannot read this folder: {exc.strerror or exc}", path=exc.filename or folder)

    found = []
    for root, dirs, files in os.walk(folder, onerror=refuse):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [os.path.join(root, name) for name in files if name.endswith(".jsonl")]
    return sorted(found)


def header_pack(path: str) -> str | None:
    """The pack a regular file's header names, if it names one that resolves: an input too."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None  # a FIFO or a device: what is read now would be lost to the check
        with open(path, "rb") as f:
            for _, value in read_lines(f):
                if value is not None:
                    ref = value.get("agreement") if is_header(value) else None
                    folder = textpaths.parent(path)
                    return resolved(ref, base=folder, confine=folder) if isinstance(ref, str) and ref else None
    except (CeasefireError, OSError, ValueError):
        pass  # the check itself will say what is wrong
    return None
