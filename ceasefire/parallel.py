"""Checking several logs at once, in worker processes, with the output of a run that checks them one by one.

A worker replays a log as the run itself would (``checklog.check_log``) and records what the run's
listener would have been told, in order: the log's agreement, each warning, breach and change of
state, and each line said of an imported file's rows. The
parent takes the logs' outcomes in the order the logs were named and replays each into its
own listener when that log's turn comes, so every format, standard error, the baseline's
counts and the exit code are exactly those of ``--jobs 1``. Workers start with the parent's
working directory and environment (a forkserver's, or a spawned, process has its own), and
are stopped with the run, however it ends. If a worker dies (killed, out of memory), the logs
not yet written are checked by the parent itself. Standard input is always read by the parent.
When every output can be written a log at a time (``parts``), each worker writes its log's part of
it, and tells the parent all but the log's breaches.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Generator
from typing import TYPE_CHECKING, Any

from .errors import CeasefireError
from .found import found_of
from .report import Change, LogWarning
from .verdicts import Finding, Findings, LogResult

if TYPE_CHECKING:
    from .agreement import Agreement
    from .checklog import Listener, LogOptions
    from .parts import Parts

__all__ = ["Outcome", "default_jobs", "outcomes"]

_WARNING, _BREACH, _CHANGE, _BEGIN, _SAY = 0, 1, 2, 3, 4
_AHEAD = 2
"""How many logs per worker may be checked ahead of the one being written (their outcomes wait in memory)."""


def default_jobs() -> int:
    """The cores this process may run on: ``--jobs``'s default."""
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13 and later
    if counter is not None:
        return int(counter() or 1)
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


class _Recorder:
    """A worker's listener: what it is told, in order, to be told again in the parent."""

    def __init__(self) -> None:
        self.file = ""
        self.order = bytearray()
        self.warnings: list[LogWarning] = []
        self.findings = Findings()  # packed, as the result would keep them
        self.changes: list[Change] = []
        self.others: list[Any] = []  # the agreement (once), lines to say (an imported file's rows)

    def begin(self, file: str, agreement: Agreement) -> None:
        self.file = file
        self.order.append(_BEGIN)
        self.others.append(agreement)

    def warning(self, file: str, warning: LogWarning) -> None:
        self.file = file
        self.order.append(_WARNING)
        self.warnings.append(warning)

    def breach(self, file: str, finding: Finding) -> None:
        self.file = file
        self.order.append(_BREACH)
        self.findings.append(finding)

    def change(self, change: Change, file: str) -> None:
        self.file = file
        self.order.append(_CHANGE)
        self.changes.append(change)

    def say(self, text: str) -> None:
        self.order.append(_SAY)
        self.others.append(text)


class Outcome:
    """What a worker found in one log: its result (or the error that stopped it) and what it told, in order;
    ``part``: the file it wrote the log's part of the output to (``parts``), if it did."""

    def __init__(self, recorder: _Recorder, result: LogResult | None, matched: set[str], error: BaseException | None,
                 part: str | None = None) -> None:
        self.recorder, self.result, self.matched, self.error, self.part = recorder, result, matched, error, part

    def replay(self, listener: Listener, matched: set[str], keep: bool) -> LogResult:
        """Tell ``listener`` everything the worker was told, in order; return the result, or raise the log's error.

        The worker's result keeps nothing itself; with ``keep``, it is given the findings and warnings recorded.
        """
        recorder, result = self.recorder, self.result
        file = recorder.file
        warnings, findings, changes = iter(recorder.warnings), iter(recorder.findings), iter(recorder.changes)
        others = iter(recorder.others)
        for what in recorder.order:
            if what == _BREACH:
                finding = next(findings)  # read back with a Breach: told with a Found, as in the worker (found.py)
                listener.breach(file, Finding(found_of(finding.breach), finding.fingerprint, finding.known, finding.fails))
            elif what == _CHANGE:
                listener.change(next(changes), file)
            elif what == _WARNING:
                listener.warning(file, next(warnings))
            elif what == _BEGIN:
                listener.begin(file, next(others))
            else:
                listener.say(next(others))
        matched |= self.matched
        if self.error is not None:
            raise self.error
        assert result is not None
        if keep:
            result.findings, result.warnings = recorder.findings, recorder.warnings
        return result


_WORKER: dict[str, Any] = {}


