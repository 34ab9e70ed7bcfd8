"""The imported `agricultural` flag of a household's current result reaches the eligibility rules."""

from __future__ import annotations

import pytest

from giamngheo.policies.facts import CURRENT, PROJECTED, household_rows
from giamngheo.policies.models import HouseholdCircumstance
from tests.conftest import make_household
from tests.review.conftest import survey_assessment

pytestmark = pytest.mark.django_db


def flags(household) -> dict[str, frozenset[str]]:  # type: ignore[no-untyped-def]
    return {row.scenario: row.household_flags for row in household_rows([household.pk], [CURRENT, PROJECTED])}


@pytest.mark.parametrize(("fact", "expected"), [(1, {"agricultural"}), (0, set()), (None, set()), ("missing", set())])
def test_the_current_results_flag_counts(units, fact, expected):
    household = make_household(code="A1", head_name="An", commune=units.cam_xuyen)
    result = survey_assessment(household, year=2025, income=2_000_000, deprived=(), members=1)
    if fact != "missing":
        result.facts = {**result.facts, "agricultural": fact}
        result.save(update_fields=["facts"])
    assert flags(household) == {CURRENT: frozenset(expected), PROJECTED: frozenset(expected)}


def test_a_later_result_without_the_flag_replaces_it_and_recorded_circumstances_stay(units):
    household = make_household(code="A1", head_name="An", commune=units.cam_xuyen)
    first = survey_assessment(household, year=2025, income=2_000_000, deprived=(), members=1)
    first.facts = {**first.facts, "agricultural": 1}
    first.save(update_fields=["facts"])
    survey_assessment(household, year=2025, income=2_000_000, deprived=(), members=1)
    assert flags(household)[CURRENT] == frozenset()
    HouseholdCircumstance.objects.create(household=household, flags="agricultural;device_received")
    assert flags(household)[CURRENT] == frozenset({"agricultural", "device_received"})
