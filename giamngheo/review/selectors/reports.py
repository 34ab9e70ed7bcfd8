"""Report figures from `YearFact`: results, dynamics, deprivations and ethnicity, commune by commune.

Years before July 2025 come out on today's communes: each fact carries the current commune that succeeded
the commune of the time. Every figure is a GROUP BY on one narrow table, so a province stays fast.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, Sum

from giamngheo.domain.standard import standard_get
from giamngheo.geo.models import AdminUnit
from giamngheo.review.models import YearFact

CATEGORIES = ("poor", "near_poor", "average", "non_poor")
DYNAMICS_COLUMNS = (
    ("start", "Đầu kỳ"),
    ("to_other", "Giảm: chuyển sang {other}"),
    ("above", "Giảm: vượt chuẩn cận nghèo"),
    ("dec_other", "Giảm khác (chuyển đi, chết, nhập hộ)"),
    ("from_other", "Tăng: từ {other}"),
    ("fallback", "Tăng: tái {name}"),
    ("new", "Tăng: phát sinh mới"),
    ("inc_other", "Tăng khác (chuyển đến)"),
    ("end", "Cuối kỳ"),
)


def report_communes(unit: AdminUnit) -> list[AdminUnit]:
    """Return today's communes under ``unit`` (the unit itself when it is a commune), by code."""
    if unit.level == "commune":
        return [unit]
    return list(AdminUnit.objects.filter(level="commune", valid_to__isnull=True, path__startswith=unit.path)
                .order_by("code"))


@dataclass
class Table:
    rows: list[dict[str, Any]] = field(default_factory=list)
    total: dict[str, Any] = field(default_factory=dict)


def _total(rows: list[dict[str, Any]], keys: list[str]) -> dict[str, Any]:
    return {k: sum(r[k] for r in rows) for k in keys}


def results_table(year: int, communes: list[AdminUnit]) -> Table:
    """Households and persons per category and commune, with poor and near-poor rates (%)."""
    ids = [c.pk for c in communes]
    grouped = (YearFact.objects.filter(year=year, current_commune_id__in=ids).exclude(category="")
               .values("current_commune_id", "category").annotate(n=Count("id"), p=Sum("members")).order_by())
    by: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for g in grouped:
        by[g["current_commune_id"]][g["category"]] += g["n"]
        by[g["current_commune_id"]][g["category"] + "_persons"] += g["p"] or 0
        by[g["current_commune_id"]]["households"] += g["n"]
        by[g["current_commune_id"]]["persons"] += g["p"] or 0
    keys = ["households", "persons"] + [k for c in CATEGORIES for k in (c, c + "_persons")]
    rows = [{"code": c.code, "name": c.name, **{k: by[c.pk][k] for k in keys}} for c in communes]
    table = Table(rows=rows, total=_total(rows, keys))
    for row in [*rows, table.total]:
        row["poor_rate"] = round(100 * row["poor"] / row["households"], 2) if row["households"] else 0.0
        row["near_poor_rate"] = round(100 * row["near_poor"] / row["households"], 2) if row["households"] else 0.0
    return table


def dynamics_table(year: int, communes: list[AdminUnit], kind: str = "poor", *, persons: bool = False) -> Table:
    """Start → end of the poor (or near-poor) list per commune: end = start − decreases + increases."""
    other = "near_poor" if kind == "poor" else "poor"
    prior = "prior_poor" if kind == "poor" else "prior_near"
    ids = [c.pk for c in communes]
    size_start, size_end = ("start_members", "members") if persons else ("id", "id")
    agg_start = Sum(size_start) if persons else Count("id")
    agg_end = Sum(size_end) if persons else Count("id")
    rows: dict[int, dict[str, int]] = {c.pk: dict.fromkeys([k for k, _ in DYNAMICS_COLUMNS], 0) for c in communes}
    leaving = (YearFact.objects.filter(year=year, start_commune_id__in=ids, start_category=kind)
               .values("start_commune_id", "current_commune_id", "category").annotate(n=agg_start).order_by())
    for g in leaving:
        row, n = rows[g["start_commune_id"]], g["n"] or 0
        row["start"] += n
        if g["category"] == "" or g["current_commune_id"] != g["start_commune_id"]:
            row["dec_other"] += n
        elif g["category"] == other:
            row["to_other"] += n
        elif g["category"] in ("average", "non_poor"):
            row["above"] += n
    arriving = (YearFact.objects.filter(year=year, current_commune_id__in=ids, category=kind)
                .values("current_commune_id", "start_commune_id", "start_category", prior)
                .annotate(n=agg_end).order_by())
    for g in arriving:
        row, n = rows[g["current_commune_id"]], g["n"] or 0
        row["end"] += n
        same = g["start_commune_id"] == g["current_commune_id"]
        if g["start_category"] == kind and same:
            continue
        if g["start_commune_id"] is not None and not same:
            row["inc_other"] += n
        elif g["start_category"] == other:
            row["from_other"] += n
        elif g[prior]:
            row["fallback"] += n
        else:
            row["new"] += n
    out = [{"code": c.code, "name": c.name, **rows[c.pk]} for c in communes]
    return Table(rows=out, total=_total(out, [k for k, _ in DYNAMICS_COLUMNS]))


