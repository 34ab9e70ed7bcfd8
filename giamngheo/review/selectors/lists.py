"""The lists a commune keeps for a year, from `YearFact` and the registry.

Two lists need facts the assessment file does not carry: the occupation of average-living households
(agriculture, forestry, fishery, salt) and the employment of members (low-income workers, Decree 30/2025).
Where the facts are missing the list says so instead of guessing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from giamngheo.geo.models import AdminUnit
from giamngheo.registry.models import Household, HouseholdAssessment, Member
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
AGRICULTURE_KEYS = ("agricultural", "agriculture", "occupation", "nganh_nghe")
AGRICULTURE_VALUES = {"1", "true", "yes", "có", "agriculture", "forestry", "fishery", "salt", "nông nghiệp",
                      "lâm nghiệp", "ngư nghiệp", "diêm nghiệp"}
WORKING_AGE = (15, 60)


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
    for key in AGRICULTURE_KEYS:
        if key in facts:
            return str(facts[key]).strip().lower() in AGRICULTURE_VALUES
    return None


def agricultural_average_list(year: int, commune: AdminUnit) -> YearList:
    """Average-living households working in agriculture, forestry, fishery or salt-making (QĐ 24/2021 Art. 6)."""
    result = YearList(key="agricultural_average", title="Hộ làm nông, lâm, ngư, diêm nghiệp có mức sống trung bình")
    ids = list(YearFact.objects.filter(year=year, current_commune_id=commune.pk, category="average")
               .values_list("household_id", flat=True))
    latest: dict[int, HouseholdAssessment] = {}
    for a in HouseholdAssessment.objects.filter(household_id__in=ids, year=year).select_related(
            "household", "household__village").order_by("id"):
        latest[a.household_id] = a
    unknown = 0
    for a in latest.values():
        flag = _is_agricultural(a.facts or {})
        if flag is None:
            unknown += 1
        elif flag:
            result.rows.append({"household_id": a.household_id, "code": a.household.code,
                                "head": a.household.head_name,
                                "village": a.household.village.name if a.household.village else "",
                                "members": (a.facts or {}).get("members", ""), "category": "average",
                                "income": a.income_per_capita})
    if unknown:
        result.note = (f"{unknown} hộ có mức sống trung bình chưa có dữ kiện ngành nghề (cột 'agricultural' trong tệp "
                       "rà soát), nên chưa xác định được có thuộc danh sách này hay không.")
    return result


def low_income_worker_list(year: int, commune: AdminUnit) -> YearList:
    """Working-age members of average-living households: the candidates for low-income workers (Decree 30/2025).

    The criterion is a worker in a household that is not poor or near-poor with income at most the
    average-living ceiling; the registry does not record who works, so every member aged 15–60 is a candidate.
    """
    result = YearList(key="low_income_workers", title="Người lao động có thu nhập thấp (ứng viên, NĐ 30/2025)",
                      note="Danh sách ứng viên: thành viên 15–60 tuổi của hộ có mức sống trung bình. Sổ hộ chưa ghi "
                           "tình trạng việc làm nên cần xác minh người đang làm việc trước khi công nhận.")
    ids = list(YearFact.objects.filter(year=year, current_commune_id=commune.pk, category="average")
               .values_list("household_id", flat=True))
    low, high = WORKING_AGE
    members = (Member.objects.filter(household_id__in=ids, birth_year__lte=year - low, birth_year__gte=year - high)
               .select_related("household", "household__village").order_by("household__code", "id"))
    result.rows = [{"household_id": m.household_id, "code": m.household.code, "head": m.household.head_name,
                    "village": m.household.village.name if m.household.village else "", "name": m.full_name,
                    "birth_year": m.birth_year, "sex": m.get_sex_display()} for m in members]
    return result


def year_lists(year: int, commune: AdminUnit) -> list[YearList]:
    out = [year_list(year, commune, key) for key in LISTS]
    return [*out, agricultural_average_list(year, commune), low_income_worker_list(year, commune)]
