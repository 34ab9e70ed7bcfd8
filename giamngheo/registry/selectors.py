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


def import_batch_list(batches: QuerySet[ImportBatch]) -> QuerySet[ImportBatch]:
    """Already-scoped import batches, newest first, without the staged file."""
    return batches.select_related("commune", "maker", "checker").defer("staged_content", "staged_members", "errors")


def import_communes_for(units: QuerySet[AdminUnit]) -> QuerySet[AdminUnit]:
    """The current communes among already-scoped units: where the user may import."""
    return units.filter(level="commune", valid_to__isnull=True).order_by("name")


def imports_confirmed_since(when: object | None) -> QuerySet[ImportBatch]:
    """Import batches confirmed after `when` (all confirmed ones for None): what readers above must catch up with."""
    from giamngheo.registry.models import ImportBatch, ImportStatus

    batches = ImportBatch.objects.filter(status=ImportStatus.CONFIRMED)
    return batches if when is None else batches.filter(decided_at__gt=when)
