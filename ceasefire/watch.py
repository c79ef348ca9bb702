"""Watching a live log: follow it as it grows, say what happens as it happens, fire deadlines by the clock.

The ``Watcher`` feeds each new line to a ``Monitor`` that moves only with the events (so an
event logged late, dated before a deadline the clock has passed, still counts), and looks
ahead with a copy of it finished at *now* (``Monitor.fork().finish(now)``): the verdict
``check --as-of now`` would give. What that look shows first is said once: a breach, a change
of a provision's state (with its cause), a change of the status (with why). When a line
logged since undoes what the clock had shown (a deadline met after all), the breach is said
to be withdrawn and the state revised. The clock is a ``now`` callable (the command line's is
the real time; tests hand in their own); nothing here sleeps but ``run``.

Memory is flat: the monitor keeps no findings, the tracker only each provision's last change,
the follower one chunk and one unfinished line.
"""

from __future__ import annotations

import copy
import os
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TextIO

from .agreement import Agreement
from .dates import moment_of, show
from .errors import CeasefireError, LogError, UsageError
from .events import MAX_LINE_BYTES, is_header
from .lines import decode_json
from .explain import in_order
from .fingerprints import display_path
from .follow import Follower, Line, Notice
from .monitor import Monitor
from .narrate import change_cause
from .packs import load_agreement
from .replay import header_agreement
from .report import Breach, Change
from .story import Explanation
from .tracker import Tracker
from .watchout import output

__all__ = ["Watcher"]

_Key = tuple[str, str, str, str, "int | None", "str | int | None"]


def _key(breach: Breach) -> _Key:
    """What a breach is, whether the clock or an event settled it (its uncertainty may change later)."""
    return (breach.provision, breach.rule, breach.kind, breach.date, breach.line, breach.event_id)


