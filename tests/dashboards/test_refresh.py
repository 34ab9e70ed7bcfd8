"""aggregates_refresh: counts, deprivations and flows per today's unit, re-aggregated across the 2025 reform."""

from __future__ import annotations

import pytest

from giamngheo.dashboards.models import CategoryCount, DeprivationCount, FlowCount, RefreshRun
from giamngheo.dashboards.services import aggregates_refresh

pytestmark = pytest.mark.django_db

COUNT_FIELDS = ("year", "households", "poor", "near_poor", "average", "non_poor")
FLOW_FIELDS = ("year", "escaped_poor", "escaped_near_poor", "newly_poor", "fallen_back", "newly_near_poor")


def counts(unit):  # type: ignore[no-untyped-def]
    return list(CategoryCount.objects.filter(unit=unit).order_by("year").values_list(*COUNT_FIELDS))


def flows(unit):  # type: ignore[no-untyped-def]
    return list(FlowCount.objects.filter(unit=unit).order_by("year").values_list(*FLOW_FIELDS))


def snapshot():  # type: ignore[no-untyped-def]
    return (
        sorted(CategoryCount.objects.values_list("unit_id", *COUNT_FIELDS)),
        sorted(DeprivationCount.objects.values_list("unit_id", "year", "indicator", "households", "poor")),
        sorted(FlowCount.objects.values_list("unit_id", *FLOW_FIELDS)),
    )


def test_counts_follow_todays_communes_before_and_after_the_reform(refreshed):
    u = refreshed.units
    assert counts(u.cam_xuyen) == [
        (2022, 4, 2, 1, 0, 1), (2023, 5, 2, 1, 1, 1), (2024, 6, 2, 2, 1, 1), (2025, 6, 2, 3, 0, 1),
    ]
    assert counts(u.thien_cam) == [(2022, 2, 1, 0, 0, 1), (2023, 2, 1, 0, 0, 1), (2024, 2, 1, 0, 0, 1),
                                   (2025, 2, 1, 0, 0, 1)]
    assert counts(u.province) == [
        (2022, 6, 3, 1, 0, 2), (2023, 7, 3, 1, 1, 2), (2024, 8, 3, 2, 1, 2), (2025, 8, 3, 3, 0, 2),
    ]
    assert counts(u.trung_hoa) == [(2022, 2, 2, 0, 0, 0), (2023, 2, 1, 0, 1, 0), (2024, 2, 1, 1, 0, 0),
                                   (2025, 2, 1, 0, 0, 1)]
    # Units that no longer exist get no rows: their history lives on under today's communes.
    assert counts(u.old_town) == [] and counts(u.old_district) == []


def test_flows_compare_each_household_with_its_previous_review(refreshed):
    u = refreshed.units
    assert flows(u.cam_xuyen) == [
        (2023, 1, 0, 1, 0, 0),
        (2024, 1, 1, 0, 1, 1),
        (2025, 1, 1, 1, 0, 1),
    ]
    assert flows(u.province) == flows(u.cam_xuyen)  # nothing moved in Thiên Cầm
    assert flows(u.quyet_tien) == [(2023, 0, 0, 0, 0, 0), (2024, 0, 1, 0, 0, 0), (2025, 0, 0, 1, 0, 1)]


def test_deprivations_are_counted_per_indicator_among_all_and_poor_households(refreshed):
    u = refreshed.units
    rows = DeprivationCount.objects.filter(unit=u.cam_xuyen, year=2025).order_by("indicator")
    assert list(rows.values_list("indicator", "households", "poor")) == [
        ("employment", 2, 2), ("health_insurance", 2, 2), ("info_access", 3, 0), ("telecom", 2, 2),
    ]


def test_refresh_is_idempotent_and_a_partial_refresh_equals_a_full_one(refreshed):
    from giamngheo.registry.models import HouseholdAssessment

    before = snapshot()
    aggregates_refresh()
    assert snapshot() == before
    u = refreshed.units
    HouseholdAssessment.objects.filter(household__code="DB-3", year=2025).update(
        category="near_poor", deprivations="info_access", deprivation_count=1
    )
    aggregates_refresh(years=[2025], unit_ids=[u.cam_xuyen.id])
    partial = snapshot()
    aggregates_refresh()
    assert partial == snapshot()
    assert counts(u.province)[-1] == (2025, 8, 2, 4, 0, 2)
    assert flows(u.cam_xuyen)[-1] == (2025, 1, 1, 0, 0, 2)


def test_refreshing_an_earlier_year_rebuilds_the_flows_of_later_years(refreshed):
    from giamngheo.registry.models import HouseholdAssessment

    u = refreshed.units
    # DB-3 was poor in 2023 after all: its 2025 poverty becomes a fall back, not a new case.
    HouseholdAssessment.objects.filter(household__code="DB-3", year=2023).update(category="poor")
    aggregates_refresh(years=[2023], unit_ids=[u.quyet_tien.id])
    assert flows(u.cam_xuyen)[-1] == (2025, 1, 1, 0, 1, 1)
    assert flows(u.province)[-1] == (2025, 1, 1, 0, 1, 1)


def test_each_refresh_is_recorded(refreshed):
    run = RefreshRun.objects.get()
    assert (run.years, run.assessment_count) == ("2022,2023,2024,2025", 29)
