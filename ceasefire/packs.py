"""Finding agreement packs: the bundled ones, a header's reference confined to the log's folder, and loading.

A pack is TOML data, read by ``tomlfile``, validated into an ``Agreement`` by ``packfile``,
and cached by path and content: a pack loaded twice unchanged is the same object. Nothing in
a pack is executed. Every mistake is a PackError naming the file and the key.
"""

from __future__ import annotations

import os
from pathlib import Path

from .agreement import Agreement
from .errors import PackError, UsageError
from .packfile import parse_pack
from .parsedpacks import parsed
from .tomlfile import MAX_TOML_BYTES, read_toml

__all__ = ["MAX_TOML_BYTES", "bundled_packs", "load_agreement", "parse_pack", "read_toml", "resolve_pack"]

_PACK_SUFFIX = ".toml"


def _rules_dir() -> Path:
    installed = Path(__file__).resolve().parent / "rules"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent / "rules"  # a source checkout


def bundled_packs() -> dict[str, Path]:
    """The packs shipped with the package, by name (the file name without ``.toml``)."""
    folder = _rules_dir()
    if not folder.is_dir():
        return {}
    return {p.stem: p for p in sorted(folder.glob(f"*{_PACK_SUFFIX}")) if p.is_file()}


def resolve_pack(ref: str, base: Path | None = None, confine: Path | None = None) -> Path:
    """Turn a pack reference (a bundled name or a path) into a file path.

    A relative path is read from ``base`` (default: the working directory). With ``confine``,
    a path must lie inside that folder or among the bundled packs: a log's header may not
    point the checker at arbitrary files.
    """
    packs = bundled_packs()
    if ref in packs:
        return packs[ref]
    if not ref or ref.strip() != ref or "\x00" in ref:
        raise PackError(f"no bundled agreement {ref!r}; bundled: {', '.join(packs) or 'none'}", path=ref or "''")
    path = Path(ref)
    if not path.is_absolute() and base is not None:
        path = base / path
    try:
        if confine is not None:
            real = Path(os.path.realpath(path))
            allowed = (Path(os.path.realpath(confine)), Path(os.path.realpath(_rules_dir())))
            if not any(real == root or root in real.parents for root in allowed):
                raise PackError("a log header may only name a bundled agreement or a pack inside the log's folder; "
                                "pass --agreement to use this file", path=ref)
        if not path.suffix and not path.exists():
            raise PackError(f"no bundled agreement {ref!r}; bundled: {', '.join(packs) or 'none'}", path=ref)
    except (OSError, ValueError) as exc:  # a name too long, a lone surrogate: not a file this system can have
        raise PackError(f"cannot read: {exc.strerror if isinstance(exc, OSError) else 'not a valid file name'}", path=ref) from None
    return path


_CACHE: dict[tuple[str, int, int], Agreement] = {}


def load_agreement(ref: str | os.PathLike[str], base: Path | None = None, confine: Path | None = None) -> Agreement:
    """Load and validate a pack by bundled name or path.

    A pack loaded twice unchanged is the same object, so its state machines are built once.
    """
    if not isinstance(ref, (str, os.PathLike)):
        raise UsageError(f"an agreement is a bundled name, a path or an Agreement, got {type(ref).__name__}")
    path = resolve_pack(os.fspath(ref), base, confine)
    shown = os.fspath(ref) if os.fspath(ref) == os.fspath(path) else str(path)
    try:
        stat = path.stat()
        key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    except (OSError, ValueError):
        key = None  # read_toml says what is wrong
    if key in _CACHE:
        return _CACHE[key]
    data = read_toml(path, shown, known=parsed if path.parent == _rules_dir() else None)
    agreement = parse_pack(data, shown)
    if key is not None:
        _CACHE[key] = agreement
    return agreement
