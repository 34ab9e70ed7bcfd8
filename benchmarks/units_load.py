"""Benchmark: load every administrative unit of Vietnam (both eras) and the 2025 crosswalk into an empty database.

    .venv/bin/python benchmarks/units_load.py                      # SQLite, in a temporary directory
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/giamngheo_bench .venv/bin/python benchmarks/units_load.py

On PostgreSQL the script works in a scratch database named after the one in DATABASE_URL with the suffix
"_units" (giamngheo_bench_units), dropped and created again for each measured load, so it never touches data
that another benchmark keeps in giamngheo_bench. Each load runs in a fresh child process, so the peak
resident memory reported is that of one load (Django and the package data included). Reported per run:
wall and CPU time of the first load into an empty database, of a second load (the no-op check), the peak resident
set size of the process and the peak of Python allocations during the first load (tracemalloc, measured in
a separate run because tracing slows the load down).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def scratch_url(url: str) -> str:
    return f"{url}_units" if url.startswith("postgres") else url


def fresh_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def child(trace: bool) -> dict[str, float]:
    """Migrate an empty database, then load twice; return the figures (runs inside a fresh process)."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from giamngheo.geo.services import units_load

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if trace:
        import tracemalloc

        tracemalloc.start()
    started, cpu = time.perf_counter(), time.process_time()
    report = units_load()
    first = time.perf_counter() - started
    figures: dict[str, float] = {
        "first_s": first, "first_cpu_s": time.process_time() - cpu, "rss_before_mb": rss_before / 1024,
    }
    if trace:
        figures["python_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    figures["rss_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    again = units_load()
    figures["second_s"] = time.perf_counter() - started
    figures["units"] = sum(v for k, v in report.created.items() if k != "succession")
    figures["successions"] = report.created["succession"]
    figures["second_created"] = sum(again.created.values())
    return figures


def run(url: str, *, trace: bool) -> dict[str, float]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "GIAMNGHEO_DEBUG": "1"}
    with tempfile.TemporaryDirectory(prefix="giamngheo-units-") as data_dir:
        if url:
            env["DATABASE_URL"] = url
            fresh_database(url)
        else:
            env.pop("DATABASE_URL", None)
            env["GIAMNGHEO_DATA_DIR"] = data_dir
        args = [sys.executable, __file__, "--child", *(["--trace"] if trace else [])]
        output = subprocess.run(args, env=env, check=True, capture_output=True, text=True, cwd=ROOT).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed loads (each into an empty database)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        print(json.dumps(child(options.trace)))
        return
    url = scratch_url(os.environ.get("DATABASE_URL", ""))
    backend = "PostgreSQL" if url.startswith("postgres") else "SQLite (file, WAL)"
    runs = [run(url, trace=False) for _ in range(options.repeat)]
    traced = run(url, trace=True)
    first = sorted(r["first_s"] for r in runs)
    print(f"{backend}: {int(runs[0]['units'])} units, {int(runs[0]['successions'])} successions")
    print(f"  first load into an empty database: median {first[len(first) // 2]:.2f} s "
          f"(min {first[0]:.2f}, max {first[-1]:.2f}, {len(first)} runs)")
    cpu = sorted(r["first_cpu_s"] for r in runs)
    print(f"  CPU time of this process in the first load: median {cpu[len(cpu) // 2]:.2f} s "
          f"(the rest of the wall time is the database server, disk, and other processes on the machine)")
    print(f"  load average when done: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"  second load (nothing to do): median {sorted(r['second_s'] for r in runs)[len(runs) // 2]:.2f} s, "
          f"created {int(max(r['second_created'] for r in runs))}")
    print(f"  peak RSS of the process: {max(r['rss_peak_mb'] for r in runs):.0f} MB "
          f"(after Django start-up and migrate: {max(r['rss_before_mb'] for r in runs):.0f} MB)")
    print(f"  peak Python allocations during the load (tracemalloc): {traced['python_peak_mb']:.0f} MB")


if __name__ == "__main__":
    main()
