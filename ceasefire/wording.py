"""Every sentence the program composes from facts: the engine and the report hold none.

Wording lives here, at the edge, so that a change of words changes no verdict and no
fingerprint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .findings import Breach

__all__ = ["breach_message", "plural"]


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``1 breach``, ``2 breaches``: a count with its noun."""
    return f"{count} {noun if count == 1 else many or noun + 's'}"


def breach_message(breach: Breach) -> str:
    """A breach in one sentence: the pack's note, then what the event was (timers: the note alone)."""
    if breach.kind != "event":
        return breach.note
    words = [breach.event_type or "event", f"by {breach.actor}" if breach.actor else "by an unknown actor"]
    if breach.target:
        words.append(f"on {breach.target}")
    if breach.location:
        words.append(f"at {breach.location}")
    if breach.casualties is not None:
        words.append(f"({breach.casualties} casualties)")
    text = " ".join(words)
    if breach.claimed:
        text += f"; {breach.actor or 'the attacker'} claims it struck {breach.claimed}, a designated group"
    return f"{breach.note}: {text}" if breach.note else text
