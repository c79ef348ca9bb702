"""The bundled packs' ``Agreement``s, kept beside them as JSON data and used only while made from the very TOML beside them.

Validating the Syria pack's parsed TOML into its ``Agreement`` (``packfile``: every key
checked, about a hundred values built) took 12 of the 349 million instructions of checking
the 10-line example, and imported five modules a check needs for nothing else. A bundled pack
``NAME.toml`` has ``NAME.agreement.json``: the size and SHA-256 of the TOML's bytes and the
``Agreement`` ``packfile`` made of them, each value tagged with its type (``{"@Rule": {...}}``,
``{"@frozenset": [...]}``, a field left out when it holds its default; every JSON array is a
tuple). It is data, never code: the tags name the agreement's own value classes and a few
standard types, nothing else is made. It is trusted only while the size and hash are those of the
TOML beside it, so a pack edited in place is parsed and validated again; a pack this cannot write
exactly (polygons) has no such file. ``python -m ceasefire.parsedpacks`` writes them with the
parsed forms; a test checks each is current and rebuilds exactly what ``packfile`` builds.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from . import textpaths

if TYPE_CHECKING:
    from collections.abc import Callable

    from .agreement import Agreement

__all__ = ["SUFFIX", "beside", "built", "decode", "encode"]

SUFFIX = ".agreement.json"
"""``NAME.toml``'s built form is ``NAME.agreement.json``, in the same folder."""


def _classes() -> dict[str, type]:
    from .agreement import Agreement, BreachSpec, Membership, Provision, Rule, Timer, Transition
    from .areas import Area

    return {cls.__name__: cls for cls in (Agreement, Area, BreachSpec, Membership, Provision, Rule, Timer, Transition)}


def _zone(key: str) -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo(key)


_TAGS: dict[str, Callable[[Any], Any]] = {
    "@frozenset": frozenset,
    "@tuple": tuple,
    "@timedelta": lambda parts: timedelta(*parts),
    "@utc": datetime.fromisoformat,
    "@zone": _zone,
}


def _maker(cls: type, **given: Any) -> Callable[[dict[str, Any]], Any]:
    """What makes a ``cls`` of a built form's table of its fields (and of ``given``)."""
    if given:
        return lambda fields: cls(**fields, **given)
    return lambda fields: cls(**fields)


def decode(text: str | bytes, shown: str) -> tuple[int, str, Agreement]:
    """The TOML's size and SHA-256 and the ``Agreement`` of a built form; ``shown`` is the pack's path as the agreement names it."""
    makers = dict(_TAGS)
    for name, cls in _classes().items():
        makers[f"@{name}"] = _maker(cls, path=shown) if name == "Agreement" else _maker(cls)

    def hook(table: dict[str, Any]) -> Any:
        if len(table) == 1:
            for tag, value in table.items():
                if tag[:1] == "@":
                    return makers[tag](value)
        for key, value in table.items():  # a field's or a mapping's array is a tuple; a tuple's inner tuples are tagged
            if value.__class__ is list:
                table[key] = tuple(value)
        return table

    document = json.loads(text, object_hook=hook)
    return document["size"], document["sha256"], document["agreement"]


def beside(pack: str | os.PathLike[str], suffix: str) -> str:
    """The file kept beside a pack ``NAME.toml``: ``NAME`` and ``suffix`` (this module's ``SUFFIX``, or the parsed form's), in its folder."""
    return textpaths.join(textpaths.parent(pack), textpaths.name(pack).removesuffix(".toml") + suffix)


def built(pack: str, shown: str) -> Agreement | None:
    """The bundled pack's ``Agreement`` from its built form, if there is one made from the TOML as it is now; else None."""
    from .fingerprints import _sha256  # CPython's own SHA-256: no OpenSSL loaded (a check hashes fingerprints with it)

    try:
        with open(beside(pack, SUFFIX), "rb") as stream:
            text = stream.read()
        size, digest, agreement = decode(text, shown)
        if os.stat(pack).st_size != size:  # another TOML (a larger one is never read whole here: read_toml refuses it)
            return None
        with open(pack, "rb") as stream:
            raw = stream.read(size + 1)
    except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):  # no form, or not one this version wrote
        return None
    if digest != _sha256()(raw).hexdigest() or agreement.__class__.__name__ != "Agreement":
        return None
    return agreement


def _default(a: Any) -> Any:
    import attrs

    if isinstance(a.default, attrs.Factory):  # type: ignore[arg-type]
        return a.default.factory()
    return a.default


def _tagged(value: Any, where: str, inner: bool = False) -> Any:
    """``value`` as JSON data, tagged with its type; ``inner``: an item of a tuple (an array there would be read as a list)."""
    import attrs

    from zoneinfo import ZoneInfo

    kind = value.__class__
    if value is None or kind in (str, int, bool):
        return value
    if kind is tuple:
        items = [_tagged(item, f"{where}[{i}]", True) for i, item in enumerate(value)]
        return {"@tuple": items} if inner else items
    if kind is frozenset:
        if not all(item.__class__ is str for item in value):
            raise ValueError(f"{where}: a set of something other than strings")
        return {"@frozenset": sorted(value)}
    if kind is dict:
        if len(value) == 1 and next(iter(value))[:1] == "@":
            raise ValueError(f"{where}: a one-key table named like a tag cannot be kept as JSON")
        if not all(key.__class__ is str for key in value):
            raise ValueError(f"{where}: a key other than a string")
        return {key: _tagged(item, f"{where}.{key}") for key, item in value.items()}
    if kind is timedelta:
        return {"@timedelta": [value.days, value.seconds, value.microseconds]}
    if kind is datetime and value.tzinfo is UTC:
        return {"@utc": value.isoformat()}
    if kind is ZoneInfo and value.key is not None and ZoneInfo(value.key) is value:
        return {"@zone": value.key}
    if kind.__name__ in _classes() and _classes()[kind.__name__] is kind:
        if kind.__name__ == "Area" and value.polygons:
            raise ValueError(f"{where}: polygons are not kept as JSON")
        fields = {}
        for a in attrs.fields(kind):
            item = getattr(value, a.name)
            if not a.init or (kind.__name__ == "Agreement" and a.name == "path"):
                continue
            default = _default(a)
            if default is not attrs.NOTHING and item.__class__ is default.__class__ and item == default:
                continue
            fields[a.name] = _tagged(item, f"{where}.{a.name}")
        return {f"@{kind.__name__}": fields}
    raise ValueError(f"{where}: a {kind.__name__} is not kept as JSON")


def encode(agreement: Agreement, raw: bytes, sha256: Callable[[bytes], Any]) -> str:
    """The built form of an ``Agreement`` made from a TOML file's bytes ``raw``; ValueError if it cannot be kept exactly."""
    document = {"size": len(raw), "sha256": sha256(raw).hexdigest(), "agreement": _tagged(agreement, agreement.id)}
    return json.dumps(document, ensure_ascii=False, indent=None, separators=(",", ":")) + "\n"
