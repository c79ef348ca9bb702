"""``check LOG --resume FILE``: go on checking a log from where the last check of it stopped.

The snapshot (``snapshot``) holds, besides the replay's state, where the reader stood (the
line, the byte offset, and the SHA-256 of every byte read so far), the log's counts, and what
its verdict is made of (the breaches failing the run, those known to the baseline, the
fingerprints' count at the last date, what dates and explains the status). A resumed check
first reads the log's first ``offset`` bytes again and refuses, as a ``StateError``, a log
whose beginning changed (rewritten, truncated); then it reads only the lines after them.
The snapshot is taken after the last line and before the end of the log is settled (the
events known only by their day still held, the timers still armed), as a check of a longer
log would stand there: so the status, states, counts and exit code of the resumed check
are those of a check of the whole log; its listing is the breaches and changes of the
lines read this time (and those the earlier run could not yet settle).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .agreement import Agreement
from .enginestate import count, day, engine_state, instant, load_engine, shown, shown_day
from .errors import CeasefireError, StateError
from .events import is_header, read_lines
from .replay import open_log
from .snapshot import document, dumps, load_parser, load_tracker, malformed, parser_state, read_snapshot, tracker_state, verified
from .tracker import Tracker

if TYPE_CHECKING:
    from .engine import Engine
    from .events import EventParser
    from .fingerprints import Fingerprinter
    from .verdicts import LogResult, Policy

__all__ = ["Resume", "judged_by"]

_CHUNK = 1 << 20


class _Counted:
    """A binary stream that counts and hashes the bytes read through ``readline``."""

    closed = False

    def __init__(self, stream: IO[bytes], digest: Any, offset: int) -> None:
        self._stream, self.digest, self.offset = stream, digest, offset
        self.unended = False
        """Whether the last line read had no ending (the log's writer may not have finished it)."""

    def readline(self, size: int = -1) -> bytes:
        raw = self._stream.readline(size)
        if raw:
            self.offset += len(raw)
            self.digest.update(raw)
            self.unended = not raw.endswith(b"\n")
        return raw


def judged_by(policy: Policy, known: set[str]) -> dict[str, Any]:
    """What a breach's failing the run turns on besides itself: the thresholds, and the baseline (its fingerprints' digest)."""
    baseline = hashlib.sha256("\n".join(sorted(known)).encode()).hexdigest() if known else None
    return {"fail_on": policy.fail_on, "fail_on_alleged": policy.fail_on_alleged, "baseline": baseline}


def _judging(judged: Any) -> str:
    """How a run judged its breaches, as its options say it."""
    alleged = ", --fail-on-alleged" if judged.get("fail_on_alleged") else ""
    return f"--fail-on {str(judged.get('fail_on'))[:20]}{alleged}, {'a baseline' if judged.get('baseline') else 'no baseline'}"


class Resume:
    """One log's resumable check: the snapshot read (None: a first check), and the one to write."""

    def __init__(self, path: str, log: str, label: str) -> None:
        self.path, self.log, self.label = path, log, label
        self.doc: Any = read_snapshot(path)
        self.start = 0
        """The lines already read: the check goes on from the next."""
        self.tracker: Tracker | None = None
        self.result: LogResult | None = None
        self.fingerprint: Fingerprinter | None = None
        self.matched: set[str] | None = None
        """The baseline's fingerprints matched so far (so that none reads as stale for having been matched before)."""
        self._stream: _Counted | None = None
        self._saved: dict[str, Any] | None = None
        self.judged: dict[str, Any] | None = None
        """How this check judges breaches (``judged_by``): a snapshot taken judging them otherwise is refused."""
        self.strict = False
        """``--strict``: a snapshot of lines that had warnings is refused (a check of the whole log would stop at the first)."""

    def agreement(self, named: str | None) -> Agreement | str | None:
        """The pack to check against: the one named, or the one the log's header names (read now, to verify the snapshot)."""
        if self.doc is None or named is not None:
            return named
        from .replay import header_agreement

        with open_log(self.log, self.label) as stream:
            for number, value in read_lines(stream):
                if value is not None:
                    return header_agreement(value, number, Path(self.log).parent) if is_header(value) else None
        return None

    def open(self, agreement: Agreement | None) -> _Counted:
        """The log, positioned after the lines already read (verified unchanged), counting and hashing what is read next."""
        digest = hashlib.sha256()
        offset = 0
        unended = False
        if self.doc is not None and agreement is not None:
            doc = verified(self.doc, agreement, self.path)
            if not all(key in doc for key in ("log", "counts", "run")):
                raise StateError("not a check --resume snapshot (a watch --state file, or a Monitor's snapshot?): "
                                 "check the log from its start without this file", path=self.path)
            try:
                where = doc["log"]
                offset, self.start, expected = where["offset"], where["line"], where["sha256"]
                if type(offset) is not int or type(self.start) is not int or offset < 0 or self.start < 0 or type(expected) is not str:
                    raise ValueError("the log's position must be counts and a hash")
            except Exception as exc:
                raise malformed(self.path, exc) from None
            run = doc["run"] if isinstance(doc["run"], dict) else {}  # (one that is not is malformed, said when it is read)
            before = run.get("judged")
            if self.judged is not None and isinstance(before, dict) and before != self.judged:
                raise StateError(f"snapshot taken with {_judging(before)}; this check has {_judging(self.judged)}: the exit code "
                                 "would not be the whole log's; check it with the same options, or from its start without "
                                 "this file", path=self.path)
            warned = run.get("warnings")
            if self.strict and type(warned) is int and warned > 0:
                raise StateError(f"the lines read before had {warned} warning{'s' if warned > 1 else ''}, which --strict makes "
                                 "errors: check the log from its start without this file", path=self.path)
        stream = open_log(self.log, self.label)
        try:
            left = offset
            while left:
                chunk = stream.read(min(left, _CHUNK))
                if not chunk:
                    break
                digest.update(chunk)
                left -= len(chunk)
            if self.doc is not None and (left or digest.hexdigest() != expected):
                raise StateError(f"{self.label} is not the log this snapshot was taken from: its first {offset} bytes "
                                 "changed (rewritten or truncated); check it from its start without this file", path=self.path)
            if self.doc is not None and self.doc["log"].get("unended"):  # its last line had no ending then
                ending = stream.read(1)
                if ending not in (b"", b"\n"):
                    raise StateError(f"{self.label}: line {self.start} had no ending when this snapshot was taken, and "
                                     "was written on since; check the log from its start without this file", path=self.path)
                digest.update(ending)
                offset += len(ending)
                unended = not ending
        except BaseException:
            stream.close()
            raise
        self._stream = _Counted(stream, digest, offset)
        self._stream.unended = unended
        return self._stream

    def close(self) -> None:
        """Close the log."""
        if self._stream is not None:
            self._stream._stream.close()

    def load(self, engine: Engine, parser: EventParser, tally: dict[str, int]) -> tuple[int, int, int, int, Any]:
        """Put the snapshot into a new engine and parser; return the counts (lines, events, skipped, alleged, latest)."""
        doc = self.doc
        if doc is None:
            return 0, 0, 0, 0, None
        try:
            counts = doc["counts"]
            load_parser(parser, doc["floor"])
            load_engine(engine, doc["engine"])
            for severity in tally:
                tally[severity] = count(counts["by_severity"][severity])
            latest = counts["latest"]
            if latest is not None:
                from .events import Event

                moment = instant(latest[0])
                if moment is None:  # (a snapshot resealed by hand: refused, not a crash when the report is dated)
                    raise ValueError("the latest event has no instant")
                latest = Event(None, moment, day(latest[1]), "")  # only its date is read
            numbers = tuple(count(counts[k]) for k in ("lines", "events", "skipped", "alleged"))
            if numbers[0] != self.start:
                raise ValueError("the line counts disagree")
            self._load_run(doc["run"], engine.agreement)
        except CeasefireError:
            raise
        except Exception as exc:
            raise malformed(self.path, exc) from None
        return (*numbers, latest)

    def _load_run(self, run: Any, agreement: Agreement) -> None:
        result, fingerprint = self.result, self.fingerprint
        if result is not None:
            for severity in result.by_severity:
                result.by_severity[severity] = count(run["by_severity"][severity])
            result.alleged, result.failing = count(run["alleged"]), count(run["failing"])
            result.known, result.warning_count = count(run["known"]), count(run["warnings"])
        if fingerprint is not None:
            date, first, seen = run["fingerprints"]
            fingerprint._date, fingerprint._first = str(date), str(first)
            fingerprint._seen = None if seen is None else {str(k): count(v) for k, v in dict(seen).items()}
        if self.matched is not None:
            self.matched.update(str(mark) for mark in run["matched"])
        if self.tracker is not None:
            load_tracker(self.tracker, run["tracker"])

    def save(self, engine: Engine, parser: EventParser, tally: dict[str, int], counts: tuple[int, int, int, int],
             latest: Any) -> None:
        """Take the snapshot now: after the last line, before the end of the log is settled."""
        stream = self._stream
        assert stream is not None
        lines, events, skipped, alleged = counts
        body: dict[str, Any] = {
            "log": {"name": self.label, "line": lines, "offset": stream.offset, "sha256": stream.digest.copy().hexdigest(),
                    "unended": stream.unended},
            "counts": {"lines": lines, "events": events, "skipped": skipped, "by_severity": dict(tally), "alleged": alleged,
                       "latest": None if latest is None else [shown(latest.instant), shown_day(latest.day)]},
            "run": self._run_state(),
            "floor": parser_state(parser),
            "engine": engine_state(engine),
        }
        self._saved = document(engine.agreement, body)

    def _run_state(self) -> dict[str, Any]:
        result, fingerprint = self.result, self.fingerprint
        out: dict[str, Any] = {}
        if result is not None:
            out.update(by_severity=dict(result.by_severity), alleged=result.alleged, failing=result.failing, known=result.known,
                       warnings=result.warning_count)
        if self.judged is not None:
            out["judged"] = self.judged
        if fingerprint is not None:
            out["fingerprints"] = [fingerprint._date, fingerprint._first, fingerprint._seen]
        if self.matched is not None:
            out["matched"] = sorted(self.matched)
        if self.tracker is not None:
            out["tracker"] = tracker_state(self.tracker)
        return out

    def text(self) -> str | None:
        """The snapshot taken, as the file holds it (None: the check did not reach the log's end)."""
        return None if self._saved is None else dumps(self._saved)

    def said(self) -> str | None:
        """What the check says of where it began (None: from the start)."""
        return None if self.doc is None else f"{self.label}: resumed after line {self.start} (from {self.path})"

    def feeder(self, then: Callable[[Any], None] | None) -> Callable[[Any], None]:
        """A callback that tells the tracker (made once the agreement is known), then ``then``."""

        def told(item: Any) -> None:
            if self.tracker is not None:
                self.tracker.feed(item)
            if then is not None:
                then(item)

        return told
