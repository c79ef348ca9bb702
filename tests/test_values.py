"""The package's value classes: attrs' behaviour, with one shared ``__repr__``."""

from __future__ import annotations

import inspect
import typing
from typing import Any, NamedTuple

import attrs
import pytest

from ceasefire.report import Breach, Counts
from ceasefire import valueinit
from ceasefire.values import Record, define, frozen


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


def _every_field(make: Any, name: str, doc: str) -> Any:
    """A value class with every kind of field the loop ``__init__`` takes, made by ``make``."""

    class Value:
        a: int
        _b: str
        c: tuple[int, ...] = ()
        d: dict[str, int] = attrs.field(factory=dict)
        e: list[int] = attrs.field(factory=list, converter=lambda v: sorted(v))
        f: int = attrs.field(init=False, default=9)
        g: int = attrs.field(init=False, repr=False)
        h: str | None = attrs.field(default=None, eq=False)

        def __attrs_post_init__(self) -> None:
            object.__setattr__(self, "g", self.a * 2)

    Value.__name__ = Value.__qualname__ = name
    Value.__doc__ = doc
    return make(Value)


Made = _every_field(frozen, "Made", "A value with every kind of field the loop ``__init__`` takes.")
AttrsMade = _every_field(attrs.frozen, "AttrsMade", "The same, made by attrs alone.")


def _state(value: object) -> dict[str, object]:
    return {a.name: getattr(value, a.name, "<unset>") for a in attrs.fields(type(value))}


CALLS = [((1, "x"), {}), ((1,), {"b": "y"}), ((), {"a": 2, "b": "z", "e": [3, 1]}), ((1, "x", (4,), {"k": 1}, [2, 1]), {"h": "n"}),
         ((1, "x", (), {}, [], "h"), {})]


def test_the_loop_init_and_the_compiled_one_make_what_attrs_own_makes():
    """The loop ``__init__`` and the compiled one set the same fields as attrs' own ``__init__``, for every call."""
    # Positional and named (by alias), defaults, a new factory value each time, converters, ``init=False`` fields and the
    # post-init hook; first through the loop, then (a class made more than ``COMPILE_AFTER`` times) through the ``__init__``
    # compiled for the class.

    @frozen
    class Often(Made):  # a class of its own, whose __init__ is compiled below
        """Made often."""

    loop = Often.__init__
    for _ in range(valueinit.COMPILE_AFTER):
        Often(1, "x")
    assert Often.__init__ is loop
    Often(1, "x")
    assert Often.__init__ is not loop and Often.__init__.__qualname__ == "test_the_loop_init_and_the_compiled_one_make_what_attrs_own_makes.<locals>.Often.__init__"
    for made in (Made, Often):
        for args, kwargs in CALLS:
            ours, theirs = made(*args, **kwargs), AttrsMade(*args, **kwargs)
            assert _state(ours) == _state(theirs)
            assert repr(ours) == repr(theirs).replace("AttrsMade", made.__name__)
        assert made(1, "x").d is not made(1, "x").d and made(1, "x").c is made(1, "y").c


def test_a_value_class_shows_the_signature_attrs_init_has():
    """``inspect.signature`` gives attrs' ``__init__`` signature, through the loop ``__init__`` and the compiled one."""
    # What ``help()`` and editors show: the fields attrs' ``__init__`` takes, with their defaults and types.

    @frozen
    class Often(Made):
        """Made often."""

    expected = inspect.signature(AttrsMade)
    assert str(expected).startswith("(a: 'int', b: 'str', c: 'tuple[int, ...]' = ()")
    assert inspect.signature(Made) == inspect.signature(Often) == expected
    for _ in range(valueinit.COMPILE_AFTER + 1):
        Often(1, "x")
    assert Often.__init__ is not Made.__init__ and inspect.signature(Often) == expected

    @frozen
    class Checked(Made):  # a validator: attrs' own __init__, whose signature is shown, not the class it comes from's
        """Left to attrs."""

        z: int = attrs.field(default=0, validator=attrs.validators.instance_of(int))

    assert list(inspect.signature(Checked).parameters) == [*expected.parameters, "z"]


def test_a_class_keeps_its_fields_as_declared():
    """``attrs.fields`` tells each field's ``init`` and default as written, and ``__match_args__`` are attrs' own."""
    # ``evolve`` relies on them.
    assert [(a.name, a.init, a.default, a.alias) for a in attrs.fields(Made)] == \
        [(a.name, a.init, a.default, a.alias) for a in attrs.fields(AttrsMade)]
    made = Made(1, "x", e=[2, 1])
    assert _state(attrs.evolve(made, a=5)) == _state(AttrsMade(5, "x", e=[1, 2]))
    assert Made.__match_args__ == AttrsMade.__match_args__ == ("a", "_b", "c", "d", "e", "h")


