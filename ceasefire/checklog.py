"""Checking one log of a run: what the run does for each log, in its own process or in a worker.

``check_log`` replays one log (or a dataset's file, read through the pack's mapping), judges
each breach by the run's policy and baseline, and tells a ``Listener`` everything as it comes:
the agreement the log is checked against, each warning, breach and change of state, and the
lines the run says of an imported file's rows. The run's own listener writes to the formats and
standard error; a worker's records it all, in order, to be told again in the parent
(``parallel``), so that the output is the same however many processes check the logs.
"""

from __future__ import annotations

import os
from datetime import datetime
from functools import partial
from typing import IO, Any, Protocol

import attrs

from .agreement import Agreement
from .errors import LogError, UsageError
from .escaping import printable
from .fingerprints import _MOST_SHAPES, Fingerprinter, display_path, project_path
from .replay import check
from .report import Breach, Change, LogWarning
from .values import frozen
from .found import STRINGS, Found
from .verdicts import _FAILING, Finding, LogResult, Policy

__all__ = ["Listener", "LogOptions", "check_log"]


@frozen
class LogOptions:
    """How each log of a run is checked: everything a worker process needs besides the log and the baseline."""

    agreement: str | None
    as_of: str | None
    sort: bool
    strict: bool
    now: datetime | None
    root: str | os.PathLike[str]
    policy: Policy
    stdin_filename: str | None
    recorded: bool = False
    """A baseline is being written: what it records counts as known."""
    keep: bool = True
    """Some output needs each log's findings and warnings kept (else they are only streamed)."""
    fingerprints: bool = True
    """Some output, or a baseline, needs each breach's fingerprint (else ``Finding.fingerprint`` is empty)."""
    source: str | None = None
    """Read each file as this dataset (acled, ucdp, gdelt) through the pack's mapping, as ``import`` would."""
    mapping: str | None = None
    """With ``source``: the mapping file to use instead of the one beside the pack."""
    resume: str | None = None
    """Go on from the snapshot in this file (if there is one), and write the next one there (``resume``)."""


class Listener(Protocol):
    """Who is told of a log's agreement, warnings, breaches, changes of state and lines to say, in the order they come."""

    def begin(self, file: str, agreement: Agreement) -> None: ...
    def warning(self, file: str, warning: LogWarning) -> None: ...
    def breach(self, file: str, finding: Finding) -> None: ...
    def change(self, change: Change, file: str) -> None: ...
    def say(self, text: str) -> None: ...


def check_log(path: str, options: LogOptions, known: set[str], matched: set[str], listener: Listener,
              stdin: IO[bytes] | None = None, keep: bool | None = None) -> LogResult:
    """Check one log (``-``: ``stdin``), judge each breach, tell ``listener`` of everything as it comes.

    The baseline's fingerprints this log's breaches match are added to ``matched``. The
    result keeps the findings and warnings if ``keep`` (default: ``options.keep``).
    """
    name = (options.stdin_filename or "<stdin>") if path == "-" else path
    file = display_path(name)
    fingerprint = Fingerprinter(project_path(name, options.root))
    result = LogResult(file, None)  # type: ignore[arg-type]  # the report comes at the end
    result.key = fingerprint.file
    policy, recorded, marked = options.policy, options.recorded, options.fingerprints
    keep = options.keep if keep is None else keep

    tell, add = listener.breach, result.add
    failing = _FAILING.get(policy.fail_on) if type(policy) is Policy else None
    # a listener's lane for a plain breach (a recorded one, established, not known): it writes it from its shape, if it can
    lanes = getattr(listener, "lane", None) if not keep and marked and not recorded and failing is not None else None
    lane: Any = None  # lanes' for this log, once it has begun, and what it keeps of each shape (false: nothing)
    shape_of: Any = None
    counts = result.by_severity

    shapes: dict[tuple[Any, ...], tuple[Any, Any]] = {}  # a recorded breach's strings -> its fingerprint's shape, the lane's

    unheard = not getattr(listener, "hears", True)  # no format is told of each breach as it comes: no Finding made of one recorded
    add_found = result.add_found

    recent: tuple[Any, Any] = ((), None)  # the strings of the last shape found for the lane, and that shape

    def on_breach(breach: Breach) -> None:
        nonlocal recent
        key = None  # a recorded breach's strings, when its shape is new to the lane (kept for it once told)
        if lane is not None and type(breach) is Found and breach[22] is False:  # (not alleged)
            key = STRINGS(breach)
            if key == recent[0]:  # (most breaches are of the shape before)
                shape = recent[1]
            else:
                shape = shapes.get(key)
                if shape is not None:
                    recent = key, shape
            if shape is not None:
                key = None
                mark = fingerprint.at(breach[4], shape[0])
                if mark not in known and shape[1] and lane(breach, mark, shape[1]):  # LogResult.add's counts, no Finding made
                    severity = breach[3]
                    counts[severity] += 1
                    if severity in failing:
                        result.failing += 1
                    return
            else:
                mark = fingerprint(breach)
        else:
            mark = fingerprint(breach) if marked else ""
        if mark in known:
            matched.add(mark)
            told = True
        else:
            told = recorded
        if unheard and type(breach) is Found:
            add_found(breach, mark, told, policy, keep)
        else:
            tell(file, add(breach, mark, told, policy, keep))
        if key is not None and not told and len(shapes) < _MOST_SHAPES:  # told the standard way, which may keep its shape for the lane
            fingerprinted = fingerprint.shape(breach)
            if fingerprinted is not None:
                shapes[key] = (fingerprinted, shape_of(key))

    def on_agreement(pack: Agreement) -> None:
        nonlocal lane, shape_of
        listener.begin(file, pack)
        if lanes is not None:
            lane, shape_of = lanes(file) or (None, None)

    def on_warning(warning: LogWarning) -> None:
        result.warn(warning, keep)
        listener.warning(file, warning)

    on_change = partial(listener.change, file=file)  # (no frame of its own: one per change of state)

    source: Any = stdin if path == "-" else path
    fates: Any = None
    if options.source is not None:
        source, fates = _imported(path, options.source, options)
    if options.resume is not None:
        return _resumed(path, file, options, result, fingerprint, listener, on_breach, on_warning, matched, known)
    report = check(source, agreement=options.agreement, as_of=options.as_of, sort=options.sort, name=name,
                   on_breach=on_breach, on_warning=on_warning, strict=options.strict, now=options.now,
                   on_change=None if options.keep else on_change, on_agreement=on_agreement, light=True)
    result.report = report
    result.status_fails = policy.status_fails(report.status)
    if fates is not None:
        for line in fates.describe().splitlines():
            listener.say(f"{printable(file)}: {printable(line.strip())}")
        if fates.errors:  # malformed rows: each said as FILE:LINE: message, and the log fails as bad input
            for error in fates.errors[1:]:
                listener.say(printable(str(error)))
            raise fates.errors[0]
    return result


