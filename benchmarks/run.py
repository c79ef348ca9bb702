"""Every figure of issue 17 in one run, each measured on whole processes of the installed ``ceasefire`` command.

1. 1M events, 1% breaching: ``ceasefire check`` against three parse floors (a loop that only
   decodes each line and parses its date): decoding with the standard library's ``json``, with
   ``orjson``, and with ``msgspec``; the checker with the ``fast`` extra (which decodes the common
   line with msgspec's typed record) against the msgspec floor and the orjson floor, and with the
   standard library (``CEASEFIRE_JSON=stdlib``, as without the extra) against the standard
   library's floor. Peak memory (maximum resident set) of each.
2. What a breach costs beyond a calm event, in ``jsonl``, ``json`` and ``text`` (µs): two logs
   that differ only in each attack's target (every event a breach, or none).
3. Memory per kept breach in ``text`` and ``json`` (bytes): tracemalloc over a run of the
   checker on those logs, held when the formats end, breaches minus calm.
4. 100k distinct event types against the same log with five (ratio).
5. 8 logs of 250k events, ``--jobs 2`` against ``--jobs 1`` (ratio).
6. Start-up: checking the 10-line example against ``python -c "import click, attrs, transitions"``.
7. Per-field instances (the agreement-language issue): 1,000 convoys, each an instance of a
   per-convoy provision with its own deadline, against a breach-free log of the same length
   (``instances.py``'s logs and pack), ``--format jsonl``: convoys living their lifecycle
   (one trip each, or a trip a week; one in ten late), and the worst case (every event moving one).

Figures compared with each other (a check and its floor, two logs, two --jobs) are measured
in turns, each command once and then again, best of N each: a load that comes and goes on a
shared machine weighs on both sides of a ratio alike.

    python benchmarks/run.py            # a few minutes on 2 cores; prints the table, writes benchmarks/results.json
    python benchmarks/run.py --quick    # sizes a tenth as large, one repeat: under a minute
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import write, write_pair  # noqa: E402
from instances import write as write_convoys, write_lifecycle  # noqa: E402

FLOOR = """
import sys
from datetime import datetime
if sys.argv[2] == "orjson":
    from orjson import loads
elif sys.argv[2] == "msgspec":
    from msgspec.json import decode as loads
else:
    from json import loads
with open(sys.argv[1], "rb") as f:
    for line in f:
        value = loads(line)
        date = value.get("date")
        if date:
            datetime.fromisoformat(date)
"""

KEPT = """
import sys, tracemalloc
from ceasefire.formats import formatter
from ceasefire.run import Checker

class Null:
    def write(self, text): return len(text)
    def flush(self): pass
    def isatty(self): return False

held = []
cls = formatter(sys.argv[3])
end = cls.end
def ending(self, run):
    held.append(tracemalloc.get_traced_memory()[0])  # what the run keeps, just before the document is written
    end(self, run)
cls.end = ending
sizes = []
for log in sys.argv[1:3]:
    held.clear()
    tracemalloc.start()
    Checker([log], outputs=[(sys.argv[3], None)], stdout=Null(), stderr=Null()).run()
    tracemalloc.stop()
    sizes.append(held[0])
print(sizes[1] - sizes[0])
"""

# Without PYTHONDONTWRITEBYTECODE: every process reads compiled bytecode, as after any pip install; without
# PYTHONUNBUFFERED: standard output is buffered, as it is for anyone who has not asked otherwise.
ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED")}


class Timing(NamedTuple):
    """A process's best wall time (s), peak RSS (MB) and CPU time (s: user and system, with its children)."""

    s: float
    mb: float
    cpu: float


def measure(argv: list[str], repeat: int, env: dict[str, str] | None = None) -> Timing:
    """Best wall time, peak RSS and CPU time of running ``argv`` ``repeat`` times, output discarded.

    On a machine that other jobs share, wall time grows with their load; CPU time much less so,
    which is why each figure is given in both (a ratio of CPU times says what the code costs).
    """
    return in_turns([(argv, env)], repeat)[0]


