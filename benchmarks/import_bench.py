"""Measure ``ceasefire import acled`` against the cost of merely reading the file with ``csv``.

Generates ACLED exports of N rows (default 1,000,000) for the Hodeidah agreement, newest first
as ACLED's export tool writes them, in two shapes: a Yemen export (every row in Yemen, about
three quarters of them imported, the rest in another governorate or of an excluded type) and
a regional export (one row in ten in Yemen, the others in other countries). For each it
times, in fresh processes and best of ``--repeat``: a loop doing only ``csv.reader`` over the
file (the floor), and the import (``run_import`` writing the sorted log to a file, interpreter
start and the pack's loading included). It prints both, their ratio (the target is at most 2x)
in wall time and in CPU time (user and system: the steadier figure on a shared machine), and
each process's peak memory (maximum resident set), for N/10 and N rows, to show that memory
does not grow with the file. The import does not read plain lines through csv.reader (see
ceasefire.sources.csvfast): the floor is the csv module's, not the import's own reading.

    python benchmarks/import_bench.py                  # 1,000,000 rows
    python benchmarks/import_bench.py --rows 200000 --repeat 1 --shape "Yemen export"
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

HEADER = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,"
    "inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,"
    "location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp"
).split(",")
HOUTHI = "Military Forces of Yemen (2016-) Supreme Political Council"
KINDS = [
    ("Battles", "Armed clash", HOUTHI, "Military Forces of Yemen (2012-)"),
    ("Battles", "Armed clash", "Giants Brigade", "Military Forces of Yemen (2017-) Houthi"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", HOUTHI, "Military Forces of Yemen (2012-) Tihami Elite Forces"),
    ("Explosions/Remote violence", "Air/drone strike", "Operation Restoring Hope", HOUTHI),
    ("Violence against civilians", "Attack", "Unidentified Armed Group (Yemen)", "Civilians (Yemen)"),
    ("Protests", "Peaceful protest", "Protesters (Yemen)", ""),
]
PLACES = [("Yemen", "Al Hudaydah", "Al Hali", "Al Hudaydah", "14.7978", "42.9545")] * 8 + [
    ("Yemen", "Al Hudaydah", "Ad Durayhimi", "Ad Durayhimi", "14.4306", "43.3306"),
    ("Yemen", "Taizz", "Maqbanah", "Maqbanah", "13.5000", "43.6000"),
]
ABROAD = [
    ("Syria", "Aleppo", "Jebel Saman", "Aleppo", "36.2021", "37.1343"),
    ("Iraq", "Ninewa", "Mosul", "Mosul", "36.3350", "43.1189"),
    ("Saudi Arabia", "Jizan", "Al Khubah", "Al Khubah", "16.9833", "43.2333"),
]
SHAPES = {"Yemen export": 1.0, "regional export": 0.1}


def generate(path: Path, rows: int, in_yemen: float = 1.0, seed: int = 15) -> None:
    """Write an ACLED CSV export of ``rows`` events, newest first, ``in_yemen`` of them in Yemen."""
    rnd = random.Random(seed)
    first = date(2018, 12, 13)
    with open(path, "w", encoding="utf-8", newline="") as stream:
        out = csv.writer(stream)
        out.writerow(HEADER)
        for i in range(rows):
            day = first + timedelta(days=(rows - i) * 730 // rows)
            event_type, sub, actor1, actor2 = rnd.choice(KINDS)
            country, admin1, admin2, location, lat, lon = rnd.choice(PLACES if rnd.random() < in_yemen else ABROAD)
            killed = rnd.choice((0, 0, 0, 1, 2, 3, 5, 12))
            out.writerow([
                f"YEM{100000 + i}", day.strftime("%d %B %Y"), str(day.year), rnd.choice("1112"), "Political violence",
                event_type, sub, actor1, "", "State forces", actor2, "", "State forces", "State forces-State forces", "",
                "887", "Middle East", country, admin1, admin2, "", location, lat, lon, "1",
                "Al Masdar Online; Saba News Agency", "National",
                f'On {day:%d %B %Y}, {actor1} and {actor2 or "residents"} were reported in {location} ({admin2}, {admin1}), '
                f'"{sub.lower()}"; {killed} fatalities coded to this event, according to local sources.',
                str(killed), "", str(1546300000 + i),
            ])


READ = """
import csv, sys
with open(sys.argv[1], encoding="utf-8", newline="") as f:
    n = sum(1 for _ in csv.reader(f))
"""

IMPORT = """
import sys
from ceasefire import load_agreement
from ceasefire.importer import run_import
result = run_import("acled", [sys.argv[1]], load_agreement("hodeidah-2018"), sys.argv[2])
print(result.fates.describe(), file=sys.stderr, end="")
"""


def measure(code: str, *args: str) -> tuple[float, float, int]:
    """Run ``code`` in a fresh Python; return its wall time, its CPU time (user and system) and
    its peak resident memory (bytes)."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", code, *args], cwd=ROOT, stderr=subprocess.PIPE, text=True)
    report = process.stderr.read() if process.stderr else ""
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        sys.exit(f"failed: {report}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows in the generated file (default 1,000,000)")
    parser.add_argument("--repeat", type=int, default=1, help="best of this many runs (default 1)")
    parser.add_argument("--shape", choices=list(SHAPES), action="append",
                        help="only this export (repeatable; default: all)")
    args = parser.parse_args()
    print(f"{'':16} {'rows':>9}  {'csv.reader':>10}  {'import':>8}  {'ratio':>5}  {'cpu ratio':>9}  peak memory (csv / import)")
    with tempfile.TemporaryDirectory(prefix="ceasefire-bench-") as folder:
        for shape, in_yemen in SHAPES.items():
            if args.shape and shape not in args.shape:
                continue
            for rows in (max(args.rows // 10, 1), args.rows):
                source, log = Path(folder, "acled.csv"), Path(folder, "log.jsonl")
                generate(source, rows, in_yemen)
                read = min(measure(READ, str(source)) for _ in range(args.repeat))
                done = min(measure(IMPORT, str(source), str(log)) for _ in range(args.repeat))
                print(f"{shape:16} {rows:>9,}  {read[0]:>8.2f} s  {done[0]:>6.2f} s  {done[0] / read[0]:>4.2f}x  "
                      f"{done[1] / read[1]:>8.2f}x  {read[2] / 1e6:,.0f} MB / {done[2] / 1e6:,.0f} MB")
                source.unlink()
                log.unlink()


if __name__ == "__main__":
    main()
