"""A kept finding read back from its packed record as one light tuple: a ``Row`` (see ``packed.Findings``).

A format that writes many findings reads each as a row: a breach's fields, then the finding's,
read as a ``Finding`` is (``row.breach.date``, ``row.fingerprint``) and as its breach is
(``row.date``, ``row.message``), without making either.
"""

from __future__ import annotations

from typing import Any

import attrs

from .report import Breach
from .values import Record, borrowed

__all__ = ["Counted", "Row"]


class Row(Record):  # a typing.NamedTuple whose annotations are not compiled (values.Record)
    """A kept finding as one light tuple, for writing many quickly: a breach's fields, then the finding's.

    It reads as a ``Finding`` does (``row.breach.date``, ``row.fingerprint``, ``row.known``) and as
    its breach does (``row.date``, ``row.message``), without making either.
    """

    provision: str
    rule: str
    kind: str
    severity: str
    date: str
    party: str | None
    line: int | None
    event_id: str | int | None
    uncertain: bool
    event_type: str | None
    actor: str | None
    target: str | None
    location: str | None
    casualties: int | None
    claimed: str | None
    note: str
    killed: int | None
    injured: int | None
    count: int  # type: ignore[assignment]  # the breach's field, as in Breach, over tuple.count (which no row is asked for)
    needed: int | None
    verification: str
    claimed_by: str | None
    alleged: bool
    instance: str | None
    source: str | None
    fingerprint: str
    known: bool
    fails: bool

    @property
    def breach(self) -> Row:
        """The breach's fields: the row itself."""
        return self

    @property
    @borrowed(Breach.message)
    def message(self) -> str: raise NotImplementedError  # (the def only types it) the breach in one sentence: Breach's own, which reads a breach's fields, which a row has

    def finding(self) -> Any:
        """The ``Finding`` this row stands for."""
        breach = Breach(*self[:_BREACH_FIELDS])  # type: ignore[arg-type]  # the fields, in Breach's order (asserted below)
        return (_FINDING or _finding())(breach, self.fingerprint, self.known, self.fails)


_BREACH_FIELDS = len(attrs.fields(Breach))
assert Row._fields[:_BREACH_FIELDS] == tuple(a.name for a in attrs.fields(Breach)), "a Row holds every fact of a Breach, in order"
_new_tuple = tuple.__new__  # a Row from its values, without NamedTuple's keyword-taking __new__
_FINDING: Any = None


def _finding() -> Any:
    """``verdicts.Finding``, imported when first needed (verdicts imports this module)."""
    global _FINDING
    from .verdicts import Finding

    _FINDING = Finding
    return Finding


class Counted(Record):  # a typing.NamedTuple whose annotations are not compiled (values.Record)
    """A kept breach with only what a tally reads (``packed.Findings.counted``); ``event_id`` only when it has no line."""

    date: str
    party: str | None
    severity: str
    kind: str
    line: int | None
    event_id: str | int | None
    casualties: int | None
    killed: int | None
    injured: int | None
    count: int  # type: ignore[assignment]  # the breach's field, as in Breach, over tuple.count
    alleged: bool
