"""Checking a whole log: read it, replay it, report. The library's main entry point."""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, datetime, tzinfo
from itertools import chain, repeat
from operator import attrgetter
from pathlib import Path
from typing import IO, Any

from .agreement import SEVERITIES, Agreement
from .dates import Moment, instant_of, parse_moment, show
from .engine import Engine
from .errors import LogError, PackError, UsageError
from .events import Event, EventParser, is_header, read_lines
from .found import made_all
from .packs import bundled_packs, load_agreement
from .report import Breach, Change, Counts, LogWarning, Report

__all__ = ["as_of_moment", "check", "header_agreement"]

LogSource = str | os.PathLike[str] | IO[bytes] | Iterable[Mapping[str, Any]]


def check(
    log: LogSource,
    *,
    agreement: Agreement | str | os.PathLike[str] | None = None,
    as_of: str | date | datetime | None = None,
    sort: bool = False,
    name: str | None = None,
    on_breach: Callable[[Breach], None] | None = None,
    on_warning: Callable[[LogWarning], None] | None = None,
    on_change: Callable[[Change], None] | None = None,
    strict: bool = False,
    now: datetime | None = None,
    on_agreement: Callable[[Agreement], None] | None = None,
    resume: Any = None,
    light: bool = False,
) -> Report:
    """Replay an event log against its agreement and report the verdict.

    ``log`` is a path, a binary stream, or an iterable of event mappings. ``agreement``
    overrides the log's header; ``as_of`` (default: the last event's date) is the date the
    verdict is given for: a date, a datetime, an ISO 8601 string, or ``"now"`` or ``"today"``
    (the end of today in the pack's zone), both read from ``now``, the current time, which the
    caller supplies (the library never reads the clock). ``sort`` reads the whole log and
    sorts it stably by date. With ``on_breach``, each breach is handed to it as soon as it is
    settled and the report keeps none (memory stays flat however many there are); likewise
    ``on_warning`` for the warnings about lines that look mistyped, and ``on_change`` for each
    change of a provision's state (the report's ``history`` is then empty); ``on_agreement`` is told
    the agreement once it is loaded, before any of them. With ``strict``, such a
    line is an error instead. ``resume`` (a ``resume.Resume``, for a stream it opened) goes on
    from its snapshot and takes the next one before the end is settled. With ``light``, ``on_breach`` is handed
    each breach as the engine records it (``found.Found``: a tuple read as a ``Breach`` is), not made a ``Breach``. Raises LogError or
    PackError for bad input, UsageError for arguments of the wrong kind (a text-mode or closed
    stream, None).
    """
    if on_breach is not None and not callable(on_breach):
        raise UsageError(f"on_breach must be callable, got {type(on_breach).__name__}")
    if agreement is not None and not isinstance(agreement, (Agreement, str, os.PathLike)):
        raise UsageError(f"an agreement is a bundled name, a path or an Agreement, got {type(agreement).__name__}")
    if on_breach is not None and not light:
        on_breach = (lambda user: lambda found: user(found.made()))(on_breach)
    options = (agreement, as_of, sort, on_breach, on_warning, strict, now, on_change, on_agreement, resume)
    if isinstance(log, (str, os.PathLike)):
        label = name or os.fspath(log)
        with open_log(log, label) as stream:
            return _labelled(label, read_lines(stream), Path(log).parent, options)
    if hasattr(log, "readline"):
        if getattr(log, "closed", False):
            raise UsageError("the log's stream is closed")
        if isinstance(log, io.TextIOBase):
            raise UsageError("open the log in binary mode ('rb'): it is read as UTF-8 bytes")
        label = str(name or getattr(log, "name", None) or "<stdin>")
        return _labelled(label, read_lines(log, start=getattr(resume, "start", 0)), Path.cwd(), options)  # type: ignore[arg-type]
    if isinstance(log, (bytes, bytearray, Mapping)) or not isinstance(log, Iterable):
        raise UsageError(f"a log is a path, a binary stream or an iterable of event mappings, got {type(log).__name__}")
    events = (dict(v) if isinstance(v, Mapping) and type(v) is not dict else v for v in log)
    return _labelled(name or "<events>", _numbered(events), Path.cwd(), options)


