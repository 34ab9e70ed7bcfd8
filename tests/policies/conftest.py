"""Households for the policy tests: real standard ids and indicators, heads with identity numbers.

    CX-0101 Hoàng Văn Hải   Xã Cẩm Xuyên / Trung Hòa   poor 2025 (housing_quality, water, telecom), 3 members:
                            head (id 042070000101), wife, son 2012 (student); ethnicity Mường
    CX-0102 Đặng Thị Hoa    Xã Cẩm Xuyên / Quyết Tiến  near_poor 2024 → non_poor 2025 (escaped 2025), 1 member
    TC-0101 Võ Văn Tâm      Xã Thiên Cầm / Tân Phú     near_poor 2025, head 1950 (aged 75)
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from giamngheo.common.text import fold

HAI_ID = "042070000101"
HOA_ID = "042080000102"
TAM_ID = "042050000103"


def add_household(*, code, head_name, commune, village, members, results, area="rural"):  # type: ignore[no-untyped-def]
    """members: [(name, birth_year, sex, relation, ethnicity, id_number)]; results: [(year, std, cat, income, deps)]."""
    from giamngheo.registry.models import Household, HouseholdAssessment, Member
    from giamngheo.registry.services import member_identity_fields

    household = Household.objects.create(
        code=code, head_name=head_name, commune=commune, village=village, unit_path=village.path, area=area,
        search_key=fold(f"{code} {head_name}"),
    )
    for name, birth_year, sex, relation, ethnicity, id_number in members:
        Member.objects.create(household=household, full_name=name, birth_year=birth_year, sex=sex,
                              relation=relation, ethnicity=ethnicity, **member_identity_fields(id_number))
    for year, standard_id, category, income, deprivations in results:
        HouseholdAssessment.objects.create(
            household=household, year=year, commune=commune, standard_id=standard_id, category=category,
            income_per_capita=income, deprivation_count=len(deprivations), deprivations=";".join(deprivations),
            reason="", facts={}, assessed_on=dt.date(year, 12, 1),
        )
    return household


@pytest.fixture
def people(units) -> SimpleNamespace:  # type: ignore[no-untyped-def]
    hai = add_household(
        code="CX-0101", head_name="Hoàng Văn Hải", commune=units.cam_xuyen, village=units.trung_hoa,
        members=[("Hoàng Văn Hải", 1980, "M", "Chủ hộ", "Mường", HAI_ID),
                 ("Lê Thị Mai", 1984, "F", "Vợ", "Kinh", ""),
                 ("Hoàng Văn Nam", 2012, "M", "Con", "Mường", "")],
        results=[(2025, "2022-2025", "poor", 1_200_000, ["housing_quality", "water", "telecom"])],
    )
    hoa = add_household(
        code="CX-0102", head_name="Đặng Thị Hoa", commune=units.cam_xuyen, village=units.quyet_tien,
        members=[("Đặng Thị Hoa", 1980, "F", "Chủ hộ", "Kinh", HOA_ID)],
        results=[(2024, "2022-2025", "near_poor", 1_400_000, ["water"]),
                 (2025, "2022-2025", "non_poor", 3_500_000, [])],
    )
    tam = add_household(
        code="TC-0101", head_name="Võ Văn Tâm", commune=units.thien_cam, village=units.tan_phu,
        members=[("Võ Văn Tâm", 1950, "M", "Chủ hộ", "Kinh", TAM_ID)],
        results=[(2025, "2022-2025", "near_poor", 1_450_000, ["health_insurance", "sanitation"])],
    )
    return SimpleNamespace(hai=hai, hoa=hoa, tam=tam)


@pytest.fixture
def computed(people) -> SimpleNamespace:  # type: ignore[no-untyped-def]
    """The people above with their entitlements computed (both scenarios)."""
    from giamngheo.policies.services import entitlements_recompute

    entitlements_recompute()
    return people


def granted(household, scenario: str = "current") -> list[str]:  # type: ignore[no-untyped-def]
    from giamngheo.policies.models import Entitlement

    return sorted(Entitlement.objects.filter(household=household, scenario=scenario)
                  .values_list("policy__code", flat=True))