def dynamics_headers(kind: str) -> list[str]:
    names = {"poor": ("hộ nghèo", "cận nghèo"), "near_poor": ("hộ cận nghèo", "hộ nghèo")}
    name, other = names[kind]
    return [label.format(other=other, name=name.replace("hộ ", "")) for _, label in DYNAMICS_COLUMNS]


def deprivation_table(year: int, communes: list[AdminUnit], category: str = "poor") -> tuple[list[dict], Table]:
    """Households of a category deprived in each indicator (count and %), per commune."""
    ids = [c.pk for c in communes]
    base = YearFact.objects.filter(year=year, current_commune_id__in=ids, category=category)
    standard_id = (base.values("standard_id").annotate(n=Count("id")).order_by("-n")
                   .values_list("standard_id", flat=True).first()) or "2022-2025"
    indicators = standard_get(standard_id).indicators
    sums = {f"i{i}": Sum(F("deprivation_mask").bitand(1 << i)) for i in range(len(indicators))}
    grouped = base.filter(standard_id=standard_id).values("current_commune_id").annotate(n=Count("id"), **sums)
    by = {g["current_commune_id"]: g for g in grouped.order_by()}
    rows = []
    for c in communes:
        g = by.get(c.pk, {})
        row = {"code": c.code, "name": c.name, "households": g.get("n", 0)}
        for i in range(len(indicators)):
            row[f"i{i}"] = (g.get(f"i{i}") or 0) >> i
        rows.append(row)
    keys = ["households"] + [f"i{i}" for i in range(len(indicators))]
    table = Table(rows=rows, total=_total(rows, keys))
    for row in [*rows, table.total]:
        for i in range(len(indicators)):
            row[f"p{i}"] = round(100 * row[f"i{i}"] / row["households"], 2) if row["households"] else 0.0
    columns = [{"id": ind.id, "name": ind.name_vi, "n": i + 1, "total": table.total[f"i{i}"]}
               for i, ind in enumerate(indicators)]
    return columns, table


def ethnicity_table(year: int, communes: list[AdminUnit]) -> list[dict[str, Any]]:
    """Poor and near-poor households by the head's ethnicity, and the ethnic-minority share."""
    ids = [c.pk for c in communes]
    grouped = (YearFact.objects.filter(year=year, current_commune_id__in=ids).exclude(category="")
               .values("head_ethnicity").annotate(
                   households=Count("id"), poor=Count("id", filter=Q(category="poor")),
                   near_poor=Count("id", filter=Q(category="near_poor")))
               .order_by("-households"))
    return [{"ethnicity": g["head_ethnicity"] or "(chưa rõ)", **{k: g[k] for k in ("households", "poor", "near_poor")}}
            for g in grouped]


def group_table(year: int, communes: list[AdminUnit]) -> list[dict[str, Any]]:
    """Poor and near-poor households by group: ethnic-minority households and the others.

    Households with no labour capacity and households of people with meritorious service are report groups too,
    but the registry keeps no such facts yet, so they are not shown rather than shown as zero.
    """
    ids = [c.pk for c in communes]
    base = YearFact.objects.filter(year=year, current_commune_id__in=ids)
    out = []
    for label, flt in (("Hộ dân tộc thiểu số", Q(minority=True)), ("Hộ khác", Q(minority=False))):
        agg = base.filter(flt).aggregate(poor=Count("id", filter=Q(category="poor")),
                                         near_poor=Count("id", filter=Q(category="near_poor")))
        out.append({"group": label, **agg})
    return out


def report_years(unit: AdminUnit) -> list[int]:
    ids = [c.pk for c in report_communes(unit)]
    years = YearFact.objects.filter(current_commune_id__in=ids).order_by().values_list("year", flat=True).distinct()
    return sorted(years, reverse=True)
