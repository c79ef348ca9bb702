"""The package's exceptions: every expected failure is one of these, with a message ready for stderr.

Each carries the exit code the command line ends with, as click's exceptions do; ``cli.py``
is the one place that turns them into exits. Every error takes its message first and where it
happened by keyword (``path``, ``line``, ``key``).
"""

from __future__ import annotations

__all__ = [
    "EXIT_BUG",
    "EXIT_ERROR",
    "EXIT_FAIL",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "CeasefireError",
    "ConfigError",
    "FileError",
    "LogError",
    "OutputError",
    "PackError",
    "StateError",
    "UsageError",
]

EXIT_OK = 0
"""Nothing at or above the run's thresholds."""
EXIT_FAIL = 1
"""A breach or a status at or above the run's thresholds."""
EXIT_ERROR = 2
"""Bad input or usage: a log line, a pack, a setting, an output, an option."""
EXIT_BUG = 3
"""An internal error."""
EXIT_INTERRUPTED = 130
"""Stopped by SIGINT (128 + 2), as shells report it."""


class CeasefireError(Exception):
    """Base class: bad input or bad usage, reported to the user as one line."""

    exit_code = EXIT_ERROR

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __reduce__(self) -> tuple[object, ...]:
        """Pickle with every attribute, so an error found in a worker process reads the same in the parent."""
        return _rebuild, (type(self), self.message), dict(self.__dict__)


def _rebuild(cls: type[CeasefireError], message: str) -> CeasefireError:
    """An error of ``cls`` with its message; ``__reduce__``'s state restores the rest."""
    return cls.__new__(cls, message)


class LogError(CeasefireError):
    """A line of an event log is wrong: rendered as ``FILE:LINE: message``."""

    def __init__(self, message: str, line: int | None = None, *, path: str | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.path = path

    def at(self, path: str) -> LogError:
        """Name the log this error belongs to, unless it already names one."""
        if self.path is None:
            self.path = path
        return self

    def __str__(self) -> str:
        where = self.path or "<events>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}"


class FileError(CeasefireError):
    """A file other than a log is wrong: rendered as ``FILE: key: message`` (``FILE: message`` with no key)."""

    def __init__(self, message: str, *, path: str, key: str | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.key = key

    def __str__(self) -> str:
        if self.key:
            return f"{self.path}: {self.key}: {self.message}"
        return f"{self.path}: {self.message}"


class PackError(FileError):
    """An agreement pack (or one of its test cases) is wrong."""


class ConfigError(FileError):
    """A settings file or a baseline is wrong."""


class OutputError(FileError):
    """An output cannot be written, or would destroy an input: ``PATH: message``."""


class StateError(FileError):
    """A saved state (``--resume``, ``--state``, ``Monitor.restore``) cannot be used: another pack or version, or malformed."""


class UsageError(CeasefireError):
    """The command or the library was asked for something it cannot do (no agreement named, a bad argument)."""


def kind_of(value: object) -> str:
    """How a JSON value is named in a message: "a number", "an array", "null"."""
    words = {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "an array", dict: "an object"}
    return "null" if value is None else words.get(type(value), type(value).__name__)
