"""A log's kept findings read as light rows or as breaches, whether they are kept packed (``packed.Findings``) or not."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .packed import Findings
from .report import Breach

__all__ = ["each_breach", "each_row"]


def each_row(findings: Iterable[Any]) -> Iterable[Any]:
    """A log's findings, as light rows when they are kept packed (a row reads as a finding and as its breach)."""
    return findings.rows() if isinstance(findings, Findings) else findings


def each_breach(findings: Iterable[Any]) -> Iterable[Breach]:
    """A log's findings' breaches, each a ``Breach`` (smaller than a row, which holds the fingerprint too), no ``Finding`` made."""
    if isinstance(findings, Findings):
        return findings.breaches()
    return (f.breach for f in findings)
