"""A value class's fields as attrs would make them, without attrs' two calls per field.

For each annotated field attrs first makes a ``_CountingAttr`` (``attr.ib``) of its default,
then an ``Attribute`` of that: the two were about half of making a value class, some 50
thousand instructions a field, 12 of the 338 million of checking the 10-line example (237
fields in 24 classes). ``own_fields`` makes the very ``Attribute`` attrs makes of a field
written ``name: type = default`` (or with no default) by filling in a copy of the one attrs
makes of ``x`` with no type and no default (``_PLAIN``, made once by attrs itself): the same
value in every slot but the name, the default and the type. A field written with
``attrs.field(...)`` is left to attrs' own ``Attribute.from_counting_attr``. ``valueinit.made``
hands these to attrs (``these={}`` and its ``field_transformer``), which goes on as it would
with its own: aliases, the fields' order, the slots. Only for a class of its own fields
(no base but ``object``), with a version of attrs that has these parts; else None, and attrs
makes them as always.
"""

from __future__ import annotations

from typing import Any

import attrs

__all__ = ["own_fields"]

try:
    from attr._compat import _get_annotations  # type: ignore[attr-defined, unused-ignore]  # in attr._make before attrs 24.2
    from attr._make import _CountingAttr, _is_class_var, attrib

    _PLAIN: Any = attrs.Attribute.from_counting_attr("x", attrib(), False, None)  # type: ignore[attr-defined]  # attrs' own maker of a field, not in its stubs: what attrs makes of ``x`` alone
    _SLOTS: tuple[str, ...] = attrs.Attribute.__slots__  # type: ignore[attr-defined]
    _SAME = tuple((attrs.Attribute.__dict__[slot].__set__, getattr(_PLAIN, slot)) for slot in _SLOTS)  # each slot's setter, value
    _NAME, _DEFAULT, _TYPE = (attrs.Attribute.__dict__[slot].__set__ for slot in ("name", "default", "type"))
except (ImportError, AttributeError, TypeError, KeyError):  # another attrs: it makes every field itself
    _PLAIN = None

_new = attrs.Attribute.__new__


def own_fields(cls: type) -> list[Any] | None:
    """The ``Attribute`` of each field of ``cls`` attrs would make (``auto_attribs``), in order; None where attrs must make them."""
    if _PLAIN is None or cls.__bases__ != (object,):
        return None
    body = cls.__dict__
    annotations = _get_annotations(cls)
    fields = []
    for name, annotation in annotations.items():
        if _is_class_var(annotation):
            continue
        value = body.get(name, attrs.NOTHING)
        if value.__class__ is _CountingAttr:
            fields.append(attrs.Attribute.from_counting_attr(name, value, False, annotation))  # type: ignore[attr-defined]  # attrs' internal maker
            continue
        field = _new(attrs.Attribute)
        for put, same in _SAME:  # each slot's own setter: a third quicker than object.__setattr__ by name
            put(field, same)
        _NAME(field, name)
        _DEFAULT(field, value)
        _TYPE(field, annotation)
        fields.append(field)
    if any(value.__class__ is _CountingAttr and name not in annotations for name, value in body.items()):
        return None  # an ``attrs.field`` without a type: attrs says what is wrong
    return fields
