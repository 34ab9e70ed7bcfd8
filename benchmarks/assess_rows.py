"""Benchmark: the pure row-wise `assess` function, households per second in one process.

    .venv/bin/python benchmarks/assess_rows.py --households 200000 --repeat 5

Builds the facts first (not timed), then times ``assess`` over all of them; prints the best of
``--repeat`` runs per standard.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from giamngheo.domain.assess import assess
from giamngheo.domain.facts import HouseholdFacts
from giamngheo.domain.standard import standards_all


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(2026)
    indicators = sorted({i for s in standards_all() for i in s.indicator_ids})
    facts = [HouseholdFacts(rng.choice(("rural", "urban")), rng.randint(1, 8), rng.randrange(4_000_000),
                            frozenset(i for i in indicators if rng.random() < 0.15))
             for _ in range(args.households)]
    # CPU time too: on a shared machine the wall clock also counts time other processes held the core.
    print(f"| standard | households/s, wall (best of {args.repeat}) | households per CPU-second |")
    print("|---|---:|---:|")
    for standard in standards_all():
        best_wall = best_cpu = float("inf")
        for _ in range(args.repeat):
            wall, cpu = time.perf_counter(), time.process_time()
            for household in facts:
                assess(household, standard)
            best_wall = min(best_wall, time.perf_counter() - wall)
            best_cpu = min(best_cpu, time.process_time() - cpu)
        print(f"| {standard.id} | {args.households / best_wall:,.0f} | {args.households / best_cpu:,.0f} |")
    with open("/proc/loadavg") as handle:
        print(f"\nload average while measuring: {handle.read().split()[0]} (2 cores)")


if __name__ == "__main__":
    main()
