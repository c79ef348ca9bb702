"""Shared fixtures: the bundled Syria pack and small logs written for one situation each."""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from ceasefire import Agreement, check, load_agreement
from missing_tools import pytest_collectreport, pytest_runtest_logreport, pytest_sessionfinish, pytest_terminal_summary  # noqa: F401  (hooks)

settings.register_profile("ci", max_examples=60, deadline=None)
settings.register_profile("fuzz", max_examples=3000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

HEADER = {"agreement": "syria-2016"}

# A non-interactive shell starts a background job with Ctrl-C ignored, and an ignored signal stays ignored in every
# process started from it: the tests that press Ctrl-C on a command would wait for it in vain. Handled here, it is
# the default again in each command the tests start (a handled signal is reset when a program starts).
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(scope="session")
def syria() -> Agreement:
    """The bundled 2016 Syria agreement."""
    return load_agreement("syria-2016")


@pytest.fixture
def write_log(tmp_path: Path) -> Callable[..., Path]:
    """Write a log of event dicts (or raw strings) with the Syria header, and return its path."""

    def write(*rows: Any, header: Any = HEADER, name: str = "log.jsonl") -> Path:
        lines = [] if header is None else [json.dumps(header)]
        lines += [row if isinstance(row, str) else json.dumps(row) for row in rows]
        path = tmp_path / name
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    return write


def attack(date: str, actor: str | None = "sy-gov", target: str | None = "opposition", casualties: int | None = None, **more: Any) -> dict[str, Any]:
    """An attack.airstrike event."""
    event: dict[str, Any] = {"date": date, "type": "attack.airstrike", **more}
    if actor is not None:
        event["actor"] = actor
    if target is not None:
        event["target"] = target
    if casualties is not None:
        event["casualties"] = casualties
    return event


def event(date: str, type: str, **more: Any) -> dict[str, Any]:
    """Any event."""
    return {"date": date, "type": type, **more}


def cli(*args: object, input: bytes | str | None = None, env: dict[str, str] | None = None, prog_name: str | None = None) -> Any:
    """Invoke the command line in-process with click's runner, catching nothing: the one way tests run it.

    Read ``stdout`` and ``stderr``: ``output`` is the two together only from click 8.2 (before, stdout alone)."""
    from click.testing import CliRunner

    from ceasefire.cli import main

    try:  # click before 8.2 mixes stderr into stdout unless told, and reads what it caught of stderr unflushed
        runner, command = CliRunner(mix_stderr=False), _StderrFlushed(main)  # type: ignore[call-arg]
    except TypeError:  # click 8.2 on: the two apart, stderr flushed (and ``output`` is both, as a terminal shows them)
        runner, command = CliRunner(), main
    return runner.invoke(command, [str(a) for a in args], input=input, env=env, prog_name=prog_name, catch_exceptions=False)


class _StderrFlushed:
    """A command run as it is, with stderr flushed when it ends (before click before 8.2 reads what was written there)."""

    def __init__(self, command: Any) -> None:
        self.command = command
        self.name = command.name

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """The command's own ``main``."""
        import sys

        try:
            return self.command.main(*args, **kwargs)
        finally:
            sys.stderr.flush()


def ceasefire_process(*args: object, **popen: Any) -> Any:
    """Start ``python -m ceasefire ARGS`` as its own process (for signals and closed descriptors)."""
    import subprocess
    import sys

    return subprocess.Popen([sys.executable, "-m", "ceasefire", *map(str, args)], **popen)


def make_device(folder: Path, name: str) -> Path:
    """A character device of our own, never the machine's: ``null`` (1, 3), ``zero`` (1, 5) or ``full`` (1, 7); skip where mknod is refused."""
    import stat

    path = folder / name
    minor = {"null": 3, "zero": 5, "full": 7}[name]
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
        with open(path, "w") as probe:  # a file system mounted nodev refuses to open it
            probe.write("")
    except (OSError, AttributeError) as exc:
        pytest.skip(f"cannot make a character device here: {exc}")
    return path


def in_mount_namespace(script: str) -> Any:
    """Run a shell script in a private mount namespace (``unshare -m``); skip where the OS does not allow it."""
    import shutil
    import subprocess

    if shutil.which("unshare") is None:
        pytest.skip("unshare is not installed")
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("no private mount namespace here (needs root or user namespaces)")
    return subprocess.run(["unshare", "-m", "sh", "-ec", script], capture_output=True, text=True, timeout=120)


def assert_refused(result: Any, path: Path, line: int | None, message: str) -> None:
    """Exit 2, nothing on stdout, one FILE[:LINE]: message line on stderr."""
    where = f"{path}:{line}" if line is not None else str(path)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"{where}: {message}"), result.stderr
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def temp_files(folder: Path) -> list[str]:
    """The checker's temporary files left in a folder (there should be none)."""
    return sorted(p.name for p in folder.rglob(".ceasefire-*"))


PACK_HEAD = """\
[agreement]
id = "test-pack"
title = "A pack written for one test"
start = 2020-01-01T00:00:00+00:00
timezone = "UTC"

[parties]
a = "Party A"
b = "Party B"

[vocabulary]
"attack.*" = "An attack"
statement = "A statement"
"""


ATTACK_PACK = """\
[provisions.p]
states = ["on"]
initial = "on"
transitions = []

[[rules]]
id = "attack"
provision = "p"
types = ["attack.*"]
severity = "minor"
"""
"""A pack's body: one provision ``p``, always ``on``, and one rule, ``attack``: every attack is a minor breach of it."""


