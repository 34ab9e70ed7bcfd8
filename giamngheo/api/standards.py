"""Standards and one-household assessment over HTTP.

Both are public (``auth=None``): they read and store nothing, the standards are published law, and a
resident or partner may check how facts they supply would be classified. Nothing here touches the registry.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from giamngheo.domain.assess import Assessment, assess, assess_scores
from giamngheo.domain.derive import Person, SurveyFacts, derive_deprivations, tick_disagreements
from giamngheo.domain.describe import standard_describe
from giamngheo.domain.facts import HouseholdFacts, InvalidFacts, ScoreFacts
from giamngheo.domain.standard import Standard, UnknownStandard, standard_get, standard_in_force, standards_all

standards_router = Router(tags=["Chuẩn nghèo"])
assess_router = Router(tags=["Chuẩn nghèo"])


class PersonIn(Schema):
    age: int = Field(..., ge=0, le=150)
    health_insurance: bool = True
    malnourished: bool = False
    in_school: bool = False
    education: Literal["none", "primary", "lower_secondary", "upper_secondary", "vocational", "higher"] = "none"
    employment: Literal["employed_contract", "wage_no_contract", "self_employed", "unemployed",
                        "not_in_labour_force"] = "not_in_labour_force"
    disabled: bool = False
    social_allowance: bool = False


class SurveyIn(Schema):
    """Raw survey facts; each deprivation is derived by the rule in the standard's data."""

    members: list[PersonIn] = Field(default_factory=list, max_length=100)
    floor_area_m2: float | None = Field(None, ge=0, le=100000)
    walls_durable: bool | None = None
    columns_durable: bool | None = None
    roof_durable: bool | None = None
    water_source: str | None = Field(None, max_length=64)
    latrine_type: str | None = Field(None, max_length=64)
    waste_handling: str | None = Field(None, max_length=64)
    services_used: list[str] | None = Field(None, max_length=16)
    devices: list[str] | None = Field(None, max_length=16)


class AssessIn(Schema):
    """One household: income_per_capita with deprivations (ticks) and/or survey facts, or B1/B2 scores."""

    standard: str | None = Field(None, description="mã chuẩn; bỏ trống thì dùng chuẩn có hiệu lực vào ngày 'on'")
    on: datetime.date | None = Field(None, description="ngày xét (mặc định: hôm nay)")
    overlay: str | None = Field(None, description="chuẩn địa phương áp dụng thêm, ví dụ dong-nai-2022-2025")
    area: Literal["rural", "urban"]
    members: int = Field(1, ge=1, le=1000)
    income_per_capita: int | None = Field(None, ge=0, le=10**12)
    deprivations: list[str] | None = Field(None, max_length=64, description="chỉ số thiếu hụt đã đánh dấu")
    survey: SurveyIn | None = None
    b1_score: int | None = Field(None, ge=0, le=10**6)
    b2_score: int | None = Field(None, ge=0, le=10**6)
    region: str | None = Field(None, max_length=64)


class AssessmentOut(Schema):
    standard_id: str
    category: str
    deprivation_count: int
    deprivations: list[str]
    reason: str
    reason_codes: list[str]
    basis: str


class DisagreementOut(Schema):
    indicator: str
    ticked: bool
    derived: bool
    message: str


class AssessOut(AssessmentOut):
    local: AssessmentOut | None = None
    unknown_indicators: list[str]
    derived_deprivations: list[str] | None = None
    not_derived: list[str] | None = None
    disagreements: list[DisagreementOut]
    unverified: list[str]


class StandardSummaryOut(Schema):
    id: str
    kind: str
    base: str | None
    province: str | None
    title: str
    title_en: str
    valid_from: str
    valid_to: str
    published: bool
    income_line: dict[str, int]
    average_ceiling: dict[str, int] | None
    poor_min_deprivations: int
    indicator_ids: list[str]
    unverified: list[str]


