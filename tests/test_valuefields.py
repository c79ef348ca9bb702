"""valuefields: the fields of a value class, made without attrs' per-field calls, are the very ones attrs makes."""

from __future__ import annotations

import re
import subprocess
import sys
from typing import Any, ClassVar

import attrs
import pytest

from ceasefire import valuefields, valueinit
from ceasefire.values import define, frozen

_SLOTS = attrs.Attribute.__slots__  # type: ignore[attr-defined]


def _slots(cls: type) -> list[tuple[Any, ...]]:
    """Every slot of every field of ``cls``, in order (a ``Factory`` by its factory)."""
    return [tuple((value.factory, value.takes_self) if isinstance(value, attrs.Factory) else value  # type: ignore[arg-type]
                  for value in (getattr(a, slot) for slot in _SLOTS)) for a in attrs.fields(cls)]


def _body() -> dict[str, Any]:
    """A class body with each kind of field a value class writes: plain, defaulted, private, ``attrs.field`` of each sort."""
    return {
        "__module__": __name__, "__qualname__": "Sample",
        "__annotations__": {"plain": "int", "_private": "str", "limit": "ClassVar[int]", "text": "str", "many": "tuple[str, ...]",
                            "table": "dict[str, str]", "hidden": "int", "quiet": "str | None", "shown": "int",
                            "named": "int", "converted": "int"},
        "_private": "x", "limit": 3, "text": "", "many": (), "table": attrs.field(factory=dict),
        "hidden": attrs.field(init=False, default=0), "quiet": attrs.field(default=None, eq=False, repr=False),
        "shown": attrs.field(default=1, hash=False), "named": attrs.field(default=2, alias="given"),
        "converted": attrs.field(default=4, converter=int),
    }


@pytest.mark.parametrize("ours, theirs", [(frozen, attrs.frozen), (define, attrs.define)])
def test_the_fields_are_those_attrs_makes_of_the_same_body(ours, theirs, monkeypatch):
    """Every slot of every field, and the class itself, are what attrs makes of the same body."""
    # Name, default, type, alias, eq, hash, order, init, converter...; the class is the one made with attrs making the fields: the
    # same slots, names and settings.
    made, reference = ours(type("Sample", (), _body())), theirs(type("Sample", (), _body()))
    assert _slots(made) == _slots(reference)
    assert [a.name for a in attrs.fields(made)] == ["plain", "_private", "text", "many", "table", "hidden", "quiet", "shown",
                                                    "named", "converted"]
    assert attrs.fields(made).plain.type == "int" and "limit" not in attrs.fields_dict(made)
    monkeypatch.setattr(valueinit, "own_fields", lambda cls: None)
    before = ours(type("Sample", (), _body()))
    assert _slots(made) == _slots(before) and sorted(vars(made)) == sorted(vars(before))
    assert made.__slots__ == before.__slots__ and made.__match_args__ == before.__match_args__  # type: ignore[attr-defined]
    assert _props(made) == _props(before)


def _props(cls: type) -> str:
    """The class's attrs settings as text, without the (per class) field transformer's address."""
    return re.sub(" at 0x[0-9a-f]+", "", repr(getattr(cls, "__attrs_props__", None)))  # (attrs 25.4 on)


def test_a_class_with_a_base_or_an_untyped_field_is_left_to_attrs():
    """A base class (its fields come first) or an ``attrs.field`` without a type: None, and attrs makes them (and says what is wrong)."""
    base = frozen(type("Base", (), {"__module__": __name__, "__annotations__": {"a": "int"}}))
    assert valuefields.own_fields(type("Child", (base,), {"__module__": __name__, "__annotations__": {"b": "int"}})) is None
    untyped = type("Untyped", (), {"__module__": __name__, "__annotations__": {"a": "int"}, "b": attrs.field(default=1)})
    assert valuefields.own_fields(untyped) is None
    made = frozen(type("Untyped", (), {"__module__": __name__, "__annotations__": {"a": "int"}, "b": attrs.field(default=1)}))
    assert [a.name for a in attrs.fields(made)] == ["b"]  # as attrs reads such a class: its ``attrs.field``s alone


def test_a_value_class_behaves_as_before():
    """Made, compared, hashed, evolved and refused as attrs' own: defaults, factories, converters, aliases and frozenness."""

    @frozen
    class Point:
        x: int
        y: int = 0
        tags: tuple[str, ...] = ()
        kind: ClassVar[str] = "point"
        seen: dict[str, int] = attrs.field(factory=dict, eq=False)

    p = Point(1)
    assert (p.x, p.y, p.tags, p.seen) == (1, 0, (), {}) and p == Point(1, 0, (), {"a": 1}) and hash(p) == hash(Point(1))
    assert attrs.evolve(p, y=5) == Point(1, 5) and attrs.asdict(p) == {"x": 1, "y": 0, "tags": (), "seen": {}}
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        p.x = 2  # type: ignore[misc]
    with pytest.raises(TypeError):
        Point()  # type: ignore[call-arg]


_DUMP = """
import importlib, pkgutil, re, sys, attrs
if sys.argv[1] == "attrs":
    import ceasefire.valuefields
    ceasefire.valuefields.own_fields = lambda cls: None
    import ceasefire.valueinit
    ceasefire.valueinit.own_fields = ceasefire.valuefields.own_fields
import ceasefire
for info in sorted(pkgutil.walk_packages(ceasefire.__path__, "ceasefire."), key=lambda i: i.name):
    if info.name.endswith("__main__"):
        continue
    module = importlib.import_module(info.name)
    for name, value in sorted(vars(module).items()):
        if isinstance(value, type) and attrs.has(value) and value.__module__ == info.name:
            line = (info.name, name, value.__slots__, getattr(value, "__match_args__", None), sorted(vars(value)),
                    getattr(value, "__attrs_props__", None), [[getattr(a, s) for s in attrs.Attribute.__slots__] for a in attrs.fields(value)])
            print(re.sub(" at 0x[0-9a-f]+", "", repr(line)))  # a function or factory by its name: each process has its own
"""


def test_every_value_class_of_the_package_has_the_fields_attrs_makes():
    """Each module's value classes, made as the package makes them and by attrs alone: the same fields, slots and names."""
    ours, theirs = (subprocess.run([sys.executable, "-c", _DUMP, how], capture_output=True, text=True, check=True).stdout
                    for how in ("ours", "attrs"))
    assert ours == theirs
    assert ours.count("\n") > 40  # every module's classes were there to compare
