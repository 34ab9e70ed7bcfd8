from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from giamngheo.registry.access import access_household, households_visible_to
from giamngheo.registry.models import Household
from giamngheo.registry.services import HouseholdNotFound, household_close, household_transfer

router = Router(tags=["Hộ gia đình"])


class HouseholdOut(Schema):
    id: int
    code: str
    head_name: str
    area: str
    commune_id: int
    village_id: int | None
    is_synthetic: bool
    closed_on: dt.date | None
    closed_reason: str


class AssessmentOut(Schema):
    year: int
    standard_id: str
    category: str
    income_per_capita: int
    deprivation_count: int
    deprivations: list[str]
    reason: str
    commune_id: int  # the commune at the time of the review


class HouseholdDetailOut(HouseholdOut):
    assessments: list[AssessmentOut]


@router.get("", response=list[HouseholdOut], summary="Hộ gia đình trong phạm vi của tài khoản")
@paginate(LimitOffsetPagination)
def household_list(request: HttpRequest, unit: int | None = None, q: str | None = None, state: str = "current"):
    """`state`: current households (default), those struck off the register (closed), or all."""
    from giamngheo.registry.selectors import HOUSEHOLD_STATES, household_search

    if state not in HOUSEHOLD_STATES:
        raise HttpError(422, "state phải là current (hộ hiện tại), closed (đã xóa tên khỏi sổ) hoặc all (tất cả).")
    return household_search(households_visible_to(request.user), unit_id=unit, query=q, state=state)


@router.get("/{household_id}", response=HouseholdDetailOut, summary="Một hộ gia đình và các kết quả rà soát")
def household_get(request: HttpRequest, household_id: int):
    household = access_household(request.user, household_id)
    if household is None:
        raise HttpError(404, "Không tìm thấy hộ gia đình.")
    return HouseholdDetailOut(
        id=household.id, code=household.code, head_name=household.head_name, area=household.area,
        commune_id=household.commune_id, village_id=household.village_id, is_synthetic=household.is_synthetic,
        closed_on=household.closed_on, closed_reason=household.closed_reason,
        assessments=[
            AssessmentOut(
                year=a.year, standard_id=a.standard_id, category=a.category,
                income_per_capita=a.income_per_capita, deprivation_count=a.deprivation_count,
                deprivations=[d for d in a.deprivations.split(";") if d], reason=a.reason,
                commune_id=a.commune_id,
            )
            for a in household.assessments.order_by("-year")
        ],
    )


class TransferIn(Schema):
    commune_id: int | None = None
    village_id: int | None = None
    on: dt.date
    reason: str


class MoveOut(Schema):
    id: int
    household_id: int
    moved_on: dt.date
    from_commune_id: int
    from_village_id: int | None
    to_commune_id: int
    to_village_id: int | None
    reason: str


class CloseIn(Schema):
    on: dt.date
    reason_kind: str  # died_out, merged, moved_away (to another province), other; checked by the service
    note: str = ""


@router.post("/{household_id}/transfer", response={200: MoveOut},
             summary="Chuyển hộ sang xã (thôn) khác trong tỉnh; kết quả rà soát cũ giữ xã cũ")
def household_transfer_post(request: HttpRequest, household_id: int, payload: TransferIn):
    """Officials of the household's commune (or the province) only; 404 outside the scope, 422 when refused."""
    with _refusals():
        move = household_transfer(acting_user=request.user, household_id=household_id, **payload.dict())
    return move


@router.post("/{household_id}/close", response={200: HouseholdOut},
             summary="Xóa tên hộ khỏi sổ (hộ không còn): hộ vẫn được lưu, không còn trong danh sách hiện tại")
def household_close_post(request: HttpRequest, household_id: int, payload: CloseIn) -> Household:
    with _refusals():
        household = household_close(acting_user=request.user, household_id=household_id, **payload.dict())
    return household


@contextmanager
def _refusals() -> Iterator[None]:
    """Map the services' refusals to HTTP: not found → 404, not allowed → 403, refused → 422 with the message."""
    try:
        yield
    except HouseholdNotFound:
        raise HttpError(404, "Không tìm thấy hộ gia đình.") from None
    except PermissionDenied as denied:
        raise HttpError(403, str(denied)) from None
    except ValidationError as refused:
        raise HttpError(422, refused.messages[0]) from None