def in_turns(runs: list[tuple[list[str], dict[str, str] | None]], repeat: int) -> list[Timing]:
    """``measure`` for several commands compared with each other, run in turns (each once, then again, ``repeat`` times).

    A ratio of two figures measured one after the other takes in whatever load came and went
    between them; in turns, each command meets the same moments of the machine.
    """
    best = [(float("inf"), float("inf"), float("inf"))] * len(runs)
    for _ in range(repeat):
        for at, (argv, env) in enumerate(runs):
            began = time.perf_counter()
            proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**ENV, **(env or {})})
            _, status, usage = os.wait4(proc.pid, 0)
            elapsed = time.perf_counter() - began
            assert proc.stderr is not None
            error = proc.stderr.read().decode()
            code = os.waitstatus_to_exitcode(status)
            if code not in (0, 1):
                raise SystemExit(f"{' '.join(argv)} exited {code}: {error}")
            was = best[at]
            best[at] = (min(was[0], elapsed), min(was[1], usage.ru_maxrss / 1024), min(was[2], usage.ru_utime + usage.ru_stime))
    return [Timing(*figures) for figures in best]


def command() -> list[str]:
    """The installed ``ceasefire`` command beside this interpreter, or on PATH."""
    beside = Path(sys.executable).with_name("ceasefire")
    found = str(beside) if beside.exists() else shutil.which("ceasefire")
    if not found:
        raise SystemExit("ceasefire is not installed: pip install . first")
    return [found]


