from __future__ import annotations

from django.db.models import QuerySet

from giamngheo.common.text import fold
from giamngheo.geo.models import AdminUnit
from giamngheo.registry.models import Household, ImportBatch


def household_search(
    households: QuerySet[Household], *, unit_id: int | None = None, query: str | None = None
) -> QuerySet[Household]:
    """Filter already-scoped households by unit (and everything under it) and an accent-insensitive query."""
    if unit_id is not None:
        unit = AdminUnit.objects.filter(pk=unit_id).only("path").first()
        if unit is None:
            return households.none()
        households = households.filter(unit_path__startswith=unit.path)
    if query:
        for word in fold(query).split():
            households = households.filter(search_key__contains=word)
    return households.order_by("code")


def synthetic_data_present() -> bool:
    """Whether any household comes from the synthetic demo population (shown as a banner on every page)."""
    return Household.objects.filter(is_synthetic=True).exists()


def category_counts_by_year(households: QuerySet[Household]) -> list[dict[str, float]]:
    """Count households per review year and category, as rows {year, total, poor, near_poor, ...}.

    Counts follow each household's current unit, so years before July 2025 come out re-aggregated
    onto today's communes.
    """
    from django.db.models import Count

    from giamngheo.registry.models import HouseholdAssessment

    rows = (
        HouseholdAssessment.objects.filter(household__in=households)
        .values("year", "category")
        .annotate(n=Count("id"))
        .order_by("year")
    )
    by_year: dict[int, dict[str, float]] = {}
    for row in rows:
        entry = by_year.setdefault(row["year"], {"year": row["year"], "total": 0})
        entry[row["category"]] = row["n"]
        entry["total"] += row["n"]
    for entry in by_year.values():
        for category in ("poor", "near_poor"):
            entry.setdefault(category, 0)
            entry[f"{category}_rate"] = round(100 * entry[category] / entry["total"], 2)
    return list(by_year.values())


def import_batch_list(batches: QuerySet[ImportBatch]) -> QuerySet[ImportBatch]:
    """Already-scoped import batches, newest first, without the staged file."""
    return batches.select_related("commune", "maker", "checker").defer("staged_content", "staged_members", "errors")


def import_communes_for(units: QuerySet[AdminUnit]) -> QuerySet[AdminUnit]:
    """The current communes among already-scoped units: where the user may import."""
    return units.filter(level="commune", valid_to__isnull=True).order_by("name")
