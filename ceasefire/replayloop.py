"""A replay's loop: each line to its event, fed to the engine, the findings handed out as they settle.

Two loops with one body. ``pairs`` takes decoded lines (any source); ``stream`` reads a log's stream itself when msgspec
is installed: the common line is decoded into a typed record and made an event right here, with no generator, no dict
and no call per field between, and every other line goes through ``lines.line_value`` and ``EventParser.parse``, the
judges of every message and warning. Both count the lines, the events and the skipped lines the same way. A common line
that meets no rule in force (``quiet``) is not made an event at all: its instant becomes the engine's clock, which is
all that feeding it would have changed; one whose only effect is plain breaches (``plainbreach``) has them recorded from
the line itself, its date shown as written when that is what ``show`` writes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime, tzinfo
from typing import Any

from .dates import HOURS, RESTS, learn_instant, parse_when
from .engine import Engine
from .errors import LogError, UsageError
from .events import Event, EventParser
from .lines import LineStream, line_value
from .quiet import calm_until, meets_none
from .found import Found
from .report import Change
from .settle import told
from .typeclasses import classes_of

__all__ = ["Replay", "told"]

_NEVER = datetime.max.replace(tzinfo=UTC)  # the order check's floor when the quick path must not judge (none yet)
_FIRST = datetime(2, 1, 1, tzinfo=UTC)  # the quick path's instants: years 1 and 9999 need the zone's check (parse_when's)
_LAST = datetime(9999, 1, 1, tzinfo=UTC)
_PATIENCE = 256  # lines that go the long way before the record is given up, if they are most of the lines
_new = tuple.__new__
_MEMO = 65536  # (type, actor, target) verdicts kept, at most: then they start again
_NO_HOUR = "\x00"  # no date starts so
_UNSEEN = object()  # the hour's shown offset, not looked at yet
_UNJUDGED = object()  # a line's (type, actor, target) seen (a known type, known ids), not judged for the rules in force
_QUIET, _LOUD = object(), object()  # judged: meets none of the rules in force (only moves the clock); may meet one (fed)


class Replay:
    """One replay's loop and what it counts: lines read, events fed, lines skipped, and the latest event."""

    def __init__(self, parser: EventParser, engine: Engine, cutoff: datetime | None, sink: Callable[[list[Found]], None],
                 on_change: Callable[[Change], None] | None, zone: tzinfo, counts: tuple[int, int, int], latest: Event | None) -> None:
        self.parser, self.engine, self.cutoff, self.sink, self.on_change, self.zone = parser, engine, cutoff, sink, on_change, zone
        self.total, self.events, self.skipped = counts
        self.latest = latest

    def pairs(self, pairs: Iterable[tuple[int | None, Any]]) -> None:
        """Replay decoded lines: ``(number, value)`` (a blank line's value None), or ``(None, event)`` already parsed."""
        parse, cutoff, sink, on_change, zone = self.parser.parse, self.cutoff, self.sink, self.on_change, self.zone
        engine = self.engine
        feed, drain, pending, changes = engine.feed, engine.drain, engine.pending.pending, engine.changes
        total, events, skipped, latest = self.total, self.events, self.skipped, self.latest
        latest_at = latest.instant if latest is not None else None
        try:
            for number, value in pairs:
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
        finally:
            self.total, self.events, self.skipped, self.latest = total, events, skipped, latest

    def stream(self, stream: LineStream, number: int, limit: int, decode: Callable[[bytes], Any], loads: Callable[[bytes], Any]) -> bytes:
        """Replay the rest of ``stream``, read after line ``number``: ``decode`` the typed record, ``loads`` the quick decoder of the rest.

        When most lines are not for the record (an ``x_`` field on each, say), trying it first costs more than it gives:
        then the line just read is returned unreplayed (``total`` is the line before it), to be read the usual way with
        what follows. Else ``b""``: the stream was read to its end.
        """
        from .plainbreach import again, plain_of, record  # (here: a short log, read before this loop takes over, never imports it)

        parser = self.parser
        parse, known, zone, check_type = parser.parse, parser._known, parser._zone, parser._check_type
        who = parser._plain_who | {None}  # an actor or a target absent, or one of the pack's own ids in plain ASCII
        cutoff, sink, on_change = self.cutoff, self.sink, self.on_change
        engine = self.engine
        feed, drain, pending, changes = engine.feed, engine.drain, engine.pending.pending, engine.changes
        # a type's rules in force (None: not known, feed it), as feed looks them up: first those worked out, else worked out
        plans, work_out = (engine._plans.get, engine._matcher.plans) if type(engine).feed is Engine.feed else ({}.get, {}.get)  # type: Callable[[str], Any], Callable[[str], Any]  # type: ignore[assignment]  # (joined to 'function')
        # a new type of a class (typeclasses: ``prefix`` + letters and digits) meets the rules of its prefix (``under``)
        # and is known to the vocabulary: only whether it deserves a warning is its own (the hints' quick test, written out)
        classed, classes, under = classes_of(parser, engine)  # a type's class by its length, no name near it
        calm: datetime | None = calm_until(engine)
        reach = engine._reach  # the clock moved to a quiet event's instant: before ``calm``, nothing is due by then
        # (type or class, actor, target) of a known type and known ids -> _QUIET (meets none of the rules in force), _LOUD
        # (may meet one), or _UNJUDGED: the matcher's, which it clears when the rules in force change (``Matcher.forget``)
        quiet: dict[tuple[str | int, str | None, str | None], Any] = engine._matcher.judged
        quiet.clear()
        # meets_none's answer by the rules asked (by identity, kept alive here), the actor and the target: endless types
        # under one prefix share their rules, and are judged once per actor and target
        answers: dict[tuple[int, str | None, str | None], tuple[Any, Any]] = {}
        seen = quiet.get  # None: never seen
        unjudged, calm_only, loud = _UNJUDGED, _QUIET, _LOUD
        moved = None  # the instant of the last quiet event, not yet the engine's clock (``reach`` moves it)
        events, skipped, latest, read = self.events, self.skipped, self.latest, number
        latest_at = latest.instant if latest is not None else None
        hours, rests = HOURS.get, RESTS.get
        hour, base = _NO_HOUR, None  # the last date's YYYY-MM-DDTHH, and its first instant (HOURS)
        given, written = _UNSEEN, engine._shown.written  # type: Any, Callable[[str, datetime, str], tuple[str, str | None, str] | None]  # how a date of ``hour`` (with the offset given[0]) is shown (None: by show)
        floor = parser._floor
        top = floor[0] if floor is not None and floor[0] >= _FIRST else _NEVER  # the order check's floor, kept here
        last, last_number = None, 0  # the quick path's last line and its number, since the parser's floor and the latest event were brought up to date
        ceiling = _LAST if cutoff is None or cutoff >= _LAST else cutoff  # an instant after it goes the long way (skipped, or checked)
        readline, size = stream.readline, limit + 1
        watching = on_change is not None
        slow, raw = 0, b""  # the lines that went the long way
        try:
            while True:
                try:
                    raw = readline(size)
                except OSError as exc:
                    raise LogError(f"cannot read: {exc.strerror or exc}", number + 1) from None
                except ValueError:  # I/O on a closed file
                    raise UsageError("the log's stream is closed") from None
                if not raw:
                    break
                number += 1
                if len(raw) <= limit:  # (a stream of str is refused by line_value at its first line, read before)
                    try:
                        line = decode(raw)
                    except (ValueError, RecursionError):  # msgspec's refusals; bytes that are not UTF-8
                        line = None
                    if line is not None:
                        kind, actor, target = line.type, line.actor, line.target
                        key = (kind, actor, target)
                        judged: Any = seen(key)  # seen: a known type, known ids (and what it was judged, if it was)
                        if judged is None:
                            match = classed[length](kind) if (length := len(kind)) <= 256 else None  # of a class, no name near it
                            if match is not None:
                                admitted = actor in who and target in who
                                if admitted:  # kept by its class, not by the type (endless types, one entry)
                                    cls = match.lastindex
                                    kind = classes.prefixes[cls]  # type: ignore[union-attr]  # its rules are the prefix's (Matcher.under)
                                    key = (cls, actor, target)
                                    judged = seen(key)
                            else:
                                verdict = known.get(kind)
                                if verdict is None:  # a type not seen yet: judged here as the parser would
                                    try:
                                        verdict = check_type(kind, number)
                                    except LogError:  # the long way says why, after what it checks first
                                        pass
                                # msgspec's strings are valid text (it refuses an unpaired surrogate) and never empty here:
                                # only who the actor and the target are is left to check
                                admitted = verdict is True and actor in who and target in who
                            if admitted and judged is None:  # a new entry; a full memo starts again
                                if len(quiet) >= _MEMO:
                                    quiet.clear()
                                    answers.clear()
                                judged = quiet[key] = unjudged
                    else:
                        judged = None
                    if judged is not None:
                        when = line.date
                        if not when.startswith(hour):  # (most lines share their hour with the line before)
                            hour = when[:13]
                            base = hours(hour)
                            given = _UNSEEN
                        delta = rests(when[13:])
                        if base is not None and delta is not None:  # YYYY-MM-DDTHH:MM:SS and an offset, each part seen before
                            instant = base + delta
                        else:
                            hour, base = _NO_HOUR, None  # looked up again next time: learnt here, perhaps (a date that starts
                            # with NUL, as _NO_HOUR does, must not take the last hour's instant)
                            instant = learn_instant(when)  # type: ignore[assignment]  # None: then read by parse_when
                            if instant is None:  # another date: as parse_when reads it, if the quick path may take it
                                try:
                                    instant, day = parse_when(when, zone)
                                except ValueError:  # parse_when says why, the long way
                                    instant = _NEVER
                                else:
                                    if day is not None:  # a bare date: held by the engine, so with its line's fields as read
                                        instant = _NEVER
                        if top < instant < ceiling:
                            top, last, last_number = instant, line, number
                            events += 1
                            if judged is unjudged:  # not judged for the rules in force yet
                                rules = plans(kind)  # an event that meets no rule only moves the clock (quiet.py)
                                if rules is None:  # a type the engine has not met yet, or one beyond those it keeps; or a class's
                                    rules = under(kind) if kind is not line.type else work_out(kind)
                                if rules is None:  # an engine of its own: fed
                                    judged = quiet[key] = loud
                                else:
                                    answer = answers.get((id(rules), actor, target))
                                    if answer is None or answer[0] is not rules:
                                        answer = answers[id(rules), actor, target] = (rules, calm_only if meets_none(rules, actor, target, line._names)
                                                                                      else plain_of(engine, rules, actor, target, line._names, line.casualties) or loud)
                                    judged = quiet[key] = answer[1]
                            if judged is calm_only:
                                if calm is None:
                                    calm = calm_until(engine)
                                if instant < calm:
                                    moved = instant  # the engine's clock, set before it is next used
                                    continue
                            elif judged is not loud:  # plain breaches only (plainbreach.py): recorded here, if nothing else can happen
                                if calm is None:
                                    calm = calm_until(engine)
                                if instant < calm and not engine._ended and not (watching and changes):
                                    casualties = line.casualties or 0
                                    plain = judged if judged[0] <= casualties < judged[1] else again(engine, quiet, key, judged, line, casualties)
                                    if plain is not None:
                                        moved = instant
                                        if given is _UNSEEN and hour is not _NO_HOUR:  # (a date read by HOURS and RESTS: in its form)
                                            given = written(hour, instant, when[19:])
                                        found = record(engine, plain[2], line, number, instant,  # its date as shown, from its text
                                                       (when if given[1] is None else f"{given[1]}{when[14:19]}{given[2]}")
                                                       if hour is not _NO_HOUR and given is not None and when[19:] == given[0] else None)
                                        if found:
                                            sink(found)
                                        if plain[3]:  # a calm period restarted: what is due may have changed
                                            calm = None
                                        continue
                            if moved is not None:
                                reach(moved)
                                moved = None
                            feed(_event(number, instant, line))
                            if watching and changes:
                                told(drain() if pending else [], changes, sink, on_change, zone)  # type: ignore[arg-type]  # on_change: not None when watching
                            elif pending:
                                found = drain()
                                if found:  # while a timer's finding waits for its day, most events hand out nothing
                                    sink(found)
                            calm = None  # worked out again when a quiet event needs it
                            continue
                # any other line: as read_lines reads it, as EventParser.parse judges it
                slow += 1
                if slow > _PATIENCE and slow * 2 > number - read:  # a log of such lines: leave them to read_lines
                    number -= 1
                    break
                value = line_value(raw, number, limit, loads)
                if value is None:
                    skipped += 1
                    continue
                if moved is not None:
                    reach(moved)
                    moved = None
                if last is not None:  # bring the parser's floor and the latest event up to date
                    parser._floor = (top, last_number, top, None)
                    if latest_at is None or top >= latest_at:
                        latest, latest_at = _event(last_number, top, last), top
                    last = None
                event = parse(value, number)
                floor = parser._floor
                top = floor[0] if floor is not None and floor[0] >= _FIRST else _NEVER
                instant = event.instant
                if cutoff is not None and instant > cutoff:
                    skipped += 1
                    continue
                events += 1
                feed(event)
                if watching and changes:
                    told(drain() if pending else [], changes, sink, on_change, zone)  # type: ignore[arg-type]  # on_change: not None when watching
                elif pending:
                    found = drain()
                    if found:
                        sink(found)
                calm = None
                if latest_at is None or instant >= latest_at:
                    latest, latest_at = event, instant
        finally:
            if moved is not None:
                reach(moved)
            if last is not None:
                parser._floor = (top, last_number, top, None)
                if latest_at is None or top >= latest_at:
                    latest = _event(last_number, top, last)
            self.events, self.skipped, self.latest = events, skipped, latest
            if number > read:
                self.total = number
        return raw


def _event(number: int, instant: datetime, line: Any) -> Event:
    """The event of a common line read by the quick path."""
    return _new(Event, (number, instant, None, line.type, line.actor, line.target, None, line.casualties, line.id,
                        line, None, None, None, 1, "reported", None, None, None))
