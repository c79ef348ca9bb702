"""The bundled packs' parsed TOML, kept beside them as JSON and used only while it matches them byte for byte.

Reading a bundled pack with the standard library's TOML parser (pure Python) was a sixth of
what checking the 10-line example costs beyond importing click, attrs and transitions:
importing the parser and parsing the Syria pack's 20 KB took 31 of 435 million instructions
(the bare imports: 250), where ``json.loads`` (in C) takes one. So each bundled pack
``NAME.toml`` has ``NAME.parsed.json``: the SHA-256 of the TOML's bytes and the very data
``tomllib`` makes of them, every value of its own type (a date, time or date-time is a
one-key object, ``{"@datetime": ISO text}``). It is data, never code, and is trusted only
while the hash is that of the TOML beside it: a pack edited in place is parsed as TOML again.
``python -m ceasefire.parsedpacks`` writes them; a test checks each is current and exact.
"""

from __future__ import annotations

import json
import os
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from .builtpacks import beside

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["SUFFIX", "decode", "encode", "parsed", "sibling", "write_all"]

SUFFIX = ".parsed.json"
"""``NAME.toml``'s parsed form is ``NAME.parsed.json``, in the same folder."""

_TAGS: dict[str, Any] = {"@datetime": datetime.fromisoformat, "@date": date.fromisoformat, "@time": time.fromisoformat}


def sibling(pack: Path, suffix: str = SUFFIX) -> Path:
    """Where a pack's parsed form (or, with ``builtpacks.SUFFIX``, its built form) is kept."""
    from pathlib import Path

    return Path(beside(pack, suffix))


def _hook(table: dict[str, Any]) -> Any:
    if len(table) == 1:
        for tag, text in table.items():
            make = _TAGS.get(tag)
            if make is not None:
                return make(text)
    return table


def decode(text: str | bytes) -> tuple[str, dict[str, Any]]:
    """The TOML's SHA-256 and its data, from a parsed form."""
    document = json.loads(text, object_hook=_hook)
    return document["sha256"], document["toml"]


def parsed(pack: str | os.PathLike[str], raw: bytes) -> dict[str, Any] | None:
    """The pack's data from its parsed form, if there is one made from exactly these bytes (``raw``); else None."""
    from .fingerprints import _sha256  # CPython's own SHA-256: no OpenSSL loaded (a check hashes fingerprints with it)

    try:
        with open(beside(pack, SUFFIX), "rb") as stream:
            text = stream.read()
    except (OSError, ValueError):
        return None
    try:
        digest, data = decode(text)
    except (ValueError, TypeError, KeyError, RecursionError):  # not a parsed form this version wrote: read the TOML
        return None
    if not isinstance(data, dict) or digest != _sha256()(raw).hexdigest():
        return None
    return data


def _tagged(value: Any, where: str) -> Any:
    if isinstance(value, dict):
        if len(value) == 1 and next(iter(value)) in _TAGS:
            raise ValueError(f"{where}: a one-key table named like a tag cannot be kept as JSON")
        return {key: _tagged(item, f"{where}.{key}") for key, item in value.items()}
    if isinstance(value, list):
        return [_tagged(item, f"{where}[{i}]") for i, item in enumerate(value)]
    if isinstance(value, datetime):
        return {"@datetime": value.isoformat()}
    if isinstance(value, date):
        return {"@date": value.isoformat()}
    if isinstance(value, time):
        return {"@time": value.isoformat()}
    if isinstance(value, (str, int, float)):  # bool is an int
        return value
    raise ValueError(f"{where}: {type(value).__name__} is not a TOML value")


def encode(raw: bytes, sha256: Any) -> str:
    """The parsed form of a TOML file's bytes: its hash and its data, with dates, times and date-times tagged."""
    import tomllib

    data = tomllib.loads(raw.decode("utf-8-sig"))
    document = {"sha256": sha256(raw).hexdigest(), "toml": _tagged(data, "")}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def write_all(folder: Path) -> list[Path]:
    """Write (or rewrite) the parsed form and the built form (``builtpacks``) of every pack in ``folder``; the files written.

    A pack whose ``Agreement`` cannot be kept exactly as JSON (polygons) gets no built form, and
    loses one it had.
    """
    import hashlib

    from . import builtpacks
    from .packfile import parse_pack

    written = []
    for pack in sorted(folder.glob("*.toml")):
        raw = pack.read_bytes()
        target = sibling(pack)
        target.write_text(encode(raw, hashlib.sha256), encoding="utf-8")
        written.append(target)
        built = sibling(pack, builtpacks.SUFFIX)
        try:
            text = builtpacks.encode(parse_pack(decode(target.read_bytes())[1], str(pack)), raw, hashlib.sha256)
        except ValueError:
            built.unlink(missing_ok=True)
            continue
        built.write_text(text, encoding="utf-8")
        written.append(built)
    return written


if __name__ == "__main__":  # python -m ceasefire.parsedpacks: after editing a bundled pack (or the code that builds one)
    from pathlib import Path

    from .packs import _rules_dir

    for path in write_all(Path(_rules_dir())):
        print(path)
