"""Review rounds over HTTP: read a round (steps, results per standard, lists), the report figures, one step.

Writes go through the same services as the pages; the errors come back as 400 with the Vietnamese sentence.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from giamngheo.accounts.access import access_unit
from giamngheo.review.access import access_round, rounds_visible_to
from giamngheo.review.errors import REVIEW_ERRORS, RoundNotFound
from giamngheo.review.selectors.reports import (
    dynamics_table,
    report_communes,
    report_groups,
    results_table,
)
from giamngheo.review.selectors.rounds import round_lists, round_standard_changes
from giamngheo.review.services import rounds, survey

router = Router(tags=["Rà soát hộ nghèo"])


class RoundOut(Schema):
    id: int
    commune_id: int
    commune: str
    kind: str
    year: int
    month: int
    standards: list[str]
    state: str
    state_name: str
    started_on: dt.date
    deadline: dt.date
    posting_end: dt.date | None
    decided_on: dt.date | None


class StepOut(Schema):
    action: str
    on: dt.date
    by: str
    at: dt.datetime
    note: str


class RoundDetailOut(RoundOut):
    steps: list[StepOut]
    lists: dict[str, dict[str, int]] | None
    by_standard: dict


class StepIn(Schema):
    on: dt.date


def _out(review) -> dict:  # type: ignore[no-untyped-def]
    return {"id": review.id, "commune_id": review.commune_id, "commune": review.commune.name, "kind": review.kind,
            "year": review.year, "month": review.month, "standards": review.standard_ids, "state": review.state,
            "state_name": review.state_name, "started_on": review.started_on, "deadline": review.deadline,
            "posting_end": review.posting_end, "decided_on": review.decided_on}


@router.get("/rounds", response=list[RoundOut], summary="Các đợt rà soát trong phạm vi của tài khoản")
def round_list(request: HttpRequest):  # type: ignore[no-untyped-def]
    return [_out(r) for r in rounds_visible_to(request.user)[:500]]


@router.get("/rounds/{round_id}", response=RoundDetailOut, summary="Một đợt rà soát: các bước, danh sách, các chuẩn")
def round_get(request: HttpRequest, round_id: int):  # type: ignore[no-untyped-def]
    review = access_round(request.user, round_id)
    if review is None:
        raise HttpError(404, "Không tìm thấy đợt rà soát.")
    surveyed = review.steps.filter(action="survey_close").exists()
    return {**_out(review),
            "steps": [{"action": s.action, "on": s.on, "by": s.by.username, "at": s.at, "note": s.note}
                      for s in review.steps.select_related("by")],
            "lists": round_lists(review).totals if surveyed else None,
            "by_standard": round_standard_changes(review) if surveyed else {}}


STEPS = {"list-close": rounds.round_list_close, "screening-close": rounds.round_screening_close,
         "survey-close": survey.round_survey_close}


@router.post("/rounds/{round_id}/{step}", response=RoundOut,
             summary="Chốt một bước (list-close, screening-close, survey-close); bước sai thứ tự trả về 400")
def round_step(request: HttpRequest, round_id: int, step: str, payload: StepIn):  # type: ignore[no-untyped-def]
    if step not in STEPS or access_round(request.user, round_id) is None:
        raise HttpError(404, "Không tìm thấy đợt rà soát.")
    try:
        review = STEPS[step](acting_user=request.user, round_id=round_id, on=payload.on)
    except RoundNotFound:
        raise HttpError(404, "Không tìm thấy đợt rà soát.") from None
    except REVIEW_ERRORS as error:
        raise HttpError(400, str(error)) from None
    return _out(review)


@router.get("/reports/{unit_id}/{year}", summary="Số liệu báo cáo (kết quả, diễn biến) của một xã hoặc tỉnh")
def report_get(request: HttpRequest, unit_id: int, year: int) -> dict:
    unit = access_unit(request.user, unit_id)
    if unit is None or unit.level not in ("province", "commune"):
        raise HttpError(404, "Không tìm thấy đơn vị.")
    communes = report_communes(unit)
    groups = report_groups(year, communes)
    results = results_table(groups, communes)
    return {"unit": unit.name, "year": year, "results": results.rows, "total": results.total,
            "poor_dynamics": dynamics_table(groups, communes, "poor").total,
            "near_poor_dynamics": dynamics_table(groups, communes, "near_poor").total}
