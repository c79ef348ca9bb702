"""Importing conflict-event data: source rows in, event-log lines in the pack's vocabulary out.

``iter_events`` streams a source's files as log events, in file order, for ``check --from``;
``run_import`` writes them as a log, with a header, in date order (sorted in bounded memory:
ceasefire.spill). Every row gets one fate (ceasefire.fates): imported, out of scope
(country, area, period or an excluded type), unmapped (an actor or type the mapping does not
know) or malformed (``FILE:LINE: message``). A row of a country outside the mapping's scope
is not read further than its country, so its other values are not checked.

How one row becomes one event is ceasefire.converting's business.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from .acledcsv import acled_lines
from .agreement import Agreement
from .converting import converter
from .errors import LogError
from .fates import Fates
from .mapping import SourceMap, find_map
from .revisions import Revisions, diff, id_line, read_previous
from .sources import OUTSIDE, Bad, Row, read_rows
from .spill import Spill
from .values import frozen

__all__ = ["ImportResult", "dumps", "iter_events", "iter_located", "run_import"]


def dumps(event: dict[str, Any]) -> bytes:
    """One compact JSON line, newline included: orjson's when installed, else the same bytes
    as ``json.dumps(event, ensure_ascii=False, separators=(",", ":"))`` and a newline."""
    return _DUMP(event) + b"\n"


def _compact() -> Callable[[Any], bytes]:
    """Compact JSON as bytes: orjson's ``dumps`` when installed (unless CEASEFIRE_JSON=stdlib).

    A line is then copied (``+ b"\\n"``) rather than kept: orjson's bytes each hold a block of
    several kilobytes, and an import holds thousands of lines before writing them.
    """
    if os.environ.get("CEASEFIRE_JSON") != "stdlib":
        try:
            import orjson
        except ImportError:
            pass
        else:
            return orjson.dumps
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode
    return lambda value: encode(value).encode("utf-8")


_DUMP = _compact()


def _mapping(source: str, agreement: Agreement, mapping: SourceMap | str | os.PathLike[str] | None) -> SourceMap:
    return mapping if isinstance(mapping, SourceMap) else find_map(agreement, source, mapping)


def iter_located(source: str, paths: Iterable[str], agreement: Agreement,
                 mapping: SourceMap | str | os.PathLike[str] | None = None,
                 fates: Fates | None = None) -> Iterator[tuple[str, int, dict[str, Any]]]:
    """Yield ``(file, line, event)`` for each imported row, in file order; count every row in ``fates``.

    Without ``fates``, the first malformed row raises its LogError.
    """
    counts = fates if fates is not None else Fates()
    src_map = _mapping(source, agreement, mapping)
    convert = converter(src_map, counts)
    for path in paths:
        for row in read_rows(source, path, src_map.countries):
            counts.rows += 1
            if row is OUTSIDE:
                counts.out_of_scope["country"] += 1
                continue
            if type(row) is Bad:
                if fates is None:
                    raise LogError(row.message, row.line, path=path)
                counts.bad(path, row.line, row.message)
                continue
            event = convert(row)  # type: ignore[arg-type]
            if event is not None:
                yield path, row.line, event


def iter_events(source: str, paths: Iterable[str], agreement: Agreement,
                mapping: SourceMap | str | os.PathLike[str] | None = None, *,
                fates: Fates | None = None, sort: bool = False, lines: bool = False) -> Iterator[dict[str, Any]]:
    """Stream a source's files as log events (what ``check --from`` replays).

    In file order, unless ``sort``: then in date order, sorted in bounded memory after the
    last row is read. Without ``fates``, the first malformed row raises its LogError. With
    ``lines``, each event carries its row's line in the source file as ``x_line``.
    """
    located = iter_located(source, paths, agreement, mapping, fates)
    if not sort:
        for _path, line, event in located:
            yield {**event, "x_line": line} if lines else event
        return
    with Spill() as spill:
        for _path, line, event in located:
            spill.add(dumps({**event, "x_line": line} if lines else event))
        for text in spill.lines():
            yield json.loads(text)


@frozen
class ImportResult:
    """What an import did: the fate of every row and, with ``--previous``, the revisions."""

    fates: Fates
    events: int
    revisions: Revisions | None = None

    def describe(self) -> str:
        """The report for people: malformed rows, unmapped names, counts, then the revisions."""
        return self.fates.describe() + (self.revisions.describe() if self.revisions else "")


def run_import(source: str, paths: list[str], agreement: Agreement, output: IO[bytes] | str | os.PathLike[str], *,
               mapping: SourceMap | str | os.PathLike[str] | None = None, previous: str | None = None,
               agreement_ref: str | None = None) -> ImportResult:
    """Import ``paths`` of ``source`` as a log in date order, with a header, written to ``output``.

    A path is written atomically (a temporary file in its folder, then renamed over it), so a
    failed import leaves the old file as it was. ``previous`` names an earlier import of the
    same data to compare with. ``agreement_ref`` is what the header names the agreement by
    (default: its id); the header also names the source, the files and the mapping (a bundled
    one as ``<pack>.maps/<source>.toml``).
    """
    src_map = _mapping(source, agreement, mapping)
    folder = None if not isinstance(output, (str, os.PathLike)) else str(Path(output).resolve().parent)
    fates = Fates()
    shown_map = src_map.path if mapping is not None else f"{Path(src_map.path).parent.name}/{source}.toml"
    header = {"agreement": agreement_ref or agreement.id, "x_imported_from": source,
              "x_files": list(paths), "x_mapping": shown_map}
    old = read_previous(previous, source, folder) if previous else None
    with Spill(folder, head=dumps(header)) as events, Spill(folder) as ids:
        try:
            _pump(source, paths, src_map, converter(src_map, fates), fates, events,
                  ids if old is not None else None)
            revisions = diff(old, ids, previous) if old is not None and previous else None
        finally:
            if old is not None:
                old.close()
        if isinstance(output, (str, os.PathLike)):
            events.save(output, _mode(Path(output)))
        else:
            events.write_to(output)
            output.flush()
    return ImportResult(fates, events.count, revisions)


def _pump(source: str, paths: Iterable[str], mapping: SourceMap, convert: Callable[[Row], dict[str, Any] | None],
          fates: Fates, events: Spill, ids: Spill | None) -> None:
    """The import's row loop: read, convert, encode, collect. ``iter_located`` does the same one
    event at a time; this is its tight form, for files of millions of rows (and ACLED CSV
    exports go down ceasefire.acledcsv's lane, tighter still, unless ids are wanted)."""
    countries = mapping.countries
    dump, newline = _DUMP, b"\n"
    rows, outside, batch = 0, 0, []
    try:
        for path in paths:
            lines = acled_lines(path, mapping, fates, convert, dump) if source == "acled" and ids is None else None
            if lines is not None:
                for lines_batch in lines:
                    events.extend(lines_batch)
                continue
            for row in read_rows(source, path, countries):
                rows += 1
                if row is OUTSIDE:
                    outside += 1
                    continue
                if type(row) is Bad:
                    fates.bad(path, row.line, row.message)
                    continue
                event = convert(row)  # type: ignore[arg-type]
                if event is not None:
                    batch.append(dump(event) + newline)
                    if ids is not None:
                        ids.add(id_line(event))
                    if len(batch) >= 4096:
                        events.extend(batch)
                        batch = []
        events.extend(batch)
    finally:
        fates.rows += rows
        fates.out_of_scope["country"] += outside


def _mode(path: Path) -> int:
    """The permissions the log gets: those of the file it replaces, else the usual ones for a new file."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0o22)
        os.umask(mask)
        return 0o666 & ~mask
