"""``watch LOG --state FILE``: a watch that stops (Ctrl-C, a reboot) goes on where it stood when started again.

The state is a snapshot (``snapshot``) holding the watch's ``Monitor`` (its own snapshot),
what the watch has said (the breaches and states shown, the status, the explanation's
tracker), and where the follower stood: the line, the byte offset after it, and the SHA-256
of the (up to) 4 KiB before that offset. A watch started with a state file whose log no
longer has those bytes there (rewritten, truncated, another file) is refused, as a
``StateError``: its events would be fed again. The file is written atomically after each
look that read lines or said something, and at the end.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from .agreement import Agreement
from .enginestate import breach_of, change_of
from .errors import StateError
from .events import is_header, read_lines
from .monitor import Monitor
from .outputs import write_atomic
from .packs import load_agreement
from .snapshot import document, dumps, load_tracker, malformed, read_snapshot, tracker_state, verified
from .tracker import Tracker

if TYPE_CHECKING:
    from .watch import Watcher

__all__ = ["restore_watch", "save_watch"]

_TAIL = 4096


def _tail(path: str, offset: int) -> str | None:
    """The SHA-256 of the bytes just before ``offset`` (None: the file is shorter, or cannot be read)."""
    try:
        with open(path, "rb") as stream:
            start = max(0, offset - _TAIL)
            stream.seek(start)
            data = stream.read(offset - start)
    except OSError:
        return None
    return hashlib.sha256(data).hexdigest() if len(data) == offset - start else None


def save_watch(watcher: Watcher, path: str) -> None:
    """Write the watch's state to ``path``, atomically (nothing while a line is only partly read, or before any agreement)."""
    monitor, tracker, follower = watcher.monitor, watcher._tracker, watcher.follower
    if monitor is None or tracker is None or follower._skipping or follower._file is None:
        return
    offset = follower._pos - len(follower._partial)
    body = {
        "log": {"name": watcher.file, "line": follower._number, "offset": offset, "tail_sha256": _tail(follower.path, offset)},
        "monitor": monitor.snapshot(),
        "said": {"found": watcher.found, "status": watcher._status, "implementation": watcher._implementation,
                 "states": [[p, i, s] for (p, i), s in watcher._states.items()],
                 "shown": [attrs.asdict(b) for _, b in watcher._shown], "ahead": [attrs.asdict(c) for c in watcher._ahead],
                 "tracker": tracker_state(tracker)},
    }
    write_atomic(path, dumps(document(monitor.agreement, body)))


def restore_watch(watcher: Watcher, path: str, agreement: Agreement | str | None) -> None:
    """Start ``watcher`` from the state in ``path``, if there is one (StateError if it cannot be used)."""
    from .watch import _key

    doc = read_snapshot(path)
    if doc is None:
        return
    pack = _pack(watcher, agreement)
    if pack is None:
        raise StateError(f"{watcher.file} names no agreement in a header: pass the --agreement it was watched with", path=path)
    doc = verified(doc, pack, path)
    if not all(key in doc for key in ("log", "monitor", "said")):
        raise StateError("not a watch --state file (a check --resume snapshot, or a Monitor's snapshot?): "
                         "watch the log from its start without this file", path=path)
    try:
        where, said = doc["log"], doc["said"]
        line, offset = where["line"], where["offset"]
        if type(line) is not int or type(offset) is not int or line < 0 or offset < 0:
            raise ValueError("the log's position must be counts")
        found = said["found"]
        if type(found) is not int:
            raise ValueError("found must be a count")
    except Exception as exc:
        raise malformed(path, exc) from None
    if _tail(watcher.path, offset) != where["tail_sha256"]:
        raise StateError(f"{watcher.file} is not the log this state was saved from: the bytes before offset {offset} "
                         "changed (rewritten, truncated or replaced); watch it from its start without this file", path=path)
    monitor = Monitor.restore(doc["monitor"], pack, watcher.file, source=path, on_warning=watcher.say.warning, keep=False)
    try:
        tracker = Tracker(pack)
        load_tracker(tracker, said["tracker"])
        states = {(p, i): s for p, i, s in said["states"]}
        shown = [breach_of(b) for b in said["shown"]]
        ahead = [change_of(c) for c in said.get("ahead", [])]
        status, implementation = said["status"], said["implementation"]
    except Exception as exc:
        raise malformed(path, exc) from None
    watcher._start(pack)
    watcher.monitor, watcher._tracker, watcher._states, watcher.found = monitor, tracker, states, found
    watcher._shown, watcher._ahead = [(_key(b), b) for b in shown], ahead
    watcher._status, watcher._implementation = status, implementation
    follower = watcher.follower
    if follower._open():
        assert follower._file is not None
        follower._file.seek(offset)
        follower._pos, follower._number = offset, line


def _pack(watcher: Watcher, agreement: Agreement | str | None) -> Agreement | None:
    """The pack the watch checks against: the one named, or the one the log's header names."""
    if isinstance(agreement, Agreement):
        return agreement
    if agreement is not None:
        return load_agreement(agreement)
    from .replay import header_agreement

    try:
        with open(watcher.path, "rb") as stream:
            for number, value in read_lines(stream):
                if value is not None:
                    return header_agreement(value, number, Path(watcher.path).parent) if is_header(value) else None
    except OSError:
        return None
    return None

