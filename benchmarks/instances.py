"""Per-instance provisions at scale: a log of N events touching 1,000 convoys against a breach-free log of N.

Both logs are checked as whole processes with ``ceasefire check --format jsonl``, alternately,
best of ``--repeat``; the ratio is the issue's target (at most 1.5x). The pack is written beside
the logs: one provision kept per convoy, each dispatched and delivered within its 48 hours.
By default every event of the convoy log moves a convoy (a change of state, a deadline armed
or met): the worst case. ``--moving`` sets the share of its events that do (the rest are the
breach-free log's statements), at the same pace. Each convoy run is checked to have exited 0
with no breach and every convoy kept, so a failing run is never timed as a fast one.

    python benchmarks/instances.py                    # 1,000,000 events
    python benchmarks/instances.py --events 200000 --repeat 1
    python benchmarks/instances.py --moving 0.1       # one event in ten moves a convoy
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

PACK = """
[agreement]
id = "convoys"
title = "One thousand convoys"
start = 2020-01-01T00:00:00Z
timezone = "UTC"
[parties]
a = "A"
[designated]
[fields]
convoy = "Which convoy"
[vocabulary]
"dispatched" = "A convoy sets off"
"delivered" = "A convoy arrives"
"statement" = "Words"
[provisions.aid]
per = "convoy"
states = ["planned", "moving", "delivered", "late"]
initial = "planned"
transitions = [
  { trigger = "dispatch", source = ["planned", "delivered"], dest = "moving" },
  { trigger = "deliver", source = ["moving", "late"], dest = "delivered" },
  { trigger = "late", source = "moving", dest = "late" },
]
[[provisions.aid.timers]]
id = "convoy-deadline"
kind = "deadline"
start = "moving"
after = "48h"
met_by = ["delivered"]
trigger = "late"
breach = { severity = "minor", message = "convoy not delivered within 48 hours" }
[[rules]]
id = "dispatched"
provision = "aid"
types = ["dispatched"]
trigger = "dispatch"
[[rules]]
id = "delivered"
provision = "aid"
types = ["delivered"]
trigger = "deliver"
"""


def write(folder: Path, events: int, instances: int, moving: float = 1.0) -> tuple[Path, Path]:
    """The convoy log (a share ``moving`` of its events moves one of ``instances`` convoys) and a breach-free log of statements.

    Convoy events are 30 seconds apart whatever the share, so each convoy is delivered well
    within its 48 hours; the other events are the breach-free log's, at the same instants.
    """
    (folder / "convoys.toml").write_text(PACK, encoding="utf-8")
    t0 = datetime(2020, 1, 1, tzinfo=UTC)
    step = timedelta(milliseconds=round(30_000 * moving))
    busy, calm = folder / "convoys.jsonl", folder / "calm.jsonl"
    moved = 0
    with busy.open("w") as b, calm.open("w") as c:
        for f in (b, c):
            f.write(json.dumps({"agreement": "convoys.toml"}) + "\n")
        for n in range(events):
            when = (t0 + step * n + timedelta(seconds=1)).isoformat()
            statement = json.dumps({"date": when, "type": "statement"}) + "\n"
            c.write(statement)
            if int((n + 1) * moving) == int(n * moving):
                b.write(statement)
                continue
            convoy = f"c{moved % instances}"
            kind = "dispatched" if (moved // instances) % 2 == 0 else "delivered"
            b.write(json.dumps({"date": when, "type": kind, "convoy": convoy}) + "\n")
            moved += 1
    return busy, calm


def run(log: Path) -> tuple[float, dict[str, object]]:
    """Wall time of one ``check --format jsonl`` of ``log``, and its log record; a run that fails stops the benchmark."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "ceasefire", "check", str(log), "-f", "jsonl"], capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"ceasefire check {log.name} exited {done.returncode}: {done.stderr.decode()[-500:]}")
    record = next(r for r in map(json.loads, done.stdout.splitlines()) if r.get("record") == "log")
    return elapsed, record


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--instances", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--moving", type=float, default=1.0, help="share of the convoy log's events that move a convoy (default 1: all)")
    args = parser.parse_args()
    if not 0 < args.moving <= 1:
        raise SystemExit("--moving is a share: more than 0, at most 1")
    expected = min(args.instances, int(args.events * args.moving))
    with tempfile.TemporaryDirectory() as folder:
        busy, calm = write(Path(folder), args.events, args.instances, args.moving)
        b = c = float("inf")
        for _ in range(args.repeat):  # alternately, so that a busy spell of the machine falls on both
            elapsed, record = run(busy)
            kept = record["provisions"]["aid"]["instances"]  # type: ignore[index]
            if record["breaches"] != 0 or len(kept) != expected:
                raise SystemExit(f"the convoy log should keep {expected} convoys with no breach: {record['breaches']} breaches, {len(kept)} convoys")
            b = min(b, elapsed)
            c = min(c, run(calm)[0])
    share = "" if args.moving == 1 else f" ({args.moving:.0%} of events moving one)"
    print(f"{args.events:,} events, {args.instances:,} convoys{share}: {b:.2f} s; breach-free: {c:.2f} s; ratio {b / c:.2f}")


if __name__ == "__main__":
    main()
