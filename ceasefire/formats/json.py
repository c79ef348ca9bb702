"""The JSON document: schema version, tool, summary, and each log's report, keys sorted.

One shape for any number of logs: ``schema_version``, ``tool``, ``summary`` (with the worst
status) and ``logs``, one report each (``jq '.logs[0].status'``). The document is exactly
``json.dumps(doc, sort_keys=True, indent=2)`` plus a newline, written a breach at a time,
and only after a run without errors: a failed run prints nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from ..explain import Following
from ..keptviews import each_row
from ..packed import Findings, Row
from ..parts import Part, Spool
from ..verdicts import SCHEMA_VERSION, TOOL, Finding, LogResult, Run
from . import Format
from .encode import _MOST_SHAPES, Unusual, scalar  # (as many shapes as encode keeps text for)
from .keptblocks import blocks
from .tallyrows import Periods, Told, tally_dict

__all__ = ["Output", "document", "flat_json", "iter_json", "log_document"]


class Breaches(Sequence[dict[str, Any]]):
    """A log's breaches as JSON objects, made one at a time as they are written."""

    def __init__(self, findings: Sequence[Finding], following: Following | None = None, told: Told | None = None) -> None:
        self.findings = findings
        self.following = following
        """Told of each breach as it is written: the explanation, written after the breaches, is made meanwhile."""
        self.told = told
        """Told of each breach as it is written: the tally, written after the breaches, is taken meanwhile."""

    def __len__(self) -> int:
        return len(self.findings)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [f.to_dict() for f in self.findings[index]]
        return self.findings[index].to_dict()

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return (f.to_dict() for f in self.findings)


class _Rows:
    """A log's kept findings as ``explain`` reads them: light rows in order (each reads as its breach), or, when
    they are out of date order, each breach and its date by its index."""

    def __init__(self, findings: Findings) -> None:
        self._findings, self.date_at, self.breach_at = findings, findings.date_at, findings.breach_at

    def __len__(self) -> int:
        return len(self._findings)

    def __iter__(self) -> Iterator[Row]:
        return iter(self._findings.rows())


class Later:
    """A value of the document made only when the writer comes to it (after the breaches, which sort before it)."""

    def __init__(self, make: Callable[[], Any]) -> None:
        self._make: Callable[[], Any] | None = make
        self._made: Any = None

    def get(self) -> Any:
        """The value, made the first time it is asked for."""
        if self._make is not None:
            self._made, self._make = self._make(), None
        return self._made


def log_document(log: LogResult, per: str = "day") -> dict[str, Any]:
    """One log's report: the verdict, each provision's state and history, the cause of the status, the tally, the breaches.

    The explanation (``provisions``, ``status_cause``) and the tally are made as the breaches are written (``Later``): each
    packed breach is read back once for all three."""
    report = log.report.to_dict()
    told = Told(per)  # the tally, taken as the breaches are written (ValueError for a period it does not know)
    report["breaches"] = Breaches(log.findings, told=told)
    report["warnings"] = [w.to_dict() for w in log.warnings]
    report["status_cause"] = None
    if log.report.pack is not None:
        following = report["breaches"].following = Following(log.report)
        explained = Later(lambda: following.explanation(_Rows(log.findings)))  # a light row each (packed)
        report["provisions"] = Later(lambda: explained.get().provisions_dict())
        report["status_cause"] = Later(lambda: explained.get().to_dict())
    kept = log.findings
    counted = kept.counted if isinstance(kept, Findings) else lambda: each_row(kept)  # what a tally reads of each, read again
    report["tally"] = Later(lambda: tally_dict(per, counted, told if told.count == len(kept) else None))  # else not written: afresh
    return {"file": log.file, **report}


def document(run: Run, per: str = "day", parts: dict[int, Part] | None = None) -> dict[str, Any]:
    """The JSON document of a run (breach lists are lazy: see ``Breaches``; ``parts``: the logs whose object a worker wrote,
    by ``id`` of their result)."""
    parts = parts or {}
    logs = [parts.get(id(log)) or log_document(log, per) for log in run.logs]
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": dict(TOOL),
        "summary": run.summary(),
        "logs": logs,
    }


