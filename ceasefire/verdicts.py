"""What a run of ``ceasefire check`` found: each breach with its fingerprint, each log, the whole run.

The thresholds (``--fail-on``, ``--fail-on-status``) and the baseline decide which breaches
fail the run; the formats read these records.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from . import __version__
from .agreement import SEVERITIES, SEVERITY_RANK, STATUS_RANK, STATUSES
from .errors import CeasefireError
from .found import Found, fields_at
from .packed import Findings
from .report import Breach, LogWarning, Report
from .values import define, frozen

__all__ = ["FAIL_ON", "FAIL_ON_STATUS", "SCHEMA_VERSION", "BaselineUse", "Finding", "Findings", "LogResult", "Policy", "Run", "worst_status"]

SCHEMA_VERSION = 2
FAIL_ON = (*SEVERITIES, "never")
FAIL_ON_STATUS = tuple(s for s in STATUSES if s != "holding")
TOOL = {"name": "ceasefire", "version": __version__}


_FAILING = {fail_on: frozenset(s for s in SEVERITIES if fail_on != "never" and SEVERITY_RANK[s] >= SEVERITY_RANK[fail_on])
            for fail_on in FAIL_ON}
"""The severities that fail a run, for each ``--fail-on``: one set lookup per breach."""


@frozen
class Policy:
    """When a run fails: a breach at or above ``fail_on`` not in the baseline, or a status at or above ``fail_on_status``."""

    fail_on: str = "minor"
    fail_on_status: str | None = None
    fail_on_alleged: bool = False
    """Whether an alleged breach (a claim short of the rule's verification) fails the run too."""

    def fails(self, breach: Breach | Found) -> bool:
        """Whether this breach, if not known from the baseline, fails the run."""
        failing = _FAILING.get(self.fail_on)
        at = self.fails_at(breach.severity) if failing is None else breach.severity in failing
        return at and (not breach.alleged or self.fail_on_alleged)

    def fails_at(self, severity: str) -> bool:
        """Whether a breach of this severity, if not known from the baseline, fails the run."""
        return self.fail_on != "never" and SEVERITY_RANK[severity] >= SEVERITY_RANK[self.fail_on]

    def status_fails(self, status: str) -> bool:
        """Whether a log's status fails the run (``pending`` never does)."""
        return self.fail_on_status is not None and STATUS_RANK.get(status, -1) >= STATUS_RANK[self.fail_on_status]


@frozen
class Finding:
    """A breach as a run sees it: its stable fingerprint, whether the baseline knows it, whether it fails."""

    breach: Breach | Found
    """A ``Breach``, or in a run of the command line the ``Found`` the engine recorded (read as one)."""
    fingerprint: str
    known: bool = False
    fails: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The breach's JSON object, with ``fingerprint`` and ``known``."""
        return {**self.breach.to_dict(), "fingerprint": self.fingerprint, "known": self.known}


_new = object.__new__
_SLOTS = tuple(Finding.__dict__[a.name].__set__ for a in attrs.fields(Finding))
"""Each field's slot of a ``Finding``, set as attrs' ``__init__`` sets it, without looking ``object.__setattr__`` up by name
for each: a run may judge a million breaches. (A test pins the record made so against ``Finding``'s own.)"""
assert [a.name for a in attrs.fields(Finding)] == ["breach", "fingerprint", "known", "fails"]
_JUDGED = fields_at("severity", "alleged")
"""A recorded breach's (a ``Found``'s) severity and whether it is alleged: what judging it reads, at once."""


def _findings(value: Iterable[Any]) -> Findings:
    """``LogResult.findings`` as given, or packed."""
    return value if isinstance(value, Findings) else Findings(value)


@define(eq=False, on_setattr=attrs.setters.NO_OP)  # tallied per breach: no hook on each assignment; an outcome, compared by identity
class LogResult:
    """One log's outcome. ``findings`` and ``warnings`` are empty when they were streamed and not kept."""

    file: str
    report: Report
    findings: Findings = attrs.field(factory=Findings, converter=_findings)
    """Kept packed (about 140 bytes each): see ``packed.Findings``."""
    warnings: list[LogWarning] = attrs.field(factory=list)
    warning_count: int = 0
    key: str = ""
    """The log's path relative to the project root, as fingerprints and baselines name it."""
    by_severity: dict[str, int] = attrs.field(factory=lambda: {s: 0 for s in reversed(SEVERITIES)})
    failing: int = 0
    known: int = 0
    alleged: int = 0
    """Alleged breaches: claims short of their rule's verification, counted apart from by_severity."""
    status_fails: bool = False
    snapshot: str | None = attrs.field(default=None, eq=False, repr=False)
    """``check --resume``: the log's next snapshot, which the run puts in place once its outputs are written."""

    @property
    def breaches(self) -> int:
        """How many breaches the log shows."""
        return sum(self.by_severity.values())

    @property
    def fails(self) -> bool:
        """Whether this log fails the run."""
        return self.failing > 0 or self.status_fails

    def add(self, breach: Breach | Found, fingerprint: str, known: bool, policy: Policy, keep: bool = True) -> Finding:
        """Judge one breach by the policy, tally it, keep it unless streaming; return the finding."""
        severity, alleged = _JUDGED(breach) if type(breach) is Found else (breach.severity, breach.alleged)
        fails = self._judged(breach, severity, alleged, known, policy)
        finding = _new(Finding)  # Finding(breach, fingerprint, known, fails), a third of the time: see _SLOTS
        _SLOTS[0](finding, breach)
        _SLOTS[1](finding, fingerprint)
        _SLOTS[2](finding, known)
        _SLOTS[3](finding, fails)
        if keep:
            self.findings.append(finding)
        return finding

    def add_found(self, breach: Found, fingerprint: str, known: bool, policy: Policy, keep: bool = True) -> None:
        """``add`` of a recorded breach whose ``Finding`` nobody reads (no format is told of each breach as it comes): judged,
        tallied and, unless streaming, kept packed from its parts."""
        severity, alleged = breach[3], breach[22]
        failing = _FAILING.get(policy.fail_on) if type(policy) is Policy else None
        if failing is None or alleged is not False:
            fails = self._judged(breach, severity, alleged, known, policy)
        else:  # _judged's, inline for an established breach judged by a plain policy
            fails = not known and severity in failing
            self.by_severity[severity] += 1
            if fails:
                self.failing += 1
            if known:
                self.known += 1
        if keep:
            self.findings.append_found(breach, fingerprint, known, fails)

    def _judged(self, breach: Breach | Found, severity: str, alleged: bool, known: bool, policy: Policy) -> bool:
        """Whether the breach (of ``severity``, ``alleged`` or not) fails the run, tallied."""
        failing = _FAILING.get(policy.fail_on) if type(policy) is Policy else None  # Policy.fails, inline
        if failing is None:
            fails = not known and policy.fails(breach)
        else:
            fails = not known and severity in failing and (not alleged or policy.fail_on_alleged)
        if alleged:
            self.alleged += 1
        else:
            self.by_severity[severity] += 1
        if fails:
            self.failing += 1
        if known:
            self.known += 1
        return fails

    def warn(self, warning: LogWarning, keep: bool = True) -> None:
        """Count a warning about one of the log's lines, and keep it unless streaming."""
        self.warning_count += 1
        if keep:
            self.warnings.append(warning)


@frozen
class BaselineUse:
    """How a run used its baseline: the file, its entries this run's breaches matched, and those none did (stale)."""

    path: str
    matched: int
    stale: int


def worst_status(statuses: list[str]) -> str | None:
    """The most severe of the statuses (``pending`` the least), or None for none."""
    order = ("pending", *STATUSES)
    return max(statuses, key=order.index) if statuses else None


@define(eq=False)  # a run's outcome, compared by identity
class Run:
    """Every log of one run, in the order checked, and the thresholds it was judged by."""

    policy: Policy = attrs.field(factory=Policy)
    logs: list[LogResult] = attrs.field(factory=list)
    baseline: str | None = None
    errors: list[CeasefireError] = attrs.field(factory=list)
    """What could not be checked: each a log (or its pack) in error; the run exits 2."""
    baseline_use: BaselineUse | None = None

    @property
    def exit_code(self) -> int:
        """1 when a log fails the thresholds, else 0."""
        return 1 if any(log.fails for log in self.logs) else 0

    def summary(self) -> dict[str, Any]:
        """Totals over the run, for the JSON document and the console."""
        by_severity = {s: sum(log.by_severity[s] for log in self.logs) for s in reversed(SEVERITIES)}
        by_status: dict[str, int] = {}
        for log in self.logs:
            by_status[log.report.status] = by_status.get(log.report.status, 0) + 1
        use = self.baseline_use
        return {
            "logs": len(self.logs),
            "status": worst_status([log.report.status for log in self.logs]),
            "breaches": sum(by_severity.values()),
            "by_severity": by_severity,
            "failing": sum(log.failing for log in self.logs),
            "known": sum(log.known for log in self.logs),
            "alleged": sum(log.alleged for log in self.logs),
            "warnings": sum(log.warning_count for log in self.logs),
            "by_status": dict(sorted(by_status.items())),
            "fail_on": self.policy.fail_on,
            "fail_on_status": self.policy.fail_on_status,
            "baseline": None if use is None else {"path": use.path, "matched": use.matched, "stale": use.stale},
            "exit_code": self.exit_code,
        }
