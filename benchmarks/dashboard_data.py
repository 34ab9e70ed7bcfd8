"""Data generator for benchmarks/dashboard_province.py: one province, its communes and villages, N households
with one assessment per review year (a Markov chain that takes the poor rate from ≈5% towards ≈2%)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

from django.db import connection

from giamngheo.common.text import fold

INDICATORS = ("employment", "dependants", "nutrition", "health_insurance", "adult_education", "child_schooling",
              "housing_quality", "housing_area", "water", "sanitation", "telecom", "info_access")
# Yearly transition probabilities between categories (poor, near_poor, average, non_poor).
STEP = {
    "poor": (("poor", .55), ("near_poor", .30), ("average", .10), ("non_poor", .05)),
    "near_poor": (("poor", .05), ("near_poor", .55), ("average", .25), ("non_poor", .15)),
    "average": (("poor", .004), ("near_poor", .03), ("average", .70), ("non_poor", .266)),
    "non_poor": (("poor", .001), ("near_poor", .006), ("average", .04), ("non_poor", .953)),
}
START = (("poor", .052), ("near_poor", .06), ("average", .12), ("non_poor", .768))


def units_create(*, communes: int, villages: int) -> tuple[int, list[tuple[int, str, int]]]:
    """Create the province, today's communes (with centre points), their villages and one former commune per
    commune; return (province id, [(leaf unit id, leaf path, former commune id)])."""
    from giamngheo.geo.models import REFORM_2025, AdminUnit, UnitSuccession

    def unit(level: str, code: str, name: str, parent: AdminUnit | None, **extra: object) -> AdminUnit:
        u = AdminUnit.objects.create(level=level, code=code, name=name, short_name=name.split(" ", 1)[1],
                                     parent=parent, search_key=fold(name), **extra)
        u.path = f"{parent.path if parent else '/'}{u.pk}/"
        AdminUnit.objects.filter(pk=u.pk).update(path=u.path)
        return u

    rng = random.Random(7)
    province = unit("province", "90", "Tỉnh Thử Nghiệm", None, valid_from=REFORM_2025)
    leaves = []
    for c in range(communes):
        commune = unit("commune", f"9{c:04d}", f"Xã Thử {c + 1}", province, valid_from=REFORM_2025,
                       latitude=18 + rng.random(), longitude=105.5 + rng.random())
        former = unit("commune", f"8{c:04d}", f"Xã Cũ {c + 1}", province, valid_to=REFORM_2025)
        UnitSuccession.objects.create(predecessor=former, successor=commune)
        for v in range(villages):
            village = unit("village", f"9{c:04d}-{v:02d}", f"Thôn {c + 1}.{v + 1}", commune)
            leaves.append((village.id, village.path, former.id, commune.id))
    return province.id, leaves


def _pick(rng: random.Random, table: tuple[tuple[str, float], ...]) -> str:
    x = rng.random()
    for value, p in table:
        x -= p
        if x < 0:
            return value
    return table[-1][0]


def _deprivations(rng: random.Random, category: str) -> str:
    n = {"poor": rng.randint(3, 6), "near_poor": rng.randint(0, 2)}.get(category, rng.choice((0, 0, 0, 1)))
    return ";".join(sorted(rng.sample(INDICATORS, n)))


def households_create(*, leaves: list, households: int, years: list[int], seed: int = 2021) -> int:
    """Insert households and their yearly assessments in bulk; return the number of assessments."""
    from giamngheo.registry.models import Household, HouseholdAssessment

    rng = random.Random(seed)
    h_cols = ("code", "commune_id", "village_id", "unit_path", "area", "head_name", "address", "search_key",
              "is_synthetic", "created_at", "updated_at")
    now = dt.datetime.now(dt.UTC)
    first_id = _next_id(Household)

    def household_rows() -> Iterator[tuple]:
        for i in range(households):
            village_id, path, _former, commune_id = leaves[i % len(leaves)]
            yield (f"BM-{i:07d}", commune_id, village_id, path, "rural", f"Hộ {i}", "", f"bm {i}", True, now, now)

    _insert(Household, h_cols, household_rows())
    a_cols = ("household_id", "year", "commune_id", "standard_id", "category", "income_per_capita",
              "deprivation_count", "deprivations", "reason", "facts", "assessed_on", "created_at")

    def assessment_rows() -> Iterator[tuple]:
        for i in range(households):
            _village, _path, former, commune_id = leaves[i % len(leaves)]
            category = _pick(rng, START)
            for year in years:
                deps = _deprivations(rng, category)
                yield (first_id + i, year, commune_id if year >= 2025 else former, "2022-2025", category,
                       1_000_000, deps.count(";") + 1 if deps else 0, deps, "", "{}", dt.date(year, 11, 30), now)
                category = _pick(rng, STEP[category])

    return _insert(HouseholdAssessment, a_cols, assessment_rows())


def _next_id(model: type) -> int:
    from django.db.models import Max

    return (model.objects.aggregate(m=Max("id"))["m"] or 0) + 1


def _insert(model: type, given: tuple[str, ...], given_rows: Iterator[tuple]) -> int:
    """Insert rows fast (COPY / executemany); columns not given take the model's defaults."""
    now = dt.datetime.now(dt.UTC)
    extra = [f for f in model._meta.concrete_fields if not f.primary_key and f.attname not in given]
    defaults = tuple(
        now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        else f.get_db_prep_save(f.get_default(), connection)
        for f in extra
    )
    columns = (*given, *(f.column for f in extra))
    table = model._meta.db_table
    rows = (row + defaults for row in given_rows)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
        batch: list[tuple] = []
        for row in rows:
            batch.append(row)
            if len(batch) == 20_000:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count
