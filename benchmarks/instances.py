"""Per-instance provisions at scale: logs of N events touching 1,000 convoys against a breach-free log of N.

Each log is checked as a whole process with ``ceasefire check --format jsonl``, the three
alternately, best of ``--repeat`` (wall time, and CPU time of the child); the ratio to the
breach-free log is the issue's target (at most 1.5x). The pack is written beside the logs:
one provision kept per convoy, each with a 48-hour deadline from its dispatch.

- The *lifecycle* logs model the issue: each convoy is made by its first mention, then makes
  trips (dispatched, two position reports, delivered); one trip in ten is late, so its
  deadline fires (a breach, the convoy ``late`` until delivered). The rest of the log is the
  breach-free log's statements, at the same instants. In one, each convoy makes one trip,
  the convoys' trips spread over the log (1,000 instances alive, few events touching them);
  in the other, each makes a trip a week to the log's end (a fifth of the events).
- The *worst case*: every event moves a convoy (a change of state, a deadline armed or met),
  all delivered in time; ``--moving`` sets the share of its events that do.

Each run is checked to have kept every convoy with exactly the breaches expected (none in the
worst case), so a failing run is never timed as a fast one.

    python benchmarks/instances.py                    # 1,000,000 events
    python benchmarks/instances.py --events 200000 --repeat 1
    python benchmarks/instances.py --moving 0.1       # one event in ten moves a convoy
"""

from __future__ import annotations

