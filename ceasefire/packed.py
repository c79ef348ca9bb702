"""A log's kept findings, packed: about 140 bytes each instead of the 700 that the records themselves take.

A document format (``text``, ``json``, ``sarif``…) needs every finding of a log, or of the
run, before it can write; a million breaches must not take 700 MB. ``Findings`` is the list
they are kept in: each is packed into one ``bytes`` record when appended, with the strings
a log repeats (provision, rule, severity, party, note, event type, actor, target, location,
claimed group, verification, claimant, instance, source) stored once per log and referred to
by number, the whole numbers (casualties, killed, injured, count, needed) written only when they
differ from their default, and read back as a ``Finding`` with every fact of its breach (a
``Breach``, whether appended with one or a ``Found``). A value not foreseen is kept as it is.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, overload

import attrs

from .found import STRINGS, Found
from .keptrow import Counted, Row
from .report import Breach

__all__ = ["Findings", "Row"]

# shape; event_type, actor, target, location, claimed, verification, claimed_by, instance, source (numbers of
# values); line (-1: none); flags; which whole numbers follow; the lengths of the date, the fingerprint and the event id.
_HEAD = struct.Struct("<10Iq B B H H I")
_FRONT, _TAIL = struct.Struct("<10I"), struct.Struct("<q B B H H I")  # _HEAD in two: the numbers of strings, then the rest
assert _FRONT.size + _TAIL.size == _HEAD.size
_PLAIN = struct.Struct("<q B B H H I q")  # _TAIL and a toll alone (present 1): a plain breach's (see append_found)
_COUNTED = struct.Struct("<I36xq B B H H")  # what of _HEAD a tally reads: the shape; the line, flags, numbers and two lengths
assert _COUNTED.size + 4 == _HEAD.size
_MOST_HEADS = 256
"""The first parts a log's findings keep by their strings (a few hundred bytes each): most breaches of a log repeat a few."""
_UNCERTAIN, _KNOWN, _FAILS, _ID_STR, _ID_INT, _ID_NONE, _ALLEGED = 1, 2, 4, 8, 16, 32, 64
_BOOLS = tuple((bool(f & _UNCERTAIN), bool(f & _ALLEGED), bool(f & _KNOWN), bool(f & _FAILS)) for f in range(128))  # a row's, by flags
_NUMBERS = ("casualties", "killed", "injured", "count", "needed")
"""The breach's whole numbers, each written (eight bytes) only when it is not its default (None; ``count`` 1)."""
_DEFAULTS = (None, None, None, 1, None)
_NUMBER = struct.Struct("<q")
_LINE_NONE = -1
_BREACH_FIELDS = len(attrs.fields(Breach))
_new_tuple = tuple.__new__  # a Row from its values, without NamedTuple's keyword-taking __new__


