"""The one door to administrative units: which units a user may see, and what a role may do."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from giamngheo.accounts.models import ROLE_PERMISSIONS, User
from giamngheo.geo.models import AdminUnit


def can(user: User, permission: str) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return permission in ROLE_PERMISSIONS.get(user.role, frozenset())


def scope_paths(user: User) -> list[str]:
    """Return the unit paths the user may see; everything under each path is included."""
    if not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return ["/"]
    return list(user.scopes.values_list("unit__path", flat=True))


def path_filter(paths: list[str], field: str = "path") -> Q:
    """Match rows whose `field` lies under one of `paths`; matches nothing for no paths."""
    if not paths:
        return Q(pk__in=[])
    query = Q()
    for path in paths:
        query |= Q(**{f"{field}__startswith": path})
    return query


def units_visible_to(user: User) -> QuerySet[AdminUnit]:
    return AdminUnit.objects.filter(path_filter(scope_paths(user)))


def access_unit(user: User, unit_id: int) -> AdminUnit | None:
    """Return the unit if the user may see it; None when it does not exist or is out of scope alike."""
    return units_visible_to(user).filter(pk=unit_id).first()
