"""A breach as the engine records it: a light tuple of a ``Breach``'s facts, in its order, read as a ``Breach`` is.

A ``Breach`` (a frozen attrs record of 25 fields) takes about 1.7 µs to make, a tuple a tenth
of that; a run that finds a million breaches makes each only to judge it and write it. So the
engine records a ``Found``: the same fields by name, the same ``message``, ``to_dict`` and
``facts``. ``replay.check`` and ``Monitor`` hand their callers ``Breach`` records made from them
(``made``), as they always have; the command line's run reads them as they are (``check``'s
``light``), and a format keeps them packed (``packed.Findings``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from operator import itemgetter
from typing import TYPE_CHECKING, Any

import attrs

from .report import Breach
from .values import Record, borrowed

if TYPE_CHECKING:
    from typing import Protocol

    from .agreement import Rule, Timer
    from .events import Event

    class Tallied(Protocol):
        """What a tally reads of a breach (a ``Counted``'s fields): a ``Breach``, a ``Found``, a kept ``Row`` or a ``Counted``."""

        @property
        def date(self) -> str: ...
        @property
        def party(self) -> str | None: ...
        @property
        def severity(self) -> str: ...
        @property
        def kind(self) -> str: ...
        @property
        def line(self) -> int | None: ...
        @property
        def event_id(self) -> str | int | None: ...
        @property
        def casualties(self) -> int | None: ...
        @property
        def killed(self) -> int | None: ...
        @property
        def injured(self) -> int | None: ...
        @property
        def count(self) -> int: ...
        @property
        def alleged(self) -> bool: ...

    class Facts(Tallied, Protocol):
        """A breach's facts read by name, as ``Breach`` holds them: a ``Breach``, a ``Found``, a kept ``Row`` (which the tally,
        the tracker and the formats read alike)."""

        @property
        def provision(self) -> str: ...
        @property
        def rule(self) -> str: ...
        @property
        def uncertain(self) -> bool: ...
        @property
        def event_type(self) -> str | None: ...
        @property
        def actor(self) -> str | None: ...
        @property
        def target(self) -> str | None: ...
        @property
        def location(self) -> str | None: ...
        @property
        def claimed(self) -> str | None: ...
        @property
        def note(self) -> str: ...
        @property
        def needed(self) -> int | None: ...
        @property
        def verification(self) -> str: ...
        @property
        def claimed_by(self) -> str | None: ...
        @property
        def instance(self) -> str | None: ...
        @property
        def source(self) -> str | None: ...
        @property
        def message(self) -> str: ...

__all__ = ["FIELDS", "STRINGS", "Found", "fields_at", "found_of", "plain"]


class Found(Record):  # a typing.NamedTuple whose annotations are not compiled (values.Record)
    """A recorded breach, as a tuple: ``Breach``'s fields in its order (asserted below), its sentence and its JSON object."""

    provision: str
    rule: str
    kind: str
    severity: str
    date: str
    party: str | None
    line: int | None
    event_id: str | int | None
    uncertain: bool = False
    event_type: str | None = None
    actor: str | None = None
    target: str | None = None
    location: str | None = None
    casualties: int | None = None
    claimed: str | None = None
    note: str = ""
    killed: int | None = None
    injured: int | None = None
    count: int = 1  # type: ignore[assignment]  # the breach's field, as in Breach, over tuple.count (which nobody asks a Found)
    needed: int | None = None
    verification: str = "reported"
    claimed_by: str | None = None
    alleged: bool = False
    instance: str | None = None
    source: str | None = None

    # Breach's own methods, the same functions (each def only types it): they read a breach's fields, which a Found has

    @property
    @borrowed(Breach.message)
    def message(self) -> str: raise NotImplementedError  # the breach in one sentence

    @borrowed(Breach.to_dict)
    def to_dict(self) -> dict[str, Any]: raise NotImplementedError

    @borrowed(Breach.facts)
    def facts(self) -> dict[str, Any]: raise NotImplementedError

    def made(self) -> Breach:
        """The ``Breach`` this records, as the library's callers receive it."""
        return Breach(*self)

    @classmethod
    def of_event(cls, rule: Rule, event: Event, severity: str, date: str, uncertain: bool, claimed: str | None,
                 alleged: bool = False, instance: str | None = None) -> Found:
        """The breach an event records under a rule, with the event's facts (``Breach.of_event``'s)."""
        fields = event.fields
        return _new(cls, (
            rule.provision, rule.id, "event", severity, date, event.actor if rule.party == "actor" else rule.party, event.line,
            event.id, uncertain, event.type, event.actor, event.target, fields.get("location"), event.casualties, claimed,
            rule.message, event.killed, event.injured, event.count, None, event.verification, event.claimed_by, alleged,
            instance, fields.get("source"),
        ))

    @classmethod
    def of_timer(cls, provision: str, timer: Timer, date: str) -> Found:
        """The breach a timer records when it falls due (``Breach.of_timer``'s)."""
        spec = timer.breach
        assert spec is not None  # only timers with a breach record one
        return cls(provision, timer.id, timer.kind, spec.severity, date, spec.party, None, None, note=spec.message)


_new = tuple.__new__  # a Found from its values, without NamedTuple's keyword-taking __new__
FIELDS = tuple(a.name for a in attrs.fields(Breach))
assert Found._fields == FIELDS, "a Found holds a Breach's fields, in its order"
assert Found._field_defaults == {a.name: a.default for a in attrs.fields(Breach) if a.default is not attrs.NOTHING}


def fields_at(*names: str) -> Callable[[Any], Any]:
    """The fields ``names`` of a ``Found`` (or of a kept ``Row``, which begins with a breach's fields), read by place at once."""
    return itemgetter(*map(FIELDS.index, names))


STRINGS = fields_at("provision", "rule", "kind", "severity", "party", "event_type", "actor", "target", "location", "claimed",
                    "note", "verification", "claimed_by", "instance", "source")
"""A recorded breach's strings: every field but the date, the line, the event id, the numbers and the flags."""


def found_of(breach: Any) -> Found:
    """A ``Breach`` (or anything with its fields) as a ``Found``."""
    return breach if type(breach) is Found else _new(Found, [getattr(breach, name) for name in FIELDS])


def plain(breach: Any) -> dict[str, Any]:
    """A breach's fields as plain data (``attrs.asdict``'s form of a ``Breach``), whether a ``Breach``, a ``Found`` or a packed row."""
    return dict(zip(FIELDS, breach)) if isinstance(breach, tuple) else attrs.asdict(breach)


def made_all(found: Iterable[Any]) -> list[Breach]:
    """Each as a ``Breach``."""
    return [f.made() if type(f) is Found else f for f in found]
