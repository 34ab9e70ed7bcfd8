from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from giamngheo.registry.access import access_household, households_visible_to

router = Router(tags=["Hộ gia đình"])


class HouseholdOut(Schema):
    id: int
    code: str
    head_name: str
    area: str
    commune_id: int
    village_id: int | None
    is_synthetic: bool


class AssessmentOut(Schema):
    year: int
    standard_id: str
    category: str
    income_per_capita: int
    deprivation_count: int
    deprivations: list[str]
    reason: str


class HouseholdDetailOut(HouseholdOut):
    assessments: list[AssessmentOut]


@router.get("", response=list[HouseholdOut], summary="Hộ gia đình trong phạm vi của tài khoản")
@paginate(LimitOffsetPagination)
def household_list(request: HttpRequest, unit: int | None = None, q: str | None = None):
    from giamngheo.registry.selectors import household_search

    return household_search(households_visible_to(request.user), unit_id=unit, query=q)


@router.get("/{household_id}", response=HouseholdDetailOut, summary="Một hộ gia đình và các kết quả rà soát")
def household_get(request: HttpRequest, household_id: int):
    household = access_household(request.user, household_id)
    if household is None:
        raise HttpError(404, "Không tìm thấy hộ gia đình.")
    return HouseholdDetailOut(
        id=household.id, code=household.code, head_name=household.head_name, area=household.area,
        commune_id=household.commune_id, village_id=household.village_id, is_synthetic=household.is_synthetic,
        assessments=[
            AssessmentOut(
                year=a.year, standard_id=a.standard_id, category=a.category,
                income_per_capita=a.income_per_capita, deprivation_count=a.deprivation_count,
                deprivations=[d for d in a.deprivations.split(";") if d], reason=a.reason,
            )
            for a in household.assessments.order_by("-year")
        ],
    )
