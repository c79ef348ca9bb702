"""The value classes' ``__init__``: one loop over the fields, compiled for a class only once it is made often.

attrs writes and compiles an ``__init__`` for every class it makes, as long as the class's
fields: for the 24 classes ``ceasefire check`` makes at start-up, about 26 of the 382 million
instructions of checking the 10-line example. Most are made a few times a run (a pack's
rules, a run's options), some never (a breach is kept as a tuple). So ``made`` shows attrs a
class's fields as taking no argument and no default (its ``field_transformer``): what attrs
would compile is a line or two, which is not compiled either (``_Uncompiled``). The class then gets its fields back as declared (what
``attrs.fields``, ``evolve`` and the shared methods read), its ``__match_args__``, and an
``__init__`` (``_initializer``) doing what attrs' does, in a loop over the fields: positional
or by name (their ``alias``), a missing one its default or its factory's new value, a
converter, the ``init=False`` fields' defaults, ``__attrs_post_init__``, every value set through
``object.__setattr__`` as attrs' frozen ``__init__`` does. A class made more than
``COMPILE_AFTER`` times gets that ``__init__`` compiled (``_compiled``: the text attrs would
write), as fast as attrs'. A call that does not fit raises Python's own ``TypeError``. A class
using what this does not do (a validator, keyword-only fields, a factory taking ``self``,
``__attrs_pre_init__``, a ``Converter``, its own ``__init__``) is left to attrs.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FunctionType
from typing import Any

import attrs

from .valuefields import own_fields

__all__ = ["COMPILE_AFTER", "made"]

COMPILE_AFTER = 64
"""How many instances of a class are made by the loop before its ``__init__`` is compiled."""

_put = object.__setattr__
_NOTHING = attrs.NOTHING
_ABSENT = object()  # an argument not given (attrs.NOTHING may be given)
Field = tuple[str, "str | None", Any, "Callable[[], Any] | None", "Callable[[Any], Any] | None"]
"""A field as the ``__init__`` sees it: name, alias (None: ``init=False``), default, factory, converter."""


def made(cls: type, make: Callable[..., type], kwargs: dict[str, Any]) -> type:
    """``make(cls, **kwargs)`` (``attrs.frozen`` or ``attrs.define``), with the ``__init__`` above when the class allows it."""
    if "__init__" in cls.__dict__ or hasattr(cls, "__attrs_pre_init__") or kwargs.get("kw_only") or kwargs.get("init") is False:
        return make(cls, **kwargs)
    hidden: list[tuple[Any, bool, Any]] = []
    own = own_fields(cls)  # the fields attrs would make, made more cheaply (``valuefields``): attrs is shown them alone

    def hide(_: type, fields: list[Any]) -> list[Any]:
        fields = fields if own is None else own
        if all(_plain(a) for a in fields):
            for a in fields:  # in place, as attrs itself sets a field's alias (``evolve`` costs more than the compiling saved)
                hidden.append((a, a.init, a.default))
                _put(a, "init", False)
                _put(a, "default", _NOTHING)
        return fields

    with _UNCOMPILED:
        built = make(cls, field_transformer=hide, **kwargs) if own is None else make(cls, these={}, field_transformer=hide, **kwargs)
    if not hidden:
        return built
    shown = {a.name: (init, default) for a, init, default in hidden}
    for a in built.__attrs_attrs__:  # type: ignore[attr-defined]  # the class's own: attrs before 25.2 sets an alias on a copy
        init, default = shown[a.name]
        _put(a, "init", init)
        _put(a, "default", default)
    built.__match_args__ = tuple(a.name for a, init, _ in hidden if init)  # type: ignore[attr-defined, misc]  # attrs sets it on the class; typeshed calls it read-only
    built.__init__ = _initializer(built)  # type: ignore[misc]
    return built


def _pass(self: Any) -> None:
    """What attrs compiles as the ``__init__`` of a class whose fields it was shown as taking none."""


def _post(self: Any) -> None:
    """The same, for a class with an ``__attrs_post_init__``."""
    self.__attrs_post_init__()


class _Uncompiled:
    """While a value class is made: attrs' ``__init__`` of no field (replaced at once by ``_initializer``) is not compiled.

    Compiling those two lines was 0.16 of the 0.7 million instructions of making a value class
    (4 of the 10-line example's 340 million). attrs writes one of three texts for it (an
    ``_setattr`` it does not use, or ``pass``, then ``__attrs_post_init__`` if there is one); for
    those, and only those, the function they would make (``_pass``, ``_post``) is copied in:
    the same behaviour for any class attrs makes meanwhile, in any thread. Anything else is
    compiled by attrs as always; without attrs' ``_compile_and_eval`` (another version), nothing changes.
    """

    _TEXTS = {"def __init__(self, ):\n    _setattr = _cached_setattr_get(self)\n": _pass, "def __init__(self, ):\n    pass\n": _pass,
              "def __init__(self, ):\n    _setattr = _cached_setattr_get(self)\n    self.__attrs_post_init__()\n": _post,
              "def __init__(self, ):\n    self.__attrs_post_init__()\n": _post}

    def __init__(self) -> None:
        from _thread import allocate_lock

        self._lock = allocate_lock()
        self._maker: Any = None
        self._real: Any = None

    def _eval(self, script: str, globs: dict[str, Any] | None, locs: Any = None, filename: str = "") -> None:
        function = self._TEXTS.get(script)
        if function is None or locs is None:
            return self._real(script, globs, locs, filename)
        locs["__init__"] = FunctionType(function.__code__, {} if globs is None else globs, "__init__")
        return None

    def __enter__(self) -> None:
        self._lock.acquire()
        self._maker = sys.modules.get("attr._make")
        self._real = getattr(self._maker, "_compile_and_eval", None)
        if self._real is not None:
            self._maker._compile_and_eval = self._eval

    def __exit__(self, *exc: object) -> None:
        if self._real is not None:
            self._maker._compile_and_eval = self._real
        self._real = None
        self._lock.release()


_UNCOMPILED = _Uncompiled()


def _plain(a: Any) -> bool:
    """Whether the loop does for this field what attrs' ``__init__`` does."""
    factory = a.default if isinstance(a.default, attrs.Factory) else None  # type: ignore[arg-type]
    return (a.validator is None and not a.kw_only and not (factory is not None and factory.takes_self)
            and (a.converter is None or type(a.converter).__name__ == "function"))