def test_a_call_that_does_not_fit_raises_what_attrs_init_raises():
    """A call that does not fit raises attrs' ``__init__``'s ``TypeError``, through the loop and the compiled ``__init__``."""
    # Missing, unknown, doubled or too many arguments: the same ``TypeError`` message.

    @frozen
    class Often(Made):
        """Made often."""

    for _ in range(valueinit.COMPILE_AFTER + 1):
        Often(1, "x")
    wrong = [((), {}), ((1,), {}), ((1, "x"), {"zz": 1}), ((1, "x"), {"a": 1}), (tuple(range(9)), {}), ((1, "x"), {"f": 1}),
             ((), {"a": 1}), ((), {"a": 1, "zz": 2}), ((1,), {"b": "x", "a": 1})]
    for made in (Made, Often):
        for args, kwargs in wrong:
            with pytest.raises(TypeError) as ours:
                made(*args, **kwargs)
            with pytest.raises(TypeError) as theirs:
                AttrsMade(*args, **kwargs)
            assert str(ours.value).split(".")[-1] == str(theirs.value).split(".")[-1]
            assert str(ours.value).startswith(made.__qualname__ + ".__init__()")


def test_a_class_using_what_the_loop_does_not_do_keeps_attrs_init():
    """A validator (or keyword-only fields, or ``__attrs_pre_init__``) is left to attrs' own ``__init__``, which runs it."""

    @frozen
    class Checked:
        """A value with a validator."""

        a: int = attrs.field(validator=attrs.validators.instance_of(int))

    @define(kw_only=True)
    class Named:
        """Keyword-only fields."""

        a: int

    with pytest.raises(TypeError, match="must be <class 'int'>"):
        Checked("1")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Named(1)  # type: ignore[misc]
    assert Named(a=1).a == 1 and "attrs generated" in Checked.__init__.__code__.co_filename


def test_the_package_values_share_the_loop_init():
    """The package's values, records and breaches take the loop ``__init__``, never attrs' own."""
    # The pack's values, a run's records and a breach (or, once made often, the ``__init__`` compiled from the loop): nothing is
    # compiled when they are made.
    from ceasefire.agreement import Agreement, Provision, Rule, Timer
    from ceasefire.report import Change, Report
    from ceasefire.run import Checker

    loop = Made.__init__.__code__
    for cls in (Agreement, Provision, Rule, Timer, Report, Checker, Breach, Change):
        code = cls.__init__.__code__
        assert code is loop or code.co_filename == f"<ceasefire {cls.__qualname__}.__init__>", cls
    timer = Timer("t", "deadline", 1)
    assert timer.requires == {} and timer.requires is not Timer("t", "deadline", 1).requires and timer.min_severity == "minor"


class Pair(Record):
    """A record with a default and a method."""

    name: str
    count: int | None = None
    note: str = ""

    def shown(self) -> str:
        return f"{self.name}:{self.count}"


class TypingPair(NamedTuple):
    """The same, made by typing.NamedTuple."""

    name: str
    count: int | None = None
    note: str = ""

    def shown(self) -> str:
        return f"{self.name}:{self.count}"


def test_a_record_is_the_named_tuple_typing_makes():
    """A record is what ``typing.NamedTuple`` makes, its annotations kept as written."""
    # Fields, defaults, methods, docstring, ``_replace``, ``_asdict``, repr, comparison, pickling; the annotations not compiled
    # into ``ForwardRef``s.
    import pickle

    assert Pair._fields == TypingPair._fields == ("name", "count", "note")
    assert Pair._field_defaults == TypingPair._field_defaults == {"count": None, "note": ""}
    assert Pair.__doc__ == "A record with a default and a method." and Pair.__qualname__ == "Pair" and Pair.__module__ == __name__
    pair = Pair("a", note="n")
    assert pair == TypingPair("a", note="n") == ("a", None, "n") and repr(pair) == "Pair(name='a', count=None, note='n')"
    assert pair._replace(count=2).shown() == "a:2" and pair._asdict() == TypingPair("a", note="n")._asdict()
    assert pickle.loads(pickle.dumps(pair)) == pair and type(pickle.loads(pickle.dumps(pair))) is Pair
    assert Pair.__annotations__ == {"name": "str", "count": "int | None", "note": "str"}
    assert Pair.__bases__ == TypingPair.__bases__ == (tuple,)
    with pytest.raises(TypeError):
        Pair()


def test_a_record_refuses_what_typing_refuses():
    """A field without a default after one with, or a body redefining what a named tuple needs, is refused."""
    with pytest.raises(TypeError):

        class Late(Record):
            a: int = 0
            b: int

    with pytest.raises(AttributeError):

        class Own(Record):
            a: int

            def _replace(self, **changes: object) -> Own:  # type: ignore[override]
                return self


def test_the_records_a_check_makes_are_records():
    """``Event``, ``Found`` and the kept rows compile no annotation: they are made by ``Record``."""
    from ceasefire.events import Event
    from ceasefire.found import Found
    from ceasefire.keptrow import Counted, Row

    assert all(isinstance(cls.__annotations__[cls._fields[0]], str) for cls in (Event, Found, Row, Counted))
    assert not any(isinstance(t, typing.ForwardRef) for t in Found.__annotations__.values())