class Findings(Sequence[Any]):
    """A list of ``Finding`` records kept packed (``append``, ``len``, index, iterate; equal to a list of equal findings)."""

    __slots__ = ("_records", "_values", "_strings", "_shapes", "_others", "_heads")

    def __init__(self, findings: Iterable[Any] = ()) -> None:
        self._records: list[Any] = []  # each a packed record (bytes), or a Finding kept whole
        self._values: list[Any] = []  # each value a record refers to by number, once
        self._strings: dict[str | None, int] = {}  # their numbers: strings (and None),
        self._shapes: dict[tuple[str, ...], int] = {}  # a rule's facts (provision, rule, kind, severity, party, note),
        self._others: dict[tuple[type, Any], int] = {}  # anything else, by type and value (1 and True apart)
        self._heads: dict[tuple[Any, ...], bytes] = {}  # a record's first part, by a recorded breach's strings (see _head)
        for finding in findings:
            self.append(finding)

    def _number(self, value: Any, table: dict[Any, int], key: Any) -> int:
        number = table[key] = len(self._values)
        self._values.append(value)
        return number

    def append(self, finding: Any) -> None:
        """Keep a finding (packed when its values are of the kinds a breach holds)."""
        try:
            self._records.append(self._pack(finding.breach, finding.fingerprint, finding.known, finding.fails))
        except (TypeError, ValueError, OverflowError, struct.error, UnicodeError, AttributeError):
            self._records.append(finding)  # something unforeseen: kept whole

    def append_found(self, b: Found, fingerprint: str, known: bool, fails: bool) -> None:
        """``append`` of a recorded breach's finding, given by its parts, without a ``Finding`` made to hold them; a plain one (a
        toll alone, on a line, an event id that is a string, all ASCII) of strings met before, its record made here at once."""
        (_, _, _, _, date, _, line, event_id, uncertain, _, _, _, _, casualties, _, _, killed, injured, count, needed) = b[:20]
        try:
            if (type(line) is int and type(event_id) is str and type(casualties) is int and count == 1 and type(count) is int
                    and killed is None and injured is None and needed is None and uncertain is False and b[22] is False
                    and type(known) is bool and type(fails) is bool and type(date) is str and type(fingerprint) is str and line >= 0):
                head = self._heads.get(STRINGS(b))
                text = date + fingerprint + event_id
                raw = text.encode("utf-8", "surrogatepass")
                if head is not None and len(raw) == len(text):  # (all ASCII: the lengths of characters are of bytes)
                    self._records.append(head + _PLAIN.pack(line, _ID_STR | (_KNOWN if known else 0) | (_FAILS if fails else 0), 1,
                                                            len(date), len(fingerprint), len(event_id), casualties) + raw)
                    return
            self._records.append(self._pack(b, fingerprint, known, fails))
        except (TypeError, ValueError, OverflowError, struct.error, UnicodeError, AttributeError):
            self._records.append(_new_tuple(Row, (*b, fingerprint, known, fails)).finding())  # kept whole, as a Finding

    def _pack(self, b: Any, fingerprint: str, known: bool, fails: bool) -> bytes:
        date: Any  # a str, then its bytes
        if type(b) is Found:  # recorded: its facts by place, at once
            (_, _, _, _, date, _, line, event_id, uncertain, _, _, _, _, casualties, _, _, killed, injured, count, needed, _, _,
             alleged) = b[:23]
        elif type(b) is Breach:
            date, line, event_id, uncertain, alleged = b.date, b.line, b.event_id, b.uncertain, b.alleged
            casualties, killed, injured, count, needed = b.casualties, b.killed, b.injured, b.count, b.needed
        if (type(b) is not Found and type(b) is not Breach) or type(known) is not bool or type(fails) is not bool or (
                type(uncertain) is not bool or type(alleged) is not bool):
            raise TypeError("not a plain finding")
        if line is not None and (type(line) is not int or line < 0):
            raise TypeError("a line that is not a line number")
        flags = (_UNCERTAIN if uncertain else 0) | (_KNOWN if known else 0) | (_FAILS if fails else 0) | (_ALLEGED if alleged else 0)
        if killed is None and injured is None and needed is None and type(count) is int and count == 1 and type(casualties) is int:
            present, numbers = 1, _NUMBER.pack(casualties)  # most breaches: a toll alone (struct.error if it does not fit: kept whole)
        else:
            present, numbers = _numbers((casualties, killed, injured, count, needed))
        if event_id is None:
            flags, shown = flags | _ID_NONE, b""
        elif type(event_id) is str:
            flags, shown = flags | _ID_STR, event_id.encode("utf-8", "surrogatepass")
        elif type(event_id) is int:
            flags, shown = flags | _ID_INT, str(event_id).encode("ascii")
        else:
            raise TypeError("an event id of another kind")
        date = date.encode("utf-8", "surrogatepass")  # AttributeError if not a string: kept whole
        mark = fingerprint.encode("utf-8", "surrogatepass")
        strings = STRINGS(b) if type(b) is Found else None
        head = (self._heads.get(strings) if strings is not None else None) or self._head(b, strings)
        return b"".join((head, _TAIL.pack(_LINE_NONE if line is None else line, flags, present, len(date), len(mark), len(shown)),
                         numbers, date, mark, shown))

    def _head(self, b: Any, strings: tuple[Any, ...] | None) -> bytes:
        """A record's first 40 bytes: the numbers of its rule's facts and of its strings. Kept by the strings of a recorded breach
        (``STRINGS``) when they are all strings or None (no two unequal ones are equal), for the first ``_MOST_HEADS``. (A breach
        whose strings are of a subclass of ``str``, equal to some kept, is read back with the plain strings: a log's are plain.)"""
        shape = (b.provision, b.rule, b.kind, b.severity, b.party, b.note)
        number = self._shapes.get(shape)
        if number is None:
            if not all(type(part) is str for part in (b.provision, b.rule, b.kind, b.severity, b.note)) or (
                    b.party is not None and type(b.party) is not str):
                raise TypeError("a rule's facts that are not strings")
            number = self._number(shape, self._shapes, shape)
        get, add, values = self._strings.get, self._add, []  # a string or None by one look-up; anything else through _add
        for v in (b.event_type, b.actor, b.target, b.location, b.claimed, b.verification, b.claimed_by, b.instance, b.source):
            n = get(v) if type(v) is str or v is None else None
            values.append(add(v) if n is None else n)
        head = _FRONT.pack(number, *values)
        if strings is not None and len(self._heads) < _MOST_HEADS and all(type(v) is str or v is None for v in strings):
            self._heads[strings] = head
        return head

    def _add(self, value: Any) -> int:
        """The number of a value not found among the strings (or found as number 0): a string, or anything else."""
        if type(value) is str or value is None:  # None among the strings: one look-up, as they take
            table, key = self._strings, value  # type: dict[Any, int], Any
        else:
            table, key = self._others, (type(value), value)
        number = table.get(key)
        return self._number(value, table, key) if number is None else number

    def _row(self, record: Any) -> Row:
        if type(record) is not bytes:
            b, f = record.breach, record
            return _new_tuple(Row, (*(getattr(b, name) for name in Row._fields[:_BREACH_FIELDS]), f.fingerprint, f.known, f.fails))
        values = self._values
        (shape, event_type, actor, target, location, claimed, verification, claimed_by, instance, source,
         line, flags, present, dates, marks, ids) = _HEAD.unpack_from(record)
        provision, rule, kind, severity, party, note = values[shape]
        if present == 1:  # most breaches: a toll alone
            (casualties,), killed, injured, count, needed, at = _NUMBER.unpack_from(record, _HEAD.size), None, None, 1, None, _HEAD.size + 8
        else:
            numbers: list[Any]  # the whole numbers, None where absent
            at, numbers = _HEAD.size, list(_DEFAULTS)
            for bit in range(len(_NUMBERS)) if present else ():
                if present & (1 << bit):
                    numbers[bit] = _NUMBER.unpack_from(record, at)[0]
                    at += _NUMBER.size
            casualties, killed, injured, count, needed = numbers
        text = record[at:].decode("utf-8", "surrogatepass")  # the date, the fingerprint and the event id, read at once
        if len(text) != dates + marks + ids:  # not all ASCII: their lengths (of bytes) counted in characters
            dates, marks = (len(record[at:at + dates].decode("utf-8", "surrogatepass")),
                            len(record[at + dates:at + dates + marks].decode("utf-8", "surrogatepass")))
        event_id: Any = text[dates + marks:]  # its text, then the id (str, int or None) its flags say
        if not flags & _ID_STR:
            event_id = int(event_id) if flags & _ID_INT else None
        uncertain, alleged, known, fails = _BOOLS[flags]
        return _new_tuple(Row, (provision, rule, kind, severity, text[:dates], party, None if line == _LINE_NONE else line, event_id,
                                uncertain, values[event_type], values[actor], values[target], values[location],
                                casualties, values[claimed], note, killed, injured, count, needed, values[verification],
                                values[claimed_by], alleged, values[instance], values[source], text[dates:dates + marks],
                                known, fails))

    def counted(self) -> Iterator[Any]:
        """Each finding's breach with only what a tally reads (``Counted``: no fingerprint, none of the strings besides
        the party), read from its record more quickly than a ``Row``; a finding kept whole, its breach."""
        values, numbers_of, head = self._values, _NUMBER.unpack_from, _HEAD.size
        for record in self._records:
            if type(record) is not bytes:
                yield record.breach
                continue
            shape, line, flags, present, dates, marks = _COUNTED.unpack_from(record)
            _, _, kind, severity, party, _ = values[shape]
            casualties, killed, injured, count, at = None, None, None, 1, head
            if present == 1:  # most breaches: a toll alone
                casualties, at = numbers_of(record, at)[0], at + 8
            elif present:
                numbers: list[Any] = list(_DEFAULTS)  # the whole numbers, None where absent
                for bit in range(len(_NUMBERS)):
                    if present & (1 << bit):
                        numbers[bit], at = numbers_of(record, at)[0], at + 8
                casualties, killed, injured, count, _ = numbers
            date = record[at:at + dates].decode("utf-8", "surrogatepass")
            event_id = None
            if line == _LINE_NONE:
                line, shown = None, record[at + dates + marks:].decode("utf-8", "surrogatepass")
                event_id = shown if flags & _ID_STR else int(shown) if flags & _ID_INT else None
            yield _new_tuple(Counted, (date, party, severity, kind, line, event_id, casualties, killed, injured, count,
                                       bool(flags & _ALLEGED)))

    def _unpack(self, record: Any) -> Any:
        return self._row(record).finding() if type(record) is bytes else record

    def rows(self) -> Iterator[Row]:
        """Each finding as a ``Row``: what a format that writes many reads, quicker than the records themselves."""
        row = self._row
        return (row(r) for r in self._records)

    def breaches(self) -> _Breaches:
        """The findings' breaches, each made from its record without the ``Finding`` (``each_breach``)."""
        return _Breaches(self)

    def breach_at(self, index: int) -> Any:
        """The breach of one finding, made from its record without the ``Finding``."""
        record = self._records[index]
        return Breach(*self._row(record)[:_BREACH_FIELDS]) if type(record) is bytes else record.breach  # type: ignore[arg-type]

    def date_at(self, index: int) -> str:
        """The date of one finding's breach, read alone from its record."""
        record = self._records[index]
        if type(record) is not bytes:
            return record.breach.date
        present, dates = _HEAD.unpack_from(record)[12:14]
        at = _HEAD.size + _NUMBER.size * bin(present).count("1")
        return record[at:at + dates].decode("utf-8", "surrogatepass")

    def __len__(self) -> int:
        return len(self._records)

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self._unpack(r) for r in self._records[index]]
        return self._unpack(self._records[index])

    def __iter__(self) -> Iterator[Any]:
        unpack = self._unpack
        return (unpack(r) for r in self._records)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (Findings, list, tuple)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable, as a list

    def __repr__(self) -> str:
        return f"Findings({list(self)!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled packed, as it is kept (a worker process hands its findings over this way)."""
        return _rebuild, (self._records, self._values, self._strings, self._shapes, self._others)


class _Breaches:
    """A packed log's breaches, made one at a time: ``explain`` reads their dates to order them, then each as it is fed."""

    def __init__(self, findings: Findings) -> None:
        self.date_at, self.breach_at, self._size = findings.date_at, findings.breach_at, len(findings)

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[Any]:
        return (self.breach_at(i) for i in range(self._size))


def _numbers(numbers: tuple[Any, ...]) -> tuple[int, bytes]:
    """Which of a breach's whole numbers (in ``_NUMBERS``' order) differ from their defaults (bits), and their bytes."""
    present, packed = 0, b""
    for bit, (value, default) in enumerate(zip(numbers, _DEFAULTS)):
        if value is not default and not (default is not None and type(value) is int and value == default):
            if type(value) is not int:
                raise TypeError("a count that is not a whole number")
            present, packed = present | 1 << bit, packed + _NUMBER.pack(value)  # struct.error if it does not fit: kept whole
    return present, packed


def _rebuild(records: list[Any], values: list[Any], strings: dict[Any, int], shapes: dict[Any, int], others: dict[Any, int]) -> Findings:
    kept = Findings()
    kept._records, kept._values, kept._strings, kept._shapes, kept._others = records, values, strings, shapes, others
    return kept
