"""Run a fuzz harness for a while: ``python -m tests.fuzz reader|packs [--minutes N]``.

Each round runs the harness's hypothesis test with fresh random examples; the first failure
is printed, with the smallest input hypothesis found, and ends the run with exit 1.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback


def main() -> int:
    """Parse the arguments and fuzz until the time is up or something fails."""
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz")
    parser.add_argument("target", choices=["reader", "packs"])
    parser.add_argument("--minutes", type=float, default=10.0)
    args = parser.parse_args()
    if args.target == "reader":
        from .fuzz_reader import fuzz
    else:
        from .fuzz_packs import fuzz
    end, rounds = time.monotonic() + 60 * args.minutes, 0
    while time.monotonic() < end:
        try:
            fuzz()
        except Exception:
            traceback.print_exc()
            print(f"fuzz {args.target}: FAILED after {rounds} rounds", flush=True)
            return 1
        rounds += 1
        print(f"fuzz {args.target}: round {rounds} passed ({fuzz.hypothesis.inner_test.__name__})", flush=True)
    print(f"fuzz {args.target}: {rounds} rounds, nothing found", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