def _start(options: LogOptions, known: set[str], cwd: str, environ: dict[str, str], parts: Parts | None = None) -> None:
    """A worker's first step: the parent's folder and environment, its run's options; Ctrl-C is the parent's to handle."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):  # a forked worker has the command's handlers: it is stopped, it does not unwind
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(environ)
    _WORKER.update(options=options, known=known, parts=parts)


def _work(path: str, index: int = 0) -> Outcome | None:
    """Check one log in a worker (the ``index``-th of the run's: its part's file); None: check it in the parent."""
    from .checklog import check_log

    options: LogOptions = _WORKER["options"]
    parts: Parts | None = _WORKER["parts"]
    recorder, matched = _Recorder(), set[str]()
    result: LogResult | None
    try:
        if parts is None:
            result = check_log(path, options, _WORKER["known"], matched, recorder, keep=False)  # the recorder keeps them
        else:
            from .parts import check_apart

            result = check_apart(path, index, options, _WORKER["known"], matched, recorder, parts)
            if result is None:  # the part could not be written
                return None
            return Outcome(recorder, result, matched, None, parts.path(index))
    except CeasefireError as exc:
        return Outcome(recorder, None, matched, exc)
    except Exception as exc:  # a bug: the parent reports it, after what came before it
        return Outcome(recorder, None, matched, _portable(exc))
    return Outcome(recorder, result, matched, None)


def _portable(exc: Exception) -> Exception:
    """The exception itself if it survives pickling, else a RuntimeError saying what it was."""
    import pickle

    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return RuntimeError(f"{type(exc).__name__} in a worker process: {exc}")
    return exc


def _context(method: str | None = None) -> Any:
    """Where workers come from: ``fork`` on Linux while this process runs no other thread (the quickest, and
    then safe), else a forkserver (``spawn`` where there is none). Workers get all they need as arguments,
    so any start method gives the same output."""
    import multiprocessing
    import threading

    methods = multiprocessing.get_all_start_methods()
    if method is None:
        alone = sys.platform.startswith("linux") and threading.active_count() == 1
        method = "fork" if alone and "fork" in methods else "forkserver" if "forkserver" in methods else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(["ceasefire.checklog", "ceasefire.parallel"])
    return context


def outcomes(paths: list[str], options: LogOptions, known: set[str], jobs: int,
             method: str | None = None, parts: Parts | None = None) -> Generator[tuple[str, Outcome | None], None, None]:
    """Each path in order with its outcome from a worker (None for standard input, which the caller checks itself).

    At most ``jobs`` workers check the files, a few logs ahead of the one the caller is
    writing; the workers are stopped when the caller is done or stops (an error, a signal).
    ``method`` forces a start method (``fork``, ``forkserver``, ``spawn``). With ``parts``, the workers write each
    log's part of the output in a folder that lasts as long as this generator: take each part before the next log.
    """
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    files = [i for i, path in enumerate(paths) if path != "-"]
    workers = max(1, min(jobs, len(files)))
    if parts is not None and not parts.make():  # no temporary folder: the parts are written here
        parts = None
    try:
        pool = ProcessPoolExecutor(workers, mp_context=_context(method), initializer=_start,
                                   initargs=(options, known, os.getcwd(), dict(os.environ), parts))
    except BaseException:
        if parts is not None:
            parts.remove()
        raise
    done = broken = False
    try:
        waiting: deque[Future[Outcome | None]] = deque()
        queued = iter(files)
        for path in paths:
            while not broken and len(waiting) < workers * _AHEAD and (nxt := next(queued, None)) is not None:
                try:
                    waiting.append(pool.submit(_work, paths[nxt], nxt))
                except BrokenProcessPool:  # a worker died before this log could be handed over: the same as below
                    broken = True
                    _stop(pool, done=False)
            if path == "-" or broken:
                yield path, None
                continue
            try:
                outcome = waiting.popleft().result()
            except BrokenProcessPool:  # a worker died (killed, out of memory): the rest are checked here, as with --jobs 1
                broken = True
                _stop(pool, done=False)
                yield path, None
                continue
            yield path, outcome
        done = True
    finally:
        _stop(pool, done)
        if parts is not None:
            parts.remove()


def _stop(pool: Any, done: bool) -> None:
    """Let the workers go; when the run stops early (an error, Ctrl-C, a signal), stop them in their tracks (safe to repeat)."""
    if done:
        pool.shutdown(wait=True)
        return
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14
    if terminate is not None:
        terminate()
        return
    workers = list((getattr(pool, "_processes", None) or {}).values())  # before shutdown() forgets them
    manager = getattr(pool, "_executor_manager_thread", None)
    results = getattr(pool, "_result_queue", None)
    pool.shutdown(wait=False, cancel_futures=True)
    for process in workers:
        process.terminate()
    for process in workers:
        process.join(timeout=10)
    if manager is None:
        return
    # The manager closes its wake-up pipe as the workers die: let it, before the interpreter's exit writes to that
    # pipe (Python before 3.12 races there: "Bad file descriptor" on stderr), and before the exit waits for it.
    manager.join(timeout=2)
    writer = getattr(results, "_writer", None)
    if manager.is_alive() and writer is not None:  # a worker died half-way through a result, which the manager waits
        writer.close()  # to read the end of: this process holds the pipe's last writer, and closing it ends the read
        manager.join(timeout=30)
