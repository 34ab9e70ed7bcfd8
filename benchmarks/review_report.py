"""Benchmark: the province review report (forms 1–6 as .xlsx, and the HTML page) over 500,000 households.

    .venv/bin/python benchmarks/review_report.py                    # SQLite file in a temporary directory
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/giamngheo_bench .venv/bin/python benchmarks/review_report.py
    options: --households 500000 --communes 60 --villages 12 --requests 10

Reuses the dashboard benchmark's generator (one province, today's communes each succeeding one former commune,
one assessment per household and year, 2024 on the former communes and 2025 on today's). On PostgreSQL it works
in a scratch database named after DATABASE_URL with the suffix "_review", dropped and created again. Timed:
`year_facts_refresh(year=2025)` for the whole province (done once after an import or a decision, not per
report), then `--requests` GETs of the province report as .xlsx and as a page through Django's test client
(server time, no network): median, 95th percentile, maximum and SQL queries.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--households", type=int, default=500_000)
    parser.add_argument("--communes", type=int, default=60)
    parser.add_argument("--villages", type=int, default=12)
    parser.add_argument("--requests", type=int, default=10)
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    os.environ["GIAMNGHEO_DATA_DIR"] = tempfile.mkdtemp(prefix="bench-review-")
    if url.startswith("postgres"):
        url = f"{url}_review"
        _fresh_postgres(url)
        os.environ["DATABASE_URL"] = url
    os.environ.setdefault("GIAMNGHEO_DEBUG", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings_test"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    from dashboard_data import households_create, units_create

    print(f"# Review report benchmark — {connection.vendor}, {args.households:,} households, "
          f"{args.communes} communes × {args.villages} villages, years 2024–2025")
    started = time.perf_counter()
    with transaction.atomic():
        province_id, leaves = units_create(communes=args.communes, villages=args.villages)
        assessments = households_create(leaves=leaves, households=args.households, years=[2024, 2025])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"data generated: {assessments:,} assessments in {time.perf_counter() - started:.1f} s (not measured)\n")

    from giamngheo.review.services.facts import year_facts_refresh

    started, cpu = time.perf_counter(), time.process_time()
    written = year_facts_refresh(year=2025)
    refresh, refresh_cpu = time.perf_counter() - started, time.process_time() - cpu
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE review_yearfact")
    print(f"| step | wall s | CPU s (this process) |\n|---|---:|---:|\n"
          f"| year_facts_refresh(2025): {written:,} rows | {refresh:.1f} | {refresh_cpu:.1f} |\n")

    from django.test import Client

    from giamngheo.accounts.models import User

    user = User.objects.create_superuser(username="bench", password="x" * 12, email="bench@example.gov.vn")
    client = Client()
    client.force_login(user)
    pages = [("province report (.xlsx, 9 sheets)", f"/ra-soat/bao-cao/{province_id}/2025.xlsx"),
             ("province report page", f"/ra-soat/bao-cao/{province_id}/2025/")]
    print("| request | median ms | p95 ms | max ms | CPU ms (median) | SQL queries |\n|---|---:|---:|---:|---:|---:|")
    for label, path in pages:
        assert client.get(path).status_code == 200, path
        connection.force_debug_cursor = True
        client.get(path)
        queries = len(connection.queries)
        connection.force_debug_cursor = False
        times, cpus = [], []
        for _ in range(args.requests):
            t, c = time.perf_counter(), time.process_time()
            response = client.get(path)
            times.append((time.perf_counter() - t) * 1000)
            cpus.append((time.process_time() - c) * 1000)
            assert response.status_code == 200
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        print(f"| {label} | {statistics.median(times):.0f} | {p95:.0f} | {times[-1]:.0f} | "
              f"{statistics.median(cpus):.0f} | {queries} |")


def _fresh_postgres(url: str) -> None:
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    main()
