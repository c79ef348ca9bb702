"""Showing strings that came from a log, a pack or a file name, so that they cannot forge output.

Control characters, line and paragraph separators, bidirectional overrides and other format
characters, and lone surrogates are shown escaped (``\\n``, ``\\x1b``, ``\\u202e``): whatever a
log holds, one finding stays one line and no terminal sequence or GitHub workflow command of
the log's author reaches the screen. Everything else, accents and scripts included, is kept.
"""

from __future__ import annotations

import os
import re
import unicodedata

__all__ = ["printable", "xml_safe", "file_name"]

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
# the quick test: ASCII controls, C1 controls, the soft hyphen and every character outside Latin-1,
# written as what it is not ([\x00-\x1f\x7f-\x9f\u00ad\u0100-\U0010ffff] took 5 ms to compile)
_SUSPECT = re.compile("[^\x20-\x7e\xa0-\xac\xae-\xff]")
_XML_FORBIDDEN = "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]"  # compiled by re's cache when JUnit XML is written


def _escape(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8 (os.fsdecode's escape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _one(match: re.Match[str]) -> str:
    char = match.group()
    return _escape(char) if unicodedata.category(char) in _UNSAFE_CATEGORIES else char


def printable(text: str) -> str:
    """``text`` with control, separator, format (bidi) and surrogate characters escaped."""
    if text.isascii() and text.isprintable():
        return text
    return _SUSPECT.sub(_one, text)


def xml_safe(text: str) -> str:
    """``text`` with the characters XML 1.0 forbids (NUL, most C0 controls, surrogates) escaped."""
    return re.sub(_XML_FORBIDDEN, lambda m: _escape(m.group()), text)


def file_name(path: str) -> str:
    """A file name as text that is valid UTF-8: bytes that are not (``os.fsdecode``'s surrogates) become ``\\xNN``."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    return path
