"""TOML files read safely and validated table by table: packs, settings, pack test cases and baselines.

One guarded reader (a size cap, UTF-8, depth) and one table validator (types, required keys,
no unknown key), so every such file fails the same way: ``FILE: key: message``, raised as
the error class the caller names (PackError for packs and their test cases, ConfigError for
settings and baselines). The validator reads a JSON object as well, naming kinds as JSON does.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection
from datetime import date, datetime
from typing import Any

from . import textpaths
from .errors import FileError, PackError, kind_of

__all__ = ["MAX_TOML_BYTES", "Table", "check", "read_toml"]

MAX_TOML_BYTES = 1 << 20
"""The largest pack, settings or test-case file read; a larger one is refused unread."""

_ABSENT = object()


def read_toml(path: str | os.PathLike[str], shown: str, error: type[FileError] = PackError,
              known: Callable[[Any, bytes], dict[str, Any] | None] | None = None) -> dict[str, Any]:
    """Read a TOML file, turning every way it can fail into ``error(message, path=FILE)``.

    ``known``: what is already known these bytes hold (``parsedpacks.parsed``: a bundled pack's
    parsed form), or None; the TOML parser (``tomllib``, pure Python) is imported when it is not.
    """
    try:
        if not textpaths.is_file(path):
            raise error("no such file" if not textpaths.exists(path) else "not a file", path=shown)
        if os.stat(path).st_size > MAX_TOML_BYTES:
            raise error(f"larger than {MAX_TOML_BYTES} bytes: not read", path=shown)
        with open(path, "rb") as stream:
            raw = stream.read()
        data = known(path, raw) if known is not None else None
        return data if data is not None else _parse(raw, shown, error)
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror or exc}", path=shown) from None
    except UnicodeDecodeError:
        raise error("not a UTF-8 text file", path=shown) from None
    except RecursionError:
        raise error("invalid TOML: nested too deeply", path=shown) from None
    except ValueError:  # a file name this system cannot have (a lone surrogate)
        raise error("cannot read: not a valid file name", path=shown) from None


def _parse(raw: bytes, shown: str, error: type[FileError]) -> dict[str, Any]:
    import tomllib

    try:
        return tomllib.loads(raw.decode("utf-8-sig"))
    except tomllib.TOMLDecodeError as exc:
        raise error(f"invalid TOML: {exc}", path=shown) from None


class Table:
    """Reads one table (of TOML, or a JSON object), checking types and rejecting keys it was not asked for."""

    def __init__(self, path: str, key: str, data: object, error: type[FileError] = PackError, *, json: bool = False) -> None:
        self.path, self.key, self.error, self.json = path, key, error, json
        if not isinstance(data, dict):
            self.fail(None, f"must be {self._expect(dict)}, got {self._kind(data)}")
        self.data: dict[str, Any] = data  # type: ignore[assignment]
        self.used: set[str] = set()

    def _kind(self, value: object) -> str:
        return kind_of(value) if self.json else _kind(value)

    def _expect(self, kinds: type | tuple[type, ...]) -> str:
        return _expect(kinds, _JSON_WORDS if self.json else _WORDS)

    def _inner(self, key: str, data: object) -> Table:
        return Table(self.path, key, data, self.error, json=self.json)

    def where(self, name: str | None) -> str:
        return f"{self.key}.{name}" if self.key and name else (name or self.key)

    def fail(self, name: str | None, message: str) -> Any:
        raise self.error(message, path=self.path, key=self.where(name))

    def get(self, name: str, kinds: type | tuple[type, ...], required: bool = False, default: Any = None, what: str | None = None) -> Any:
        """The value of ``name`` if it is of one of ``kinds`` (``what`` names them in the message), else an error."""
        self.used.add(name)
        value = self.data.get(name, _ABSENT)
        if value is _ABSENT:
            if required:
                self.fail(name, "is required")
            return default
        if value.__class__ is bool and bool not in _tuple(kinds) or not isinstance(value, kinds):
            self.fail(name, f"must be {what or self._expect(kinds)}, got {self._kind(value)}")
        return value

    def text(self, name: str, required: bool = False, default: str | None = None, empty: bool = True, what: str | None = None) -> Any:
        """A string; with ``empty=False``, a non-empty one."""
        value = self.data.get(name)
        if value.__class__ is str and (empty or value):  # the usual case, as ``get`` finds it, in one call less
            self.used.add(name)
            return value
        what = what or ("a string" if empty else "a non-empty string")
        value = self.get(name, str, required, default, what)
        if not empty and value == "":
            self.fail(name, f"must be {what}, got an empty string")
        return value

    def allow(self, *names: str) -> None:
        """Names this table may hold that the caller reads as they are, without a type."""
        self.used.update(names)

    def names(self, name: str, required: bool = False, single: bool = True) -> tuple[str, ...]:
        value = self.get(name, (str, list) if single else list, required, [])
        items = [value] if isinstance(value, str) else value
        for i, item in enumerate(items):
            if not isinstance(item, str) or not item:
                self.fail(f"{name}[{i}]", f"must be a non-empty string, got {_kind(item)}")
        if required and not items:
            self.fail(name, "must not be empty")
        return tuple(items)

    def table(self, name: str, required: bool = False, what: str | None = None) -> Table:
        return self._inner(self.where(name), self.get(name, dict, required, {}, what))

    def tables(self, name: str, required: bool = False, what: str | None = None) -> list[Table]:
        """The tables of an array of tables; ``required``: at least one."""
        value = self.data.get(name)
        if required and (not isinstance(value, list) or not value):
            got = "" if value is None or isinstance(value, list) else f", got {self._kind(value)}"
            self.fail(name, f"needs at least one [[{self.where(name)}]] table{got}")
        items = self.get(name, list, False, [], what)
        return [self._inner(f"{self.where(name)}[{i}]", item) for i, item in enumerate(items)]

    def done(self) -> None:
        for name in self.data:
            if name not in self.used:
                expected = ", ".join(sorted(self.used))
                self.fail(name, f"unknown key (expected one of: {expected})")


def _tuple(kinds: type | tuple[type, ...]) -> tuple[type, ...]:
    return kinds if isinstance(kinds, tuple) else (kinds,)


_WORDS = {str: "a string", int: "an integer", list: "an array", dict: "a table", datetime: "a date-time", date: "a date",
          bool: "true or false"}
_JSON_WORDS = {str: "a string", int: "a number", list: "an array", dict: "an object", bool: "true or false"}


def _expect(kinds: type | tuple[type, ...], words: dict[type, str] = _WORDS) -> str:
    return " or ".join(words.get(k, k.__name__) for k in _tuple(kinds))


def _kind(value: object) -> str:
    words = {bool: "a boolean", int: "an integer", float: "a number", str: "a string", list: "an array", dict: "a table"}
    return words.get(type(value), type(value).__name__)


def check(table: Table, name: str, value: str, allowed: Collection[str], what: str) -> str:
    """``value`` if it is in ``allowed`` (a dict or set for long lists: membership is tested once per name)."""
    if value not in allowed:
        shown = sorted(allowed) if isinstance(allowed, (set, frozenset)) else allowed
        table.fail(name, f"unknown {what} {value!r} (expected one of: {', '.join(shown)})")
    return value
