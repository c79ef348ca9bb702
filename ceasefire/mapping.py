"""Mapping files: how one source's actor names and event types become one agreement's ids and
vocabulary, and which of the source's rows are the agreement's (country, area, period).

A mapping is data (TOML), one per pack and source, shipped beside the pack as
``<pack>.maps/<source>.toml`` and replaceable with ``--map``. Names are matched exactly or by
a pattern in which ``*`` stands for any run of characters (no regular expressions): ACLED's
"Military Forces of Yemen (2012-)*" covers the dated name and its sub-units. Every mistake is a
PackError: ``FILE: key: message``.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import attrs

from .agreement import Agreement
from .errors import PackError, UsageError
from .packs import read_toml
from .sources import SOURCES
from .values import frozen

__all__ = ["UNKNOWN", "VERIFICATIONS", "SourceMap", "find_map", "load_map", "map_path"]

UNKNOWN = "unknown"
"""The id that maps a name to no actor at all: an unidentified group, whom the pack calls unknown."""

VERIFICATIONS = ("verified", "reported", "claimed", "disputed", "unverifiable")
_MACHINE_CODED = {"gdelt"}
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_BARE = re.compile(r"[A-Za-z0-9_-]+")
_TABLES = ("mapping", "scope", "known", "actors", "types")


@frozen(eq=False)
class SourceMap:
    """A loaded mapping for one source: scope, actor names and event types."""

    path: str
    source: str
    countries: frozenset[str] = frozenset()
    admin1: frozenset[str] = frozenset()
    admin2: frozenset[str] = frozenset()
    start: str | None = None
    end: str | None = None
    verification: str | None = None
    known: Mapping[str, str] = attrs.field(factory=dict)
    actors: Mapping[str, str] = attrs.field(factory=dict)
    actor_globs: tuple[tuple[re.Pattern[str], str], ...] = ()
    types: Mapping[str, str | bool] = attrs.field(factory=dict)
    type_globs: tuple[tuple[re.Pattern[str], str | bool], ...] = ()

    def actor(self, name: str) -> str | None:
        """The id a source's actor name maps to (``unknown`` for no actor), or None if unmapped.

        An exact name wins; otherwise the first pattern in the file that matches the whole name.
        """
        found = self.actors.get(name)
        if found is None:
            for glob, target in self.actor_globs:
                if glob.fullmatch(name):
                    return target
        return found

    def event_type(self, keys: tuple[str, ...]) -> str | bool | None:
        """The vocabulary type for a row's type keys (most specific first); False when the
        mapping excludes the type, None when it does not know it."""
        for key in keys:
            found = self.types.get(key)
            if found is not None:
                return found
        for key in keys:
            for glob, target in self.type_globs:
                if glob.fullmatch(key):
                    return target
        return None


def map_path(agreement: Agreement, source: str) -> Path:
    """Where a pack's mapping for a source lives: ``<pack>.maps/<source>.toml`` beside the pack."""
    return Path(agreement.path).with_suffix(".maps") / f"{source}.toml"


def find_map(agreement: Agreement, source: str, given: str | os.PathLike[str] | None = None) -> SourceMap:
    """Load the mapping given (``--map``), or else the one shipped beside the agreement's pack."""
    if given is not None:
        return load_map(given, source, agreement)
    path = map_path(agreement, source)
    if not path.is_file():
        raise UsageError(f"no {source} mapping for agreement {agreement.id} (looked for {path}); give one with --map")
    return load_map(path, source, agreement)


def load_map(path: str | os.PathLike[str], source: str, agreement: Agreement | None = None) -> SourceMap:
    """Load and check a mapping file for ``source``; with the agreement, check its ids and types too."""
    shown = os.fspath(path)
    if source not in SOURCES:
        raise UsageError(f"unknown source {source!r} (expected one of: {', '.join(SOURCES)})")
    data = read_toml(Path(shown), shown)
    check = _Checker(shown)
    for name in data:
        if name not in _TABLES:
            check.fail(_key(name), f"unknown table (expected one of: {', '.join(_TABLES)})")
    head = check.table(data, "mapping", {"source", "agreement", "verification", "description"})
    written_for = check.text(head, "mapping.source", required=True)
    if written_for != source:
        check.fail("mapping.source", f"is {written_for!r}, but the rows are {source} rows")
    pack = check.text(head, "mapping.agreement")
    if agreement is not None and pack is not None and pack != agreement.id:
        check.fail("mapping.agreement", f"this mapping is for {pack!r}, not {agreement.id!r}")
    check.text(head, "mapping.description")
    verification = check.text(head, "mapping.verification")
    if verification is not None:
        allowed = VERIFICATIONS[1:] if source in _MACHINE_CODED else VERIFICATIONS
        if verification not in allowed:
            why = f" ({source} events are machine-coded: 'reported' at most)" if verification == "verified" else ""
            check.fail("mapping.verification", f"must be one of {', '.join(allowed)}, got {verification!r}{why}")
    elif source in _MACHINE_CODED:
        verification = "reported"
    scope = check.table(data, "scope", {"countries", "admin1", "admin2", "from", "until"})
    start, end = check.day(scope, "scope.from"), check.day(scope, "scope.until")
    if start and end and end < start:
        check.fail("scope.until", f"{end} is before scope.from {start}")
    known = check.table(data, "known", None)
    ids = set(known) | {UNKNOWN}
    for name, description in known.items():
        where = f"known.{_key(name)}"
        if not isinstance(description, str):
            check.fail(where, f"must be a string describing the actor, got {_kind(description)}")
        if not _ID.fullmatch(name):
            check.fail(where, "invalid id: use letters, digits, '-', '_' or '.'")
        if agreement is not None and (name in agreement.parties or name in agreement.designated):
            check.fail(where, f"is already a party or designated group of {agreement.id}")
    if agreement is not None:
        ids |= agreement.ids()
    actors, actor_globs = check.names(data, "actors", lambda where, value: check.actor(where, value, ids, agreement))
    types, type_globs = check.names(data, "types", lambda where, value: check.vocabulary(where, value, agreement))
    return SourceMap(
        path=shown, source=source, countries=check.strings(scope, "scope.countries"),
        admin1=check.strings(scope, "scope.admin1"), admin2=check.strings(scope, "scope.admin2"),
        start=start, end=end, verification=verification, known=known, actors=actors, actor_globs=actor_globs,
        types=types, type_globs=type_globs,
    )


