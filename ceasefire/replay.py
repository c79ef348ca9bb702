"""Checking a whole log: read it, replay it, report. The library's main entry point."""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, datetime, tzinfo
from itertools import chain, islice, repeat
from operator import attrgetter
from typing import IO, Any

from . import textpaths
from .agreement import SEVERITIES, Agreement
from .dates import Moment, parse_moment, show
from .engine import Engine
from .errors import LogError, PackError, UsageError
from .events import Event, EventParser, is_header
from .found import Found, made_all
from .lines import LineStream, StreamLines, line_value, quick_from, read_lines
from .replayloop import Replay
from .settle import told
from .packs import bundled_packs, load_agreement
from .report import Breach, Change, Counts, LogWarning, Report

__all__ = ["as_of_moment", "check", "header_agreement"]

LogSource = str | os.PathLike[str] | LineStream | Iterable[Mapping[str, Any]]


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
            return _labelled(label, StreamLines(stream), textpaths.parent(log), options)
    if hasattr(log, "readline"):
        if getattr(log, "closed", False):
            raise UsageError("the log's stream is closed")
        if isinstance(log, io.TextIOBase):
            raise UsageError("open the log in binary mode ('rb'): it is read as UTF-8 bytes")
        label = str(name or getattr(log, "name", None) or "<stdin>")
        return _labelled(label, StreamLines(log, start=getattr(resume, "start", 0)), os.getcwd(), options)  # type: ignore[arg-type]
    if isinstance(log, (bytes, bytearray, Mapping)) or not isinstance(log, Iterable):
        raise UsageError(f"a log is a path, a binary stream or an iterable of event mappings, got {type(log).__name__}")
    events = (dict(v) if isinstance(v, Mapping) and type(v) is not dict else v for v in log)
    return _labelled(name or "<events>", _numbered(events), os.getcwd(), options)


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


def _labelled(label: str, lines: Iterator[tuple[int, Any]], folder: str, options: tuple[Any, ...]) -> Report:
    """Check, naming the log in any LogError that does not name one yet."""
    try:
        return _check(lines, label, folder, *options)
    except LogError as exc:
        raise exc.at(label) from None


def _check(
    lines: Iterator[tuple[int, Any]],
    label: str,
    folder: str,
    agreement: Agreement | str | os.PathLike[str] | None,
    as_of: str | date | datetime | None,
    sort: bool,
    on_breach: Callable[[Found], None] | None,
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
    parse = parser.parse
    kept: list[Found] = []
    tally = {s: 0 for s in reversed(SEVERITIES)}

    alleged = 0
    latest: Event | None = None
    if resume is not None:
        read, events, before, alleged, latest = resume.load(engine, parser, tally)  # the lines read by the earlier checks
        total, skipped = max(total, read), skipped + before

    def sink(found: list[Found]) -> None:
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
    firsts = () if first is None else (first,)
    if sort:  # every line read and parsed first; then the events, in date order
        pairs = zip(repeat(None), sorted(parsed(chain(firsts, lines)), key=attrgetter("instant")))
    replay = Replay(parser, engine, cutoff, sink, on_change, zone, (total, events, skipped), latest)
    start = quick_from(lines.start, lines.number + 1) if isinstance(lines, StreamLines) and not sort else None
    if sort:
        replay.pairs(pairs)
    elif start is None:
        replay.pairs(chain(firsts, lines.pairs if isinstance(lines, StreamLines) else lines))
    else:  # the first lines by the standard library (a short log never imports msgspec), the rest by the typed record
        assert isinstance(lines, StreamLines)
        replay.pairs(chain(firsts, islice(lines, max(start - 1 - lines.number, 0))))
        if lines.number >= start - 1:  # more lines may follow
            quick = _quick(agreement)
            if quick is None:
                replay.pairs(lines.pairs)
            else:
                decode, loads = quick
                rest = replay.stream(lines.stream, lines.number, lines.limit, decode, loads)
                if rest:  # most lines not for the typed record: the rest read as without it
                    number = replay.total + 1
                    replay.pairs(chain([(number, line_value(rest, number, lines.limit, loads))],
                                       read_lines(lines.stream, lines.limit, number, loads)))
    total, events, skipped, latest = replay.total, replay.events, replay.skipped, replay.latest
    if resume is not None:
        resume.save(engine, parser, tally, (total, events, skipped, alleged), latest)
    shown = limit or (Moment(latest.instant, latest.day) if latest is not None else None)
    engine.finish(shown.instant if shown is not None else None)
    if on_change is not None:
        told(engine.drain(), engine.changes, sink, on_change, zone)
    else:
        sink(engine.drain())
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


def _quick(agreement: Agreement) -> tuple[Callable[[bytes], Any], Callable[[bytes], Any]] | None:
    """The typed record's decoder for ``agreement`` and the quick decoder of other lines; None without msgspec."""
    try:
        from .quicklines import line_decoder, loads
    except ImportError:  # no fast extra: the standard library (or orjson) alone
        return None
    return line_decoder(agreement), loads


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


def header_agreement(header: Mapping[str, Any], line: int, folder: str | os.PathLike[str]) -> Agreement:
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
