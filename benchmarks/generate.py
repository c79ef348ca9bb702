"""Generate a realistic event log for the bundled Syria agreement.

Mostly attacks and statements, some aid and declarations, about 1% of events breaching,
spread over years from September 2016. The same size and seed give the same file.

    python benchmarks/generate.py 100000 benchmarks/data/100k.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
from datetime import datetime, timedelta, timezone

START = datetime(2016, 9, 12, 19, tzinfo=timezone(timedelta(hours=3)))
PARTIES = ["sy-gov", "ru", "us-coalition", "opposition"]
DESIGNATED = ["isil", "nusra"]
PLACES = ["Aleppo", "Idlib", "Deir ez-Zor", "Homs", "Hama", "Daraa", "Raqqa", "Douma", "Palmyra", "al-Bab"]
ATTACKS = ["attack.airstrike", "attack.shelling", "attack.ground", "attack.barrel_bomb", "attack.drone"]


def events(count: int, seed: int = 2016, breach_share: float = 0.01, distinct_types: int = 0):
    """Yield ``count`` event objects in date order.

    With ``distinct_types``, each attack's type is one of that many names (``attack.k000042``,
    in turn), all accepted by the pack's ``attack.*``; the verdicts are those of the same log
    with the usual five types.
    """
    rng = random.Random(seed)
    attacks = 0
    span = timedelta(days=3 * 365)
    step = span / max(count, 1)
    for i in range(count):
        when = START + step * i
        roll = rng.random()
        place = rng.choice(PLACES)
        if roll < breach_share:  # an attack by a party on a protected side: a breach
            actor = rng.choice(PARTIES)
            target = rng.choice([p for p in PARTIES if p != actor])
            event = {"type": rng.choice(ATTACKS), "actor": actor, "target": target, "casualties": rng.choice([0, 1, 2, 3, 5, 8, 12, 30, 60])}
        elif roll < 0.45:  # attacks on or by designated groups: not breaches
            if rng.random() < 0.5:
                event = {"type": rng.choice(ATTACKS), "actor": rng.choice(PARTIES), "target": rng.choice(DESIGNATED)}
            else:
                event = {"type": rng.choice(ATTACKS), "actor": rng.choice(DESIGNATED), "target": rng.choice(PARTIES)}
            event["casualties"] = rng.randint(0, 40)
        elif roll < 0.80:
            event = {"type": "statement", "actor": rng.choice(PARTIES + ["un"])}
        elif roll < 0.95:
            event = {"type": "accusation", "actor": rng.choice(PARTIES), "target": rng.choice(PARTIES)}
        elif roll < 0.985:
            event = {"type": rng.choice(["aid.passage_guaranteed", "aid.convoy_dispatched", "aid.delivered"]), "actor": "un"}
        else:
            event = {"type": rng.choice(["meeting", "declaration.extension"]), "actor": rng.choice(PARTIES)}
        if distinct_types and event["type"].startswith("attack."):
            event["type"] = f"attack.k{attacks % distinct_types:06d}"
            attacks += 1
        event = {"id": f"ev-{i:07d}", "date": when.isoformat(timespec="seconds"), **event, "location": place,
                 "source": "generated for benchmarking"}
        yield event


def write(count: int, path: str, seed: int = 2016, breach_share: float = 0.01, distinct_types: int = 0) -> None:
    """Write a log of ``count`` events, with the agreement header, to ``path``."""
    with open(path, "w", encoding="utf-8") as out:
        out.write(json.dumps({"agreement": "syria-2016"}) + "\n")
        for event in events(count, seed, breach_share, distinct_types):
            out.write(json.dumps(event) + "\n")


def write_pair(count: int, path: str, breach: bool) -> None:
    """A log of ``count`` airstrikes by sy-gov, a minute apart: on opposition (each a breach) or on isil (none is).

    The two logs differ only in each event's target, so their difference in time is what a
    breach costs beyond a calm event.
    """
    target = "opposition" if breach else "isil"
    with open(path, "w", encoding="utf-8") as out:
        out.write(json.dumps({"agreement": "syria-2016"}) + "\n")
        for i in range(count):
            when = START + timedelta(hours=1, minutes=i)
            out.write(json.dumps({"id": f"ev-{i:07d}", "date": when.isoformat(timespec="seconds"), "type": "attack.airstrike",
                                  "actor": "sy-gov", "target": target, "casualties": i % 7, "location": "Aleppo"}) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("path")
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--breach-share", type=float, default=0.01, help="share of events that breach (default 0.01)")
    parser.add_argument("--distinct-types", type=int, default=0, help="attack types drawn from this many distinct names")
    args = parser.parse_args()
    write(args.count, args.path, args.seed, args.breach_share, args.distinct_types)


if __name__ == "__main__":
    main()
