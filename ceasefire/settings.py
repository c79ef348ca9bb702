"""Project defaults: a ``[tool.ceasefire]`` table in pyproject.toml, or a ceasefire.toml.

The nearest such file upward from the working directory is used (in each folder,
ceasefire.toml before pyproject.toml). Command-line flags win over it. As git's
``safe.directory`` does, a file owned by neither the current user nor root is ignored, with a
warning: whoever owns a folder above the checkout must not be able to turn a CI job's
``fail-on`` to ``never``.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from . import textpaths
from .errors import ConfigError
from .values import frozen
from .verdicts import FAIL_ON, FAIL_ON_STATUS

if TYPE_CHECKING:
    from pathlib import Path

    from .tomlfile import Table

__all__ = ["DEFAULTS", "KEYS", "Settings", "find_config", "load_config", "merge"]

KEYS = ("agreement", "format", "fail-on", "fail-on-status", "fail-on-alleged", "baseline", "strict", "jobs")
DEFAULTS: dict[str, Any] = {"agreement": None, "format": "text", "fail-on": "minor", "fail-on-status": None, "fail-on-alleged": False,
                            "baseline": None, "strict": False, "jobs": None}
"""``jobs`` None: as many as the machine has cores."""


@frozen
class Settings:
    """The settings in force, each with where it came from (``default``, ``command line`` or a file)."""

    values: dict[str, Any]
    origins: dict[str, str]
    file: str | None = None
    path: Path | None = None
    """The settings file in force, if any: its folder is the project root."""
    warnings: tuple[str, ...] = ()
    """Settings files passed over (owned by another user), one sentence each."""

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def describe(self, cores: int | None = None) -> str:
        """The settings as TOML, each commented with its origin: what ``--show-config`` prints (``cores``: ``jobs``' default)."""
        lines = [f"# ceasefire settings in force; config file: {self.file or 'none found'}"]
        for key in KEYS:
            value = self.values[key]
            if value is None and key == "jobs" and cores is not None:
                lines.append(f"# jobs is not set: as many processes as this machine's cores ({cores})")
            elif value is None:
                lines.append(f"# {key} is not set")
            else:
                lines.append(f"{key} = {_toml(value)}".ljust(36) + f"  # {self.origins[key]}")
        return "\n".join(lines) + "\n"


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _foreign_owner(path: str) -> int | None:
    """The owner of a file that belongs to neither the current user nor root, else None."""
    if not hasattr(os, "getuid"):
        return None  # no POSIX owners here
    try:
        uid = os.stat(path).st_uid
    except OSError:
        return None
    return uid if uid not in (os.getuid(), 0) else None


def find_config(start: str | os.PathLike[str], ignored: list[str] | None = None) -> tuple[Path, str] | None:
    """The nearest config file upward from ``start``: (path, the TOML key that holds the settings).

    A config file owned by another user is passed over, with a sentence appended to ``ignored``.
    """
    found = _find_config(start, ignored)
    if found is None:
        return None
    from pathlib import Path

    return Path(found[0]), found[1]


def _find_config(start: str | os.PathLike[str], ignored: list[str] | None) -> tuple[str, str] | None:
    """``find_config``, the path as a string: no pathlib imported where there is no config file."""
    for folder in textpaths.lineage(start):
        for path, key in ((textpaths.join(folder, "ceasefire.toml"), ""), (textpaths.join(folder, "pyproject.toml"), "tool.ceasefire")):
            if not textpaths.is_file(path) or (key and not _has_our_table(path)):
                continue
            owner = _foreign_owner(path)
            if owner is None:
                return path, key
            if ignored is not None:
                ignored.append(f"ignoring {path}: owned by another user (uid {owner}), not by you or root")
    return None


def _has_our_table(project: str) -> bool:
    """Whether a pyproject.toml holds ``[tool.ceasefire]``; one that cannot be read is not ours to judge."""
    try:
        with open(project, encoding="utf-8") as stream:
            text = stream.read()
    except (OSError, UnicodeDecodeError):
        return False
    if "ceasefire" not in text and "\\" not in text:  # no key can name it, spelt out or escaped: not parsed
        return False
    import tomllib  # here, not at the top: most checks parse no TOML at all

    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        return False
    return isinstance(data.get("tool"), dict) and "ceasefire" in data["tool"]


def load_config(path: str | os.PathLike[str], key: str) -> dict[str, Any]:
    """Read and validate the settings in a config file; paths in it are relative to its folder."""
    from .tomlfile import Table, check, read_toml  # a check without a settings file reads no TOML

    table = Table(str(path), "", read_toml(path, str(path), ConfigError), ConfigError)
    for part in filter(None, key.split(".")):
        table = table.table(part)
    from .formats import FORMATS

    choices: dict[str, Collection[str]] = {"format": tuple(FORMATS), "fail-on": FAIL_ON, "fail-on-status": FAIL_ON_STATUS}
    out: dict[str, Any] = {}
    for name in KEYS:
        if name == "jobs":
            out.update(_jobs(table))
            continue
        value = table.get(name, bool) if name in ("strict", "fail-on-alleged") else table.text(name, empty=False)
        if value is None:
            continue
        if name in choices:
            check(table, name, value, choices[name], "value")
        if name == "baseline" or (name == "agreement" and (value.endswith(".toml") or "/" in value)):
            value = textpaths.join(textpaths.parent(path), value)
        out[name] = value
    table.done()
    return out


def _jobs(table: Table) -> dict[str, int]:
    """``jobs``, if set: a whole number of processes, at least 1."""
    what = "a whole number of processes, at least 1"
    value = table.get("jobs", int, what=what)
    if value is None:
        return {}
    if value < 1:
        table.fail("jobs", f"must be {what}, got {value}")
    return {"jobs": value}


def merge(flags: dict[str, Any], cwd: str | os.PathLike[str]) -> Settings:
    """Defaults, then the config file found from ``cwd``, then the flags that were given (not None)."""
    values, origins = dict(DEFAULTS), {k: "default" for k in KEYS}
    ignored: list[str] = []
    found = _find_config(cwd, ignored)
    file, path = None, None
    if found is not None:
        from pathlib import Path  # only a project with a settings file pays for pathlib (``Settings.path``)

        path, key = Path(found[0]), found[1]
        file = f"{path} [{key}]" if key else str(path)
        for name, value in load_config(path, key).items():
            values[name], origins[name] = value, path.name
    for name, value in flags.items():
        if value is not None:
            values[name], origins[name] = value, "command line"
    return Settings(values, origins, file, path, tuple(ignored))
