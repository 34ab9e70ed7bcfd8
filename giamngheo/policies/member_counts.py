"""Count, in the database, how many members of each household match each member condition of the rules.

The full recompute of a province would otherwise read every member (≈ 4 per household) into Python. The
conditions are few and simple (age bounds in the review year, sex, minority ethnicity, circumstances), so
each becomes a ``SUM(CASE WHEN … THEN 1 ELSE 0 END)`` in one ``GROUP BY`` per review year — the same SQL on
SQLite and PostgreSQL. ``giamngheo.domain.eligibility.member_matches`` stays the definition: the tests check
that the stored entitlements equal the row-by-row decisions for a varied population.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import connection

from giamngheo.common.text import fold
from giamngheo.domain.eligibility_check import RuleFeatures
from giamngheo.policies.models import MemberCircumstance
from giamngheo.registry.models import Member


def minority_names() -> list[str]:
    """The ethnicity values stored in the registry that are not Kinh (fold() decides, as for one household)."""
    names = Member.objects.order_by().values_list("ethnicity", flat=True).distinct()
    return [name for name in names if fold(name) not in ("", "kinh")]


def _predicate(spec: Mapping[str, Any], year: int, minorities: Sequence[str]) -> tuple[str, list[Any]]:
    parts: list[str] = []
    params: list[Any] = []
    if "age_min" in spec:  # age = year - birth_year >= age_min
        parts.append("m.birth_year <= %s")
        params.append(year - int(spec["age_min"]))
    if "age_max" in spec:
        parts.append("m.birth_year >= %s")
        params.append(year - int(spec["age_max"]))
    if "sex" in spec:
        parts.append("m.sex = %s")
        params.append(spec["sex"])
    if "ethnic_minority" in spec:
        if minorities:
            marks = ", ".join(["%s"] * len(minorities))
            parts.append(("m.ethnicity IN" if spec["ethnic_minority"] else "m.ethnicity NOT IN") + f" ({marks})")
            params.extend(minorities)
        else:
            parts.append("1 = 0" if spec["ethnic_minority"] else "1 = 1")
    if spec.get("flags"):  # most members have no circumstances: skip the string work for them
        parts.append("c.flags IS NOT NULL")
    for flag in spec.get("flags", ()):
        parts.append("(';' || c.flags || ';') LIKE %s ESCAPE '\\'")
        escaped = str(flag).replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%")
        params.append(f"%;{escaped};%")
    return (" AND ".join(parts) or "1 = 1"), params


def member_counts(features: RuleFeatures, year: int, block: tuple[int, int] | list[int],
                  minorities: Sequence[str]) -> dict[int, tuple[int, ...]]:
    """Return {household id: matches per member condition} for the households in the block, ages in ``year``."""
    if not features.member_specs:
        return {}
    columns: list[str] = []
    params: list[Any] = []
    for _, spec, _ in features.member_specs:
        predicate, values = _predicate(spec, year, minorities)
        columns.append(f"SUM(CASE WHEN {predicate} THEN 1 ELSE 0 END)")
        params.extend(values)
    if isinstance(block, tuple):
        where = "m.household_id >= %s AND m.household_id < %s"
        params.extend(block)
    else:
        where = f"m.household_id IN ({', '.join(['%s'] * len(block))})"
        params.extend(block)
    sql = (
        f"SELECT m.household_id, {', '.join(columns)} FROM {Member._meta.db_table} m "
        f"LEFT JOIN {MemberCircumstance._meta.db_table} c ON c.member_id = m.id "
        f"WHERE {where} GROUP BY m.household_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0]: row[1:] for row in cursor.fetchall()}  # every group has a member: no NULL sums
