"""The package's exceptions: every expected failure is one of these, with a message ready for stderr."""

from __future__ import annotations

__all__ = ["CeasefireError", "ConfigError", "LogError", "OutputError", "PackError", "UsageError"]


class CeasefireError(Exception):
    """Base class: bad input or bad usage, reported to the user as one line (exit code 2)."""


class LogError(CeasefireError):
    """A line of an event log is wrong: rendered as ``FILE:LINE: message``."""

    def __init__(self, message: str, line: int | None = None, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
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


class PackError(CeasefireError):
    """An agreement pack is wrong: rendered as ``FILE: key: message``."""

    def __init__(self, path: str, key: str | None, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.key = key
        self.message = message

    def __str__(self) -> str:
        if self.key:
            return f"{self.path}: {self.key}: {self.message}"
        return f"{self.path}: {self.message}"


class UsageError(CeasefireError):
    """The command was asked for something it cannot do (no agreement named, a bad option value)."""


class OutputError(CeasefireError):
    """An output file cannot be written, or would destroy an input: rendered as ``PATH: message``."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class ConfigError(PackError):
    """A configuration or baseline file is wrong: rendered as ``FILE: key: message``."""


def kind_of(value: object) -> str:
    """How a JSON value is named in a message: "a number", "an array", "null"."""
    words = {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "an array", dict: "an object"}
    return "null" if value is None else words.get(type(value), type(value).__name__)