import argparse
import json
import resource
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
"convoy.reported" = "A convoy's position reported on the way"
"statement" = "Words"
[provisions.aid]
per = "convoy"
states = ["planned", "moving", "delivered", "late"]
initial = "planned"
transitions = [
  { trigger = "dispatch", source = ["planned", "delivered"], dest = "moving" },
  { trigger = "deliver", source = ["moving", "late"], dest = "delivered" },
  { trigger = "late", source = "moving", dest = "late" },
  { trigger = "report", source = "moving", dest = "moving" },
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
[[rules]]
id = "reported"
provision = "aid"
types = ["convoy.reported"]
trigger = "report"
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


WEEK = timedelta(days=7)
TRIP = ((timedelta(0), "dispatched"), (timedelta(hours=12), "convoy.reported"), (timedelta(hours=24), "convoy.reported"),
        (timedelta(hours=30), "delivered"))
LATE = ((timedelta(0), "dispatched"), (timedelta(hours=12), "convoy.reported"), (timedelta(hours=24), "convoy.reported"),
        (timedelta(hours=50), "delivered"))
"""A convoy's weekly trip: dispatched, its position reported twice, delivered after 30 hours (a late one: after 50)."""


def write_lifecycle(folder: Path, events: int, instances: int, trips: int | None = None) -> tuple[Path, int]:
    """A log of ``events`` whose convoys live as convoys do, and how many deadline breaches it must give.

    Each convoy is first named by its first dispatch (which makes its instance), then makes
    ``trips`` trips a week apart (``TRIP``); one trip in ten is late (``LATE``): its 48-hour
    deadline fires, a breach, and the convoy goes ``late`` until delivered. With ``trips``
    None, each convoy starts in the first week and makes a trip every week to the log's end;
    otherwise the convoys' first trips are spread over the log. The events fall on the
    breach-free log's 30-second grid, a scheduled event on the first free slot at or after its
    time, and statements fill the rest, so the log is as long, and as dated, as the
    breach-free log. The log is ``lifecycle.jsonl`` (weekly) or ``lifecycle-N.jsonl``.
    """
    (folder / "convoys.toml").write_text(PACK, encoding="utf-8")
    t0 = datetime(2020, 1, 1, tzinfo=UTC)
    step = timedelta(seconds=30)
    end = t0 + step * events
    spread = WEEK if trips is None else max(end - t0 - WEEK * trips, timedelta(0))
    plan: list[tuple[datetime, int, str]] = []
    for c in range(instances):
        first = t0 + spread * c / instances
        for k in range(int((end - first) / WEEK) + 1 if trips is None else trips):
            for offset, kind in (LATE if (k + c) % 10 == 9 else TRIP):
                if first + WEEK * k + offset < end:
                    plan.append((first + WEEK * k + offset, c, kind))
    plan.sort()
    path = folder / ("lifecycle.jsonl" if trips is None else f"lifecycle-{trips}.jsonl")
    limit = timedelta(hours=48)
    trips: dict[int, datetime] = {}  # convoy -> when its trip under way was dispatched
    dues: list[datetime] = []  # the deadlines that were not met in time
    last = t0
    with path.open("w") as out:
        out.write(json.dumps({"agreement": "convoys.toml"}) + "\n")
        i = 0
        for n in range(events):
            last = t0 + step * n + timedelta(seconds=1)
            if i < len(plan) and plan[i][0] <= last:
                _, c, kind = plan[i]
                i += 1
                if kind == "dispatched":
                    trips[c] = last
                elif kind == "delivered" and last >= trips[c] + limit:  # due at an event's instant: the timer comes first
                    dues.append(trips.pop(c) + limit)
                elif kind == "delivered":
                    del trips[c]
                out.write(json.dumps({"date": last.isoformat(), "type": kind, "convoy": f"c{c}"}) + "\n")
            else:
                out.write(json.dumps({"date": last.isoformat(), "type": "statement"}) + "\n")
    dues += [d + limit for d in trips.values()]  # trips under way when the log ends
    return path, sum(1 for due in dues if due <= last)


def run(log: Path) -> tuple[float, float, dict[str, object]]:
    """Wall and CPU time of one ``check --format jsonl`` of ``log``, and its log record; a run that fails stops the benchmark.

    Exit 1 (breaches found) is a run that worked: the caller checks that they are the ones expected.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "ceasefire", "check", str(log), "-f", "jsonl"], capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"ceasefire check {log.name} exited {done.returncode}: {done.stderr.decode()[-500:]}")
    record = next(r for r in map(json.loads, done.stdout.splitlines()) if r.get("record") == "log")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), record


def _kept(record: dict[str, object], convoys: int, breaches: int, name: str) -> None:
    """Stop unless the run kept ``convoys`` convoys and gave ``breaches`` breaches: a wrong run is never timed as a fast one."""
    kept = record["provisions"]["aid"]["instances"]  # type: ignore[index]
    if record["breaches"] != breaches or len(kept) != convoys:
        raise SystemExit(f"the {name} log should keep {convoys} convoys with {breaches} breaches: "
                         f"{record['breaches']} breaches, {len(kept)} convoys")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--instances", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--moving", type=float, default=1.0,
                        help="share of the worst-case log's events that move a convoy (default 1: all)")
    args = parser.parse_args()
    if not 0 < args.moving <= 1:
        raise SystemExit("--moving is a share: more than 0, at most 1")
    expected = min(args.instances, int(args.events * args.moving))
    with tempfile.TemporaryDirectory() as folder:
        busy, calm = write(Path(folder), args.events, args.instances, args.moving)
        life, late = write_lifecycle(Path(folder), args.events, args.instances)
        once, late_once = write_lifecycle(Path(folder), args.events, args.instances, trips=1)
        logs = {"once": (once, late_once), "lifecycle": (life, late), "busy": (busy, 0), "calm": (calm, 0)}
        best = {name: [float("inf"), float("inf")] for name in logs}
        for _ in range(args.repeat):  # alternately, so that a busy spell of the machine falls on all of them
            for name, (log, breaches) in logs.items():
                elapsed, cpu, record = run(log)
                if name != "calm":
                    _kept(record, expected if name == "busy" else min(args.instances, args.events), breaches, name)
                best[name] = [min(best[name][0], elapsed), min(best[name][1], cpu)]
    (ow, oc), (lw, lc), (bw, bc), (cw, cc) = best["once"], best["lifecycle"], best["busy"], best["calm"]
    share = "every event moving one" if args.moving == 1 else f"{args.moving:.0%} of events moving one"
    print(f"{args.events:,} events, {args.instances:,} convoys; breach-free log: {cw:.2f} s (CPU {cc:.2f} s)")
    print(f"  one trip each (one in ten late, {late_once:,} breaches): {ow:.2f} s, ratio {ow / cw:.2f} (CPU {oc / cc:.2f})")
    print(f"  a trip a week each (one in ten late, {late:,} breaches): {lw:.2f} s, ratio {lw / cw:.2f} (CPU {lc / cc:.2f})")
    print(f"  worst case ({share}): {bw:.2f} s, ratio {bw / cw:.2f} (CPU {bc / cc:.2f})")


if __name__ == "__main__":
    main()
