"""Resumable state: a replay's whole state as a small JSON document, and the checks before it is used again.

A snapshot is a JSON object: ``snapshot_version``, the ``ceasefire`` version that wrote it,
the ``agreement`` (the pack's id) and ``pack_sha256``, then what the replay holds (the
``engine``'s state, from ``enginestate``, and the reader's and its user's own), and last the
``sha256`` of all the rest, so that a snapshot edited by hand or cut short is refused. The pack's
hash is the SHA-256 of its canonical content: the validated pack as JSON with sorted keys
(every provision, rule, timer and setting; sets sorted; instants in ISO 8601; its file's
location left out), so a comment or the order of a table changes nothing, and any change
of meaning does. ``verified`` refuses, as a ``StateError``, a snapshot of another pack, of
another version, or that is not one (hand-edited, cut short). Its size grows with the
pack, its instances, the armed timers and the events waiting for their day, never with the
events seen: the findings and changes already handed out are not in it.
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Mapping
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

import attrs

from . import __version__
from .agreement import Agreement
from .enginestate import breach_of, change_of, day, engine_state, instant, load_engine, required, shown, shown_day
from .errors import StateError
from .found import plain
from .tracker import Tracker

if TYPE_CHECKING:
    from .events import EventParser
    from .monitor import Monitor

__all__ = ["SNAPSHOT_VERSION", "pack_hash", "document", "verified", "read_snapshot", "dumps",
           "monitor_state", "load_monitor", "parser_state", "load_parser", "tracker_state", "load_tracker"]

SNAPSHOT_VERSION = 1
"""The shape of the document; a snapshot of another shape (or another ``ceasefire`` version) is refused."""

_HASHES: weakref.WeakKeyDictionary[Agreement, str] = weakref.WeakKeyDictionary()


def pack_hash(agreement: Agreement) -> str:
    """The SHA-256 (hex) of the pack's canonical content, computed once per loaded pack."""
    known = _HASHES.get(agreement)
    if known is None:
        import hashlib

        text = json.dumps(_canonical(agreement), sort_keys=True, separators=(",", ":"), ensure_ascii=True)
        known = _HASHES[agreement] = hashlib.sha256(text.encode("ascii")).hexdigest()
    return known