class StandardOut(StandardSummaryOut):
    legal: list[dict[str, Any]]
    area_names: dict[str, str]
    confidence: dict[str, str]
    scores: dict[str, Any] | None
    indicators: list[dict[str, Any]]


@standards_router.get("", response=list[StandardSummaryOut], auth=None, summary="Các chuẩn nghèo (list standards)")
def standard_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [standard_describe(s, indicators=False) for s in standards_all()]


@standards_router.get("/{standard_id}", response=StandardOut, auth=None, summary="Chi tiết một chuẩn nghèo")
def standard_detail(request: HttpRequest, standard_id: str) -> dict[str, Any]:
    return standard_describe(_standard(standard_id))


@assess_router.post("", response=AssessOut, auth=None, summary="Phân loại một hộ (assess one household)")
def assess_one(request: HttpRequest, payload: AssessIn) -> dict[str, Any]:
    standard = _standard(payload.standard) if payload.standard else _in_force(payload.on or datetime.date.today())
    local = None
    if standard.kind == "provincial":
        local, standard = standard, _standard(str(standard.base_id))
    if payload.overlay:
        local = _standard(payload.overlay)
        if local.base_id != standard.id:
            raise HttpError(422, f"Chuẩn địa phương '{local.id}' không dựa trên chuẩn '{standard.id}'.")
    ticked = None if payload.deprivations is None else frozenset(d.removeprefix("d_") for d in payload.deprivations)
    body: dict[str, Any] = {"disagreements": [], "derived_deprivations": None, "not_derived": None}
    if payload.survey is not None:
        derivation = derive_deprivations(_survey(payload.survey), standard)
        body["derived_deprivations"] = [i for i in standard.indicator_ids if i in derivation.deprived]
        body["not_derived"] = list(derivation.not_assessed)
        if ticked is None:
            # Facts alone: the derived deprivations stand in for the ticks.
            ticked = derivation.deprived
        else:
            body["disagreements"] = [asdict(d) for d in tick_disagreements(ticked, derivation, standard)]
    deprived = ticked or frozenset()
    body.update(_out(_assess(payload, standard, deprived)))
    body["local"] = _out(_assess(payload, local, deprived)) if local else None
    body["unknown_indicators"] = sorted(deprived - set(standard.indicator_ids))
    body["unverified"] = list(standard.unverified_items())
    return body


def _survey(survey: SurveyIn) -> SurveyFacts:
    fields = survey.dict()
    fields["members"] = tuple(Person(**member) for member in fields["members"])
    for name in ("services_used", "devices"):
        fields[name] = None if fields[name] is None else frozenset(fields[name])
    return SurveyFacts(**fields)


def _assess(payload: AssessIn, standard: Standard, deprived: frozenset[str]) -> Assessment:
    try:
        if payload.income_per_capita is not None:
            return assess(HouseholdFacts(payload.area, payload.members, payload.income_per_capita, deprived),
                          standard)
        if payload.b1_score is not None and payload.b2_score is not None:
            return assess_scores(ScoreFacts(payload.area, payload.b1_score, payload.b2_score, payload.region),
                                 standard)
    except InvalidFacts as error:
        raise HttpError(422, str(error)) from None
    raise HttpError(422, "Cần income_per_capita (kèm deprivations) hoặc cả b1_score và b2_score.")


def _out(result: Assessment) -> dict[str, Any]:
    return {
        "standard_id": result.standard_id, "category": result.category,
        "deprivation_count": result.deprivation_count, "deprivations": list(result.deprivations),
        "reason": result.reason, "reason_codes": list(result.reason_codes), "basis": result.basis,
    }


def _standard(standard_id: str) -> Standard:
    try:
        return standard_get(standard_id)
    except UnknownStandard as error:
        raise HttpError(404, str(error)) from None


def _in_force(day: datetime.date) -> Standard:
    try:
        return standard_in_force(day)
    except UnknownStandard as error:
        raise HttpError(404, str(error)) from None
