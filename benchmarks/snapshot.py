"""Resumable state: what a snapshot costs, and what resuming saves (the figures in docs/scale.md).

CPU time only (``time.process_time`` in this process, ``resource.getrusage`` of the children
for the command), the best of ``--repeat`` runs; nothing here is asserted by the tests.

- a ``Monitor`` fed ``--events`` generated Syria events: µs per event;
- its snapshot: bytes, ``snapshot()`` + ``json.dumps``, ``json.loads`` + ``Monitor.restore``;
- one live ``Monitor``'s memory (``tracemalloc``, 100 of them);
- ``ceasefire check LOG --format jsonl``, without and with ``--resume``, and the resumed check
  of the same log after ``--tail`` more lines (start-up included: it is reported apart).

    python benchmarks/snapshot.py                     # 300,000 events, 1,000 more
    python benchmarks/snapshot.py --events 50000 --repeat 1
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import write  # noqa: E402

from ceasefire import Monitor  # noqa: E402
from ceasefire.lines import read_lines  # noqa: E402


def _children(args: list[str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-m", "ceasefire", *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _best(repeat: int, run: object) -> float:
    return min(run() for _ in range(repeat))  # type: ignore[operator]


def _each(count: int, call: object) -> float:
    start = time.process_time()
    for _ in range(count):
        call()  # type: ignore[operator]
    return (time.process_time() - start) / count


def main() -> None:
    """Print each figure, one per line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=300_000)
    parser.add_argument("--tail", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        whole, first = Path(folder, "whole.jsonl"), Path(folder, "first.jsonl")
        write(options.events + options.tail, str(whole))
        with whole.open("rb") as stream, first.open("wb") as out:
            for _ in range(options.events + 1):
                out.write(stream.readline())
        with first.open("rb") as stream:
            rows = [value for _, value in read_lines(stream)][1:]
        monitor = Monitor("syria-2016", keep=False)
        start = time.process_time()
        for row in rows:
            monitor.feed(row)
        print(f"monitor: {(time.process_time() - start) / len(rows) * 1e6:.2f} us per event")
        monitor.changes()
        text = json.dumps(monitor.snapshot())
        print(f"snapshot: {len(text)} bytes")
        print(f"snapshot() + json.dumps: {_best(options.repeat, lambda: _each(200, lambda: json.dumps(monitor.snapshot()))) * 1e3:.3f} ms")
        print(f"json.loads + Monitor.restore: {_best(options.repeat, lambda: _each(200, lambda: Monitor.restore(json.loads(text)))) * 1e3:.3f} ms")
        tracemalloc.start()
        live = []
        for _ in range(100):
            one = Monitor("syria-2016", keep=False)
            for row in rows[:200]:
                one.feed(row)
            one.changes()
            live.append(one)
        print(f"one live monitor: {tracemalloc.get_traced_memory()[0] // 100 / 1024:.0f} KiB")
        tracemalloc.stop()
        state, saved = Path(folder, "state.json"), Path(folder, "saved.json")
        plain = _best(options.repeat, lambda: _children(["check", str(first), "-f", "jsonl", "-q"]))
        print(f"check of {options.events} events: {plain:.2f} s CPU, {options.events / plain:,.0f} events/s")

        def fresh() -> float:
            state.unlink(missing_ok=True)
            return _children(["check", str(first), "-f", "jsonl", "-q", "--resume", str(state)])

        print(f"the same with --resume (no snapshot yet): {_best(options.repeat, fresh):.2f} s CPU")
        shutil.copy(state, saved)

        def resumed() -> float:
            shutil.copy(saved, state)
            return _children(["check", str(whole), "-f", "jsonl", "-q", "--resume", str(state)])

        print(f"--resume after {options.tail} more lines: {_best(options.repeat, resumed):.2f} s CPU "
              f"(the snapshot file: {saved.stat().st_size} bytes)")
        empty = Path(folder, "empty.jsonl")
        empty.write_text('{"agreement": "syria-2016"}\n', encoding="utf-8")
        print(f"start-up (a log of no events): {_best(options.repeat, lambda: _children(['check', str(empty), '-q'])):.2f} s CPU")


if __name__ == "__main__":
    main()
