"""Per-instance provisions at scale: a log of N events touching 1,000 convoys against a breach-free log of N.

Both logs are checked as whole processes with ``ceasefire check --format jsonl``, best of
``--repeat``; the ratio is the issue's target (at most 1.5x). The pack is written beside
the logs: one provision kept per convoy, each dispatched and delivered within its 48 hours.

    python benchmarks/instances.py                    # 1,000,000 events
    python benchmarks/instances.py --events 200000 --repeat 1
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


def write(folder: Path, events: int, instances: int) -> tuple[Path, Path]:
    """The convoy log (every event moves one of ``instances`` convoys) and a breach-free log of statements."""
    (folder / "convoys.toml").write_text(PACK, encoding="utf-8")
    t0 = datetime(2020, 1, 1, tzinfo=UTC)
    busy, calm = folder / "convoys.jsonl", folder / "calm.jsonl"
    with busy.open("w") as b, calm.open("w") as c:
        for f in (b, c):
            f.write(json.dumps({"agreement": "convoys.toml"}) + "\n")
        for n in range(events):
            when = (t0 + timedelta(seconds=30 * n + 1)).isoformat()
            convoy = f"c{n % instances}"
            kind = "dispatched" if (n // instances) % 2 == 0 else "delivered"
            b.write(json.dumps({"date": when, "type": kind, "convoy": convoy}) + "\n")
            c.write(json.dumps({"date": when, "type": "statement"}) + "\n")
    return busy, calm


def timed(log: Path, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "ceasefire", "check", str(log), "-f", "jsonl"], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--instances", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        busy, calm = write(Path(folder), args.events, args.instances)
        b, c = timed(busy, args.repeat), timed(calm, args.repeat)
    print(f"{args.events:,} events, {args.instances:,} convoys: {b:.2f} s; breach-free: {c:.2f} s; ratio {b / c:.2f}")


if __name__ == "__main__":
    main()
