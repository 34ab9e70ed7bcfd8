"""Synthetic households for the policy benchmarks, written fast with raw multi-row inserts.

Shape (seeded, reproducible): 60 communes (6 of them poor communes), ~4 members per household with birth years
1940–2024, 8% of members of an ethnic minority, 12% with a recorded circumstance (pupil, student, disability…),
40% farming households; two review years (2025 and 2026, standard 2022-2025) with ~5% poor, ~6% near-poor,
~12% average-living, the rest non-poor, and 0–5 deprivations. The head of household number i has identity
number 0420 + i (12 digits) and household code BM-i, so the lookup benchmark can use known pairs.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from typing import Any

INDICATORS = ("employment", "dependants", "nutrition", "health_insurance", "adult_education", "child_schooling",
              "housing_quality", "housing_area", "water", "sanitation", "telecom", "info_access")
MEMBER_FLAGS = ("student", "student", "student", "higher_student", "disabled", "pregnant", "social_allowance")


def head_identity(number: int) -> str:
    return f"0420{number:08d}"


def household_code(number: int) -> str:
    return f"BM-{number:07d}"


def raw_insert(model: Any, columns: Sequence[str], rows: Iterable[Sequence[Any]], *, batch: int = 20_000) -> int:
    """Insert rows into the model's table; columns not given take the field default (auto dates: now)."""
    from django.db import connection
    from django.utils import timezone

    fields = [f for f in model._meta.concrete_fields if f.column != "id"]
    given = list(columns)
    now = timezone.now()
    extra = []
    for field in fields:
        if field.column in given:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        elif field.has_default() or field.empty_strings_allowed:
            value = field.get_default()  # "" for text fields without a default
        elif field.null:
            value = None
        else:
            raise ValueError(f"{model.__name__}.{field.name} needs a value")
        extra.append((field.column, field.get_db_prep_save(value, connection)))
    names = given + [c for c, _ in extra]
    tail = tuple(v for _, v in extra)
    sql = f"INSERT INTO {model._meta.db_table} ({', '.join(names)}) VALUES ({', '.join(['%s'] * len(names))})"
    total = 0
    chunk: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for row in rows:
            chunk.append(tuple(row) + tail)
            if len(chunk) >= batch:
                cursor.executemany(sql, chunk)
                total += len(chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)
            total += len(chunk)
    return total


def population_write(households: int, *, seed: int = 2026, identities: bool = False) -> dict[str, int]:
    """Write the synthetic population; with identities=True heads get encrypted identity numbers (slower)."""
    from django.db import transaction

    from giamngheo.geo.models import AdminUnit
    from giamngheo.policies.models import CommuneDesignation, HouseholdCircumstance, MemberCircumstance
    from giamngheo.registry.models import Household, HouseholdAssessment, Member
    from giamngheo.registry.services import member_identity_fields

    rng = random.Random(seed)
    with transaction.atomic():
        province = AdminUnit.objects.create(level="province", code="B42", name="Tỉnh Thử nghiệm", short_name="TN")
        province.path = f"/{province.pk}/"
        province.save(update_fields=["path"])
        communes = []
        for number in range(60):
            commune = AdminUnit.objects.create(level="commune", code=f"B{number:04d}", name=f"Xã Thử {number}",
                                               short_name=f"Thử {number}", parent=province)
            commune.path = f"{province.path}{commune.pk}/"
            commune.save(update_fields=["path"])
            communes.append(commune)
            if number % 10 == 0:
                CommuneDesignation.objects.create(commune=commune, flag="poor_commune")
        first_id = (Household.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
        raw_insert(Household, ["id", "code", "commune_id", "unit_path", "area", "head_name", "is_synthetic"], (
            (first_id + i, household_code(i), communes[i % 60].pk, communes[i % 60].path,
             "urban" if i % 7 == 0 else "rural", f"Chủ hộ {i}", True)
            for i in range(households)
        ))
        sizes = [rng.choice((1, 2, 3, 4, 4, 5, 5, 6)) for _ in range(households)]
        member_rows = []
        flags_rows = []
        member_id = (Member.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
        for i, size in enumerate(sizes):
            for position in range(size):
                head = position == 0
                identity = member_identity_fields(head_identity(i)) if head and identities else {}
                member_rows.append((
                    member_id, first_id + i, f"Người {i}-{position}",
                    rng.randint(1940, 2004) if head else rng.randint(1940, 2024), rng.choice("MF"),
                    "Mường" if rng.random() < 0.08 else "Kinh", "Chủ hộ" if head else "Con",
                    identity.get("id_number_cipher", ""), identity.get("id_number_digest", ""),
                    identity.get("id_number_masked", ""),
                ))
                if rng.random() < 0.12:
                    flags_rows.append((member_id, first_id + i, rng.choice(MEMBER_FLAGS)))
                member_id += 1
        raw_insert(Member, ["id", "household_id", "full_name", "birth_year", "sex", "ethnicity", "relation",
                            "id_number_cipher", "id_number_digest", "id_number_masked"], member_rows)
        raw_insert(MemberCircumstance, ["member_id", "household_id", "flags"], flags_rows)
        raw_insert(HouseholdCircumstance, ["household_id", "flags"], (
            (first_id + i, "agricultural") for i in range(households) if i % 5 < 2
        ))
        raw_insert(HouseholdAssessment, ["household_id", "year", "commune_id", "standard_id", "category",
                                         "income_per_capita", "deprivation_count", "deprivations", "assessed_on"],
                   _assessments(households, first_id, communes, rng))
    return {"households": households, "members": len(member_rows)}


def _assessments(households: int, first_id: int, communes: list[Any], rng: random.Random) -> Iterable[tuple]:
    import datetime as dt

    for i in range(households):
        for year in (2025, 2026):
            draw = rng.random()
            deprivations = rng.sample(INDICATORS, rng.choice((0, 0, 1, 1, 2, 3, 4, 5)))
            if draw < 0.05:
                category, income = "poor", rng.randint(700_000, 1_500_000)
                deprivations = deprivations if len(deprivations) >= 3 else rng.sample(INDICATORS, 3)
            elif draw < 0.11:
                category, income = "near_poor", rng.randint(900_000, 1_500_000)
                deprivations = deprivations[:2]
            elif draw < 0.23:
                category, income = "average", rng.randint(1_500_001, 2_250_000)
            else:
                category, income = "non_poor", rng.randint(2_250_001, 9_000_000)
            yield (first_id + i, year, communes[i % 60].pk, "2022-2025", category, income, len(deprivations),
                   ";".join(deprivations), dt.date(year, 12, 1))