def _canonical(value: Any) -> Any:
    """A pack's value as JSON data, the same for the same meaning in any process."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, timedelta):
        return ["timedelta", value.days, value.seconds, value.microseconds]
    if isinstance(value, tzinfo):
        return ["zone", getattr(value, "key", None) or str(value)]
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in sorted(value.items(), key=lambda item: str(item[0]))}
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((_canonical(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if attrs.has(type(value)):
        return {"~": type(value).__name__,
                **{f.name: _canonical(getattr(value, f.name)) for f in attrs.fields(type(value)) if f.name != "path"}}
    return repr(value)


def document(agreement: Agreement, body: Mapping[str, Any]) -> dict[str, Any]:
    """A snapshot: the header that identifies the program and the pack, then ``body``, then the SHA-256 of the rest."""
    doc = {"snapshot_version": SNAPSHOT_VERSION, "ceasefire": __version__, "agreement": agreement.id,
           "pack_sha256": pack_hash(agreement), **body}
    doc["sha256"] = _digest(doc)
    return doc


def _digest(doc: Mapping[str, Any]) -> str:
    """The SHA-256 of a snapshot's JSON (its own ``sha256`` left out): an edit or a cut is seen before anything is read."""
    import hashlib

    text = json.dumps({k: v for k, v in doc.items() if k != "sha256"}, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def dumps(doc: Mapping[str, Any]) -> str:
    """The snapshot as the file holds it: one line of JSON, keys in the order written (deterministic)."""
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n"


def verified(doc: Any, agreement: Agreement, source: str) -> Mapping[str, Any]:
    """``doc`` if it is a snapshot of this pack written by this version; else a StateError naming ``source``."""
    if not isinstance(doc, Mapping) or "snapshot_version" not in doc:
        raise StateError("not a ceasefire snapshot", path=source)
    if doc.get("snapshot_version") != SNAPSHOT_VERSION or doc.get("ceasefire") != __version__:
        raise StateError(f"snapshot written by ceasefire {_said(doc.get('ceasefire'))} (snapshot version "
                         f"{_said(doc.get('snapshot_version'))}); this is ceasefire {__version__} (snapshot version "
                         f"{SNAPSHOT_VERSION}): check the log from its start", path=source)
    try:
        intact = doc.get("sha256") == _digest(doc)
    except (TypeError, ValueError):
        intact = False
    if not intact:
        raise StateError("the snapshot changed since it was written (edited by hand, or damaged): check the log from its start",
                         path=source)
    if doc.get("pack_sha256") != pack_hash(agreement):
        raise StateError(f"snapshot of another pack ({_said(doc.get('agreement'))}, sha256 {_said(doc.get('pack_sha256'))[:14]}...), "
                         f"not of {agreement.id} as it is now: check the log from its start", path=source)
    return doc


def _said(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=True)  # no character of it can forge a line of output
    if isinstance(value, str) and text[1:-1] == value and value:
        text = value
    return text if len(text) <= 40 else text[:37] + "..."


def read_snapshot(path: str) -> Any:
    """The JSON value in a snapshot file (None: there is no such file); StateError if it cannot be read."""
    try:
        with open(path, "rb") as stream:
            raw = stream.read(1 << 26)
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise StateError("is a directory, not a snapshot", path=path) from None
    except OSError as exc:
        raise StateError(f"cannot read: {exc.strerror or exc}", path=path) from None
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise StateError("not a ceasefire snapshot (not valid JSON: hand-edited or cut short?)", path=path) from None


def malformed(source: str, exc: BaseException) -> StateError:
    """The error for a snapshot whose header is right but whose body cannot be read back."""
    detail = str(exc) if isinstance(exc, ValueError) else type(exc).__name__
    return StateError(f"malformed snapshot ({detail[:120]}): check the log from its start", path=source)


def parser_state(parser: EventParser) -> list[Any] | None:
    """The order check's floor: the earliest instant the next event may have, and the line, instant and day that set it."""
    floor = parser._floor
    return None if floor is None else [shown(floor[0]), floor[1], shown(floor[2]), shown_day(floor[3])]


def load_parser(parser: EventParser, data: Any) -> None:
    """Put the order check's floor back."""
    if data is not None:
        earliest, line, at, when = data
        if line is not None and type(line) is not int:
            raise ValueError("the floor's line must be a number")
        parser._floor = (instant(earliest), line, instant(at), day(when))  # type: ignore[assignment]


def monitor_state(monitor: Monitor) -> dict[str, Any]:
    """A Monitor's snapshot (its findings, kept or handed out, are not in it)."""
    engine = monitor._engine
    return document(monitor.agreement, {
        "lines": monitor._lines, "by_severity": monitor._by_severity, "clock": shown(monitor._clock),
        "floor": parser_state(monitor._parser),
        "changes": [attrs.asdict(c) for c in engine.changes], "engine": engine_state(engine)})


def load_monitor(monitor: Monitor, doc: Any, source: str) -> None:
    """Put a snapshot into a new Monitor of its pack (StateError if it is not one of this pack and version)."""
    doc = verified(doc, monitor.agreement, source)
    if not all(key in doc for key in ("lines", "clock", "changes", "engine")):
        raise StateError("not a Monitor's snapshot (a check --resume snapshot, or a watch --state file?)", path=source)
    try:
        lines = doc["lines"]
        if type(lines) is not int or lines < 0:
            raise ValueError("lines must be a count")
        monitor._lines, monitor._clock = lines, instant(doc["clock"])
        found = doc.get("by_severity", {})  # (a snapshot written before it was kept: none counted)
        if not isinstance(found, dict) or any(type(n := found.get(s, 0)) is not int or n < 0 for s in monitor._by_severity):
            raise ValueError("by_severity must be counts")
        monitor._by_severity.update({s: found.get(s, 0) for s in monitor._by_severity})
        load_parser(monitor._parser, doc["floor"])
        load_engine(monitor._engine, doc["engine"])
        monitor._engine.changes[:] = [change_of(c) for c in doc["changes"]]
    except Exception as exc:  # whatever a hand-edited file holds: said as malformed, never a traceback
        raise malformed(source, exc) from None


def tracker_state(tracker: Tracker) -> dict[str, Any]:
    """What a Tracker needs to date and explain the status (not the history it keeps)."""
    tracker.settle()  # the last span of fragility as long as its breaches make it
    return {
        "states": [[p, i, s] for (p, i), s in tracker._states.items()],
        "last": [[p, i, attrs.asdict(c)] for (p, i), c in tracker._last.items()],
        "linked": [[p, i, plain(b)] for (p, i), b in tracker._linked.items()],
        "recent": [[p, r, i, plain(b)] for (p, r, i), b in tracker._recent.items()],
        "before": [[p, r, i, [plain(b) for b in kept]] for (p, r, i), kept in tracker._recent.pending(tracker._instant).items()],
        "worst": tracker._w,
        "entered": [[rank, shown(at), text] for rank, (at, text) in sorted(tracker._entered.items())],
        "down": None if tracker._down is None else [shown(tracker._down[0]), tracker._down[1]],
        "runs": [[shown(a), text, shown(b)] for a, text, b in tracker._runs],
        "faded": [[shown(a), plain(br), shown(b)] for a, br, b in tracker._faded],
    }


def load_tracker(tracker: Tracker, data: Mapping[str, Any]) -> None:
    """Put ``tracker_state``'s data into a new Tracker of the same pack."""
    tracker._states = {(p, i): s for p, i, s in data["states"]}
    tracker._ranks = {}
    for (provision, _), state in tracker._states.items():
        tracker._count(provision, state, 1)
    tracker._last = {(p, i): change_of(c) for p, i, c in data["last"]}
    tracker._linked = {(p, i): breach_of(b) for p, i, b in data["linked"]}
    tracker._recent.restore({(p, r, i): breach_of(b) for p, r, i, b in data["recent"]},
                            {(p, r, i): [breach_of(b) for b in kept] for p, r, i, kept in data.get("before", ())})
    worst = data["worst"]
    if worst is not None and type(worst) is not int:
        raise ValueError("the worst weight must be a number")
    tracker._w = worst
    tracker._entered = {int(rank): (required(instant(at)), str(text)) for rank, at, text in data["entered"]}
    down = data["down"]
    tracker._down = None if down is None else (required(instant(down[0])), str(down[1]))
    tracker._runs = [[required(instant(a)), str(text), instant(b)] for a, text, b in data["runs"]]
    tracker._faded = [[required(instant(a)), breach_of(br), instant(b)] for a, br, b in data["faded"]]
