"""The common event line decoded straight into a typed record, in C, by msgspec (the ``fast`` extra).

A line with only the fields every log may carry (and the pack's own), each of the type the
format gives it, never null, no string empty, its actor and target among the pack's own ids, is
decoded into a ``Line``: no dict is built and no field is looked up by name. Every line the
record refuses (an unknown or ``x_`` field, a fact such as ``killed``, a null, a float, an id the
pack does not know, a bad byte, anything odd) goes down the standard path,
which stays the judge of every message and warning. A ``Line`` is the event's ``fields``: a
read-only mapping of the fields the line gave, as the dict would have been.
"""

from __future__ import annotations

from collections.abc import Callable, ItemsView, Iterator, KeysView, Mapping, ValuesView
from typing import Annotated, Any, ClassVar, Literal

import msgspec

from .agreement import Agreement

__all__ = ["CORE", "Line", "line_decoder", "loads"]

_TEXT = Annotated[str, msgspec.Meta(min_length=1)]
CORE: tuple[tuple[str, Any], ...] = (
    ("date", str), ("type", str), ("id", _TEXT | int), ("actor", _TEXT), ("target", _TEXT),
    ("casualties", Annotated[int, msgspec.Meta(ge=0)]), ("location", _TEXT), ("source", _TEXT), ("note", _TEXT),
)
"""The record's own fields, typed as the format defines them. msgspec refuses a whole number of more
than 4,300 digits whatever ``sys.set_int_max_str_digits`` says, so an int here is never too big to show."""


def _refusing_with_value_error(decode: Callable[[bytes], Any]) -> Callable[[bytes], Any]:
    """``decode``, its refusals raised as ``ValueError`` (which every reader catches, as it catches json's and orjson's)."""

    def refusing(raw: bytes) -> Any:
        try:
            return decode(raw)
        except msgspec.DecodeError as exc:
            raise ValueError(str(exc)) from None

    return refusing


_REFUSES_WITH_VALUE_ERROR = issubclass(msgspec.DecodeError, ValueError)
"""msgspec 0.21 on: its ``DecodeError`` (and ``ValidationError``) a ``ValueError``; before, only a ``MsgspecError``, so its
decoders are wrapped in ``_refusing_with_value_error`` (a Python call a line more, with msgspec older than 0.21 alone)."""

loads = msgspec.json.decode if _REFUSES_WITH_VALUE_ERROR else _refusing_with_value_error(msgspec.json.decode)
"""The quick decoder of the lines the record refuses, to plain values (``lines.line_value`` guards it as it guards orjson)."""
_BY_TYPE: dict[tuple[tuple[str, ...], tuple[str, ...]], Callable[[bytes], Line]] = {}  # the pack's own field names and ids -> their record's decoder


class Line(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    """A common event line as read: a mapping of the fields it gave (no field of it is ever null)."""

    _keys: ClassVar[tuple[tuple[str, str], ...]] = ()  # (field name, attribute), in the record's order; set per record class
    _names: ClassVar[dict[str, str]] = {}  # field name -> attribute

    # A key that is not hashable raises TypeError, as with a dict.
    def __getitem__(self, key: str) -> Any:
        name = self._names.get(key)
        value = None if name is None else getattr(self, name)
        if value is None:
            raise KeyError(key)
        return value

    def get(self, key: str, default: Any = None) -> Any:
        """The field's value, or ``default`` when the line did not give it."""
        name = self._names.get(key)
        value = None if name is None else getattr(self, name)
        return default if value is None else value

    def __contains__(self, key: object) -> bool:
        name = self._names.get(key)  # type: ignore[call-overload]
        return name is not None and getattr(self, name) is not None

    def __iter__(self) -> Iterator[str]:
        return iter([key for key, name in self._keys if getattr(self, name) is not None])

    def __len__(self) -> int:
        return sum(1 for _, name in self._keys if getattr(self, name) is not None)

    def keys(self) -> KeysView[str]:
        """The fields the line gave."""
        return KeysView(self)

    def items(self) -> ItemsView[str, Any]:
        """The fields the line gave, with their values."""
        return ItemsView(self)

    def values(self) -> ValuesView[Any]:
        """The values of the fields the line gave."""
        return ValuesView(self)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mapping) and dict(self.items()) == dict(other.items())

    def __repr__(self) -> str:
        return repr(dict(self.items()))


Mapping.register(Line)


def line_decoder(agreement: Agreement) -> Callable[[bytes], Line]:
    """The decoder of ``agreement``'s common lines: the record of the core fields and the pack's own (of any plain JSON scalar)."""
    from .eventfacts import FACT_FIELDS

    own = tuple(sorted(name for name in agreement.fields if name not in dict(CORE) and name not in FACT_FIELDS))
    # an actor or a target the quick path takes is one of the pack's own ids in plain ASCII: decoded as one of them,
    # the same object each time (no new string; its hash known), and any other id refused here, for the long way
    who = tuple(sorted(w for w in agreement.ids() if w.isascii() and w))
    decode = _BY_TYPE.get((own, who))
    if decode is None:
        ids = Literal[who] if who else _TEXT
        fields: list[Any] = [(name, kind) if name in ("date", "type") else (name, ids if name in ("actor", "target") else kind, None)
                             for name, kind in CORE]
        fields += [(f"f{i}", str | int | float | bool, msgspec.field(name=name, default=None)) for i, name in enumerate(own)]
        keys = tuple((name, name) for name, _ in CORE) + tuple((name, f"f{i}") for i, name in enumerate(own))
        record: type[Line] = msgspec.defstruct("Line", fields, bases=(Line,), forbid_unknown_fields=True, gc=False,  # type: ignore[assignment]  # a subclass of its bases, typed a Struct
                                   namespace={"_keys": keys, "_names": dict(keys)}, module=__name__)
        decode = msgspec.json.Decoder(record).decode
        decode = _BY_TYPE[own, who] = decode if _REFUSES_WITH_VALUE_ERROR else _refusing_with_value_error(decode)
    return decode
