"""Where a poverty standard applies: every national one everywhere, a provincial one in its own province's communes.

A provincial standard names its province; a commune counts by the province it belongs to at the standard's time
(before or after the July 2025 merger of provinces), through the succession table.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from giamngheo.domain.standard import Standard, UnknownStandard, standard_get, standards_all
from giamngheo.domain.standard_scope import standard_applies_in, standard_province_refusal
from giamngheo.geo.models import REFORM_2025, AdminUnit, UnitSuccession


def _province_ids(paths: Iterable[str]) -> set[int]:
    return {int(path.strip("/").split("/")[0]) for path in paths if path.strip("/")}


def province_names(commune_ids: Iterable[int], *, before_reform: bool) -> list[str]:
    """The names of the provinces these communes belong to, for matching a provincial standard.

    For a standard issued before the July 2025 merger the province it names is the province of that time: a
    commune formed in the merger counts by the provinces of the communes it was formed from (a commune of the old
    Bình Phước is not under old Đồng Nai's standard although both are in today's Đồng Nai). A commune with no
    recorded predecessor counts by its own province. For a later standard, today's province counts (an old
    commune's successor's province too).
    """
    ids = list(commune_ids)
    own = dict(AdminUnit.objects.filter(pk__in=ids).values_list("pk", "path"))
    paths: list[str] = []
    if before_reform:
        earlier: dict[int, list[str]] = {}
        for successor_id, path in UnitSuccession.objects.filter(successor_id__in=ids).values_list(
                "successor_id", "predecessor__path"):
            earlier.setdefault(successor_id, []).append(path)
        for pk, path in own.items():
            paths += earlier.get(pk) or [path]
    else:
        paths += own.values()
        paths += UnitSuccession.objects.filter(predecessor_id__in=ids).values_list("successor__path", flat=True)
    provinces = AdminUnit.objects.filter(pk__in=_province_ids(paths), level="province")
    return sorted({name for pair in provinces.values_list("name", "short_name") for name in pair if name})


def standard_refusal_for_commune(standard: Standard | str, commune: AdminUnit) -> str | None:
    """Why ``standard`` (or its id) cannot be applied in ``commune``, or None when it can.

    An unknown id is the caller's to refuse (`standard_get`); this only says where a known standard applies.
    """
    if isinstance(standard, str):
        try:
            standard = standard_get(standard)
        except UnknownStandard:
            return None
    if standard.kind != "provincial":
        return None
    names = province_names([commune.pk], before_reform=standard.valid_from < REFORM_2025)
    return standard_province_refusal(standard, unit_name=commune.name, province_names=names)


def standards_for(communes: QuerySet[AdminUnit]) -> list[Standard]:
    """The standards that apply in at least one of these communes: every national one, and their provinces' own."""
    ids = list(communes.values_list("pk", flat=True))
    names = {era: province_names(ids, before_reform=era) for era in (True, False)}
    return [s for s in standards_all() if standard_applies_in(s, names[s.valid_from < REFORM_2025])]
