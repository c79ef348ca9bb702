"""What the source readers share: opening files, finding a bad byte's line, dates and numbers."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import IO

from ..errors import LogError

__all__ = ["DAY", "day_span", "decimal", "open_text", "show", "utf8_error", "whole"]

DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def open_text(path: str, newline: str = "") -> IO[str]:
    """Open a source file as UTF-8 text (a BOM is skipped) for the csv module, or raise LogError.

    ``newline="\\n"`` splits lines at line feeds only, without the universal-newline decoder
    the csv module's mode needs: a reader that takes lines itself and finds lone carriage
    returns itself reads faster that way.
    """
    try:
        return open(path, encoding="utf-8-sig", newline=newline)
    except OSError as exc:
        raise LogError(f"cannot read: {exc.strerror or exc}", path=path) from None


def utf8_error(path: str) -> tuple[int, str]:
    """The line of the first byte that is not UTF-8, and a message naming it.

    Text files are decoded in blocks, so the decoder's complaint does not say which line is
    at fault; the file is read again, as bytes, to find it.
    """
    number = 0
    with open(path, "rb") as stream:
        for number, raw in enumerate(stream, 1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                return number, (f"not valid UTF-8 text (byte 0x{raw[exc.start]:02x} at column {exc.start + 1}); "
                                "the rest of the file was not read")
    return max(number, 1), "not valid UTF-8 text; the rest of the file was not read"


def show(text: str, limit: int = 40) -> str:
    """A value from a file, quoted and escaped so that it cannot forge a line of output."""
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


def day_span(day: date, precision: str) -> tuple[str, str]:
    """The first and last day an event dated ``day`` may have taken place, by precision.

    ``day`` is that day; ``week`` the seven days centred on it (ACLED records a day inside
    the week it was told of); ``month`` its calendar month.
    """
    if precision == "day":
        text = day.isoformat()
        return text, text
    if precision == "week":
        return (day - timedelta(days=3)).isoformat(), (day + timedelta(days=3)).isoformat()
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1).isoformat(), day.replace(day=last).isoformat()


def whole(text: str, name: str) -> int | None:
    """A whole number 0 or more from a column (None when empty), or ValueError naming the column."""
    if text.isdigit() and text.isascii():
        return int(text)
    if not text.strip():
        return None
    raise ValueError(f"{name} must be a whole number 0 or more, got {show(text)}")


def decimal(text: str, name: str, bound: float) -> float | None:
    """A coordinate between -bound and bound (None when empty), or ValueError naming the column."""
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        value = None
    if value is None or not -bound <= value <= bound:
        raise ValueError(f"{name} must be a number from {-bound:g} to {bound:g}, got {show(text)}")
    return value