def _breaches(findings: Breaches, depth: int) -> Iterator[str]:
    """A log's breaches, each written straight from its finding (``keptblocks``, ``encode``), as ``json.dumps`` would write them."""
    yield "[\n"
    yield from blocks(findings.findings, depth, findings.following, findings.told,
                      _MOST_SHAPES, lambda f: "".join(iter_json((f.finding() if isinstance(f, Row) else f).to_dict(), depth + 1)))
    yield "  " * depth + "]"


def _rows(rows: Periods, depth: int) -> Iterator[str]:
    """A tally's rows per period, each a flat object, made as it is written."""
    pad, first = "  " * (depth + 1), True
    yield "[\n"
    for row in rows:
        yield ("" if first else ",\n") + pad + flat_json(row, depth + 1)
        first = False
    yield "\n" + "  " * depth + "]"


def flat_json(value: Any, depth: int = 0) -> str:
    """``json.dumps(value, sort_keys=True, indent=2)`` indented to ``depth``, for an object or array none of whose values is one.

    An object or array of strings, numbers, booleans and nulls (a tally's row, a count) is written
    here, each value by ``encode.scalar``; anything else by ``json.dumps``, which writes an
    indented document in Python, a call at a time.
    """
    kind = type(value)
    if value and (kind is list or (kind is dict and all(type(key) is str for key in value))):
        try:
            if kind is dict:
                parts = [scalar(key) + ": " + scalar(item) for key, item in sorted(value.items())]
            else:
                parts = [scalar(item) for item in value]
        except Unusual:  # a value of another kind: a nested object
            pass
        else:
            pad = "\n" + "  " * (depth + 1)
            opening, closing = ("{", "}") if kind is dict else ("[", "]")
            return opening + pad + ("," + pad).join(parts) + "\n" + "  " * depth + closing
    return json.dumps(value, sort_keys=True, indent=2, ensure_ascii=False, default=list).replace("\n", "\n" + "  " * depth)


def iter_json(value: Any, depth: int = 0) -> Iterator[str]:
    """Yield ``json.dumps(value, sort_keys=True, indent=2)`` in pieces: one per flat object or array."""
    if isinstance(value, Later):
        value = value.get()
    if isinstance(value, Part):  # a log's object, written by a worker
        yield from value.chunks()
        return
    if isinstance(value, Breaches) and value:
        yield from _breaches(value, depth)
        return
    if isinstance(value, Periods) and value:
        yield from _rows(value, depth)
        return
    is_dict, is_list = isinstance(value, dict), isinstance(value, (list, Breaches, Periods))
    children = value.values() if is_dict else value if is_list else ()
    if not any(isinstance(v, (dict, list, Breaches, Periods, Later, Part)) and v for v in children):
        yield flat_json(value, depth)
        return
    pad, last = "  " * (depth + 1), len(value) - 1
    items = sorted(value.items()) if is_dict else enumerate(value)
    yield "{\n" if is_dict else "[\n"
    for i, (key, item) in enumerate(items):
        yield pad + (json.dumps(key, ensure_ascii=False) + ": " if is_dict else "")
        yield from iter_json(item, depth + 1)
        yield ",\n" if i < last else "\n"
    yield "  " * depth + ("}" if is_dict else "]")


class Output(Format):
    """Writes the JSON document at the end of the run."""

    parts = True

    def __init__(self, out: Any, **options: Any) -> None:
        super().__init__(out, **options)
        self._parts: dict[int, Part] = {}
        self._spool: Spool | None = None

    def write_part(self, result: LogResult, out: Any) -> None:
        """The log's object in the document's ``logs``, as ``end`` writes it."""
        _write(iter_json(log_document(result, self.view.per), 2), out, "")

    def log_part(self, result: LogResult, path: str) -> None:
        if self._spool is None:
            self._spool = Spool()
        self._parts[id(result)] = self._spool.add(path)

    def end(self, run: Run) -> None:
        if not run.errors:
            _write(iter_json(document(run, self.view.per, self._parts)), self.out, "\n")
        if self._spool is not None:
            self._spool.close()


def _write(chunks: Iterator[str], out: Any, last: str) -> None:
    """Write ``chunks`` and then ``last`` to ``out``, some 64 kB at a time: not a write per breach, nor a megabyte held."""
    batch: list[str] = []
    size = 0
    for chunk in chunks:
        batch.append(chunk)
        size += len(chunk)
        if size >= 65536:
            out.write("".join(batch))
            batch.clear()
            size = 0
    batch.append(last)
    out.write("".join(batch))