def told(found: list[Breach], changes: list[Change], sink: Callable[[list[Breach]], None],
         on_change: Callable[[Change], None], zone: tzinfo) -> None:
    """Hand out settled breaches and changes of state in date order, a breach before the change it causes; clear ``changes``."""
    if found:
        items = sorted([(instant_of(b.date, zone), 0, i, b) for i, b in enumerate(found)] +
                       [(instant_of(c.date, zone), 1, i, c) for i, c in enumerate(changes)], key=lambda t: t[:3])
        for _, kind, _, item in items:
            if kind:
                on_change(item)  # type: ignore[arg-type]
            else:
                sink([item])  # type: ignore[list-item]
    else:
        for change in changes:
            on_change(change)
    changes.clear()


def _numbered(events: Iterable[Any]) -> Iterator[tuple[int, Any]]:
    """Number the events of an iterable: by their place, or by the source line an import gave them (``x_line``)."""
    for number, event in enumerate(events, 1):
        line = event.get("x_line") if type(event) is dict else None
        yield (line if type(line) is int else number), event


def open_log(path: str | os.PathLike[str], label: str) -> IO[bytes]:
    """Open a log for reading, each way it can fail a ``LogError`` naming ``label``."""
    try:
        return open(path, "rb")  # noqa: SIM115  (the caller closes it)
    except IsADirectoryError:
        raise LogError("is a directory, not an event log", path=label) from None
    except FileNotFoundError:
        raise LogError("no such file", path=label) from None
    except PermissionError:
        raise LogError("permission denied", path=label) from None
    except OSError as exc:
        raise LogError(f"cannot read: {exc.strerror or exc}", path=label) from None


def _labelled(label: str, lines: Iterator[tuple[int, Any]], folder: Path, options: tuple[Any, ...]) -> Report:
    """Check, naming the log in any LogError that does not name one yet."""
    try:
        return _check(lines, label, folder, *options)
    except LogError as exc:
        raise exc.at(label) from None


