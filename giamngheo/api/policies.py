"""Policies API: the public catalogue, a household's entitlements (scoped staff) and the public lookup."""

from __future__ import annotations

import datetime as dt
import json

from django.http import HttpRequest, JsonResponse
from ninja import Router, Schema
from ninja.errors import HttpError

from giamngheo.common.middleware import client_ip
from giamngheo.outreach.selectors import commune_news
from giamngheo.policies.entitlements import household_decisions
from giamngheo.policies.lookup import FAILURE_MESSAGE, lookup_perform
from giamngheo.policies.models import Scenario
from giamngheo.policies.selectors import policy_list
from giamngheo.registry.access import access_household

router = Router(tags=["Chính sách"])
entitlements_router = Router(tags=["Chính sách"])
lookup_router = Router(tags=["Tra cứu của người dân"])
MAX_BODY = 2048


class PolicyOut(Schema):
    code: str
    name: str
    group: str
    agency: str
    legal_basis: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    benefit: str
    how_to_claim: str
    documents: str
    amount_verified: bool
    verification_note: str
    rule: dict
    version: int


class DecisionOut(Schema):
    policy: str
    name: str
    eligible: bool
    reason: str


class EntitlementsOut(Schema):
    household_id: int
    current: list[DecisionOut]
    standard_2027: list[DecisionOut]


@router.get("", response=list[PolicyOut], auth=None, summary="Danh mục chính sách đang áp dụng (công khai)")
def policies(request: HttpRequest):
    return list(policy_list(include_inactive=False).filter(public=True))


@entitlements_router.get("/{household_id}/entitlements", response=EntitlementsOut,
                         summary="Mọi chính sách với kết quả và lý do cho một hộ (trong phạm vi tài khoản)")
def household_entitlements(request: HttpRequest, household_id: int):
    household = access_household(request.user, household_id)
    if household is None:
        raise HttpError(404, "Không tìm thấy hộ gia đình.")
    decisions = household_decisions(household.pk)

    def lines(scenario: str) -> list[DecisionOut]:
        return [DecisionOut(policy=p.code, name=p.name, eligible=d.eligible, reason=d.reason)
                for p, d in decisions.get(scenario, [])]

    return EntitlementsOut(household_id=household.pk, current=lines(Scenario.CURRENT),
                           standard_2027=lines(Scenario.STANDARD_2027))


LOOKUP_BODY = {
    "requestBody": {"required": True, "content": {"application/json": {"schema": {
        "type": "object", "required": ["household_code", "id_number"],
        "properties": {"household_code": {"type": "string", "maxLength": 32},
                       "id_number": {"type": "string", "maxLength": 40,
                                     "description": "Số định danh của chủ hộ, hoặc mã xác minh in dưới mã QR "
                                                    "của giấy chứng nhận hộ nghèo, hộ cận nghèo"}},
    }}}},
}


def _body(request: HttpRequest) -> tuple[str, str]:
    """Read {household_code, id_number} from a small JSON body; anything else gives empty values."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return "", ""
    if length > MAX_BODY:
        return "", ""
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return "", ""
    if not isinstance(data, dict):
        return "", ""
    code, factor = data.get("household_code"), data.get("id_number")
    return (code if isinstance(code, str) else ""), (factor if isinstance(factor, str) else "")


@lookup_router.post("", auth=None, openapi_extra=LOOKUP_BODY,
                    summary="Tra cứu của người dân: mã hộ + số định danh của chủ hộ (hoặc mã trên giấy chứng nhận)",
                    description="Mọi trường hợp không thành công (mã không có, sai số định danh, dữ liệu sai, "
                                "tra cứu quá nhiều) trả về cùng một phản hồi 404.")
def lookup(request: HttpRequest):
    code, factor = _body(request)
    sheet = lookup_perform(code=code, factor=factor, ip=client_ip(request),
                           user_agent=request.META.get("HTTP_USER_AGENT", ""), channel="api")
    if sheet is None:
        response = JsonResponse({"ok": False, "message": FAILURE_MESSAGE}, status=404)
    else:
        response = JsonResponse({
            "ok": True, "household_code": sheet.code, "category": sheet.category,
            "category_name": sheet.category_name, "review_year": sheet.year, "commune": sheet.commune_name,
            "policies": [
                {"code": p.code, "name": p.name, "agency": p.agency, "benefit": p.benefit,
                 "how_to_claim": p.how_to_claim, "documents": p.documents, "legal_basis": p.legal_basis,
                 "reason": p.reason, "amount_verified": p.amount_verified}
                for p in sheet.policies
            ],
            "news": [{"title": n.title, "summary": n.summary, "published_at": n.published_at.isoformat(),
                      "url": n.url, "emergency": n.emergency} for n in commune_news(sheet.commune_id)],
        })
    response["Cache-Control"] = "no-store"
    return response
