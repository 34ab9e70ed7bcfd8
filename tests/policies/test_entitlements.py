"""Entitlements computed from the seeded catalogue, their reasons, and what the 2027 standard changes."""

from __future__ import annotations

import datetime as dt

import pytest

from giamngheo.policies.models import Entitlement, Policy
from giamngheo.policies.services import entitlements_recompute, household_circumstances_set, member_circumstances_set

from .conftest import granted

pytestmark = pytest.mark.django_db


def test_catalogue_is_seeded_with_the_spec_policies_and_every_rule_is_valid() -> None:
    from giamngheo.domain.eligibility import indicators_by_standard
    from giamngheo.domain.eligibility_check import rule_errors

    codes = list(Policy.objects.values_list("code", flat=True))
    assert len(codes) == 15
    assert {"bhyt-ho-ngheo", "bhyt-ho-can-ngheo", "bhyt-ho-nong-nghiep-trung-binh", "tro-giup-phap-ly",
            "ho-tro-tien-dien", "vay-von-ho-ngheo", "vay-von-ho-can-ngheo", "vay-von-ho-moi-thoat-ngheo",
            "ho-tro-dien-thoai-thong-minh", "dao-tao-nghe-lao-dong-thu-nhap-thap",
            "mien-hoc-phi-sinh-vien-dtts"} <= set(codes)
    assert all(rule_errors(p.rule, indicators_by_standard()) == [] for p in Policy.objects.all())
    assert Policy.objects.get(code="ho-tro-tien-dien").amount_verified is False
    assert all(p.versions.count() == 1 for p in Policy.objects.all())


def test_seeding_again_creates_nothing() -> None:
    from giamngheo.policies.services import policies_seed

    assert policies_seed() == 0
    assert Policy.objects.count() == 15


def test_each_household_gets_the_policies_its_facts_call_for(computed) -> None:  # type: ignore[no-untyped-def]
    # The smartphone and housing programmes ended on 31/12/2025 (domain spec §6).
    assert granted(computed.hai) == ["bhyt-ho-ngheo", "ho-tro-tien-dien", "tro-giup-phap-ly", "vay-von-ho-ngheo"]
    assert granted(computed.hoa) == ["vay-von-ho-moi-thoat-ngheo"]
    assert granted(computed.tam) == ["bhyt-ho-can-ngheo", "tro-giup-phap-ly", "vay-von-ho-can-ngheo"]


def test_stored_reasons_are_vietnamese_sentences(computed) -> None:  # type: ignore[no-untyped-def]
    def reason(household, code: str) -> str:  # type: ignore[no-untyped-def]
        return Entitlement.objects.get(household=household, policy__code=code, scenario="current").reason

    assert reason(computed.hoa, "vay-von-ho-moi-thoat-ngheo") == (
        "Được hưởng vì: hộ thoát nghèo, thoát cận nghèo năm 2025, còn trong 3 năm (đến hết năm 2027)."
    )
    assert reason(computed.tam, "tro-giup-phap-ly") == (
        "Được hưởng vì: hộ là hộ cận nghèo; hộ có thành viên từ 60 tuổi trở lên."
    )
    # Housing support ended with 2025; on a day of 2025 its reason names the deprivation.
    from giamngheo.policies.entitlements import household_decisions

    housing = {p.code: d for p, d in household_decisions(computed.hai.pk, on=dt.date(2025, 6, 1))["current"]}
    assert housing["ho-tro-nha-o"].reason == "Được hưởng vì: hộ là hộ nghèo; hộ thiếu hụt chỉ số Chất lượng nhà ở."
    row = Entitlement.objects.get(household=computed.hai, policy__code="bhyt-ho-ngheo", scenario="current")
    assert (row.assessment_year, row.standard_id, row.category, row.policy_version) == (2025, "2022-2025", "poor", 1)
    assert row.commune_id == computed.hai.commune_id


def test_circumstances_add_the_policies_that_depend_on_them(computed, official_cam_xuyen) -> None:  # type: ignore[no-untyped-def]
    son = computed.hai.members.get(full_name="Hoàng Văn Nam")
    member_circumstances_set(acting_user=official_cam_xuyen, member_id=son.pk, flags=["student"])
    assert "ho-tro-chi-phi-hoc-tap" in granted(computed.hai)
    assert "mien-hoc-phi-pho-thong" in granted(computed.hai)
    household_circumstances_set(acting_user=official_cam_xuyen, household_id=computed.hai.pk,
                                flags=["received_device"])
    assert "ho-tro-dien-thoai-thong-minh" not in granted(computed.hai)


def test_circumstances_outside_the_officials_scope_are_refused(computed, official_thien_cam) -> None:  # type: ignore[no-untyped-def]
    from giamngheo.policies.services import PolicyNotAllowed

    with pytest.raises(PolicyNotAllowed):
        household_circumstances_set(acting_user=official_thien_cam, household_id=computed.hai.pk,
                                    flags=["agricultural"])


def test_2027_projection_reclassifies_under_the_new_lines(computed) -> None:  # type: ignore[no-untyped-def]
    # Hoa's 3.5 M income stays above 2.2 M; Tâm's 1.45 M and two deprivations (both kept in 2027) stay near-poor;
    # the smartphone programme is tied to the 2022–2025 standard and drops out.
    assert granted(computed.tam, "2027-2030") == ["bhyt-ho-can-ngheo", "tro-giup-phap-ly", "vay-von-ho-can-ngheo"]
    assert "ho-tro-dien-thoai-thong-minh" not in granted(computed.hai, "2027-2030")
    row = Entitlement.objects.get(household=computed.tam, policy__code="bhyt-ho-can-ngheo", scenario="2027-2030")
    assert (row.assessment_year, row.standard_id, row.category) == (2027, "2027-2030", "near_poor")


def test_recompute_for_some_households_leaves_the_others(computed) -> None:  # type: ignore[no-untyped-def]
    before = Entitlement.objects.count()
    report = entitlements_recompute(household_ids=[computed.hai.pk])
    assert report.households == 1
    assert Entitlement.objects.count() == before


def test_recompute_is_audited(computed) -> None:  # type: ignore[no-untyped-def]
    from giamngheo.common.models import AuditEvent

    event = AuditEvent.objects.filter(action="entitlements.recompute").latest("id")
    assert event.after["households"] == 3
