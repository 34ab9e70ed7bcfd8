"""Editing policies: versioned, audited, sanitised, rules checked at save time, entitlements recomputed."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError

from giamngheo.common.models import AuditEvent
from giamngheo.policies.models import Entitlement, Policy
from giamngheo.policies.services import PolicyNotAllowed, policy_create, policy_update

from .conftest import granted

pytestmark = pytest.mark.django_db


def test_editing_a_rule_recomputes_the_affected_entitlements(computed, province_admin) -> None:  # type: ignore[no-untyped-def]
    assert "ho-tro-tien-dien" not in granted(computed.tam)
    policy_update(acting_user=province_admin, code="ho-tro-tien-dien", note="Mở rộng cho hộ cận nghèo (thử)",
                  rule={"category": ["poor", "near_poor"]})
    assert "ho-tro-tien-dien" in granted(computed.tam)
    assert "ho-tro-tien-dien" in granted(computed.hai)
    row = Entitlement.objects.get(household=computed.tam, policy__code="ho-tro-tien-dien", scenario="current")
    assert (row.policy_version, row.reason) == (2, "Được hưởng vì: hộ là hộ cận nghèo.")
    policy_update(acting_user=province_admin, code="ho-tro-tien-dien", active=False)
    assert Entitlement.objects.filter(policy__code="ho-tro-tien-dien").count() == 0


def test_every_change_is_a_new_version_with_one_audit_event(computed, province_admin) -> None:  # type: ignore[no-untyped-def]
    policy_update(acting_user=province_admin, code="vay-von-ho-ngheo", note="Ghi mức vay",
                  benefit="Vay tối đa theo quy định của Ngân hàng Chính sách xã hội.", amount_verified=True)
    policy = Policy.objects.get(code="vay-von-ho-ngheo")
    assert policy.version == 2
    versions = list(policy.versions.order_by("version").values_list("version", "note", "changed_by__username"))
    assert versions == [(1, "Khởi tạo danh mục theo đặc tả (mục 6)", None), (2, "Ghi mức vay", "quantri.tinh")]
    assert policy.versions.get(version=2).data["amount_verified"] is True
    event = AuditEvent.objects.filter(action="policy.update").get()
    assert event.before == {
        "benefit": "Vay vốn sản xuất, kinh doanh với lãi suất ưu đãi. Mức cho vay tối đa và lãi suất do Chính phủ quy "
                   "định theo từng thời kỳ (hỏi Ngân hàng Chính sách xã hội).",
        "amount_verified": False,
    }
    assert event.after == {"benefit": "Vay tối đa theo quy định của Ngân hàng Chính sách xã hội.",
                           "amount_verified": True, "version": 2}


def test_saving_without_a_change_makes_no_version(province_admin) -> None:  # type: ignore[no-untyped-def]
    policy = Policy.objects.get(code="bhyt-ho-ngheo")
    policy_update(acting_user=province_admin, code="bhyt-ho-ngheo", name=policy.name)
    assert Policy.objects.get(code="bhyt-ho-ngheo").version == 1
    assert not AuditEvent.objects.filter(action="policy.update").exists()


def test_a_rule_naming_an_unknown_indicator_is_refused_with_a_clear_message(province_admin) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        policy_update(acting_user=province_admin, code="ho-tro-nha-o",
                      rule={"all": [{"category": ["poor"]}, {"deprived": ["nha_o_tam"]}]})
    message = caught.value.message_dict["rule"][0]
    assert message.startswith("Chỉ số thiếu hụt 'nha_o_tam' không có trong chuẩn nghèo 2022-2025, 2027-2030")
    assert "housing_quality" in message
    assert Policy.objects.get(code="ho-tro-nha-o").version == 1


def test_an_indicator_gone_from_the_standard_named_next_to_it_is_refused(province_admin) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        policy_update(acting_user=province_admin, code="ho-tro-dien-thoai-thong-minh",
                      rule={"all": [{"standard": ["2027-2030"]}, {"deprived": ["telecom"]}]})
    assert caught.value.message_dict["rule"][0].startswith(
        "Chỉ số thiếu hụt 'telecom' không có trong chuẩn nghèo 2027-2030;")


def test_malformed_rule_json_is_refused(province_admin) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        policy_update(acting_user=province_admin, code="ho-tro-nha-o", rule='{"category": ["poor"')
    assert caught.value.message_dict["rule"][0].startswith("Điều kiện không đúng cú pháp JSON")
    with pytest.raises(ValidationError):
        policy_update(acting_user=province_admin, code="ho-tro-nha-o", rule=json.dumps({"all": []}))


def test_html_and_script_in_policy_text_are_sanitised(province_admin) -> None:  # type: ignore[no-untyped-def]
    policy = policy_update(
        acting_user=province_admin, code="tro-giup-phap-ly",
        name="Trợ giúp <b>pháp lý</b><script>alert(1)</script>",
        benefit='<p onclick="steal()">Miễn phí <strong>hoàn toàn</strong></p><script>alert("x")</script>'
                '<a href="javascript:alert(1)">bấm</a> <img src=x onerror=alert(1)><a href="https://tgpl.vn">TGPL</a>',
        how_to_claim="<iframe src='https://evil.example'></iframe>Đến Trung tâm",
    )
    assert policy.name == "Trợ giúp pháp lý"
    assert policy.benefit == ('<p>Miễn phí <strong>hoàn toàn</strong></p><a rel="noopener noreferrer">bấm</a> '
                              '<a href="https://tgpl.vn" rel="noopener noreferrer">TGPL</a>')
    assert policy.how_to_claim == "Đến Trung tâm"


def test_only_policy_managers_edit(official_cam_xuyen) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PolicyNotAllowed):
        policy_update(acting_user=official_cam_xuyen, code="bhyt-ho-ngheo", name="x")


def test_a_new_policy_is_versioned_and_computed(computed, province_admin) -> None:  # type: ignore[no-untyped-def]
    policy_create(
        acting_user=province_admin, code="ho-tro-nguoi-cao-tuoi-can-ngheo", group="health",
        name="Thăm khám tại nhà cho người cao tuổi hộ cận nghèo", agency="Trạm y tế xã",
        legal_basis="Kế hoạch của UBND tỉnh (thử nghiệm)", benefit="Khám sức khỏe tại nhà mỗi năm một lần.",
        how_to_claim="Trạm y tế xã tự liên hệ.", rule={"all": [{"category": ["near_poor"]},
                                                               {"member": {"age_min": 70}}]},
    )
    assert "ho-tro-nguoi-cao-tuoi-can-ngheo" in granted(computed.tam)
    assert Policy.objects.get(code="ho-tro-nguoi-cao-tuoi-can-ngheo").versions.count() == 1
    assert AuditEvent.objects.filter(action="policy.create").count() == 1
    with pytest.raises(ValidationError):
        policy_create(acting_user=province_admin, code="ho-tro-nguoi-cao-tuoi-can-ngheo", group="health",
                      name="x", agency="x", legal_basis="x", benefit="x", how_to_claim="x", rule={"category": ["poor"]})
