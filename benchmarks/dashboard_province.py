"""Benchmark: the province dashboard over 500,000 households and six review years, read from stored aggregates.

    .venv/bin/python benchmarks/dashboard_province.py                   # SQLite file in a temporary directory
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/giamngheo_bench .venv/bin/python benchmarks/dashboard_province.py
    options: --households 500000 --years 2020-2025 --communes 60 --villages 12 --requests 30

On PostgreSQL it works in a scratch database named after the one in DATABASE_URL with the suffix "_dashboard",
dropped and created again. Steps, each timed: generate the data (not part of the figures), a full
`aggregates_refresh()`, a partial refresh of one commune for the last year (what an import triggers), then
`--requests` GETs of each page through Django's test client (server time: middleware, view, queries, template;
no network), reporting the median, 95th percentile and maximum, and the number of SQL queries per page.
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
    parser.add_argument("--years", default="2020-2025")
    parser.add_argument("--communes", type=int, default=60)
    parser.add_argument("--villages", type=int, default=12)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--data-dir", help="SQLite: keep the database in this directory (default: a new temporary one)")
    parser.add_argument("--pages-only", action="store_true",
                        help="reuse the data and aggregates of an earlier run (its scratch database or --data-dir)")
    args = parser.parse_args()
    first, last = (int(y) for y in args.years.split("-"))
    years = list(range(first, last + 1))

    url = os.environ.get("DATABASE_URL", "")
    workdir = args.data_dir or tempfile.mkdtemp(prefix="bench-dashboard-")
    if args.pages_only and not (url.startswith("postgres") or args.data_dir):
        parser.error("--pages-only needs --data-dir on SQLite")
    if url.startswith("postgres"):
        url = f"{url}_dashboard"
        if not args.pages_only:
            _fresh_postgres(url)
        os.environ["DATABASE_URL"] = url
    os.environ["GIAMNGHEO_DATA_DIR"] = workdir
    # Production settings (DEBUG off: cached templates, no debug cursor), served over plain HTTP here.
    os.environ["GIAMNGHEO_DEBUG"] = "0"
    os.environ.setdefault("GIAMNGHEO_SECRET_KEY", "benchmark-only-" + "k" * 40)
    os.environ["GIAMNGHEO_SSL_REDIRECT"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    from dashboard_data import households_create, units_create

    if args.pages_only:
        _pages(years)
        return
    print(f"# Dashboard benchmark — {connection.vendor}, {args.households:,} households × {len(years)} years, "
          f"{args.communes} communes × {args.villages} villages (data in {workdir})")
    started = time.perf_counter()
    with transaction.atomic():
        _province, leaves = units_create(communes=args.communes, villages=args.villages)
        assessments = households_create(leaves=leaves, households=args.households, years=years)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"data generated: {assessments:,} assessments in {time.perf_counter() - started:.1f} s (not measured)\n")

    from giamngheo.dashboards.services import aggregates_refresh

    full = _timed(lambda: aggregates_refresh())
    partial = _timed(lambda: aggregates_refresh(years=[last], unit_ids=[leaves[0][3]]))
    print("| refresh | seconds |\n|---|---:|")
    print(f"| full: every unit, {len(years)} years ({assessments:,} assessments) | {full:.2f} |")
    print(f"| partial: one commune, year {last} (after an import) | {partial:.2f} |\n")
    _pages(years, requests=args.requests)


def _pages(years: list[int], *, requests: int = 30) -> None:
    from django.db import connection
    from django.test import Client

    from giamngheo.accounts.models import User
    from giamngheo.geo.models import AdminUnit

    first = years[0]
    province_id = AdminUnit.objects.get(level="province", code="90").id
    commune_id = AdminUnit.objects.filter(level="commune", code="90000").values_list("id", flat=True).get()
    village_id = AdminUnit.objects.filter(parent_id=commune_id).order_by("code").values_list("id", flat=True)[0]
    user = User.objects.filter(username="bench").first() or User.objects.create_superuser(
        username="bench", password="x" * 12, email="bench@example.gov.vn"
    )

    client = Client()
    client.force_login(user)
    public = Client()
    pages = [
        ("province dashboard", client, f"/bang-theo-doi/{province_id}/"),
        ("province dashboard, earlier year", client, f"/bang-theo-doi/{province_id}/?nam={first + 1}"),
        ("commune dashboard", client, f"/bang-theo-doi/{commune_id}/"),
        ("village dashboard", client, f"/bang-theo-doi/{village_id}/"),
        ("public province summary", public, f"/so-lieu-giam-ngheo/{province_id}/"),
        ("province report (.xlsx, 5 sheets)", client, f"/bang-theo-doi/{province_id}/xuat/bao-cao.xlsx"),
        ("province brief (PDF)", client, f"/bang-theo-doi/{province_id}/ban-tin.pdf"),
    ]
    print("| page | wall median ms | wall p95 ms | wall max ms | CPU median ms | SQL median ms | SQL queries |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    sql_time = [0.0]

    def timed_sql(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            sql_time[0] += time.perf_counter() - t

    for label, c, path in pages:
        runs = requests if "PDF" not in label else max(5, requests // 6)
        assert c.get(path).status_code == 200, path  # warm-up (template and code caches)
        connection.force_debug_cursor = True
        c.get(path)
        queries = list(connection.queries)
        connection.force_debug_cursor = False
        times, cpu, sql = [], [], []
        with connection.execute_wrapper(timed_sql):
            for _ in range(runs):
                sql_time[0] = 0.0
                t, t_cpu = time.perf_counter(), time.process_time()
                response = c.get(path)
                times.append((time.perf_counter() - t) * 1000)
                cpu.append((time.process_time() - t_cpu) * 1000)
                sql.append(sql_time[0] * 1000)
                assert response.status_code == 200
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        print(f"| {label} | {statistics.median(times):.1f} | {p95:.1f} | {times[-1]:.1f} | "
              f"{statistics.median(cpu):.1f} | {statistics.median(sql):.1f} | {len(queries)} |")
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f} (2 CPUs)")


def _timed(action) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _fresh_postgres(url: str) -> None:
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    main()