def _fields(cls: type) -> list[Field]:
    return [(a.name, (a.alias or a.name.lstrip("_")) if a.init else None, a.default,
             a.default.factory if isinstance(a.default, attrs.Factory) else None, a.converter)  # type: ignore[arg-type]
            for a in cls.__attrs_attrs__]  # type: ignore[attr-defined]


def _initializer(cls: type) -> Callable[..., None]:
    fields = _fields(cls)
    named = [f for f in fields if f[1] is not None]
    post = hasattr(cls, "__attrs_post_init__")
    qualname = f"{cls.__qualname__}.__init__"
    calls = 0

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        nonlocal calls
        calls += 1
        if calls > COMPILE_AFTER and cls.__dict__.get("__init__") is __init__:
            compiled = cls.__init__ = _compiled(fields, post, qualname, cls.__module__)  # type: ignore[misc]
            return compiled(self, *args, **kwargs)
        given = len(args)
        if given > len(named):
            _refuse(named, args, kwargs, cls, qualname)
        at = taken = 0  # the arguments taken by position and by name: the call is refused whole, as it was made
        for name, alias, default, factory, converter in fields:
            if alias is not None and at < given:
                value = args[at]
                at += 1
            elif alias is not None and (value := kwargs.get(alias, _ABSENT)) is not _ABSENT:
                taken += 1
            elif factory is not None:
                value = factory()
            elif default is not _NOTHING:
                value = default
            elif alias is None:
                continue  # init=False without a default: left unset, as attrs leaves it
            else:
                _refuse(named, args, kwargs, cls, qualname)
            _put(self, name, value if converter is None else converter(value))
        if taken != len(kwargs):
            _refuse(named, args, kwargs, cls, qualname)
        if post:
            self.__attrs_post_init__()
        return None

    __init__.__qualname__ = qualname
    __init__.__module__ = cls.__module__
    cls.__signature__ = _Shown(named)  # type: ignore[attr-defined]  # what inspect.signature and help() show
    return __init__


