"""What changed since the previous import (``--previous OLD.jsonl``): events added, changed and
removed, paired by the source's id.

ACLED revises events after release and deletes some; it keeps an event's id through its
revisions. Two events with the same id are the same event, changed when any field other than
the ``x_`` fields differs: a renamed actor that maps to the same party is not a change, a new
fatality count is. Both logs are paired in sorted order on disk, so memory stays flat.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from .errors import LogError, UsageError
from .spill import Spill
from .values import frozen

__all__ = ["MAX_SHOWN", "Revision", "Revisions", "diff", "id_line", "read_previous"]

MAX_SHOWN = 1000
"""Revisions named one by one; the others are only counted."""

_MAX_LINE = 1 << 20


@frozen
class Revision:
    """One event added, changed or removed; ``fields`` names what changed."""

    kind: str
    id: str | int
    fields: tuple[str, ...] = ()

    def describe(self) -> str:
        shown = self.id if isinstance(self.id, int) or self.id.isprintable() else repr(self.id)
        return f"  {self.kind:8} {shown}{': ' + ', '.join(self.fields) if self.fields else ''}"


@frozen
class Revisions:
    """The difference between the previous import and this one."""

    previous: str
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    entries: tuple[Revision, ...] = ()

    def describe(self) -> str:
        """One line per revision, in id order, then the counts."""
        lines = [entry.describe() for entry in self.entries]
        hidden = self.added + self.changed + self.removed - len(self.entries)
        if hidden:
            lines.append(f"  ... and {hidden} more")
        lines.append(f"since {self.previous}: {self.added} added, {self.changed} changed, "
                     f"{self.removed} removed, {self.unchanged} unchanged")
        return "\n".join(lines) + "\n"


def id_line(event: dict[str, Any]) -> bytes:
    """The line that stands for an event when pairing: its id, a unit separator (0x1f, never in
    ASCII JSON), what a change would alter."""
    kept = {key: value for key, value in event.items() if key != "id" and not key.startswith("x_")}
    return f"{json.dumps(event['id'])}\x1f{json.dumps(kept, sort_keys=True)}\n".encode()


def read_previous(path: str, source: str, folder: str | None = None) -> Spill:
    """Read a previous import's log into a Spill of id lines; events without an id are skipped."""
    spill = Spill(folder)
    try:
        with open(path, "rb") as stream:
            for number, value in _values(stream, path):
                if number == 1 and isinstance(value, dict) and "agreement" in value and "date" not in value:
                    was = value.get("x_imported_from", source)
                    if was != source:
                        raise UsageError(f"{path}: imported from {was}, not {source}: nothing to compare")
                    continue
                if not isinstance(value, dict):
                    raise LogError("expected a JSON object (an event)", number, path=path)
                if value.get("id") is not None:
                    spill.add(id_line(value))
    except OSError as exc:
        spill.close()
        raise LogError(f"cannot read: {exc.strerror or exc}", path=path) from None
    except BaseException:
        spill.close()
        raise
    return spill


def _values(stream: IO[bytes], path: str) -> Iterator[tuple[int, Any]]:
    number = 0
    while raw := stream.readline(_MAX_LINE + 1):
        number += 1
        if len(raw) > _MAX_LINE:
            raise LogError(f"line is longer than {_MAX_LINE} bytes", number, path=path)
        if raw.strip():
            try:
                yield number, json.loads(raw)
            except (ValueError, RecursionError) as exc:
                raise LogError(f"invalid JSON: {exc}", number, path=path) from None


def diff(previous: Spill, current: Spill, name: str) -> Revisions:
    """Pair the two logs' events by id and count what was added, changed and removed."""
    counts = {"added": 0, "changed": 0, "removed": 0, "unchanged": 0}
    entries: list[Revision] = []

    def note(kind: str, key: bytes, fields: tuple[str, ...] = ()) -> None:
        counts[kind] += 1
        if kind != "unchanged" and len(entries) < MAX_SHOWN:
            entries.append(Revision(kind, json.loads(key), fields))

    old, new = _split(previous.lines()), _split(current.lines())
    a, b = next(old, None), next(new, None)
    while a is not None or b is not None:
        if b is None or (a is not None and a[0] < b[0]):
            note("removed", a[0])  # type: ignore[index]
            a = next(old, None)
        elif a is None or b[0] < a[0]:
            note("added", b[0])
            b = next(new, None)
        else:
            fields = _changed(a[1], b[1])
            note("changed" if fields else "unchanged", b[0], fields)
            a, b = next(old, None), next(new, None)
    return Revisions(name, entries=tuple(entries), **counts)


def _split(lines: Iterator[bytes]) -> Iterator[tuple[bytes, bytes]]:
    for line in lines:
        key, _, content = line.rstrip(b"\n").partition(b"\x1f")
        yield key, content


def _changed(old: bytes, new: bytes) -> tuple[str, ...]:
    if old == new:
        return ()
    before, after = json.loads(old), json.loads(new)
    return tuple(sorted(key for key in before.keys() | after.keys() if before.get(key) != after.get(key)))
