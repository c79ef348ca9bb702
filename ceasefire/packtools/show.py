"""Packs in words: ``ceasefire agreements`` lists the bundled ones, ``ceasefire show`` explains one."""

from __future__ import annotations

from ..agreement import Agreement
from ..packs import bundled_packs, load_agreement
from ..wording import describe_pack, listing_entry

__all__ = ["describe", "listing"]


def listing() -> str:
    """One block per bundled pack: id, title, start, provisions."""
    return "\n".join(listing_entry(load_agreement(name)) for name in bundled_packs())


def describe(agreement: Agreement) -> str:
    """The pack explained: parties, designated groups, each provision's states, moves, timers and status."""
    return describe_pack(agreement)
