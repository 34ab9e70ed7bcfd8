"""Benchmark: import N households with 4 members each from one .xlsx into the registry (stage + confirm).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/giamngheo_bench \
        .venv/bin/python benchmarks/import_registry.py --households 100000

The script writes its own file with xlsxwriter (households sheet + members sheet, every member with a
12-digit identity number), migrates the database, creates one province and one commune with two officials,
then times each phase: staging (read, validate, assess, compare with the registry — writes nothing but the
batch) and confirming (everything again under the commune lock, then the bulk writes and the audit rows).
On PostgreSQL the database named in DATABASE_URL is dropped and created again first (use a scratch one).
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("GIAMNGHEO_DEBUG", "1")

INDICATORS = ("employment", "dependants", "nutrition", "health_insurance", "adult_education", "child_schooling",
              "housing_quality", "housing_area", "water", "sanitation", "telecom", "info_access")
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ")
MIDDLE = ("Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quang")
GIVEN = ("An", "Bình", "Cường", "Dũng", "Đức", "Hà", "Hải", "Hoa", "Hùng", "Lan", "Linh", "Mai", "Nam", "Tâm")
RELATIONS = ("Vợ", "Con", "Con", "Mẹ", "Cháu")


def workbook(households: int, members_per_household: int, seed: int) -> bytes:
    """Return an .xlsx with `households` rows and households × members_per_household member rows."""
    import xlsxwriter

    rng = random.Random(seed)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True})
    sheet = book.add_worksheet("households")
    sheet.write_row(0, 0, ["household_code", "commune_code", "village", "head_name", "area", "members",
                           "income_per_capita", *[f"d_{i}" for i in INDICATORS]])
    people = book.add_worksheet("members")
    people.write_row(0, 0, ["household_code", "full_name", "birth_year", "sex", "ethnicity", "relation",
                            "id_number"])
    person = 1
    for index in range(households):
        code = f"BM-{index + 1:07d}"
        head = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        income = rng.choice((900_000, 1_200_000, 1_450_000, 1_800_000, 2_100_000, 3_500_000, 6_000_000))
        sheet.write_row(index + 1, 0, [code, "99001", f"Thôn {index % 25 + 1}", head,
                                       "rural" if index % 5 else "urban", members_per_household, income,
                                       *[1 if rng.random() < 0.25 else 0 for _ in INDICATORS]])
        for k in range(members_per_household):
            name = head if k == 0 else f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            people.write_row(person, 0, [code, name, rng.randint(1940, 2020), rng.choice(("Nam", "Nữ")), "Kinh",
                                         "Chủ hộ" if k == 0 else rng.choice(RELATIONS), f"0420{person:08d}"])
            person += 1
    book.close()
    return buffer.getvalue()


def fresh_database() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def setup() -> tuple[object, object, object]:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from giamngheo.accounts.models import UnitScope, User
    from giamngheo.geo.models import REFORM_2025, AdminUnit

    province = AdminUnit.objects.create(level="province", code="99", name="Tỉnh Thử Nghiệm", short_name="Thử Nghiệm",
                                        valid_from=REFORM_2025, path="")
    AdminUnit.objects.filter(pk=province.pk).update(path=f"/{province.pk}/")
    commune = AdminUnit.objects.create(level="commune", code="99001", name="Xã Thử Nghiệm", short_name="Thử Nghiệm",
                                       parent_id=province.pk, valid_from=REFORM_2025, path="")
    AdminUnit.objects.filter(pk=commune.pk).update(path=f"/{province.pk}/{commune.pk}/")
    commune.refresh_from_db()
    users = []
    for username in ("nguoinhap", "nguoikiemtra"):
        user = User.objects.create_user(username=username, password="benchmark-only-password", role="commune_official")
        UnitScope.objects.create(user=user, unit=commune)
        users.append(user)
    return commune, users[0], users[1]


def backend_cpu() -> float:
    """CPU seconds used so far by this connection's PostgreSQL backend process (0 elsewhere)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--members", type=int, default=4, help="members per household (default 4)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--again", action="store_true", help="also time staging the same file a second time")
    parser.add_argument("--keep-file", type=Path, help="write the generated file here, or reuse it if it exists")
    args = parser.parse_args()

    started = time.perf_counter()
    if args.keep_file and args.keep_file.exists():
        content = args.keep_file.read_bytes()
    else:
        content = workbook(args.households, args.members, args.seed)
        if args.keep_file:
            args.keep_file.write_bytes(content)
    generated = time.perf_counter() - started
    fresh_database()
    commune, maker, checker = setup()

    from django.conf import settings
    from django.db import connection

    from giamngheo.registry.importing import household_import_confirm, household_import_stage
    from giamngheo.registry.models import Household, HouseholdAssessment, Member

    settings.REGISTRY_IMPORT_MAX_BYTES = max(len(content) * 2, 50 * 1024 * 1024)
    print(f"database: {connection.vendor}; file: {len(content) / 1e6:.1f} MB, {args.households:,} households, "
          f"{args.households * args.members:,} members (generated in {generated:.1f} s)")
    load = os.getloadavg()[0]
    t0, c0, p0 = time.perf_counter(), time.process_time(), backend_cpu()
    batch = household_import_stage(acting_user=maker, commune_id=commune.id, content=content,
                                   filename="benchmark.xlsx", year=2026, standard_id="2022-2025")
    t1, c1, p1 = time.perf_counter(), time.process_time(), backend_cpu()
    if batch.error_count:
        print(f"unexpected problems: {batch.errors[:3]}")
        return 1
    batch = household_import_confirm(acting_user=checker, batch_id=batch.id)
    t2, c2, p2 = time.perf_counter(), time.process_time(), backend_cpu()
    print(f"load average before: {load:.1f}, after: {os.getloadavg()[0]:.1f} (2 vCPUs)")
    print("phase            wall      CPU (this process + database backend)")
    print(f"stage (preview) {t1 - t0:6.1f} s  {c1 - c0:6.1f} s + {p1 - p0:5.1f} s")
    print(f"confirm         {t2 - t1:6.1f} s  {c2 - c1:6.1f} s + {p2 - p1:5.1f} s")
    print(f"total           {t2 - t0:6.1f} s  {c2 - c0:6.1f} s + {p2 - p0:5.1f} s")
    print(f"written: {batch.summary['written']}")
    import resource

    print(f"peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    print(f"registry now: {Household.objects.count():,} households, {Member.objects.count():,} members, "
          f"{HouseholdAssessment.objects.count():,} assessments")
    if args.again:
        t3 = time.perf_counter()
        same = household_import_stage(acting_user=maker, commune_id=commune.id, content=content,
                                      filename="benchmark.xlsx", year=2026, standard_id="2022-2025")
        print(f"same file again {time.perf_counter() - t3:6.1f} s (returns batch #{same.pk}, {same.status})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
