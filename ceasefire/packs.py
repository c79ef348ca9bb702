"""Finding agreement packs: the bundled ones, a header's reference confined to the log's folder, and loading.

A pack is TOML data, read by ``tomlfile``, validated into an ``Agreement`` by ``packfile`` (a bundled
pack unchanged since it was built: read from its built form, ``builtpacks``),
and cached by path and content: a pack loaded twice unchanged is the same object. Nothing in
a pack is executed. Every mistake is a PackError naming the file and the key.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from . import textpaths
from .agreement import Agreement
from .builtpacks import built
from .errors import PackError, UsageError

if TYPE_CHECKING:
    from pathlib import Path

    from .packfile import parse_pack
    from .tomlfile import MAX_TOML_BYTES, read_toml

__all__ = ["MAX_TOML_BYTES", "bundled_packs", "load_agreement", "parse_pack", "read_toml", "resolve_pack"]

_PACK_SUFFIX = ".toml"


_HERE = os.path.dirname(os.path.realpath(__file__))
"""The package's folder, resolved once: a check asks for the bundled packs' folder three times."""


def _rules_dir() -> str:
    here = _HERE
    installed = os.path.join(here, "rules")
    if textpaths.is_dir(installed):
        return installed
    return os.path.join(os.path.dirname(here), "rules")  # a source checkout


def bundled_packs() -> dict[str, Path]:
    """The packs shipped with the package, by name (the file name without ``.toml``)."""
    from pathlib import Path

    return {name: Path(path) for name, path in _bundled().items()}


def _bundled() -> dict[str, str]:
    """``bundled_packs`` as strings: checking a log imports no pathlib (``textpaths``)."""
    folder = _rules_dir()
    if not textpaths.is_dir(folder):
        return {}
    paths = sorted(os.path.join(folder, name) for name in os.listdir(folder) if name.endswith(_PACK_SUFFIX))
    return {_stem(path): path for path in paths if textpaths.is_file(path)}


def _stem(path: str) -> str:
    name = textpaths.name(path)
    return name[:-len(textpaths.suffix(name))] if textpaths.suffix(name) else name


def resolve_pack(ref: str, base: str | os.PathLike[str] | None = None, confine: str | os.PathLike[str] | None = None) -> Path:
    """Turn a pack reference (a bundled name or a path) into a file path.

    A relative path is read from ``base`` (default: the working directory). With ``confine``,
    a path must lie inside that folder or among the bundled packs: a log's header may not
    point the checker at arbitrary files.
    """
    from pathlib import Path

    return Path(resolved(ref, base, confine))


def resolved(ref: str, base: str | os.PathLike[str] | None = None, confine: str | os.PathLike[str] | None = None) -> str:
    """``resolve_pack``'s path as a string (spelt as pathlib would): what a check uses."""
    packs = _bundled()
    if ref in packs:
        return packs[ref]
    if not ref or ref.strip() != ref or "\x00" in ref:
        raise PackError(f"no bundled agreement {ref!r}; bundled: {', '.join(packs) or 'none'}", path=ref or "''")
    path = textpaths.join(base, ref) if base is not None else textpaths.pure(ref)
    try:
        if confine is not None:
            real = os.path.realpath(path)
            allowed = (os.path.realpath(confine), os.path.realpath(_rules_dir()))
            if not any(textpaths.within(real, root) for root in allowed):
                raise PackError("a log header may only name a bundled agreement or a pack inside the log's folder; "
                                "pass --agreement to use this file", path=ref)
        if not textpaths.suffix(path) and not textpaths.exists(path):
            raise PackError(f"no bundled agreement {ref!r}; bundled: {', '.join(packs) or 'none'}", path=ref)
    except (OSError, ValueError) as exc:  # a name too long, a lone surrogate: not a file this system can have
        raise PackError(f"cannot read: {exc.strerror if isinstance(exc, OSError) else 'not a valid file name'}", path=ref) from None
    return path


_CACHE: dict[tuple[str, int, int], Agreement] = {}


def load_agreement(ref: str | os.PathLike[str], base: str | os.PathLike[str] | None = None,
                   confine: str | os.PathLike[str] | None = None) -> Agreement:
    """Load and validate a pack by bundled name or path.

    A pack loaded twice unchanged is the same object, so its state machines are built once.
    """
    if not isinstance(ref, (str, os.PathLike)):
        raise UsageError(f"an agreement is a bundled name, a path or an Agreement, got {type(ref).__name__}")
    path = resolved(os.fspath(ref), base, confine)
    shown = os.fspath(ref) if os.fspath(ref) == path else path
    try:
        stat = os.stat(path)
        key = (os.path.realpath(path), stat.st_mtime_ns, stat.st_size)
    except (OSError, ValueError):
        key = None  # read_toml says what is wrong
    if key in _CACHE:
        return _CACHE[key]
    bundled = textpaths.parent(path) == os.fspath(_rules_dir())
    agreement = built(path, shown) if bundled else None  # ``builtpacks``: made from this very TOML
    if agreement is None:
        from .packfile import parse_pack  # validating a pack: not needed for a bundled one that has its built form
        from .parsedpacks import parsed
        from .tomlfile import read_toml

        agreement = parse_pack(read_toml(path, shown, known=parsed if bundled else None), shown)
    if key is not None:
        _CACHE[key] = agreement
    return agreement


def __getattr__(name: str) -> object:
    """``parse_pack`` (``packfile``'s), ``read_toml`` and ``MAX_TOML_BYTES`` (``tomlfile``'s), imported when first asked for:
    a check of a bundled pack neither reads its TOML as TOML nor validates it again."""
    if name == "parse_pack":
        from .packfile import parse_pack

        return parse_pack
    if name in ("read_toml", "MAX_TOML_BYTES"):
        from . import tomlfile

        return getattr(tomlfile, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
