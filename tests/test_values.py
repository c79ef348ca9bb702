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


@frozen
class Keyed:
    """A value with a field left out of comparison and one compared through a key."""

    name: str = attrs.field(eq=str.lower)
    note: str = attrs.field(default="", eq=False)


@attrs.frozen
class AttrsKeyed:
    """The same, made by attrs alone."""

    name: str = attrs.field(eq=str.lower)
    note: str = attrs.field(default="", eq=False)


def test_comparison_and_hash_follow_attrs_rules():
    """Equal exactly when attrs says so: same class, compared fields equal (through their key), others ignored."""
    assert Keyed.__eq__ is Point.__eq__ and Keyed.__hash__ is Point.__hash__  # the shared ones, not compiled per class
    pairs = [(("A", "x"), ("a", "y")), (("A",), ("b",)), (("a", "n"), ("a", "n"))]
    for left, right in pairs:
        ours, theirs = Keyed(*left) == Keyed(*right), AttrsKeyed(*left) == AttrsKeyed(*right)
        assert ours == theirs and (Keyed(*left) != Keyed(*right)) == (not theirs)
        assert not ours or hash(Keyed(*left)) == hash(Keyed(*right))
    assert Point(1) != AttrsPoint(1) and Point(1) != (1, "a", 0)
    assert Point(1, "a", 5) != Point(1, "a", 6)  # repr=False alone still compares
    assert len({Point(1), Point(1), Point(2)}) == 2


def test_a_mutable_value_stays_unhashable_and_an_identity_class_compares_by_identity():
    """``define`` values compare by fields but cannot be hashed; ``eq=False`` compares by identity, as attrs makes them."""
    assert Tally(1) == Tally(1) and Tally(1) != Tally(2)
    with pytest.raises(TypeError):
        hash(Tally(1))

    @frozen(eq=False)
    class Handle:
        """Compared by identity."""

        a: int

    one = Handle(1)
    assert one == one and one != Handle(1) and hash(one) == object.__hash__(one)
