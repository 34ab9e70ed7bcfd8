"""Benchmark: recompute the entitlements of a whole province.

    .venv/bin/python benchmarks/entitlements.py --households 500000

Uses a fresh SQLite database in a temporary directory (or DATABASE_URL, which must be a scratch database),
migrates it (the catalogue of 15 policies is seeded by migration), writes the synthetic population of
``entitlements_data.py``, then times ``entitlements_recompute()``: once for the current entitlements only
and once for both scenarios (current and the 2027–2030 projection), which is what the demo and the review
call. Prints wall-clock and CPU seconds, rows written and the number of distinct reduced fact sets.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("GIAMNGHEO_DEBUG", "1")


def timed(label: str, work):  # type: ignore[no-untyped-def]
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    print(f"{label:<46} {time.perf_counter() - wall:7.2f} s wall {time.process_time() - cpu:7.2f} s CPU", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=500_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        os.environ["GIAMNGHEO_DATA_DIR"] = tempfile.mkdtemp(prefix="giamngheo-bench-entitlements-")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from entitlements_data import population_write

    from giamngheo.policies.models import Entitlement
    from giamngheo.policies.services import entitlements_recompute

    print(f"database: {connection.vendor}", flush=True)
    timed("migrate", lambda: call_command("migrate", interactive=False, verbosity=0))
    sizes = timed(f"write {args.households:,} households", lambda: population_write(args.households, seed=args.seed))
    print(f"members: {sizes['members']:,}", flush=True)
    for label, scenarios in (("recompute, current only", ("current",)),
                             ("recompute, current + 2027-2030", ("current", "2027-2030")),
                             ("recompute again (replaces rows)", ("current", "2027-2030"))):
        report = timed(label, lambda s=scenarios: entitlements_recompute(scenarios=s))
        print(f"  households {report.households:,}, entitlements {report.entitlements:,}, "
              f"distinct fact sets {report.distinct_fact_sets:,}", flush=True)
    print(f"rows stored: {Entitlement.objects.count():,}", flush=True)


if __name__ == "__main__":
    main()
