"""Benchmark: recompute the entitlements of a whole province.

    .venv/bin/python benchmarks/entitlements.py --households 500000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/giamngheo_ent_bench .venv/bin/python benchmarks/entitlements.py

Uses a fresh SQLite database in a temporary directory (or DATABASE_URL, which must be a scratch database: its
households are added to, its entitlements deleted), migrates it (the catalogue of 15 policies is seeded by
migration), writes the synthetic population of ``entitlements_data.py``, then times ``entitlements_recompute()``
on an empty entitlement table: once for the current entitlements only, once for both scenarios (current and the
2027–2030 projection, what the demo and the review call); then ``--repeat`` times again with nothing changed
(a re-run writes nothing). Prints wall-clock and CPU seconds (on PostgreSQL also the server process's CPU), the
load average before and after each run, rows written and removed and the number of distinct reduced fact sets.
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


def server_cpu() -> float | None:
    """CPU seconds used so far by this connection's PostgreSQL server process (same machine only)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def load() -> str:
    return "/".join(f"{v:.1f}" for v in os.getloadavg())


def timed(label: str, work):  # type: ignore[no-untyped-def]
    before_load, server = load(), server_cpu()
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    extra = f" + {server_cpu() - server:6.2f} s server CPU" if server is not None else ""
    print(f"{label:<46} {wall:7.2f} s wall {cpu:7.2f} s CPU{extra}   load {before_load} → {load()}", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=500_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=1, help="re-runs with nothing changed (default 1)")
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
    runs = [("recompute, current only", ("current",), True),
            ("recompute, current + 2027-2030", ("current", "2027-2030"), True)]
    runs += [(f"again, nothing changed ({n + 1})", ("current", "2027-2030"), False) for n in range(args.repeat)]
    for label, scenarios, empty in runs:
        if empty:
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {Entitlement._meta.db_table}")
            label += " (empty table)"
        report = timed(label, lambda s=scenarios: entitlements_recompute(scenarios=s))
        print(f"  households {report.households:,}, entitlements {report.entitlements:,}, written "
              f"{report.written:,}, removed {report.removed:,}, distinct fact sets {report.distinct_fact_sets:,}",
              flush=True)
    print(f"rows stored: {Entitlement.objects.count():,}", flush=True)


if __name__ == "__main__":
    main()
