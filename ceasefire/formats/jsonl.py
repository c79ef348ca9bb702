"""JSON Lines, the streaming format: one object per line, each with a ``record``.

The first line is the ``header`` (``schema_version``, ``tool``): it marks the file as a
report, so that a directory walk for logs skips it. Then, as they come, a ``breach`` per
breach (with the event's facts as fields), a ``transition`` per change of a provision's state
(when, from, to, its cause) and a ``warning`` per line that looks mistyped; a ``log`` per log
when it is done (its report, with counts in place of the breaches and warnings already
written, each provision's state since when and why, the cause of the status, the tally); an
``error`` for a log that cannot be checked; and, after a run without errors, the run's
``summary``. Nothing is kept in memory, however many breaches a log holds: what the ``log``
record says of causes and counts is followed as the records go by. (When another format of
the run keeps the report whole, the ``transition`` records come together before the ``log``.)
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TextIO

from ..agreement import Agreement
from ..errors import CeasefireError, LogError
from ..explain import Explanation, Tracker, explain
from ..report import Change, LogWarning
from ..tally import Tally
from ..verdicts import SCHEMA_VERSION, TOOL, Finding, LogResult, Run
from . import Format
from ..found import STRINGS, Found
from .encode import _MOST_SHAPES, finding_line, folded, scalar  # (as many shapes as encode keeps text for)
from json.encoder import encode_basestring as _string  # json.dumps(ensure_ascii=False)'s own
from .lane import lane_of

__all__ = ["HEADER", "Output", "is_report_header", "transition_line"]

_encode = json.JSONEncoder(sort_keys=True, ensure_ascii=False).encode

HEADER = {"record": "header", "schema_version": SCHEMA_VERSION, "tool": TOOL}
"""The first line of every JSON Lines report."""


def is_report_header(value: Any) -> bool:
    """True for the first line of a JSON Lines report written by ceasefire (of any schema version)."""
    return (isinstance(value, dict) and value.get("record") == "header"
            and isinstance(value.get("tool"), dict) and value["tool"].get("name") == "ceasefire")


class Output(Format):
    """Writes each record as a line of JSON with sorted keys."""

    streaming = True

    def __init__(self, out: TextIO, **options: Any) -> None:
        super().__init__(out, **options)
        self._line(HEADER)
        self._followed: dict[str, tuple[Tracker, Tally, dict[tuple[Any, ...], Any]]] = {}
        self._lanes: dict[str, Callable[[Found, str, Any], bool]] = {}
        self._flushes: dict[str, Callable[[], None]] = {}  # each lane's: its run handed to the tally

    def _line(self, record: dict[str, Any]) -> None:
        self.out.write(_encode(record) + "\n")

    def begin(self, file: str, agreement: Agreement) -> None:
        followed = self._followed[file] = (Tracker(agreement), Tally(self.view.per), {})
        self._lanes[file], self._flushes[file] = lane_of(self.out, followed[0], followed[1])

    def breach(self, file: str, finding: Finding) -> None:
        followed = self._followed.get(file)
        b = finding.breach
        if followed is not None:
            self._flushes[file]()  # the tracker and the tally told of the lane's runs first
        if followed is not None and type(b) is Found and not finding.known:  # recorded: a plain one is written in one go (``plain``)
            fingerprint = finding.fingerprint
            shapes, key = followed[2], STRINGS(b)
            shape = shapes.get(key)
            if (shape and b[22] is False and type(fingerprint) is str and fingerprint.isalnum()  # (not alleged; written as it is)
                    and self._lanes[file](b, fingerprint, shape)):
                return
            if key not in shapes and len(shapes) < _MOST_SHAPES:  # a new shape: what the lane reads of it kept (False: none)
                self._written(file, finding, followed)
                p = folded(file, b, "\n")
                provision, rule, _, severity = b[:4]
                instance = b.instance
                shapes[key] = ((provision, rule, instance), (provision, instance), followed[0].weighs(provision, severity),
                               (p[0], p[1] + "1" + p[2], p[3], p[4] + '"', '"' + p[5], p[6], p[7])) if p else False
                return
        self._written(file, finding, followed)

    def lane(self, file: str) -> tuple[Callable[[Found, str, Any], bool], Callable[[tuple[Any, ...]], Any]] | None:
        """The lane of ``file``'s plain breaches, and what it keeps of a shape (by ``STRINGS``; false: nothing yet, or none).
        For a plain breach (``encode``'s ``_plain``, not known), its fingerprint, a ``Fingerprinter``'s (hex digits, perhaps
        ``-N``, written as it is), and what is kept of its shape, the lane writes, tracks and tallies the breach; False for
        any other (then told as ``breach``). None before ``begin``."""
        lane = self._lanes.get(file)
        return None if lane is None else (lane, self._followed[file][2].get)

    def _written(self, file: str, finding: Finding, followed: Any) -> None:
        """A breach written, tracked and tallied the standard way."""
        try:
            self.out.write(finding_line(file, finding, "\n"))
        except TypeError:  # a value of an unforeseen kind
            self._line({"record": "breach", "file": file, **finding.to_dict()})
        if followed is not None:
            breach = finding.breach
            followed[0].breach(breach)  # the tracker
            followed[1].add(breach)  # the tally

    def change(self, change: Change, file: str | None = None) -> None:
        followed = self._followed.get(file)  # type: ignore[arg-type]
        if followed is None:
            return self._transition(file, change, None)
        self._flushes[file]()  # type: ignore[index]  # the lane's runs told first
        tracker = followed[0]
        self._transition(file, change, tracker)
        tracker.change(change)
        return None

    def _transition(self, file: str | None, change: Change, tracker: Tracker | None) -> None:
        """A ``transition`` record: the change, and for a timer's, when the timer began counting (``anchor``)."""
        anchor = tracker.anchor(change)[1] if tracker is not None and change.cause == "timer" else None  # (only a timer's has one)
        try:
            self.out.write(transition_line(file, change, anchor) + "\n")
        except TypeError:  # a value of an unforeseen kind
            self._line({"record": "transition", "file": file, **change.to_dict(), "anchor": anchor})

    def warning(self, file: str, warning: LogWarning) -> None:
        self._line({"record": "warning", "file": file, **warning.to_dict()})

    def log(self, result: LogResult) -> None:
        report = result.report
        followed = self._followed.pop(result.file, None)
        self._lanes.pop(result.file, None)
        flush = self._flushes.pop(result.file, None)
        if flush is not None:
            flush()
        for change in report.history:  # kept whole for another format: told now
            self._transition(result.file, change, followed[0] if followed is not None else None)
        record = report.to_dict()
        explanation: Explanation | None = None
        if report.history or (followed is None and report.pack is not None):
            explanation = explain(report, [f.breach for f in result.findings])
        elif followed is not None:  # a resumed check's tracker followed the log from its snapshot on
            explanation = (report.followed or followed[0]).explanation(report.as_of, report.status, report.provisions, getattr(report, "implementation", None))
        if explanation is not None:
            record["provisions"] = {pid: _unhistoried(story) for pid, story in explanation.provisions_dict().items()}
        tally = followed[1] if followed is not None and not result.findings else Tally(self.view.per, (f.breach for f in result.findings))
        self._with_tally({
            "record": "log", "file": result.file, **record, "breaches": result.breaches, "warnings": result.warning_count,
            "by_severity": result.by_severity, "failing": result.failing, "known": result.known,
            "status_cause": explanation.to_dict() if explanation is not None else None,
        }, tally)

    def _with_tally(self, record: dict[str, Any], tally: Tally) -> None:
        """``record`` with its ``tally`` as one line, the same bytes as ``_line`` writes, the tally's rows per period
        encoded and written a few at a time: a log covering many days makes no document of them all at once."""
        before = _encode({k: v for k, v in record.items() if k < "tally"})[1:-1]
        after = _encode({k: v for k, v in record.items() if k > "tally"})[1:-1]
        write, per = self.out.write, tally.per
        write("{" + before + (", " if before else "") + '"tally": {"parties": '
              + _encode([r.to_dict() for r in tally.parties()]) + ', "per": ' + _encode(per) + ', "periods": [')
        batch: list[str] = []
        sep = ""
        for row in tally.each_period():
            batch.append(_encode(row.to_dict(per)))
            if len(batch) == 256:
                write(sep + ", ".join(batch))
                batch, sep = [], ", "
        write((sep if batch else "") + ", ".join(batch) + "]}" + (", " + after if after else "") + "}\n")

    def error(self, error: CeasefireError) -> None:
        file = getattr(error, "path", None)
        line = error.line if isinstance(error, LogError) else None
        self._line({"record": "error", "file": file, "line": line, "message": str(error)})

    def end(self, run: Run) -> None:
        if not run.errors:
            self._line({"record": "summary", **run.summary()})


def transition_line(file: str | None, c: Change, anchor: str | None) -> str:
    """The ``transition`` record as ``_encode`` writes it (keys in sorted order, each value as ``json.dumps`` does), quicker: one per change.

    The text around its date, ids, instance and anchor is its shape's (``_TRANSITIONS``), worked out once.
    """
    key = (file, c.provision, c.before, c.after, c.cause, c.rule, c.timer, c.event_type)
    t = _TRANSITIONS.get(key)
    if t is None:
        t = _transition_shape(*key)  # TypeError for a value not a string or None: not a shape (and written by json.dumps)
        if len(_TRANSITIONS) < 256:
            _TRANSITIONS[key] = t
    v, event_id, instance, line = scalar, c.event_id, c.instance, c.line  # (the usual kinds written in place, any other by scalar)
    return (f"{t[0]}{'null' if anchor is None else v(anchor)}{t[1]}{_string(c.date)}{t[2]}{'null' if event_id is None else v(event_id)}"
            f"{t[3]}{_string(instance) if type(instance) is str else v(instance)}{t[4]}{int.__repr__(line) if type(line) is int else v(line)}{t[5]}")


_TRANSITIONS: dict[tuple[str | None, ...], tuple[str, ...]] = {}
"""The text between the holes of each transition record's shape (its file, provision, states, cause, rule, timer and event type,
each a string or None: two shapes equal as keys are the same text), for at most 256 shapes."""


def _transition_shape(file: str | None, provision: str, before: str, after: str, cause: str, rule: str | None, timer: str | None,
                      event_type: str | None) -> tuple[str, ...]:
    """The text between the holes (anchor, date, event id, instance, line) of a transition record of this shape."""
    s = _text
    return (f'{{"after": {s(after)}, "anchor": ', f', "before": {s(before)}, "cause": {s(cause)}, "date": ', ', "event_id": ',
            f', "event_type": {s(event_type)}, "file": {s(file)}, "instance": ', ', "line": ',
            f', "provision": {s(provision)}, "record": "transition", "rule": {s(rule)}, "timer": {s(timer)}}}')


def _text(value: str | None) -> str:
    """A string (TypeError if not one) or None as ``json.dumps`` writes it."""
    return "null" if value is None else _string(value)


def _unhistoried(story: dict[str, Any]) -> dict[str, Any]:
    """A provision's story without its history (the transition records told it), its instances' too."""
    out = {k: v for k, v in story.items() if k != "history"}
    if "instances" in out:
        out["instances"] = {key: _unhistoried(value) for key, value in out["instances"].items()}
    return out
