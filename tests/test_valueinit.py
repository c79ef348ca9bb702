"""valueinit's uncompiled stand-in for attrs' ``__init__`` of no field: what it copies in does what attrs' text does, and only then."""

from __future__ import annotations

import builtins
import threading

import attr._make
import attrs
import pytest

from ceasefire import valueinit
from ceasefire.values import define, frozen


def _compiled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the text of everything compiled from now on."""
    texts: list[str] = []
    real = builtins.compile
    monkeypatch.setattr(builtins, "compile", lambda source, name, *more, **named: texts.append(str(source)) or real(source, name, *more, **named))
    return texts


def test_making_a_value_class_compiles_nothing_and_leaves_attrs_as_it_was(monkeypatch):
    """A frozen and a mutable value class, one with ``__attrs_post_init__``: nothing compiled, attrs' own function put back."""
    real = attr._make._compile_and_eval
    texts = _compiled(monkeypatch)

    @frozen
    class Point:
        x: int
        y: int = 0

    @define(eq=False)
    class Counter:
        n: int = 0
        seen: list[int] = attrs.field(factory=list)

        def __attrs_post_init__(self) -> None:
            self.seen.append(self.n)

    # attrs before 25.2 compiles a tuple class of each class's fields itself (``PointAttributes``): only that
    assert [text for text in texts if not text.startswith(("class PointAttributes(tuple):", "class CounterAttributes(tuple):"))] == []
    assert attr._make._compile_and_eval is real
    assert (Point(1), Point(1, 2).y, Counter(3).seen) == (Point(1, 0), 2, [3])


@pytest.mark.parametrize("script", sorted(valueinit._Uncompiled._TEXTS))
def test_each_stand_in_does_what_the_text_attrs_writes_does(script):
    """The function copied in for each text attrs writes behaves as that text compiled: the same calls, the same result."""
    calls: list[str] = []

    class Thing:
        def __attrs_post_init__(self) -> None:
            calls.append("post")

    written: dict[str, object] = {}
    exec(compile(script, "<attrs' text>", "exec"), {"_cached_setattr_get": object.__setattr__.__get__}, written)
    copied: dict[str, object] = {}
    valueinit._UNCOMPILED._eval(script, {"_cached_setattr_get": object.__setattr__.__get__}, copied)
    results = []
    for function in (written["__init__"], copied["__init__"]):
        calls.clear()
        results.append((function(Thing()), list(calls)))
    assert results[0] == results[1]
    assert copied["__init__"].__code__ is not written["__init__"].__code__  # type: ignore[attr-defined]


def test_any_other_text_is_compiled_by_attrs():
    """A class made with plain attrs while the stand-in is in place (another thread, say) gets attrs' own ``__init__``."""
    made = []
    with valueinit._UNCOMPILED:
        @attrs.frozen
        class Plain:
            x: int
            y: int = 2
        made.append(Plain)
    assert made[0](1) == made[0](1, 2) and made[0].__init__.__code__.co_filename.startswith("<attrs generated")
    with pytest.raises(TypeError):
        made[0]()


def test_classes_made_at_once_in_threads_leave_attrs_as_it_was():
    """Threads making value classes together: each gets its loop ``__init__``, and attrs' function is put back."""
    real = attr._make._compile_and_eval
    out: list[object] = []

    def make(i: int) -> None:
        for _ in range(20):
            @frozen
            class Value:
                n: int = i

            out.append(Value().n)

    threads = [threading.Thread(target=make, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert attr._make._compile_and_eval is real and sorted(out) == sorted(i for i in range(4) for _ in range(20))