class _Checker:
    """Reads the parts of one mapping file, failing with ``FILE: key: message``."""

    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, key: str, message: str) -> Any:
        raise PackError(message, path=self.path, key=key)

    def table(self, data: dict[str, Any], name: str, keys: set[str] | None) -> dict[str, Any]:
        value = data.get(name, {})
        if not isinstance(value, dict):
            self.fail(name, f"must be a table, got {_kind(value)}")
        if keys is not None:
            for key in value:
                if key not in keys:
                    self.fail(f"{name}.{_key(key)}", f"unknown key (expected one of: {', '.join(sorted(keys))})")
        return value

    def text(self, table: dict[str, Any], key: str, required: bool = False) -> str | None:
        value = table.get(key.rpartition(".")[2])
        if value is None and required:
            self.fail(key, "is required")
        if value is not None and (not isinstance(value, str) or not value):
            self.fail(key, f"must be a non-empty string, got {_kind(value)}")
        return value

    def strings(self, table: dict[str, Any], key: str) -> frozenset[str]:
        value = table.get(key.rpartition(".")[2], [])
        if not isinstance(value, list):
            self.fail(key, f"must be an array of names, got {_kind(value)}")
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.fail(f"{key}[{i}]", f"must be a non-empty string, got {_kind(item)}")
        return frozenset(item.strip() for item in value)

    def day(self, table: dict[str, Any], key: str) -> str | None:
        value = table.get(key.rpartition(".")[2])
        if value is None:
            return None
        if isinstance(value, datetime) or not isinstance(value, date):
            self.fail(key, f"must be a date such as 2018-12-18 (no quotes, no time), got {_kind(value)}")
        return value.isoformat()

    def names(self, data: dict[str, Any], name: str, check: Any) -> tuple[dict[str, Any], tuple[Any, ...]]:
        exact: dict[str, Any] = {}
        globs = []
        for key, value in self.table(data, name, None).items():
            where = f"{name}.{_key(key)}"
            if not key.strip() or key.strip("*") == "" and len(key) > 1:
                self.fail(where, "must name something: a name, or a pattern with '*' and some text")
            check(where, value)
            if "*" in key:
                globs.append((_glob(key.strip()), value))
            else:
                exact[key.strip()] = value
        return exact, tuple(globs)

    def actor(self, where: str, value: Any, ids: set[str], agreement: Agreement | None) -> None:
        if not isinstance(value, str) or not value:
            self.fail(where, f"must be an id (a party, designated group or known actor, or 'unknown'), got {_kind(value)}")
        if value not in ids and (agreement is not None or not _ID.fullmatch(value)):
            self.fail(where, f"unknown id {value!r} (expected one of: {', '.join(sorted(ids))})")

    def vocabulary(self, where: str, value: Any, agreement: Agreement | None) -> None:
        if value is False:
            return
        if not isinstance(value, str) or not value:
            self.fail(where, f"must be an event type of the agreement's vocabulary, or false, got {_kind(value)}")
        if agreement is not None and not agreement.knows(value):
            self.fail(where, f"unknown event type {value!r} for agreement {agreement.id} "
                             f"(known: {', '.join(agreement.vocabulary)})")


def _glob(text: str) -> re.Pattern[str]:
    return re.compile(".*".join(re.escape(part) for part in text.split("*")), re.DOTALL)


def _key(name: str) -> str:
    return name if _BARE.fullmatch(name) else json.dumps(name, ensure_ascii=False)


def _kind(value: object) -> str:
    words = {bool: "a boolean", int: "an integer", float: "a number", str: "a string", list: "an array",
             dict: "a table", date: "a date", datetime: "a date-time"}
    return words.get(type(value), type(value).__name__)
