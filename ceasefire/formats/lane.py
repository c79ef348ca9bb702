"""A plain breach's lane through JSON Lines: written from its shape's text, tracked and tallied in runs.

A log of a million breaches repeats a few shapes (``STRINGS``: the rule's facts and the event's
strings), and ``jsonl`` keeps the text of each (``encode.folded``). The run's checker
(``checklog``) hands a plain breach of a kept shape (an established one of an event: a whole
toll, a count of one, no killed, injured or needed, not uncertain, an event id that is a string)
straight to the lane with its fingerprint, no ``Finding`` made: its line is written from the
shape's text, and the tracker and the tally are told of it in runs. A run of one shape needs
only its first and last breach told to the tracker (and those out of the last span of
fragility); a run of one day and party is counted here and handed to the tally at once. Each
run ends, and is handed over (``flush``), before the tracker or the tally is told or read
otherwise: another shape, a change of state, another breach, the log's end.
tests/test_quick_breach.py pins this against the standard way.
"""

from __future__ import annotations

from collections.abc import Callable
from json.encoder import encode_basestring  # json.dumps(ensure_ascii=False)'s own
from typing import Any, TextIO

from ..found import Found
from ..outputs import Guarded
from ..tally import Tally
from ..tracker import Tracker
from .encode import TOLLS

__all__ = ["lane_of"]


def lane_of(out: TextIO, tracker: Tracker, tally: Tally) -> tuple[Callable[[Found, str, Any], bool], Callable[[], None]]:
    """One log's lane (for established breaches: none alleged), writing to ``out`` and telling ``tracker`` and ``tally``, and what
    hands its runs over to them."""
    told, fading, tracked = tracker.told, tracker.fading, tracker.breach
    # the tracker's run: breaches of one shape after the first (which it was told), of which it needs only the last
    # (``told``'s, as no change came between: each breaks the run), and which fall outside the last span of fragility
    shaped: Any = None
    latest: Any = None
    tallied, add, counts_of = tally.plain, tally.add, tally.counts_of
    # the run: plain breaches of one day and party after the one the tally took last, counted here, told to it at once
    day: str | None = None
    after = ""
    who: Any = None
    both: Any = None
    last: int = 0
    counts: dict[str, int] = {}
    lines = toll = 0

    def shaped_ends() -> None:
        """The tracker's run ends: the tracker told of its last breach (within the last span, or told already)."""
        nonlocal latest
        if latest is not None:
            told(latest, latest[4], shaped[0], shaped[1], False)
            latest = None

    def flush() -> None:
        """Hand the runs over to the tracker and the tally (before they are told or read otherwise)."""
        nonlocal day, lines, toll, shaped
        if latest is not None:  # (shaped_ends' own test: nothing to end, no call)
            shaped_ends()
        shaped = None
        if day is not None:
            for count in both:
                count.take_run(counts, lines, toll, last)
            counts.clear()
            day, lines, toll = None, 0, 0
    guarded = type(out) is Guarded and out.stream is not None
    write, s, tolls = out.stream.write if guarded else out.write, encode_basestring, TOLLS  # type: ignore[attr-defined]

    def plain(b: Found, fingerprint: str, shape: Any) -> bool:
        # (no alleged breach is handed to it; a slice of a Found is a tuple, unpacked quicker than the Found)
        severity, date, party, line, event_id, uncertain, _, _, _, _, casualties, _, _, killed, injured, count, needed = b[3:20]
        if not (count == 1 and type(casualties) is int and type(count) is int and type(line) is int and type(event_id) is str
                and injured is None and killed is None and needed is None and uncertain is False and type(date) is str):
            return False
        c = tolls[casualties] if 0 <= casualties < 256 else str(casualties)
        t = shape[3]
        try:
            write(f"{t[0]}{c}{t[1]}{s(date)}{t[2]}{s(event_id)}{t[3]}{fingerprint}{t[4]}{line}{t[5]}{c}{t[6]}")
        except BrokenPipeError:
            raise
        except (OSError, ValueError) as exc:  # as Guarded.write says it
            if not guarded:
                raise
            raise out.failed(exc) from None  # type: ignore[attr-defined]
        nonlocal day, after, who, both, last, lines, toll, shaped, latest
        if shape is shaped:  # the tracker, the run's
            latest = b
            if shape[2]:  # it weighs: in the last span (Fading.within, written out: a call a breach), or told
                since = fading.last
                if since is not None and since <= date < fading.bound and date[19:] == fading.tail and len(date) == 25:
                    fading.last = fading.pending = date
                else:
                    tracked(b)
        else:
            shaped_ends()
            told(b, date, shape[0], shape[1], shape[2])  # the tracker
            shaped = shape
        if day is not None and party == who and type(party) is type(who) and day <= date < after:  # the tally, the run's
            counts[severity] = counts.get(severity, 0) + 1
            if line != last:
                lines += 1
                last = line
            toll += casualties
            return True
        flush()
        if not tallied(severity, date, party, line, 1, casualties):  # the tally
            add(b)
        both = counts_of(date, party)
        if both is not None:  # a run begins
            day, who, last = date[:10], party, line
            after = day + "\x7f"  # (the least text after every date of that day: they are ASCII)
        return True

    return plain, flush
