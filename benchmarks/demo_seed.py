"""Benchmark: generate and write the demo's synthetic population, phase by phase.

    .venv/bin/python benchmarks/demo_seed.py --households 40000 [--seed 2021] [--repeat 1]

Uses a fresh SQLite database in a temporary directory (or DATABASE_URL, which must be a scratch database),
migrates it, loads the administrative units of Hà Tĩnh only, then times: the pure generation, the writes
(villages, households, members, results) in one transaction, the dashboards' aggregate refresh, and a second
`population_seed` call with the same arguments (which must find the population and write nothing).
Prints wall-clock and CPU seconds per phase; CPU seconds are what to compare on a busy machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("GIAMNGHEO_DEBUG", "1")


@contextmanager
def phase(name: str, results: dict[str, tuple[float, float]]):  # type: ignore[no-untyped-def]
    wall, cpu = time.perf_counter(), time.process_time()
    yield
    results[name] = (time.perf_counter() - wall, time.process_time() - cpu)
    print(f"{name:<34} {results[name][0]:7.2f} s wall {results[name][1]:7.2f} s CPU", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=40_000)
    parser.add_argument("--seed", type=int, default=2021)
    args = parser.parse_args()
    scratch = None
    if not os.environ.get("DATABASE_URL"):
        scratch = tempfile.mkdtemp(prefix="giamngheo-bench-demo-")
        os.environ["GIAMNGHEO_DATA_DIR"] = scratch
    import django

    django.setup()
    from django.core.management import call_command

    from giamngheo.dashboards.services import aggregates_refresh
    from giamngheo.demo import seeding
    from giamngheo.demo.population import population_generate
    from giamngheo.geo.services import units_load

    results: dict[str, tuple[float, float]] = {}
    with phase("migrate", results):
        call_command("migrate", interactive=False, verbosity=0)
    with phase("units_load (Hà Tĩnh)", results):
        units_load(provinces=["42"])
    with phase("generate (pure)", results), seeding._collector_paused():
        population = population_generate(households=args.households, seed=args.seed)
    with phase("digest of the generated rows", results):
        digest = population.digest()
    del population
    with phase("population_seed (generate + write)", results):
        first = seeding.population_seed(households=args.households, seed=args.seed, progress=lambda _m: None)
    with phase("aggregates_refresh (dashboards)", results):
        aggregates_refresh()
    with phase("population_seed, same arguments", results):
        again = seeding.population_seed(households=args.households, seed=args.seed, progress=lambda _m: None)
    rows = args.households + first.members + first.assessments
    write = results["population_seed (generate + write)"][0] - results["generate (pure)"][0]
    print(f"rows: {rows:,} ({args.households:,} households, {first.members:,} members, {first.assessments:,} "
          f"results); writing ≈ {write:.1f} s ({rows / max(write, 0.001):,.0f} rows/s); digest {digest[:16]}")
    print(f"second call kept the population and wrote nothing: {again.kept}")
    if scratch:
        shutil.rmtree(scratch, ignore_errors=True)

if __name__ == "__main__":
    main()
