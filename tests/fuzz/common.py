"""What every fuzzed run must satisfy, whatever the input: the contract of the command line."""

from __future__ import annotations

import json
import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from xml.etree import ElementTree as ET

from click.testing import Result

try:
    from conftest import cli  # the one way tests run the command line; under pytest, tests/ is on the path
except ModuleNotFoundError:  # python -m tests.fuzz, from the project root
    from tests.conftest import cli

__all__ = ["DOCUMENTS", "FORMATS", "Hang", "assert_contract", "cli", "time_limit"]

FORMATS = ("text", "json", "jsonl", "github", "gitlab", "junit", "sarif")
DOCUMENTS = ("json", "gitlab", "junit", "sarif")
# a character a human format must never print raw: C0/C1 controls (but the newline), line and
# paragraph separators, bidirectional overrides and isolates, lone surrogates
_RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_ERROR_LINE = re.compile(r"^(\S.*?|.*?): \S")


class Hang(Exception):
    """An example ran longer than its time limit."""


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Raise Hang when the body runs longer than ``seconds``."""

    def alarm(signum: int, frame: object) -> None:
        raise Hang(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def assert_contract(result: Result, fmt: str | None = None) -> None:
    """Exit 0, 1 or 2; never an internal error; stderr one escaped line per message; outputs well formed.

    A failed run writes no JSON document; the CI documents (gitlab, junit, sarif) carry its
    errors in their own form, and must still be well formed (a usage error writes none).
    """
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.stderr[-2000:])
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr, result.stderr[-2000:]
    for line in result.stderr.splitlines():
        assert not _RAW.search(line), f"raw control character on stderr: {line!r}"
    if fmt is None or fmt in ("text", "github"):
        for line in result.stdout.splitlines():
            assert not _RAW.search(line), f"raw control character on stdout: {line!r}"
    if result.exit_code == 2 and (fmt == "json" or not result.stdout):
        assert result.stdout == "", "a JSON document written by a failed run"  # a usage error writes no document at all
    elif fmt in ("json", "gitlab", "sarif"):
        json.loads(result.stdout)
    elif fmt == "jsonl":
        for line in result.stdout.splitlines():
            json.loads(line)
    elif fmt == "junit":
        ET.fromstring(result.stdout.encode("utf-8"))
    if fmt not in (None, "text") or result.exit_code == 2:
        result.stdout.encode("utf-8")  # valid UTF-8, no lone surrogate
