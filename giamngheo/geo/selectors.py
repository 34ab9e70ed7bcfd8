from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from giamngheo.geo.models import AdminUnit


def unit_ancestors(unit: AdminUnit) -> list[AdminUnit]:
    """Return the units above `unit`, from the top down."""
    ids = [int(part) for part in unit.path.strip("/").split("/")[:-1] if part]
    by_id = AdminUnit.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def unit_children(unit: AdminUnit, *, on: dt.date | None = None) -> QuerySet[AdminUnit]:
    """Return the units directly under `unit` in force on `on` (today's units when not given)."""
    return in_force(unit.children.all(), on=on).order_by("level", "code", "name")


def in_force(units: QuerySet[AdminUnit], *, on: dt.date | None = None) -> QuerySet[AdminUnit]:
    if on is None:
        return units.filter(valid_to__isnull=True)
    return units.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on)).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=on)
    )


def unit_predecessors(unit: AdminUnit) -> QuerySet[AdminUnit]:
    """Return the units that merged into `unit` at the 2025 reform (or any later one)."""
    return AdminUnit.objects.filter(successions__successor=unit).order_by("code")