class _Shown:
    """A class's ``__signature__``: the parameters attrs' ``__init__`` would take, worked out when first asked for."""

    def __init__(self, named: list[Field]) -> None:
        self._named = named
        self._signature: Any = None

    def __get__(self, instance: object, owner: type) -> Any:
        if instance is not None or owner.__dict__.get("__signature__") is not self:
            return None  # an instance, or a subclass with an __init__ of its own: inspect goes on as it would without
        if self._signature is None:
            import inspect

            signed = inspect.signature(_signed(self._named, owner))
            self._signature = signed.replace(parameters=list(signed.parameters.values())[1:])
        return self._signature


def _signed(named: list[Field], cls: type) -> Callable[..., None]:
    """A function with the parameters attrs' ``__init__`` would take (names, defaults, annotations), made without compiling."""
    aliases = tuple(alias for _, alias, _, _, _ in named if alias is not None)  # every one of them: named has the fields init takes
    code = _SIGNED.replace(co_argcount=1 + len(aliases), co_nlocals=1 + len(aliases), co_varnames=("self", *aliases))
    signed = FunctionType(code, {}, "__init__")
    defaults = [_NOTHING if factory is not None else default for _, _, default, factory, _ in named]
    first = next((i for i, d in enumerate(defaults) if d is not _NOTHING or named[i][3] is not None), len(defaults))
    signed.__defaults__ = tuple(defaults[first:]) or None
    types = {a.name: a.type for a in cls.__attrs_attrs__ if a.type is not None}  # type: ignore[attr-defined]
    for name, _, _, _, converter in named:  # as attrs: a converted field takes what its converter's argument is annotated with
        if converter is not None:
            takes = getattr(converter, "__code__", None)
            taken = getattr(converter, "__annotations__", {}).get(takes.co_varnames[0]) if takes is not None and takes.co_argcount else None
            types.pop(name, None) if taken is None else types.__setitem__(name, taken)
    signed.__annotations__ = {alias: types[name] for name, alias, _, _, _ in named if alias is not None and name in types}
    signed.__annotations__["return"] = None
    return signed


def _signature_only(self: Any) -> None:
    """The code object whose parameters ``_signed`` replaces."""


_SIGNED = _signature_only.__code__


def _compiled(fields: list[Field], post: bool, qualname: str, module: str) -> Callable[..., None]:
    """The loop's ``__init__`` written out for these fields and compiled, as attrs writes its own."""
    space: dict[str, Any] = {"_ceasefire_get_setattr": object.__setattr__.__get__, "_ceasefire_nothing": _NOTHING}
    params, lines = [], ["_setattr = _ceasefire_get_setattr(self)"]
    for i, (name, alias, default, factory, converter) in enumerate(fields):
        if factory is not None:
            space[f"_ceasefire_factory_{i}"] = factory
        elif default is not _NOTHING:
            space[f"_ceasefire_default_{i}"] = default
        if converter is not None:
            space[f"_ceasefire_convert_{i}"] = converter
        if alias is None:
            value = f"_ceasefire_factory_{i}()" if factory is not None else f"_ceasefire_default_{i}" if default is not _NOTHING else None
        elif factory is not None:
            params.append(f"{alias}=_ceasefire_nothing")
            value = f"(_ceasefire_factory_{i}() if {alias} is _ceasefire_nothing else {alias})"
        else:
            params.append(alias if default is _NOTHING else f"{alias}=_ceasefire_default_{i}")
            value = alias
        if value is not None:
            lines.append(f"_setattr({name!r}, {value if converter is None else f'_ceasefire_convert_{i}({value})'})")
    if post:
        lines.append("self.__attrs_post_init__()")
    exec(compile(f"def __init__(self, {', '.join(params)}):\n    " + "\n    ".join(lines), f"<ceasefire {qualname}>", "exec"), space)
    init: Callable[..., None] = space["__init__"]
    init.__qualname__, init.__module__ = qualname, module
    return init


def _refuse(named: list[Field], args: tuple[Any, ...], kwargs: dict[str, Any], cls: type, qualname: str) -> None:
    """Raise the ``TypeError`` Python gives a call of an ``__init__`` taking these fields that does not fit them."""
    init = _signed(named, cls)  # a function with the very parameters: Python's own refusal, nothing compiled
    init.__qualname__ = qualname
    init(None, *args, **kwargs)
    raise AssertionError("a call the shared __init__ refused fits its fields")