def _resumed(path: str, file: str, options: LogOptions, result: LogResult, fingerprint: Fingerprinter, listener: Listener,
             on_breach: Any, on_warning: Any, matched: set[str], known: set[str]) -> LogResult:
    """Check one log from where its snapshot stopped (``resume``), then put the next snapshot in place."""
    from .packs import load_agreement
    from .resume import Resume, judged_by
    from .tracker import Tracker

    if path == "-" or options.source is not None or options.sort or options.as_of is not None:
        raise UsageError("--resume goes on through a log file in date order: not with standard input, --from, --sort or --as-of")
    resume = Resume(options.resume, path, file)  # type: ignore[arg-type]
    resume.judged, resume.strict = judged_by(options.policy, known), options.strict
    named = resume.agreement(options.agreement)
    pack = load_agreement(named) if isinstance(named, str) else named
    if pack is None and resume.doc is not None:
        raise LogError("no agreement named: the log has no header; pass the --agreement it was checked against", path=file)
    resume.result, resume.fingerprint, resume.matched = result, fingerprint, matched
    history: list[Change] = []

    def begin(agreement: Agreement) -> None:
        resume.tracker = Tracker(agreement)
        listener.begin(file, agreement)
        said = resume.said()
        if said is not None:
            listener.say(f"ceasefire: {printable(said)}")

    stream = resume.open(pack)
    try:
        report = check(stream, agreement=pack, name=file, on_breach=resume.feeder(on_breach),
                       on_warning=on_warning, strict=options.strict, now=options.now, on_agreement=begin, resume=resume, light=True,
                       on_change=resume.feeder(history.append if options.keep else lambda c: listener.change(c, file)))
    finally:
        resume.close()
    before = resume.doc["run"]["tracker"] if resume.doc is not None else None
    result.report = attrs.evolve(report, history=tuple(history), resumed=before, followed=resume.tracker if before else None)
    result.status_fails = options.policy.status_fails(report.status)
    result.snapshot = resume.text()  # written by the run once its outputs are
    return result


def _imported(path: str, dataset: str, options: LogOptions) -> tuple[object, object]:
    """A dataset's file as a stream of log events (sorted by date in bounded memory), and the rows' fates."""
    from .fates import Fates
    from .importer import iter_events
    from .packs import load_agreement

    if options.agreement is None:
        raise UsageError("--from needs --agreement: a dataset's file names no agreement")
    if path == "-":
        raise UsageError("--from reads files, not standard input")
    fates = Fates()
    events = iter_events(dataset, [path], load_agreement(options.agreement), options.mapping, fates=fates, sort=True, lines=True)
    return events, fates