def write_pack(folder: Path, body: str, name: str = "pack.toml", head: str = PACK_HEAD) -> Path:
    """A pack file: a small agreement head (UTC, parties a and b, attack.* and statement) and ``body``."""
    path = folder / name
    path.write_text(head + "\n" + body, encoding="utf-8")
    return path


def chain_pack(length: int) -> str:
    """``length`` provisions, each with a calm timer that requires the previous one to have moved.

    A statement moves the first; by then every timer is ripe, so the whole chain moves at once.
    """
    parts = ['[[rules]]\nid = "go"\nprovision = "p0"\ntypes = ["statement"]\ntrigger = "finish"\n']
    for i in range(length):
        parts.append(f"""
[provisions.p{i}]
states = ["waiting", "done"]
initial = "waiting"
transitions = [{{ trigger = "finish", source = "waiting", dest = "done" }}]
""")
        if i:
            parts.append(f"""
[[provisions.p{i}.timers]]
id = "calm-{i}"
kind = "calm"
states = ["waiting"]
after = "1h"
requires = {{ p{i - 1} = ["done"] }}
trigger = "finish"
""")
    return "".join(parts)


LANGUAGE = (Path(__file__).resolve().parent / "fixtures" / "language.toml").read_text(encoding="utf-8")
"""The pack of the record's language tests: every construct of the language in one small agreement."""
LANGUAGE_PLACE = {"country": "Ukraine", "admin1": "Donetsk"}
"""A place inside the language pack's area."""


@pytest.fixture
def pack(tmp_path: Path) -> Agreement:
    """The language pack, loaded from a copy (tests that need another pack define their own ``pack``)."""
    path = tmp_path / "lang.toml"
    path.write_text(LANGUAGE, encoding="utf-8")
    return load_agreement(path)


def replay(pack: Agreement, *events: dict[str, Any], as_of: str | None = None) -> Any:
    """Check these events against ``pack`` in-process."""
    return check(list(events), agreement=pack, as_of=as_of)


EXAMPLES = [Path(__file__).resolve().parent.parent / "examples" / name for name in
            ("syria-2016-09.jsonl", "syria-2016-09-19.jsonl", "syria-2016-holding.jsonl", "minsk-2015-02.jsonl", "hodeidah-2018.jsonl")]
"""Five bundled examples of the three first agreements: the logs many tests check together."""


def write_rows(path: Path, *rows: Any) -> Path:
    """Write ``rows`` (JSON values, or lines as they are) as a log at ``path``."""
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def logs(tmp_path: Path) -> list[Path]:
    """Eight logs: the examples, one with warnings, and two with many breaches, in a folder of their own."""
    folder = tmp_path / "logs"
    folder.mkdir()
    warned = write_rows(folder / "warned.jsonl", HEADER, event("2016-09-13T10:00:00+03:00", "aid.delivered", casualities=3),
                        attack("2016-09-14T10:00:00+03:00", actor="sy-govt", casualties=2))
    many = [write_rows(folder / f"many-{n}.jsonl", HEADER,
                       *(attack(f"2016-09-{13 + i // 24:02d}T{i % 24:02d}:{n:02d}:00+03:00", casualties=i % 9, location=f"place {i % 5}")
                     for i in range(120)))
            for n in (1, 2)]
    return [*EXAMPLES, warned, *many]


def syria_replay(*events: dict[str, Any], as_of: str | None = None) -> Any:
    """Check a list of events after the Syria header, in-process."""
    return check([HEADER, *events], as_of=as_of)


def breach_rows(report: Any) -> list[tuple[str, str, str, str | None, int | None]]:
    """(provision, rule, severity, party, line) of each breach of ``report``, in order."""
    return [(b.provision, b.rule, b.severity, b.party, b.line) for b in report.breaches]


def quick_replay(agreement: Agreement, parser: Any, engine: Any, log: str, found: list[Any], watching: bool = False) -> Any:
    """Replay ``log`` (its first line the header, skipped) through the replay's quick loop (msgspec's record) into ``engine``;
    breaches (and, ``watching``, changes) go to ``found`` as they are handed out, then a refusal's message. Returns the replay."""
    import io

    from ceasefire import replayloop
    from ceasefire.errors import LogError
    from ceasefire.lines import MAX_LINE_BYTES
    from ceasefire.quicklines import line_decoder, loads

    replay = replayloop.Replay(parser, engine, None, found.extend, found.append if watching else None, agreement.timezone, (1, 0, 1), None)
    stream = io.BytesIO(log.encode())
    stream.readline()
    try:
        replay.stream(stream, 1, MAX_LINE_BYTES, line_decoder(agreement), loads)
    except LogError as exc:
        found.append(str(exc))
    return replay


def die_in_a_worker(monkeypatch: Any, name: str) -> None:
    """Make a worker process that checks the log whose path ends with ``name`` die at once (as one killed out of memory)."""
    import os

    import ceasefire.checklog

    real, parent = ceasefire.checklog.check_log, os.getpid()

    def dies_in_a_worker(path: str, *args: Any, **kwargs: Any) -> Any:
        if os.getpid() != parent and path.endswith(name):
            os._exit(9)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(ceasefire.checklog, "check_log", dies_in_a_worker)
