"""The lists a commune keeps for a year, from `YearFact` and the registry.

Two lists need facts beyond the category: whether an average-living household works in agriculture, forestry,
fishery or salt-making (the assessment file's optional `agricultural` column, kept in the assessment's facts)
and which members work (the members sheet's optional `employment` column, Decree 30/2025's low-income workers).
Where those facts are missing the list says how many are unknown instead of guessing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from giamngheo.geo.models import AdminUnit
from giamngheo.registry.models import Employment, Household, HouseholdAssessment, Member
from giamngheo.review.models import YearFact

NOT_LISTED = ("average", "non_poor", "")
LISTS: dict[str, tuple[str, Q]] = {
    "poor": ("Hộ nghèo", Q(category="poor")),
    "near_poor": ("Hộ cận nghèo", Q(category="near_poor")),
    "escaped_poor": ("Hộ thoát nghèo", Q(start_category="poor") & Q(category__in=["near_poor", "average", "non_poor"])),
    "escaped_near": ("Hộ thoát cận nghèo", Q(start_category="near_poor") & Q(category__in=["average", "non_poor"])),
    "new_poor": ("Hộ nghèo phát sinh mới", Q(category="poor", start_category__in=NOT_LISTED, prior_poor=False)),
    "fallback_poor": ("Hộ tái nghèo", Q(category="poor", start_category__in=NOT_LISTED, prior_poor=True)),
    "new_near": ("Hộ cận nghèo phát sinh mới", Q(category="near_poor", start_category__in=NOT_LISTED,
                                                 prior_near=False)),
    "fallback_near": ("Hộ tái cận nghèo", Q(category="near_poor", start_category__in=NOT_LISTED, prior_near=True)),
}
# Facts of the assessment file's optional `agricultural` column (1/0, blank = unknown); older spellings are read too.
AGRICULTURE_KEYS = ("agricultural", "agriculture", "occupation", "nganh_nghe")
AGRICULTURE_VALUES = {"1", "true", "yes", "có", "co", "x", "agriculture", "forestry", "fishery", "salt",
                      "nông nghiệp", "lâm nghiệp", "ngư nghiệp", "diêm nghiệp"}
# A worker (người lao động): a member aged 15 or more who works, with or without a contract, or for themselves.
WORKING_AGE_FROM = 15
WORKING = (Employment.EMPLOYED_CONTRACT, Employment.WAGE_NO_CONTRACT, Employment.SELF_EMPLOYED)


@dataclass
class YearList:
    key: str
    title: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    note: str = ""


def year_list(year: int, commune: AdminUnit, key: str) -> YearList:
    """Return one of the household lists of a commune's year (see LISTS), with household details."""
    title, condition = LISTS[key]
    facts = YearFact.objects.filter(year=year, current_commune_id=commune.pk).filter(condition)
    by_household = {f.household_id: f for f in facts}
    households = Household.objects.filter(pk__in=list(by_household)).select_related("village").order_by(
        "village__name", "code")
    rows = [{"household_id": h.pk, "code": h.code, "head": h.head_name, "village": h.village.name if h.village else "",
             "members": by_household[h.pk].members or by_household[h.pk].start_members,
             "category": by_household[h.pk].category, "start_category": by_household[h.pk].start_category,
             "deprivation_count": by_household[h.pk].deprivation_count}
            for h in households]
    return YearList(key=key, title=title, rows=rows)


def _is_agricultural(facts: dict[str, Any]) -> bool | None:
    """True / False from the assessment's facts; None when the file did not say (no column, or a blank cell)."""
    for key in AGRICULTURE_KEYS:
        value = facts.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if isinstance(value, bool | int):
            return bool(value)
        return str(value).strip().lower() in AGRICULTURE_VALUES
    return None


def _average_households(year: int, commune: AdminUnit) -> list[int]:
    return list(YearFact.objects.filter(year=year, current_commune_id=commune.pk, category="average")
                .values_list("household_id", flat=True))


def agricultural_average_list(year: int, commune: AdminUnit) -> YearList:
    """Average-living households working in agriculture, forestry, fishery or salt-making (QĐ 24/2021 Art. 6)."""
    result = YearList(key="agricultural_average", title="Hộ làm nông, lâm, ngư, diêm nghiệp có mức sống trung bình")
    ids = _average_households(year, commune)
    latest: dict[int, tuple[int, dict[str, Any]]] = {}
    for household_id, income, facts in (HouseholdAssessment.objects.filter(household_id__in=ids, year=year)
                                         .order_by("id").values_list("household_id", "income_per_capita", "facts")):
        latest[household_id] = (income, facts or {})  # the latest result of the year counts, as in YearFact
    listed = {hid: income_facts for hid, income_facts in latest.items() if _is_agricultural(income_facts[1])}
    unknown = len(ids) - len(latest) + sum(1 for _income, facts in latest.values() if _is_agricultural(facts) is None)
    households = Household.objects.filter(pk__in=list(listed)).select_related("village").order_by(
        "village__name", "code")
    result.rows = [{"household_id": h.pk, "code": h.code, "head": h.head_name,
                    "village": h.village.name if h.village else "", "members": listed[h.pk][1].get("members", ""),
                    "category": "average", "income": listed[h.pk][0]} for h in households]
    if unknown:
        result.note = (f"{unknown} hộ có mức sống trung bình chưa có dữ kiện ngành nghề (cột 'agricultural' — "
                       "\"Hộ làm nông, lâm, ngư, diêm nghiệp\" — trong tệp rà soát để trống hoặc không có), nên chưa "
                       "xác định được có thuộc danh sách này hay không.")
    return result


def low_income_worker_list(year: int, commune: AdminUnit) -> YearList:
    """Low-income workers (Decree 30/2025, Art. 3.2.d): workers of households that are not poor or near-poor
    with income at most the average-living ceiling — the members aged 15+ who work, of the year's average-living
    households (that band is exactly "above the line, at most the ceiling").
    """
    result = YearList(key="low_income_workers", title="Người lao động có thu nhập thấp (NĐ 30/2025)")
    ids = _average_households(year, commune)
    members = (Member.objects.filter(household_id__in=ids, birth_year__lte=year - WORKING_AGE_FROM)
               .select_related("household", "household__village").order_by("household__code", "id"))
    unknown = 0
    for m in members:
        if not m.employment:
            unknown += 1
        elif m.employment in WORKING:
            result.rows.append({
                "household_id": m.household_id, "member_id": m.pk, "code": m.household.code,
                "head": m.household.head_name, "village": m.household.village.name if m.household.village else "",
                "name": m.full_name, "birth_year": m.birth_year, "sex": m.get_sex_display(),
                "employment": m.employment, "employment_label": m.get_employment_display(),
            })
    if unknown:
        result.note = (f"{unknown} thành viên từ {WORKING_AGE_FROM} tuổi của hộ có mức sống trung bình chưa ghi tình "
                       "trạng việc làm (cột 'employment' — \"Việc làm\" — của bảng thành viên), nên chưa xác định được "
                       "có thuộc danh sách này hay không.")
    return result


def year_lists(year: int, commune: AdminUnit) -> list[YearList]:
    out = [year_list(year, commune, key) for key in LISTS]
    return [*out, agricultural_average_list(year, commune), low_income_worker_list(year, commune)]