def machine() -> str:
    """The machine in one line: architecture, CPU model, cores this process may use, Python, system."""
    model = platform.processor() or platform.machine()
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{platform.machine()}, {model}, {cores} cores, Python {platform.python_version()}, {platform.system()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="sizes a tenth as large, one repeat (not the issue's figures)")
    parser.add_argument("--repeat", type=int, help="best of N for each timing (default 3; 1 with --quick)")
    parser.add_argument("--format", default="json", help="the output format of the 1M-event check (default json)")
    parser.add_argument("--data", type=Path, default=HERE / "data")
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    args = parser.parse_args()
    scale = 10 if args.quick else 1
    repeat = args.repeat or (1 if args.quick else 3)
    args.data.mkdir(parents=True, exist_ok=True)
    ceasefire = command()
    fast = subprocess.run([sys.executable, "-c", "import orjson"], capture_output=True).returncode == 0
    typed = subprocess.run([sys.executable, "-c", "import msgspec"], capture_output=True).returncode == 0
    figures: dict[str, object] = {"machine": machine(), "quick": args.quick, "repeat": repeat, "load_before": os.getloadavg()}

    def generated(name: str, make) -> Path:  # type: ignore[no-untyped-def]
        log = args.data / f"{name}.jsonl"
        if not log.exists():
            print(f"generating {log} ...", file=sys.stderr)
            make(str(log))
        return log

    def check(log: Path, *more: str, times: int = repeat) -> Timing:
        return measure([*ceasefire, "check", str(log), *more], times)

    def together(logs: list[Path], *more: str) -> list[Timing]:  # checks of logs compared with each other, run in turns
        return in_turns([([*ceasefire, "check", str(log), *more], None) for log in logs], repeat)

    print(f"machine: {figures['machine']}; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    # 1. A million events against the two floors.
    size = 1_000_000 // scale
    big = generated(f"syria-{size}", lambda p: write(size, p))
    checking = [*ceasefire, "check", str(big), "-f", args.format]
    commands = {"floor, json (stdlib)": ([sys.executable, "-c", FLOOR, str(big), "stdlib"], None),
                "check, stdlib": (checking, {"CEASEFIRE_JSON": "stdlib"})}
    if fast:
        commands["floor, orjson"] = ([sys.executable, "-c", FLOOR, str(big), "orjson"], None)
    if typed:
        commands["floor, msgspec"] = ([sys.executable, "-c", FLOOR, str(big), "msgspec"], None)
    if fast or typed:
        commands["check, fast extra"] = (checking, None)
    rows = dict(zip(commands, in_turns(list(commands.values()), repeat)))
    floor_std = rows["floor, json (stdlib)"]
    figures["million"] = {"events": size, "format": args.format, **{k: t._asdict() for k, t in rows.items()}}
    print(f"\n1. {size:,} events, 1% breaching, --format {args.format} (target: at most 2x the floor with the same decoder)")
    for name, t in rows.items():
        print(f"   {name:<28} {t.s:7.2f} s  {t.mb:6.1f} MB  (CPU {t.cpu:6.2f} s)")
    std, std_cpu = rows["check, stdlib"].s / floor_std.s, rows["check, stdlib"].cpu / floor_std.cpu
    print(f"   stdlib: check / stdlib floor = {std:.2f} (CPU {std_cpu:.2f})")
    figures["ratio_stdlib"], figures["ratio_stdlib_cpu"] = std, std_cpu
    if typed:  # the decoder the checker uses with the fast extra: msgspec's typed record
        checked, floor = rows["check, fast extra"], rows["floor, msgspec"]
        figures["ratio_msgspec"], figures["ratio_msgspec_cpu"] = checked.s / floor.s, checked.cpu / floor.cpu
        print(f"   fast extra (msgspec): check / msgspec floor = {checked.s / floor.s:.2f} (CPU {checked.cpu / floor.cpu:.2f})")
    if fast:
        checked, floor = rows["check, fast extra"], rows["floor, orjson"]
        figures["ratio_orjson"], figures["ratio_orjson_cpu"] = checked.s / floor.s, checked.cpu / floor.cpu
        print(f"   fast extra: check / orjson floor = {checked.s / floor.s:.2f} (CPU {checked.cpu / floor.cpu:.2f})"
              f"   (against the stdlib floor, as the README once did: {checked.s / floor_std.s:.2f})")
    if not (fast and typed):
        print("   orjson or msgspec is not installed: pip install '.[fast]' for the other half")

    # 2 and 3. What a breach costs, in time and in memory.
    pairs = 100_000 // scale
    calm = generated(f"pair-{pairs}-calm", lambda p: write_pair(pairs, p, False))
    stormy = generated(f"pair-{pairs}-breach", lambda p: write_pair(pairs, p, True))
    cost: dict[str, dict[str, float]] = {}
    print(f"\n2. a breach beyond a calm event ({pairs:,} attacks, each a breach or none; target jsonl <= 5 us, json <= 10 us)")
    for fmt in ("jsonl", "json", "text"):
        t0, t1 = together([calm, stormy], "-f", fmt)
        cost[fmt] = {"us": (t1.s - t0.s) / pairs * 1e6, "cpu_us": (t1.cpu - t0.cpu) / pairs * 1e6,
                     "rss_bytes": (t1.mb - t0.mb) * 2**20 / pairs}
        print(f"   {fmt:<6} {cost[fmt]['us']:6.1f} us per breach (CPU {cost[fmt]['cpu_us']:6.1f} us)"
              f"   (peak RSS {cost[fmt]['rss_bytes']:6.0f} bytes per breach)")
    print(f"\n3. memory per kept breach (tracemalloc, {pairs:,} breaches; target <= 200 bytes)")
    for fmt in ("text", "json"):
        held = subprocess.run([sys.executable, "-c", KEPT, str(calm), str(stormy), fmt], capture_output=True, text=True, env=ENV)
        if held.returncode != 0:
            raise SystemExit(held.stderr)
        cost[fmt]["kept_bytes"] = int(held.stdout) / pairs
        print(f"   {fmt:<6} {cost[fmt]['kept_bytes']:6.0f} bytes")
    figures["breach"] = {"pairs": pairs, **cost}

    # 4. Many distinct event types.
    events, distinct = 250_000 // scale, max(100_000 // scale, 12_000)
    few = generated(f"types-{events}-few", lambda p: write(events, p, seed=17))
    many = generated(f"types-{events}-{distinct}", lambda p: write(events, p, seed=17, distinct_types=distinct))
    t_few, t_many = together([few, many], "-f", args.format)
    figures["types"] = {"events": events, "distinct": distinct, "few_s": t_few.s, "many_s": t_many.s, "ratio": t_many.s / t_few.s,
                        "ratio_cpu": t_many.cpu / t_few.cpu}
    print(f"\n4. {distinct:,} distinct event types against five ({events:,} events): "
          f"{t_many.s:.2f} s vs {t_few.s:.2f} s, ratio {t_many.s / t_few.s:.2f} (CPU {t_many.cpu / t_few.cpu:.2f}; target <= 1.2)")

    # 5. Eight logs, one or two processes.
    each = 250_000 // scale
    eight = [generated(f"eight-{each}-{n}", lambda p, n=n: write(each, p, seed=n)) for n in range(1, 9)]
    runs = dict(zip((1, 2), in_turns([([*ceasefire, "check", *map(str, eight), "-f", args.format, "--jobs", str(jobs)], None)
                                       for jobs in (1, 2)], max(repeat - 1, 1))))
    figures["jobs"] = {"logs": 8, "events": each, "jobs1_s": runs[1].s, "jobs2_s": runs[2].s, "ratio": runs[2].s / runs[1].s,
                       "jobs1_cpu": runs[1].cpu, "jobs2_cpu": runs[2].cpu}
    print(f"\n5. 8 logs of {each:,} events: --jobs 2 {runs[2].s:.2f} s vs --jobs 1 {runs[1].s:.2f} s,"
          f" ratio {runs[2].s / runs[1].s:.2f} (target <= 0.6 on two cores; CPU {runs[2].cpu:.2f} s vs {runs[1].cpu:.2f} s)")

    # 6. Start-up.
    example = ROOT / "examples" / "syria-2016-09.jsonl"
    bare = [sys.executable, "-c", "import click, attrs, transitions"]
    measure(bare, 1), check(example, times=1)  # bytecode compiled and cached before timing
    startup = max(repeat * 5, 10)
    imports, example_run = in_turns([(bare, None), ([*ceasefire, "check", str(example)], None)], startup)
    import_s, example_s = imports.s, example_run.s
    figures["startup"] = {"import_s": import_s, "example_s": example_s, "ratio": example_s / import_s,
                          "ratio_cpu": example_run.cpu / imports.cpu}
    print(f"\n6. start-up: the 10-line example {example_s * 1000:.0f} ms vs bare imports {import_s * 1000:.0f} ms,"
          f" ratio {example_s / import_s:.2f} (CPU {example_run.cpu / imports.cpu:.2f}; target <= 1.3)")

    # 7. Per-field instances.
    convoys_n = 1_000_000 // scale
    folder = args.data / f"convoys-{convoys_n}"
    folder.mkdir(exist_ok=True)
    busy, quiet = folder / "convoys.jsonl", folder / "calm.jsonl"
    life, once = folder / "lifecycle.jsonl", folder / "lifecycle-1.jsonl"
    if not all(p.exists() for p in (busy, quiet, life, once)):
        print(f"generating {folder} ...", file=sys.stderr)
        write_convoys(folder, convoys_n, 1000)
        write_lifecycle(folder, convoys_n, 1000)
        write_lifecycle(folder, convoys_n, 1000, trips=1)
    t_once, t_life, t_busy, t_quiet = together([once, life, busy, quiet], "-f", "jsonl")
    # "ratio" is the target's figure (1,000 instances, each living its lifecycle once); the busier logs are named for what they are
    figures["instances"] = {"events": convoys_n, "instances": 1000, "calm_s": t_quiet.s,
                            "ratio": t_once.s / t_quiet.s, "ratio_cpu": t_once.cpu / t_quiet.cpu, "one_trip_s": t_once.s,
                            "lifecycle_s": t_life.s, "lifecycle_ratio": t_life.s / t_quiet.s, "lifecycle_ratio_cpu": t_life.cpu / t_quiet.cpu,
                            "every_event_s": t_busy.s, "every_event_ratio": t_busy.s / t_quiet.s, "every_event_ratio_cpu": t_busy.cpu / t_quiet.cpu}
    print(f"\n7. {convoys_n:,} events, 1,000 convoys (one instance each) vs a breach-free log ({t_quiet.s:.2f} s;"
          f" target <= 1.5 for one trip each, the others not targets):"
          f"\n   one trip each: {t_once.s:.2f} s, ratio {t_once.s / t_quiet.s:.2f} (CPU {t_once.cpu / t_quiet.cpu:.2f})"
          f"\n   a trip a week each: {t_life.s:.2f} s, ratio {t_life.s / t_quiet.s:.2f} (CPU {t_life.cpu / t_quiet.cpu:.2f})"
          f"\n   every event moving one: {t_busy.s:.2f} s, ratio {t_busy.s / t_quiet.s:.2f} (CPU {t_busy.cpu / t_quiet.cpu:.2f})")

    figures["load_after"] = os.getloadavg()
    print(f"\nload average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    args.out.write_text(json.dumps(figures, indent=2) + "\n")
    print(f"\nfigures written to {args.out}")


if __name__ == "__main__":
    main()
