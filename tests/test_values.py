"""The package's value classes: attrs' behaviour, with one shared ``__repr__``."""

from __future__ import annotations

import attrs
import pytest

from ceasefire.report import Breach, Counts
from ceasefire.values import define, frozen


@frozen
class Point:
    """A small value."""

    x: int
    y: str = "a"
    hidden: int = attrs.field(default=0, repr=False)


@define
class Tally:
    """A small mutable record."""

    n: int = 0


@attrs.frozen
class AttrsPoint:
    """The same value, made by attrs alone."""

    x: int
    y: str = "a"
    hidden: int = attrs.field(default=0, repr=False)


def test_repr_is_the_one_attrs_writes():
    """The shared repr gives attrs' own text: the class name and each shown field, in order."""
    assert repr(Point(1, "b", 7)) == repr(AttrsPoint(1, "b", 7)).replace("AttrsPoint", "Point") == "Point(x=1, y='b')"
    assert repr(Tally(3)) == "Tally(n=3)"


def test_repr_of_a_class_made_in_a_function_has_its_short_name():
    """As attrs does, a class defined in a function is shown by its own name, not its qualified path."""

    @frozen
    class Local:
        """A value made in a test."""

        a: int

    assert repr(Local(2)) == "Local(a=2)"


def test_a_class_with_its_own_repr_keeps_it():
    """A value class that writes its own ``__repr__`` is shown by it."""

    @frozen
    class Named:
        """A value that names itself."""

        a: int

        def __repr__(self) -> str:
            return f"<Named {self.a}>"

    assert repr(Named(5)) == "<Named 5>"


def test_values_stay_frozen_slotted_and_compared_by_value():
    """Frozen classes refuse assignment, keep no ``__dict__`` and compare and hash by their fields."""
    point = Point(1)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        point.x = 2  # type: ignore[misc]
    assert not hasattr(point, "__dict__")
    assert point == Point(1) and hash(point) == hash(Point(1)) and point != Point(2)
    tally = Tally()
    tally.n += 1
    assert tally.n == 1 and not hasattr(tally, "__dict__")


def test_the_package_values_show_their_fields():
    """A report's values are shown field by field, as before (here ``Counts``)."""
    text = repr(Counts(lines=3, events=2))
    assert text.startswith("Counts(lines=3, events=2") and text.endswith(")")
    assert Breach.__repr__ is Point.__repr__
