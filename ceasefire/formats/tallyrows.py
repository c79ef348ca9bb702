"""The JSON report's tally, taken as the breaches are written (before it), its rows per period made as they are written.

``Told`` is a ``tally.Tally`` fed each breach as it is written (a plain one of the last breach's party and day counted in
place), with how many it was told: the document then reads nothing back for it from the kept breaches. The tally packs each past
period's counts (80 bytes a party), so what it holds grows with the days and parties that have breaches, never with the
breaches; ``Periods`` makes each row's JSON object only as it is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from ..tally import Tally

if TYPE_CHECKING:
    from ..tally import Tallied

__all__ = ["Periods", "Told", "tally_dict"]


def tally_dict(per: str, breaches: Callable[[], Iterable[Tallied]], told: Told | None = None) -> dict[str, Any]:
    """``Tally(per, breaches()).to_dict()``, with its rows per period made only as they are written (``Periods``);
    ``told``: the same breaches already counted as they were told (else they are counted now, read once)."""
    if told is None:
        told = Told(per)
        for breach in breaches():
            told.add(breach)
    return told.to_dict()


class Told:
    """A tally taken breach by breach as they are told, and how many were."""

    def __init__(self, per: str) -> None:
        self.tally = Tally(per)  # ValueError for a period it does not know
        self.per = per
        self.count = 0

    def add(self, breach: Tallied) -> None:
        """Count one breach."""
        self.count += 1
        self.tally.add(breach)

    def to_dict(self) -> dict[str, Any]:
        """The tally's JSON object, its rows per period made as they are written."""
        return {"per": self.per, "parties": [r.to_dict() for r in self.tally.parties()], "periods": Periods(self.tally)}


class Periods:
    """A tally's rows per period and party as JSON objects, made one at a time as they are read."""

    def __init__(self, tally: Tally) -> None:
        self.per, self._tally = tally.per, tally

    def __bool__(self) -> bool:
        return bool(self._tally)

    def __len__(self) -> int:
        return sum(1 for _ in self._tally.each_period())

    def __iter__(self) -> Iterator[dict[str, Any]]:
        per = self.per
        return (row.to_dict(per) for row in self._tally.each_period())