class Watcher:
    """Follows one log; ``step()`` looks once, ``run()`` looks until Ctrl-C and returns the exit code."""

    def __init__(self, path: str | os.PathLike[str], *, now: Callable[[], datetime], agreement: Agreement | str | None = None,
                 format: str = "text", out: TextIO | None = None, err: TextIO | None = None, state: str | None = None) -> None:
        self.path = os.fspath(path)
        self.file = display_path(self.path)
        self.now = now
        self.say = output(format, self.file, out or sys.stdout, err or sys.stderr)
        self.follower = Follower(self.path)
        self.monitor: Monitor | None = None
        self.found = 0
        """Breaches said, less those withdrawn."""
        self._tracker: Tracker | None = None
        self._settled: list[Breach] = []
        self._shown: list[tuple[_Key, Breach]] = []  # said from a look ahead, not yet settled by the events
        self._ahead: list[Change] = []  # the changes of the last look ahead (said then): not said again
        self._states: dict[tuple[str, str | None], str] = {}
        self._status: str | None = None
        self._implementation: str | None = None
        self._wake: datetime | None = None
        self._why: Explanation | None = None
        self._dirty = False
        if agreement is not None:
            self._start(agreement if isinstance(agreement, Agreement) else load_agreement(agreement))
        self.state = state
        """The file the watch's state is saved to, and restored from when it starts (``watchstate``)."""
        if state is not None:
            from .outputs import check_outputs
            from .watchstate import restore_watch

            check_outputs([state], [("the log watched", self.path)])  # the state file never replaces the log
            restore_watch(self, state, agreement)

    def _start(self, agreement: Agreement) -> None:
        self.monitor = Monitor(agreement, name=self.file, on_warning=self.say.warning, keep=False)
        self._tracker = Tracker(agreement)
        self._states = {(p.id, None): p.initial for p in agreement.provisions}
        self._dirty = True

    # -- looking -------------------------------------------------------------------------

    def step(self) -> None:
        """Look once: read the new lines, then say what they, and the clock, changed."""
        fresh = False
        for item in self.follower.poll():
            if isinstance(item, Notice):
                self.say.notice(item.what)
            else:
                fresh = self._line(item) or fresh
        if self.monitor is None:
            return
        now = self.now().replace(microsecond=0)
        if fresh or self._dirty or (self._wake is not None and now >= self._wake):
            self._look(now)
            self._save()

    def run(self, interval: float = 0.5, sleep: Callable[[float], object] = time.sleep) -> int:
        """Look every ``interval`` seconds until interrupted (Ctrl-C); then say the verdict and return the exit code."""
        try:
            while True:
                self.step()
                sleep(interval)
        except KeyboardInterrupt:
            return self.stop()
        finally:
            self.follower.close()

    def stop(self) -> int:
        """The end: the verdict as of now; 1 when a breach was found, else 0."""
        if self.monitor is None:
            self.say.error(LogError("no agreement named yet: nothing was checked", path=self.file))
            return 0
        now = self.now().replace(microsecond=0)
        self._look(now)
        self._save()
        self.say.verdict(self.monitor.agreement.id, show(now, self.monitor.agreement.timezone), self._status or "pending",
                         self._why, self.found)
        return 1 if self.found else 0

    def _save(self) -> None:
        if self.state is not None:
            from .watchstate import save_watch

            save_watch(self, self.state)

    # -- lines ---------------------------------------------------------------------------

    def _line(self, line: Line) -> bool:
        """Feed one line; True when an event was taken."""
        number = line.number
        if line.too_long:
            self.say.error(LogError(f"line is longer than {MAX_LINE_BYTES} bytes", number, path=self.file))
            return False
        raw = line.data[3:] if number == 1 and line.data.startswith(b"\xef\xbb\xbf") else line.data
        try:
            text = raw.decode("utf-8").strip()
            if not text:
                return False
            value = decode_json(text, number)
        except UnicodeDecodeError:
            self.say.error(LogError("not valid UTF-8 text", number, path=self.file))
            return False
        except LogError as exc:
            self.say.error(exc.at(self.file))
            return False
        if is_header(value):
            if self.monitor is None:
                try:
                    self._start(header_agreement(value, number, Path(self.path).parent))
                except CeasefireError as exc:
                    self.say.error(exc.at(self.file) if isinstance(exc, LogError) else exc)
            return False  # a header, or that of a new file after a rotation
        if self.monitor is None:
            self.say.error(LogError("no agreement named: begin the log with a header such as {\"agreement\": \"syria-2016\"} "
                                    "or pass --agreement", number, path=self.file))
            return False
        try:
            self._settled += self.monitor.feed(value, line=number)
        except LogError as exc:
            self.say.error(exc.at(self.file))
            return False
        except UsageError as exc:
            self.say.error(exc)
            return False
        return True

    # -- saying --------------------------------------------------------------------------

    def _look(self, now: datetime) -> None:
        """Settle what the events settled, look ahead to ``now``, and say what is new, in date order."""
        monitor, tracker = self.monitor, self._tracker
        assert monitor is not None and tracker is not None
        pack = monitor.agreement
        changes = monitor.changes()
        for item in in_order(pack, changes, self._settled):
            tracker.feed(item)
        ahead = monitor.fork()
        tail = ahead.finish(now)
        later = ahead.changes()
        seer = copy.deepcopy(tracker)
        for item in in_order(pack, later, tail):
            seer.feed(item)
        why = seer.explanation(show(now, pack.timezone), ahead.status, ahead.states, ahead.implementation)
        said, new = self._new_breaches(tail)
        status, since = ahead.status, why.since or show(now, pack.timezone)
        instant = moment_of(since, pack.timezone).instant
        ahead_before = list(self._ahead)
        for n, item in enumerate(in_order(pack, changes + later, said)):
            if status != self._status and n and moment_of(item.date, pack.timezone).instant > instant:
                self.say.status(since, self._status, status, why)  # said in its place in time (else after the rest)
                self._status = status
            if isinstance(item, Breach):
                self.say.breach(item)
                self.found += 1
            elif item in ahead_before:  # said from the last look ahead; now settled, or still ahead (a Change is equal by value)
                ahead_before.remove(item)
            else:
                self._moved(item, seer)
        self._ahead = later
        for _, breach in self._shown:  # said from an earlier look, and neither settled nor still ahead: undone
            self.say.withdrawn(breach)
            self.found -= 1
        self._shown = new
        for (provision, instance), state in list(self._states.items()):
            if instance is None:  # a provision kept per party is said instance by instance
                actual = None if pack.provision(provision).per is not None else ahead.states.get(provision)
            else:
                actual = ahead.instances.get(provision, {}).get(instance)
            if actual is not None and actual != state:  # a state the clock had shown, undone by lines logged since
                self._moved(Change(provision, show(now, pack.timezone), state, actual, "timer", instance=instance), seer,
                            revised=True)
        if status != self._status:
            self.say.status(since, self._status, status, why)
            self._status = status
        if ahead.implementation != self._implementation:
            if self._implementation is not None or ahead.implementation != "on_track":
                lagging = [s.since for s in why.lagging if s.since is not None]
                date = max(lagging, key=lambda d: moment_of(d, pack.timezone).instant) if lagging else show(now, pack.timezone)
                self.say.implementation(date, self._implementation, ahead.implementation, why)
            self._implementation = ahead.implementation
        self._why, self._wake, self._settled, self._dirty = why, ahead.next_due, [], False

    def _new_breaches(self, tail: list[Breach]) -> tuple[list[Breach], list[tuple[_Key, Breach]]]:
        """The breaches to say now (settled or ahead, not said yet), and those ahead, said, to remember."""
        said: list[Breach] = []
        for breach in self._settled:
            shown = next((i for i, (k, _) in enumerate(self._shown) if k == _key(breach)), None)
            if shown is None:
                said.append(breach)
            else:
                del self._shown[shown]
        new: list[tuple[_Key, Breach]] = []
        for breach in tail:
            shown = next((i for i, (k, _) in enumerate(self._shown) if k == _key(breach)), None)
            if shown is None:
                said.append(breach)
            else:
                del self._shown[shown]
            new.append((_key(breach), breach))
        return said, new

    def _moved(self, change: Change, tracker: Tracker, revised: bool = False) -> None:
        """Say a change of state, unless it was said already (from a look ahead)."""
        key = (change.provision, getattr(change, "instance", None))
        shown = self._states.get(key)
        if shown == change.after:
            return
        timer, anchor = tracker.anchor(change)
        year = int(change.date[:4]) if change.date[:4].isdigit() else None
        if revised:
            cause = "revised: lines logged since undid what the clock had shown"
        else:
            cause = change_cause(change, timer, anchor, year)
            if shown is not None and shown != change.before:
                cause += f"; {shown} was shown before, by the clock"
        self.say.change(change, cause, anchor)
        self._states[key] = change.after
