"""Paths as strings, spelt as pathlib spells them, so that checking a log imports no pathlib.

pathlib, with the ``urllib.parse`` and ``ipaddress`` it imports, was 20 of the 390 million
instructions checking the 10-line example took (click, attrs and transitions do not import
it). These functions give the very strings ``PurePath`` gives (``str``, ``parent``, ``/``,
``relative_to``) and the answers ``Path.exists``, ``is_file`` and ``is_dir`` give (a path that
cannot be looked at, too long or forbidden, is an error; a missing one is not). On Windows
the spelling is pathlib's own, imported there: its drives and case rules are not copied.
Public functions that return a ``Path`` still do, importing pathlib when called.
"""

from __future__ import annotations

import errno
import os
import stat

__all__ = ["exists", "is_absolute", "is_dir", "is_file", "join", "lineage", "name", "parent", "pure", "shown", "suffix", "within"]

_WINDOWS = os.name == "nt"
_IGNORED_ERRNOS = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)
_IGNORED_WINERRORS = (21, 123, 1921)  # not ready, invalid name, cannot resolve: what pathlib ignores too


def _split(path: str) -> tuple[str, list[str]]:
    """A POSIX path's root ('', '/' or '//', as POSIX keeps exactly two leading slashes) and its parts."""
    root = ("//" if path[1:2] == "/" and path[2:3] != "/" else "/") if path[:1] == "/" else ""
    return root, [part for part in path.split("/") if part and part != "."]


def _spell(root: str, parts: list[str]) -> str:
    return root + "/".join(parts) or "."


def pure(path: str | os.PathLike[str]) -> str:
    """``str(PurePath(path))``: repeated separators and ``.`` parts dropped, ``..`` kept."""
    if _WINDOWS:
        from pathlib import PurePath

        return str(PurePath(path))
    return _spell(*_split(os.fspath(path)))


def join(base: str | os.PathLike[str], path: str | os.PathLike[str]) -> str:
    """``str(PurePath(base) / path)``: ``path`` itself when it is absolute."""
    if _WINDOWS:
        from pathlib import PurePath

        return str(PurePath(base) / path)
    root, parts = _split(os.fspath(path))
    if root:
        return _spell(root, parts)
    base_root, base_parts = _split(os.fspath(base))
    return _spell(base_root, base_parts + parts)


def parent(path: str | os.PathLike[str]) -> str:
    """``str(PurePath(path).parent)``: ``.`` for a bare name, the root for the root."""
    if _WINDOWS:
        from pathlib import PurePath

        return str(PurePath(path).parent)
    root, parts = _split(os.fspath(path))
    return _spell(root, parts[:-1])


def lineage(path: str | os.PathLike[str]) -> list[str]:
    """``path`` and then its parents, nearest first, as ``(path, *path.parents)`` spells them."""
    if _WINDOWS:
        from pathlib import PurePath

        pure_path = PurePath(path)
        return [str(p) for p in (pure_path, *pure_path.parents)]
    root, parts = _split(os.fspath(path))
    return [_spell(root, parts[:n]) for n in range(len(parts), -1, -1)]


def name(path: str | os.PathLike[str]) -> str:
    """``PurePath(path).name``: the last part, '' for a root or ``.``."""
    if _WINDOWS:
        from pathlib import PurePath

        return PurePath(path).name
    return (_split(os.fspath(path))[1] or [""])[-1]


def suffix(path: str | os.PathLike[str]) -> str:
    """``PurePath(path).suffix``: the last part's extension, '' for none (nor for a name starting or ending with a dot)."""
    last = name(path)
    dot = last.rfind(".")
    return last[dot:] if 0 < dot < len(last) - 1 else ""


def is_absolute(path: str | os.PathLike[str]) -> bool:
    """``PurePath(path).is_absolute()``."""
    if _WINDOWS:
        from pathlib import PurePath

        return PurePath(path).is_absolute()
    return os.fspath(path)[:1] == "/"


def within(path: str | os.PathLike[str], folder: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is ``folder`` or below it, part by part (``path == folder or folder in path.parents``)."""
    if _WINDOWS:
        from pathlib import PurePath

        pure_path, pure_folder = PurePath(path), PurePath(folder)
        return pure_path == pure_folder or pure_folder in pure_path.parents
    root, parts = _split(os.fspath(path))
    folder_root, folder_parts = _split(os.fspath(folder))
    return root == folder_root and parts[:len(folder_parts)] == folder_parts


def shown(path: str) -> str:
    """A path as reports name it: relative to the working directory when inside it, normalised, with '/'."""
    if _WINDOWS:
        from pathlib import Path, PurePath

        pure_path = Path(path)
        if pure_path.is_absolute():
            try:
                pure_path = pure_path.relative_to(Path.cwd())
            except ValueError:
                pass
        return PurePath(os.path.normpath(pure_path)).as_posix()
    root, parts = _split(path)
    if root:
        here_root, here = _split(os.getcwd())
        if root == here_root and parts[:len(here)] == here:
            root, parts = "", parts[len(here):]
    return os.path.normpath(_spell(root, parts))  # POSIX: already what PurePath(...).as_posix() spells


def _mode(path: str | os.PathLike[str]) -> int | None:
    """The file's mode, None when there is no such file (as pathlib decides it); OSError when it cannot be looked at."""
    try:
        return os.stat(path).st_mode
    except OSError as exc:
        if getattr(exc, "errno", None) in _IGNORED_ERRNOS or getattr(exc, "winerror", None) in _IGNORED_WINERRORS:
            return None
        raise
    except ValueError:  # a NUL, a lone surrogate: no such file
        return None


def exists(path: str | os.PathLike[str]) -> bool:
    """``Path(path).exists()``: raises OSError for a path that cannot be looked at (too long, forbidden)."""
    return _mode(path) is not None


def is_file(path: str | os.PathLike[str]) -> bool:
    """``Path(path).is_file()``: a regular file (through links); OSError as ``exists``."""
    mode = _mode(path)
    return mode is not None and stat.S_ISREG(mode)


def is_dir(path: str | os.PathLike[str]) -> bool:
    """``Path(path).is_dir()``: a folder (through links); OSError as ``exists``."""
    mode = _mode(path)
    return mode is not None and stat.S_ISDIR(mode)
