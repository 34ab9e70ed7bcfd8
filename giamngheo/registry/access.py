"""The one door to households: scoping by administrative unit happens here and nowhere else."""

from __future__ import annotations

from django.db.models import QuerySet

from giamngheo.accounts.access import can, path_filter, scope_paths
from giamngheo.accounts.models import User
from giamngheo.registry.models import Household, ImportBatch


def households_visible_to(user: User) -> QuerySet[Household]:
    if not can(user, "view_households"):
        return Household.objects.none()
    return Household.objects.filter(path_filter(scope_paths(user), "unit_path"))


def access_household(user: User, household_id: int) -> Household | None:
    """Return the household if the user may see it; None both when it is missing and when it is not allowed."""
    return households_visible_to(user).filter(pk=household_id).first()


def import_batches_visible_to(user: User) -> QuerySet[ImportBatch]:
    """Import batches of the communes the user may edit households in (makers and checkers alike)."""
    if not can(user, "edit_households"):
        return ImportBatch.objects.none()
    return ImportBatch.objects.filter(path_filter(scope_paths(user), "unit_path"))