def _check(
    lines: Iterator[tuple[int, Any]],
    label: str,
    folder: Path,
    agreement: Agreement | str | os.PathLike[str] | None,
    as_of: str | date | datetime | None,
    sort: bool,
    on_breach: Callable[[Breach], None] | None,
    on_warning: Callable[[LogWarning], None] | None,
    strict: bool,
    now: datetime | None,
    on_change: Callable[[Change], None] | None,
    on_agreement: Callable[[Agreement], None] | None,
    resume: Any,
) -> Report:
    total = skipped = events = 0
    header_line = 1
    first: tuple[int, Any] | None = None
    for number, value in lines:
        total = number
        if value is None:
            skipped += 1
            continue
        first = (number, value)
        break
    if first is not None and is_header(first[1]) and not getattr(resume, "start", 0):
        header_line = first[0]
        if agreement is None:
            agreement = header_agreement(first[1], first[0], folder)
        skipped += 1
        first = None
    if agreement is None:
        raise LogError(
            "no agreement named: begin the log with a header such as {\"agreement\": \"syria-2016\"} "
            f"or pass --agreement (bundled agreements: {', '.join(bundled_packs()) or 'none'})",
            header_line,
        )
    if not isinstance(agreement, Agreement):
        agreement = load_agreement(agreement)
    if on_agreement is not None:
        on_agreement(agreement)
    zone = agreement.timezone
    limit = as_of_moment(as_of, zone, now)
    parser = EventParser(agreement, ordered=not sort, on_warning=on_warning, strict=strict)
    engine = Engine(agreement)
    parse, feed, drain, pending, changes = parser.parse, engine.feed, engine.drain, engine.pending.pending, engine.changes
    kept: list[Breach] = []
    tally = {s: 0 for s in reversed(SEVERITIES)}

    alleged = 0
    latest: Event | None = None
    if resume is not None:
        read, events, before, alleged, latest = resume.load(engine, parser, tally)  # the lines read by the earlier checks
        total, skipped = max(total, read), skipped + before

    def sink(found: list[Breach]) -> None:
        nonlocal alleged
        for breach in found:
            if breach.alleged:
                alleged += 1
                continue
            tally[breach.severity] += 1
        if on_breach is None:
            kept.extend(found)
        else:
            for breach in found:
                on_breach(breach)

    def parsed(pairs: Iterator[tuple[int, Any]]) -> Iterator[Event]:
        nonlocal total, skipped
        for number, value in pairs:
            total = number
            if value is None:
                skipped += 1
            else:
                yield parse(value, number)

    cutoff = limit.instant if limit is not None else None
    latest_at = latest.instant if latest is not None else None
    pairs: Iterator[tuple[int | None, Any]] = chain(() if first is None else (first,), lines)
    if sort:  # every line read and parsed first; then the events, in date order
        pairs = zip(repeat(None), sorted(parsed(pairs), key=attrgetter("instant")))  # type: ignore[arg-type]
    for number, value in pairs:  # the lines, parsed here rather than by a generator between: one step less per event
        if number is None:
            event = value
        else:
            total = number
            if value is None:
                skipped += 1
                continue
            event = parse(value, number)
        instant = event.instant
        if cutoff is not None and instant > cutoff:
            skipped += 1
            continue
        events += 1
        feed(event)
        if changes and on_change is not None:
            told(drain() if pending else [], changes, sink, on_change, zone)
        elif pending:
            found = drain()
            if found:  # while a timer's finding waits for its day, most events hand out nothing
                sink(found)
        if latest_at is None or instant >= latest_at:
            latest, latest_at = event, instant
    if resume is not None:
        resume.save(engine, parser, tally, (total, events, skipped, alleged), latest)
    shown = limit or (Moment(latest.instant, latest.day) if latest is not None else None)
    engine.finish(shown.instant if shown is not None else None)
    if on_change is not None:
        told(drain(), changes, sink, on_change, zone)
    else:
        sink(drain())
    return Report(
        agreement=agreement.id,
        title=agreement.title,
        log=label,
        as_of=show(shown, zone) if shown is not None else None,
        status=engine.status,
        provisions=engine.states,
        breaches=tuple(made_all(kept)),
        counts=Counts(lines=total, events=events, skipped=skipped, out_of_area=engine.out_of_area if _has_area(agreement) else None),
        by_severity=tally,
        warnings=tuple(parser.warnings),
        pack=agreement,
        history=tuple(engine.changes),
        implementation=engine.implementation,
        instances=engine.instances,
        unobserved=engine.unobserved,
        extensions=tuple(engine.extensions),
        alleged=alleged,
    )


def _has_area(agreement: Agreement) -> bool:
    return agreement.area is not None or any(p.area for p in agreement.provisions) or any(r.area for r in agreement.rules)


def as_of_moment(as_of: str | date | datetime | None, zone: tzinfo, now: datetime | None = None) -> Moment | None:
    """The moment a verdict is given for: ``now``, the end of today in ``zone`` (``today``), or a date as given."""
    if as_of in ("now", "today"):
        if now is None:
            raise UsageError(f"as-of {as_of!r} needs the current time (pass now=...)")
        if now.tzinfo is None:
            raise UsageError("now must be an aware datetime (with a time zone)")
        now = now.replace(microsecond=0)
        as_of = now if as_of == "now" else now.astimezone(zone).date()
    if as_of is None:
        return None
    try:
        return parse_moment(as_of, zone)
    except ValueError as exc:
        raise LogError(f"as-of: {exc}") from None  # the log's pack decides its zone: name the log


def header_agreement(header: Mapping[str, Any], line: int, folder: Path) -> Agreement:
    """The agreement a log's header names, a bundled pack or a pack file confined to the log's folder (LogError if not)."""
    ref = header["agreement"]
    if not isinstance(ref, str) or not ref:
        raise LogError("the header's 'agreement' must name a pack (a bundled name or a path)", line)
    try:
        return load_agreement(ref, base=folder, confine=folder)
    except PackError as exc:
        unreadable = exc.key is None and exc.message.startswith(("no such file", "not a file", "cannot read"))
        if exc.path == ref or unreadable:  # the reference itself is wrong, not the pack's content
            raise LogError(f"agreement {ref!r}: {exc.message}", line) from None
        raise
