from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet

from giamngheo.geo.models import REFORM_2025, AdminUnit, UnitLevel, UnitSuccession


def unit_ancestors(unit: AdminUnit) -> list[AdminUnit]:
    """Return the units above `unit`, from the top down."""
    ids = [int(part) for part in unit.path.strip("/").split("/")[:-1] if part]
    by_id = AdminUnit.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def unit_children(unit: AdminUnit, *, on: dt.date | None = None) -> QuerySet[AdminUnit]:
    """Return the units directly under `unit` in force on `on` (today's units when not given)."""
    return in_force(unit.children.all(), on=on).order_by("level", "code", "name")


def in_force(units: QuerySet[AdminUnit], *, on: dt.date | None = None) -> QuerySet[AdminUnit]:
    """Keep the units in force on `on` (today's units when not given)."""
    if on is None:
        return units.filter(valid_to__isnull=True)
    return units.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on)).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=on)
    )


def unit_predecessors(unit: AdminUnit) -> QuerySet[AdminUnit]:
    """Return the units that merged into `unit` at the 2025 reform (or any later one)."""
    return AdminUnit.objects.filter(successions__successor=unit).order_by("code")


def unit_counts() -> dict[str, int]:
    """Count the units of each era and level, and the successions: {"commune": 3321, "legacy_commune": …}."""
    counts = {"province": 0, "commune": 0, "legacy_province": 0, "legacy_district": 0, "legacy_commune": 0}
    rows = (
        AdminUnit.objects.exclude(level=UnitLevel.VILLAGE)
        .filter(Q(valid_to__isnull=True) | Q(valid_to=REFORM_2025))
        .values_list("level", "valid_to").annotate(n=Count("id")).order_by()
    )
    for level, valid_to, n in rows:
        counts[level if valid_to is None else f"legacy_{level}"] = n
    counts["village"] = AdminUnit.objects.filter(level=UnitLevel.VILLAGE).count()
    counts["succession"] = UnitSuccession.objects.count()
    return counts


def successor_on(unit: AdminUnit, on: dt.date | None = None) -> AdminUnit | None:
    """Return the unit that carries `unit`'s records on `on` (today when not given).

    That is `unit` itself while it is in force, else its default successor, followed across reforms; None when
    the territory passed to no unit in force then (or `on` precedes the unit).
    """
    seen: set[int] = set()
    while unit.pk not in seen:
        seen.add(unit.pk)
        if unit.valid_from is not None and on is not None and on < unit.valid_from:
            return None
        if unit.valid_to is None or (on is not None and on < unit.valid_to):
            return unit
        link = (
            UnitSuccession.objects.filter(predecessor=unit, is_default=True)
            .select_related("successor").order_by("effective", "successor__code").first()
        )
        if link is None:
            return None
        unit = link.successor
    return None


def commune_successor_map(*, under: str | None = None) -> dict[int, int]:
    """Map every commune id, old or current, to the id of the current commune that carries its records.

    Use it to put yearly series from 2021–2025 onto today's communes: `mapping[row.commune_id]`. Old communes
    that were split go to their default successor (the seat of their population). The five island districts
    that had no communes before July 2025 map to their special zones (đặc khu). `under` keeps only current
    communes under that unit path (and the old units that map into them).
    """
    current = AdminUnit.objects.filter(level=UnitLevel.COMMUNE, valid_to__isnull=True)
    if under:
        current = current.filter(path__startswith=under)
    mapping = {pk: pk for pk in current.values_list("id", flat=True)}
    defaults = UnitSuccession.objects.filter(is_default=True).order_by("effective")
    links = dict(defaults.values_list("predecessor_id", "successor_id"))
    for predecessor in links:
        target, hops = links[predecessor], 0
        while target not in mapping and target in links and hops < 10:  # follow later reforms, if any
            target, hops = links[target], hops + 1
        if target in mapping:
            mapping[predecessor] = mapping[target]
    return mapping
