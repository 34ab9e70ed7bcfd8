"""The resident sheet never names a sensitive circumstance; staff reopen a household code that wrong tries locked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from giamngheo.domain.eligibility import (
    HOUSEHOLD_FLAGS,
    MEMBER_FLAGS,
    PUBLIC_HOUSEHOLD_FLAGS,
    PUBLIC_MEMBER_FLAGS,
    PUBLIC_REASON_NEUTRAL,
    SENSITIVE_HOUSEHOLD_FLAGS,
    SENSITIVE_MEMBER_FLAGS,
    EligibilityFacts,
    MemberFacts,
    PolicyRule,
    decide,
    public_reason,
)
from giamngheo.policies.lookup import FAILURE_MESSAGE

from .conftest import add_household

pytestmark = pytest.mark.django_db
URL = "/tra-cuu/"
API = "/api/v1/lookup"
LAN_ID = "042085000104"
ACCUSED = MEMBER_FLAGS["accused"]
NEUTRAL = PUBLIC_REASON_NEUTRAL


def post(code: str, factor: str, ip: str):  # type: ignore[no-untyped-def]
    return Client(REMOTE_ADDR=ip).post(URL, {"ma_ho": code, "so_dinh_danh": factor})


# ---------------------------------------------------------------------------------------------- the pure rules


def test_every_flag_is_either_public_or_sensitive() -> None:
    assert set(MEMBER_FLAGS) == SENSITIVE_MEMBER_FLAGS | PUBLIC_MEMBER_FLAGS
    assert not SENSITIVE_MEMBER_FLAGS & PUBLIC_MEMBER_FLAGS
    assert set(HOUSEHOLD_FLAGS) == SENSITIVE_HOUSEHOLD_FLAGS | PUBLIC_HOUSEHOLD_FLAGS
    assert {"accused", "disabled", "pregnant", "social_allowance"} <= SENSITIVE_MEMBER_FLAGS


@pytest.mark.parametrize("spec", [{"flags": [f]} for f in sorted(SENSITIVE_MEMBER_FLAGS)] + [
    {"ethnic_minority": True}, {"ethnic_minority": False}, {"age_min": 18, "ethnic_minority": True,
                                                            "flags": ["higher_student"]}])
def test_a_reason_resting_on_a_sensitive_circumstance_reads_neutrally(spec) -> None:  # type: ignore[no-untyped-def]
    rule = {"all": [{"category": ["near_poor"]}, {"member": spec}]}
    member = MemberFacts(age=30, sex="F", ethnic_minority=bool(spec.get("ethnic_minority")),
                         flags=frozenset(spec.get("flags", ())))
    facts = EligibilityFacts(category="near_poor", standard_id="2022-2025", year=2025, members=(member,))
    decision = decide(PolicyRule("p", rule), facts, on=dt.date(2025, 12, 1))
    assert decision.eligible
    shown = public_reason(decision.reason)
    assert shown == f"Được hưởng vì: hộ là hộ cận nghèo; {NEUTRAL}."
    for word in [MEMBER_FLAGS[f] for f in SENSITIVE_MEMBER_FLAGS] + ["dân tộc"]:
        assert word not in shown
    # Saying there is no such member is no more allowed than saying there is one.
    negative = decide(PolicyRule("p", {"not": {"member": spec}}), EligibilityFacts(
        category="poor", standard_id="2022-2025", year=2025), on=dt.date(2025, 12, 1))
    assert public_reason(negative.reason) == f"Được hưởng vì: {NEUTRAL}."


def test_other_reasons_are_shown_as_they_are() -> None:
    for reason in ("Được hưởng vì: hộ là hộ nghèo.",
                   "Được hưởng vì: hộ là hộ cận nghèo; hộ có thành viên từ 60 tuổi trở lên.",
                   "Được hưởng vì: hộ là hộ nghèo; hộ có thành viên là học sinh phổ thông.",
                   "Được hưởng vì: hộ ở xã vùng đồng bào dân tộc thiểu số và miền núi."):
        assert public_reason(reason) == reason
    twice = f"Được hưởng vì: hộ có thành viên là {ACCUSED}; hộ có thành viên là {MEMBER_FLAGS['disabled']}."
    assert public_reason(twice) == f"Được hưởng vì: {NEUTRAL}."


# ---------------------------------------------------------------------------------------------- the sheet


@pytest.fixture
def accused(computed, units, official_cam_xuyen):  # type: ignore[no-untyped-def]
    """CX-0103: a near-poor household whose head (40) is accused in a criminal case: legal aid for that reason."""
    from giamngheo.policies.services import member_circumstances_set

    lan = add_household(code="CX-0103", head_name="Phan Thị Lan", commune=units.cam_xuyen, village=units.trung_hoa,
                        members=[("Phan Thị Lan", 1985, "F", "Chủ hộ", "Kinh", LAN_ID)],
                        results=[(2025, "2022-2025", "near_poor", 1_450_000, ["water"])])
    member_circumstances_set(acting_user=official_cam_xuyen, member_id=lan.members.get().pk, flags=["accused"])
    return lan


def test_the_resident_sees_only_the_neutral_reason_and_staff_the_full_one(  # type: ignore[no-untyped-def]
        accused, client_for, official_cam_xuyen) -> None:
    from giamngheo.policies.models import Entitlement

    stored = Entitlement.objects.get(household=accused, policy__code="tro-giup-phap-ly", scenario="current").reason
    assert ACCUSED in stored  # what staff recorded, kept in full

    page = post("CX-0103", LAN_ID, ip="10.20.0.1").content.decode()
    assert "Trợ giúp pháp lý miễn phí" in page
    assert f"hộ là hộ cận nghèo; {NEUTRAL}." in page
    assert ACCUSED not in page and "hình sự" not in page  # the benefit's general wording names no household

    body = Client(REMOTE_ADDR="10.20.0.2").post(API, {"household_code": "CX-0103", "id_number": LAN_ID},
                                                content_type="application/json").json()
    legal = next(p for p in body["policies"] if p["code"] == "tro-giup-phap-ly")
    assert legal["reason"] == f"Được hưởng vì: hộ là hộ cận nghèo; {NEUTRAL}."
    assert ACCUSED not in str(body)

    staff = client_for(official_cam_xuyen)
    assert ACCUSED in staff.get(f"/chinh-sach/ho/{accused.pk}/").content.decode()
    printed = staff.get(f"/chinh-sach/ho/{accused.pk}/in/").content.decode()  # handed to the household
    assert NEUTRAL in printed and ACCUSED not in printed


# ---------------------------------------------------------------------------------------------- unlock


def lock(code: str) -> None:
    for attempt in range(5):
        post(code, f"0420700009{attempt:02d}", ip=f"10.21.0.{attempt}")


def test_a_commune_official_unlocks_a_locked_code(computed, client_for, official_cam_xuyen) -> None:  # type: ignore[no-untyped-def]
    from giamngheo.common.models import AuditEvent

    from .conftest import HAI_ID

    lock("cx-0101")  # typed in lower case: the same code
    assert FAILURE_MESSAGE in post("CX-0101", HAI_ID, ip="10.21.1.1").content.decode()
    staff = client_for(official_cam_xuyen)
    page = staff.get(f"/chinh-sach/ho/{computed.hai.pk}/").content.decode()
    assert "Mở khóa tra cứu" in page

    response = staff.post(f"/chinh-sach/ho/{computed.hai.pk}/", {"mo_khoa": "1"})
    assert response.status_code == 302
    assert "Hộ nghèo" in post("CX-0101", HAI_ID, ip="10.21.1.2").content.decode()
    event = AuditEvent.objects.get(action="lookup.unlock")
    assert (event.object_id, event.actor_id, event.after) == (str(computed.hai.pk), official_cam_xuyen.pk,
                                                              {"failures": 0})
    assert event.before == {"failures": 6}  # five wrong tries and the refused right one
    assert "Mở khóa tra cứu" not in staff.get(f"/chinh-sach/ho/{computed.hai.pk}/").content.decode()


def test_another_communes_official_cannot_unlock(computed, client_for, official_thien_cam, make_user,  # type: ignore[no-untyped-def]
                                                 units) -> None:
    from giamngheo.common.models import AuditEvent

    from .conftest import HAI_ID

    lock("CX-0101")
    assert client_for(official_thien_cam).post(f"/chinh-sach/ho/{computed.hai.pk}/", {"mo_khoa": "1"}).status_code \
        == 404
    auditor = make_user("auditor", units.cam_xuyen)
    assert client_for(auditor).post(f"/chinh-sach/ho/{computed.hai.pk}/", {"mo_khoa": "1"}).status_code == 404
    assert "Mở khóa tra cứu" not in client_for(auditor).get(f"/chinh-sach/ho/{computed.hai.pk}/").content.decode()
    assert FAILURE_MESSAGE in post("CX-0101", HAI_ID, ip="10.21.2.1").content.decode()
    assert not AuditEvent.objects.filter(action="lookup.unlock").exists()


def test_the_form_says_where_the_household_code_is() -> None:
    response = Client().get(URL)
    html = response.content.decode()
    assert "in trên giấy chứng nhận hộ nghèo, hộ cận nghèo, hoặc hỏi trưởng thôn / cán bộ xã" in html.lower()
    assert len(response.content) < 6000 and "<script" not in html and not response.cookies
