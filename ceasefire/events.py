"""Reading an event log: JSON Lines in, validated Event records out, one line at a time.

The log is never held: lines are read, checked and handed on. Every problem is a LogError
naming the line. What is valid but probably a typing mistake (a field the format does not
define, an actor the pack does not know) is a warning: handed to ``on_warning``, or kept in
``EventParser.warnings``; a strict parser raises it as a LogError instead.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from types import MappingProxyType
from typing import Any

from .agreement import Agreement
from .dates import Moment, day_bounds, parse_when, show
from .errors import LogError, kind_of
from .lines import MAX_LINE_BYTES, read_lines
from .eventfacts import _HUGE, FACT_FIELDS, facts, interval  # _HUGE: 10**4300, as the JSON reader (worked out once: 0.5 M instructions)
from .report import LogWarning
from .shared import once
from .suggest import WildcardHints, closest, did_you_mean, type_suggestion
from .typeindex import TypeIndex
from .values import Record

__all__ = ["EVENT_FIELDS", "Event", "EventParser", "MAX_LINE_BYTES", "is_header", "read_lines"]

EVENT_FIELDS = ("date", "type", "id", "actor", "target", "claimed_target", "casualties", "location", "source", "note",
                *sorted(FACT_FIELDS))
"""The fields every event may carry; a pack may declare more (``[fields]``), and ``x_`` fields are free."""

_TYPE = re.compile(r"[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*")
_TYPE_MATCH = _TYPE.fullmatch
_MAX_FIELD_WARNINGS = 5
_TEXT_FIELDS = ("actor", "target", "claimed_target", "location", "source", "note")


class Event(Record):  # a typing.NamedTuple whose annotations are not compiled (values.Record)
    """One event of the log, as the engine needs it; ``fields`` keeps the whole object as read.

    ``instant`` orders it; ``day`` is set when the log gave only a date (then ``instant`` is
    the last instant of that day in the pack's time zone). One is built per log line, so it
    is an immutable named tuple: a fifth of the cost of a frozen attrs instance.
    """

    line: int | None
    instant: datetime
    day: date | None
    type: str
    actor: str | None = None
    target: str | None = None
    claimed_target: str | None = None
    casualties: int | None = None
    id: str | int | None = None
    fields: Mapping[str, Any] = MappingProxyType({})
    start: datetime | None = None
    """The first instant of an interval (``instant`` is its last): the event counts at its end."""
    killed: int | None = None
    injured: int | None = None
    count: int = 1  # type: ignore[assignment]  # the event's field, over tuple.count (which nobody asks an Event)
    verification: str = "reported"
    claimed_by: str | None = None
    sides: tuple[str, str] | None = None
    party: str | None = None


_new = tuple.__new__
_PLAIN = (None, None, None, 1, "reported", None, None, None)
"""The defaults of an event line with no optional facts, written out where the plain Event is built as a tuple."""
assert _PLAIN == tuple(Event._field_defaults[name] for name in Event._fields[10:])


def is_header(value: Any) -> bool:
    """True for the optional first line that names the agreement rather than recording an event."""
    return isinstance(value, dict) and "agreement" in value and "type" not in value and "date" not in value


class EventParser:
    """Turns JSON objects into Events for one agreement, checking fields, vocabulary and order."""

    def __init__(
        self,
        agreement: Agreement,
        ordered: bool = True,
        on_warning: Callable[[LogWarning], None] | None = None,
        strict: bool = False,
    ) -> None:
        self.agreement = agreement
        self.ordered = ordered
        self.strict = strict
        self.on_warning = on_warning
        self.warnings: list[LogWarning] = []
        """The warnings given so far, when there is no ``on_warning`` to hand them to."""
        self._zone = agreement.timezone
        # per event type: False (unknown), True (known), or the warning a known type deserves
        self._known: dict[str, bool | str] = {}
        # a type not among the 10,000 above costs a few look-ups in the vocabulary's tables, the pack's (``shared.once``)
        self._vocabulary = vocabulary = once(agreement, "vocabulary", lambda: TypeIndex(agreement.vocabulary))
        self._plain = once(agreement, "plain", lambda: vocabulary.plain(_TYPE_MATCH))
        self._declared = agreement.vocabulary  # the types it names (its patterns are no valid type)
        self._matching, self._direct, self._head = vocabulary.matching, vocabulary.direct, vocabulary.shortest
        self._hints: WildcardHints | None = None  # made when a type only a pattern accepts first comes
        self._fields = frozenset(EVENT_FIELDS) | frozenset(agreement.fields)
        self._plain_fields = (self._fields - FACT_FIELDS).issuperset  # whether a line's keys are all of these
        self._who = agreement.ids()
        self._plain_who = frozenset(w for w in self._who if w.isascii() and w)  # a str among these passes both checks
        # the earliest instant the next event may have, and the line, instant and day that set it
        self._floor: tuple[datetime, int | None, datetime, date | None] | None = None

    def parse(self, value: Any, line: int | None) -> Event:
        """Validate one log line's value and return its Event; raise LogError when it is wrong."""
        if type(value) is not dict:
            if not isinstance(value, Mapping):
                raise LogError(f"expected a JSON object, got {kind_of(value)}", line)
            value = dict(value)  # any mapping a caller hands the library
        get = value.get
        when, event_type = get("date"), get("type")
        if when is None or event_type is None:
            if is_header(value):
                raise LogError("a header naming the agreement is only allowed on the first line", line)
            raise LogError(f"missing required field {'date' if when is None else 'type'!r}", line)
        plain = self._plain_fields(value)  # the common line: no rough time, claim or place, no unknown field
        if plain and not (type(when) is str and "/" in when):
            extra = span = None
            try:
                instant, day = parse_when(when, self._zone)
            except ValueError as exc:
                raise LogError(str(exc), line) from None
        else:
            extra = facts(value, line)
            span = interval(value, self._zone, line)
            if span is not None:
                instant, day = span[1], None
            else:
                try:
                    instant, day = parse_when(when, self._zone)
                except ValueError as exc:
                    raise LogError(str(exc), line) from None
        try:
            known = self._known.get(event_type)  # str keys only: any other type is not found, and checked below
        except TypeError:  # unhashable
            known = None
        if known is None:
            known = self._check_type(event_type, line)
        if known is False:
            hint = type_suggestion(event_type, self.agreement.vocabulary, self.agreement.knows)
            raise LogError(
                f"unknown event type {event_type!r} for agreement {self.agreement.id} "
                f"({f'did you mean {hint!r}?; ' if hint else ''}known: {', '.join(self.agreement.vocabulary)})",
                line,
            )
        casualties, event_id = get("casualties"), get("id")
        if casualties is not None and (type(casualties) is not int or casualties < 0 or casualties >= _HUGE):
            raise LogError(f"casualties must be a whole number 0 or more, got {_show_value(casualties)}", line)
        actor, target, claimed = get("actor"), get("target"), get("claimed_target")
        location, source, note = get("location"), get("source"), get("note")
        # Fast path: every text field absent or a plain ASCII string; otherwise find the culprit. An
        # actor and a target that are the pack's own ids pass this check and the check of who they are.
        known_who = ((actor is None or (type(actor) is str and actor in self._plain_who))
                     and (target is None or (type(target) is str and target in self._plain_who)))
        if not (
            (known_who or ((actor is None or (type(actor) is str and actor.isascii() and actor))
                           and (target is None or (type(target) is str and target.isascii() and target))))
            and (location is None or (type(location) is str and location.isascii() and location))
            and (source is None or (type(source) is str and source.isascii() and source))
            and (claimed is None or (type(claimed) is str and claimed.isascii() and claimed))
            and (note is None or (type(note) is str and note.isascii() and note))
            and (event_id is None or (type(event_id) is str and event_id.isascii() and event_id)
                 or (type(event_id) is int and -_HUGE < event_id < _HUGE))
        ):
            for name in ("id", *_TEXT_FIELDS):
                text = get(name)
                if text is not None and not (name == "id" and type(text) is int and -_HUGE < text < _HUGE):
                    _check_text(name, text, line)
        if self.ordered:
            floor = self._floor
            if day is None and span is None and floor is not None and instant > floor[0]:
                self._floor = (instant, line, instant, None)  # the common case of _check_order, inline
            else:
                self._check_order(instant, day, when, line, None if span is None else span[0])
        if known is not True:
            self._warn(LogWarning(line, "wildcard-type", known))
        if not plain and not value.keys() <= self._fields:
            self._check_fields(value, line)
        who = self._who
        if ((not known_who and ((actor is not None and actor not in who) or (target is not None and target not in who)))
                or (claimed is not None and claimed not in who)):
            self._check_actors(actor, target, claimed, line)
        if extra is None:
            return _new(Event, (line, instant, day, event_type, actor, target, claimed, casualties, event_id, value,
                                None, None, None, 1, "reported", None, None, None))  # _PLAIN, as constants
        if casualties is None and (extra.killed is not None or extra.injured is not None):
            casualties = (extra.killed or 0) + (extra.injured or 0)
        return Event(line, instant, day, event_type, actor, target, claimed, casualties, event_id, value,
                     None if span is None else span[0], extra.killed, extra.injured, extra.count, extra.verification,
                     extra.claimed_by, extra.sides, extra.party)

    def _check_type(self, event_type: Any, line: int | None) -> bool | str:
        """True (the pack knows ``event_type``), the warning it deserves, or False; kept unless 10,000 types are kept."""
        if type(event_type) is str and self._plain(event_type):  # the common new type (attack.k000042): known by a prefix alone
            known: bool | str = event_type in self._declared or (self._hints or self._hinted()).warning(event_type) or True
        else:
            if not isinstance(event_type, str):
                raise LogError(f"type must be a string, got {kind_of(event_type)}", line)
            if not _TYPE_MATCH(event_type):
                raise LogError(f"invalid type {event_type!r}: expected a dotted name such as 'attack.airstrike'", line)
            known = event_type in self._declared
            # agreement.knows, without a scan: a type the pack does not name is known only by a pattern (most often a
            # prefix its first characters name), and may deserve the hints' warning
            if not known and (self._direct.get(event_type[:self._head]) is not None or self._matching(event_type)):
                known = (self._hints or self._hinted()).warning(event_type) or True
        if len(self._known) < 10_000:
            self._known[event_type] = known
        return known

    def _hinted(self) -> WildcardHints:
        """The hints, made when a type only a pattern accepts first comes."""
        agreement = self.agreement
        self._hints = once(agreement, "hints", lambda: WildcardHints(agreement.vocabulary))
        return self._hints

    def _warn(self, warning: LogWarning) -> None:
        if self.strict:
            raise LogError(warning.message, warning.line)
        if self.on_warning is not None:
            self.on_warning(warning)
        else:
            self.warnings.append(warning)

    def _check_fields(self, value: dict[str, Any], line: int | None) -> None:
        known = self._fields
        unknown = [name for name in value if name not in known and not name.startswith("x_")]
        for name in unknown[:_MAX_FIELD_WARNINGS]:
            hint = closest(name, known)
            self._warn(LogWarning(line, "unknown-field", f"unknown field {_quote(name)}" + (
                did_you_mean(hint) if hint else " (a pack may declare it under [fields]; fields named x_... are never checked)")))
        if len(unknown) > _MAX_FIELD_WARNINGS:
            self._warn(LogWarning(line, "unknown-field", f"{len(unknown) - _MAX_FIELD_WARNINGS} more unknown fields"))

    def _check_actors(self, actor: Any, target: Any, claimed: Any, line: int | None) -> None:
        who = self._who
        for role, name in (("actor", actor), ("target", target), ("claimed_target", claimed)):
            if name is None or name in who:
                continue
            hint = closest(name, who)
            self._warn(LogWarning(line, "unknown-actor", f"unknown {role} {_quote(name)}" + (
                did_you_mean(hint) if hint
                else f" (not a party, designated group or listed actor of {self.agreement.id}: counted as any other actor)")))

    def _check_order(self, instant: datetime, day: date | None, text: Any, line: int | None, start: datetime | None = None) -> None:
        # A bare date may share its day with timed events in any order: it only has to
        # come no earlier than the day of what precedes it.
        floor = self._floor
        if floor is not None and instant < floor[0]:
            where = f"line {floor[1]}" if floor[1] is not None else "the previous event"
            raise LogError(
                f"event dated {text} is earlier than {where} ({show(Moment(floor[2], floor[3]), self._zone)}): "
                "the log must be in date order (pass --sort to sort it)",
                line,
            )
        earliest = start if start is not None else instant if day is None else day_bounds(day, self._zone)[0]
        if floor is None or earliest > floor[0]:
            self._floor = (earliest, line, instant, day)


def _check_text(name: str, value: Any, line: int | None) -> None:
    """Raise for a text field that is not a non-empty string of valid text (an id may also be a number)."""
    if type(value) is not str:
        what = "a string or a whole number" if name == "id" else "a non-empty string"
        what += " of at most 4300 digits" if name == "id" and type(value) is int else ""
        raise LogError(f"{name} must be {what}, got {_show_value(value)}", line)
    if not value:
        raise LogError(f"{name} must be a non-empty string, got \"\"", line)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise LogError(f"{name} contains an unpaired surrogate (\\u escape) that is not valid text", line) from None


def _quote(name: str) -> str:
    """A name from the log, quoted as Python does (control characters escaped), cut short when long."""
    return repr(name) if len(name) <= 40 else repr(name[:37]) + "..."


def _show_value(value: Any) -> str:
    if type(value) is int and not -_HUGE < value < _HUGE:
        return "a number of more than 4300 digits"
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, (dict, list)) else kind_of(value)
    return text if len(text) <= 40 else text[:37] + "..."
