"""Measure ``ceasefire check`` against the cost of merely reading the log.

For generated Syria logs of 10k, 100k and 1M events it measures, each as a whole process:
the parse floor (a loop doing only ``json.loads`` and ``datetime.fromisoformat`` on each
line), ``ceasefire check`` (the installed command), and the peak memory (maximum resident
set) of both; and the start-up cost, checking the 10-line example against a bare
``python -c "import click, attrs, transitions"``. It prints a table with the ratios and
writes the figures to ``benchmarks/results.json``.

    python benchmarks/run.py                 # all sizes, best of 3
    python benchmarks/run.py --sizes 10000 100000 --repeat 1
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

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import write  # noqa: E402

FLOOR = """
import json, sys
from datetime import datetime
with open(sys.argv[1], "rb") as f:
    for line in f:
        value = json.loads(line)
        date = value.get("date")
        if date:
            datetime.fromisoformat(date)
"""


def measure(argv: list[str], repeat: int, env: dict[str, str] | None = None) -> tuple[float, float]:
    """Best wall time (s) and peak RSS (MB) of running ``argv`` ``repeat`` times, output discarded."""
    best_time, best_rss = float("inf"), float("inf")
    for _ in range(repeat):
        began = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, **(env or {})})
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - began
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            raise SystemExit(f"{' '.join(argv)} exited {code}: {proc.stderr.read().decode()}")
        best_time = min(best_time, elapsed)
        best_rss = min(best_rss, usage.ru_maxrss / 1024)
    return best_time, best_rss


def command() -> list[str]:
    """The installed ``ceasefire`` command beside this interpreter, or on PATH."""
    beside = Path(sys.executable).with_name("ceasefire")
    found = str(beside) if beside.exists() else shutil.which("ceasefire")
    if not found:
        raise SystemExit("ceasefire is not installed: pip install . first")
    return [found]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--format", default="json", help="ceasefire output format to time (default json)")
    parser.add_argument("--data", type=Path, default=HERE / "data")
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    args = parser.parse_args()
    args.data.mkdir(parents=True, exist_ok=True)
    ceasefire = command()
    fast = subprocess.run([sys.executable, "-c", "import orjson"], capture_output=True).returncode == 0

    def generated(size: int, suffix: str = "", breach_share: float = 0.01) -> Path:
        log = args.data / f"syria-{size}{suffix}.jsonl"
        if not log.exists():
            print(f"generating {log} ...", file=sys.stderr)
            write(size, str(log), breach_share=breach_share)
        return log

    rows = []
    for size in args.sizes:
        log = generated(size)
        floor_s, floor_mb = measure([sys.executable, "-c", FLOOR, str(log)], args.repeat)
        check_s, check_mb = measure([*ceasefire, "check", str(log), "--format", args.format], args.repeat)
        row = {"events": size, "floor_s": floor_s, "floor_mb": floor_mb, "check_s": check_s, "check_mb": check_mb}
        if fast:  # the same check with the standard library's decoder, for comparison
            row["stdlib_s"], row["stdlib_mb"] = measure(
                [*ceasefire, "check", str(log), "--format", args.format], args.repeat, {"CEASEFIRE_JSON": "stdlib"}
            )
        rows.append(row)

    # The same sizes with no breach at all: the engine's own memory, without the breaches a report keeps.
    calm = {}
    for size in (min(args.sizes), max(args.sizes)):
        log = generated(size, "-calm", breach_share=0.0)
        calm[size] = measure([*ceasefire, "check", str(log), "--format", args.format], 1)[1]

    # Every event a breach, streamed with --format jsonl: memory must not grow with them.
    stormy = {}
    for size in (min(args.sizes), max(args.sizes)):
        log = generated(size, "-all-breaches", breach_share=1.0)
        stormy[size] = measure([*ceasefire, "check", str(log), "--format", "jsonl"], 1)

    example = ROOT / "examples" / "syria-2016-09.jsonl"
    startup = max(args.repeat, 5)
    import_s, _ = measure([sys.executable, "-c", "import click, attrs, transitions"], startup)
    example_s, example_mb = measure([*ceasefire, "check", str(example)], startup)

    print(f"JSON decoder: {'orjson (the fast extra)' if fast else 'standard library'}")
    print(f"{'events':>10} {'floor s':>9} {'check s':>9} {'ratio':>6} {'floor MB':>9} {'check MB':>9}"
          + (f" {'stdlib s':>9} {'ratio':>6}" if fast else ""))
    for r in rows:
        line = (f"{r['events']:>10,} {r['floor_s']:>9.2f} {r['check_s']:>9.2f} {r['check_s'] / r['floor_s']:>6.2f}"
                f" {r['floor_mb']:>9.1f} {r['check_mb']:>9.1f}")
        if fast:
            line += f" {r['stdlib_s']:>9.2f} {r['stdlib_s'] / r['floor_s']:>6.2f}"
        print(line)
    by_size = {r["events"]: r for r in rows}
    figures = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}",
        "format": args.format,
        "decoder": "orjson" if fast else "stdlib",
        "rows": rows,
        "startup": {"import_s": import_s, "example_s": example_s, "ratio": example_s / import_s, "example_mb": example_mb},
    }
    print(f"\nstart-up: 10-line example {example_s * 1000:.0f} ms vs bare imports {import_s * 1000:.0f} ms"
          f" (ratio {example_s / import_s:.2f})")
    if 1_000_000 in by_size:
        big = by_size[1_000_000]
        figures["ratio_1m_vs_floor"] = big["check_s"] / big["floor_s"]
        print(f"1M events: check / parse floor = {figures['ratio_1m_vs_floor']:.2f}")
        if 10_000 in by_size:
            figures["memory_1m_minus_10k_mb"] = big["check_mb"] - by_size[10_000]["check_mb"]
            print(f"peak memory, 1M minus 10k events: {figures['memory_1m_minus_10k_mb']:+.1f} MB")
        if 100_000 in by_size:
            figures["time_1m_over_100k"] = big["check_s"] / by_size[100_000]["check_s"]
            print(f"time, 1M / 100k events: {figures['time_1m_over_100k']:.2f}")
    small, large = min(args.sizes), max(args.sizes)
    figures["calm_memory_mb"] = {str(small): calm[small], str(large): calm[large]}
    print(f"peak memory with no breach in the log: {small:,} events {calm[small]:.1f} MB,"
          f" {large:,} events {calm[large]:.1f} MB ({calm[large] - calm[small]:+.1f} MB)")
    figures["all_breaches_jsonl"] = {str(n): {"check_s": t, "check_mb": mb} for n, (t, mb) in stormy.items()}
    print(f"every event a breach, --format jsonl: {small:,} events {stormy[small][1]:.1f} MB,"
          f" {large:,} events {stormy[large][1]:.1f} MB ({stormy[large][1] - stormy[small][1]:+.1f} MB,"
          f" {stormy[large][0]:.1f} s)")
    args.out.write_text(json.dumps(figures, indent=2) + "\n")
    print(f"\nfigures written to {args.out}")


if __name__ == "__main__":
    main()
