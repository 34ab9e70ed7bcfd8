"""The bulk recompute (members counted in SQL, decisions cached per reduced key) equals deciding each household
on its own full facts — same policies, same reasons — for a varied population."""

from __future__ import annotations

import random

import pytest

from giamngheo.policies.entitlements import household_decisions
from giamngheo.policies.models import Entitlement, Policy
from giamngheo.policies.services import entitlements_recompute

from .conftest import add_household

pytestmark = pytest.mark.django_db
FLAGS = ("student", "higher_student", "disabled", "pregnant", "social_allowance", "accused", "")
INDICATORS = ("housing_quality", "housing_area", "water", "telecom", "info_access", "health_insurance")


@pytest.fixture
def population(units, province_admin):  # type: ignore[no-untyped-def]
    from giamngheo.policies.models import HouseholdCircumstance, MemberCircumstance
    from giamngheo.policies.services import commune_designation_set

    rng = random.Random(5)
    villages = [units.trung_hoa, units.quyet_tien, units.tan_phu]
    households = []
    for number in range(60):
        village = villages[number % 3]
        members = [(f"Người {number}-{k}", rng.randint(1935, 2024), rng.choice("MF"), "Chủ hộ" if k == 0 else "Con",
                    rng.choice(["Kinh", "Kinh", "Mường", "Thái", "kinh"]), "") for k in range(rng.randint(1, 6))]
        history = []
        for year in (2023, 2024, 2025, 2026):
            category = rng.choice(["poor", "near_poor", "average", "non_poor", "non_poor"])
            history.append((year, "2022-2025", category, rng.randint(800_000, 4_000_000),
                            rng.sample(INDICATORS, rng.randint(0, 4))))
        if number % 7 == 0:
            history.append((2026, "2027-2030", "near_poor", 2_000_000, ["digital", "water"]))
        household = add_household(code=f"P-{number:03d}", head_name=f"Chủ {number}", commune=village.parent,
                                  village=village, members=members, results=history,
                                  area="urban" if number % 4 == 0 else "rural")
        for member in household.members.all():
            flag = rng.choice(FLAGS)
            if flag:
                MemberCircumstance.objects.create(member=member, household=household, flags=flag)
        if number % 3:
            HouseholdCircumstance.objects.create(household=household,
                                                 flags=rng.choice(["agricultural", "received_device", ""]))
        households.append(household)
    commune_designation_set(acting_user=province_admin, commune_id=units.thien_cam.pk, flag="poor_commune",
                            present=True)
    Policy.objects.filter(code="tro-giup-phap-ly").update(rule={"any": [
        {"category": ["poor"]}, {"member": {"age_min": 60, "sex": "F"}, "at_least": 2},
        {"all": [{"category": ["near_poor"]}, {"member": {"ethnic_minority": True, "flags": ["disabled"]}}]},
    ]})
    return households


def test_stored_entitlements_equal_row_by_row_decisions(population) -> None:  # type: ignore[no-untyped-def]
    report = entitlements_recompute()
    assert report.households == 60
    stored = {(e.household_id, e.scenario, e.policy.code, e.reason)
              for e in Entitlement.objects.select_related("policy")}
    expected = set()
    for household in population:
        for scenario, decisions in household_decisions(household.pk).items():
            expected |= {(household.pk, scenario, policy.code, d.reason) for policy, d in decisions if d.eligible}
    assert stored == expected
    assert len({code for _, _, code, _ in stored}) >= 10
