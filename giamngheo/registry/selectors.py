from __future__ import annotations

from django.db.models import QuerySet

from giamngheo.common.text import fold
from giamngheo.geo.models import AdminUnit
from giamngheo.registry.models import Household, HouseholdMove, ImportBatch

HOUSEHOLD_STATES = ("current", "closed", "all")


def household_search(
    households: QuerySet[Household], *, unit_id: int | None = None, query: str | None = None,
    state: str = "current",
) -> QuerySet[Household]:
    """Filter already-scoped households by unit (and everything under it) and an accent-insensitive query.

    ``state``: "current" (default) leaves out households struck off the register, "closed" lists only those,
    "all" both.
    """
    if state == "current":
        households = households.filter(closed_on__isnull=True)
    elif state == "closed":
        households = households.filter(closed_on__isnull=False)
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


def household_moves(household: Household) -> QuerySet[HouseholdMove]:
    """The household's transfers between communes, oldest first (shown on its page)."""
    return household.moves.select_related("from_commune", "from_village", "to_commune", "to_village", "moved_by") \
        .order_by("moved_on", "id")


def transfer_destinations(household: Household) -> QuerySet[AdminUnit]:
    """Current communes of the household's province other than its own: where it may be transferred to."""
    province = household.unit_path.strip("/").split("/")[0]
    return AdminUnit.objects.filter(level="commune", valid_to__isnull=True, path__startswith=f"/{province}/") \
        .exclude(pk=household.commune_id).order_by("name")
