"""A recompute writes only what changed: stored rows equal to the computed ones are left alone, changed rows are
replaced, rows no longer granted (or of policies no longer active) go."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import F

from giamngheo.policies.models import Entitlement, Policy
from giamngheo.policies.services import entitlements_recompute
from giamngheo.registry.models import HouseholdAssessment

from .conftest import granted

pytestmark = pytest.mark.django_db


def stored() -> dict[tuple[int, str, str], tuple[object, ...]]:
    """{(household, scenario, policy code): (row id, computed_at, every compared column)}."""
    return {
        (e.household_id, e.scenario, e.policy.code): (e.pk, e.computed_at, e.commune_id, e.unit_path,
                                                      e.assessment_year, e.standard_id, e.category, e.reason,
                                                      e.policy_version)
        for e in Entitlement.objects.select_related("policy")
    }


def test_first_run_writes_every_row_and_reports_it(people) -> None:  # type: ignore[no-untyped-def]
    report = entitlements_recompute()
    assert report.entitlements == report.written == Entitlement.objects.count() > 0
    assert report.removed == 0


def test_a_rerun_after_nothing_changed_writes_nothing(computed) -> None:  # type: ignore[no-untyped-def]
    before = stored()
    for kwargs in ({}, {"household_ids": [computed.hai.pk, computed.tam.pk]}, {"scenarios": ["2027-2030"]},
                   {"policy_codes": ["bhyt-ho-ngheo", "tro-giup-phap-ly"]}):
        report = entitlements_recompute(**kwargs)
        assert (report.written, report.removed) == (0, 0), kwargs
        assert stored() == before  # same ids, same computed_at
    assert entitlements_recompute().entitlements == len(before)


def test_a_changed_household_gets_new_rows_and_the_others_keep_theirs(computed) -> None:  # type: ignore[no-untyped-def]
    before = stored()
    HouseholdAssessment.objects.create(
        household=computed.hoa, year=2026, commune=computed.hoa.commune, standard_id="2022-2025", category="poor",
        income_per_capita=900_000, deprivation_count=3, deprivations="housing_quality;water;telecom", reason="",
        facts={}, assessed_on=dt.date(2026, 12, 1),
    )
    report = entitlements_recompute()
    after = stored()
    assert "bhyt-ho-ngheo" in granted(computed.hoa)
    assert "vay-von-ho-moi-thoat-ngheo" not in granted(computed.hoa)
    changed = {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
    assert changed and {household for household, _, _ in changed} == {computed.hoa.pk}
    assert report.written == len(after.keys() - before.keys()) + sum(
        1 for key in after.keys() & before.keys() if after[key] != before[key])
    assert report.removed == len(before.keys() - after.keys()) + sum(
        1 for key in after.keys() & before.keys() if after[key] != before[key])
    assert report.entitlements == len(after)


def test_a_household_without_a_result_any_more_loses_its_rows(computed) -> None:  # type: ignore[no-untyped-def]
    count = Entitlement.objects.filter(household=computed.tam).count()
    HouseholdAssessment.objects.filter(household=computed.tam).delete()
    report = entitlements_recompute(household_ids=[computed.tam.pk])
    assert (report.households, report.written, report.removed) == (0, 0, count)
    assert not Entitlement.objects.filter(household=computed.tam).exists()
    assert Entitlement.objects.filter(household=computed.hai).exists()


def test_a_deactivated_policy_loses_its_rows_on_a_full_recompute(computed) -> None:  # type: ignore[no-untyped-def]
    count = Entitlement.objects.filter(policy__code="tro-giup-phap-ly").count()
    assert count
    Policy.objects.filter(code="tro-giup-phap-ly").update(active=False)
    report = entitlements_recompute()
    assert (report.written, report.removed) == (0, count)
    assert not Entitlement.objects.filter(policy__code="tro-giup-phap-ly").exists()


def test_a_deactivated_policy_loses_its_rows_when_recomputed_alone(computed) -> None:  # type: ignore[no-untyped-def]
    Policy.objects.filter(code="tro-giup-phap-ly").update(active=False)
    others = Entitlement.objects.exclude(policy__code="tro-giup-phap-ly").count()
    entitlements_recompute(policy_codes=["tro-giup-phap-ly"])
    assert not Entitlement.objects.filter(policy__code="tro-giup-phap-ly").exists()
    assert Entitlement.objects.count() == others


def test_a_new_policy_version_rewrites_that_policys_rows_only(computed) -> None:  # type: ignore[no-untyped-def]
    before = stored()
    Policy.objects.filter(code="bhyt-ho-ngheo").update(version=F("version") + 1)
    report = entitlements_recompute()
    after = stored()
    rewritten = {key for key in after if after[key] != before[key]}
    assert rewritten and {code for _, _, code in rewritten} == {"bhyt-ho-ngheo"}
    assert all(after[key][-1] == 2 for key in rewritten)
    assert report.written == report.removed == len(rewritten)
    assert after.keys() == before.keys()


def test_a_recompute_of_one_scenario_leaves_the_other(computed) -> None:  # type: ignore[no-untyped-def]
    Entitlement.objects.filter(scenario="current").update(reason="cũ")
    projected = {k: v for k, v in stored().items() if k[1] == "2027-2030"}
    report = entitlements_recompute(scenarios=["current"])
    assert report.written == report.removed == Entitlement.objects.filter(scenario="current").count()
    assert {k: v for k, v in stored().items() if k[1] == "2027-2030"} == projected
    assert not Entitlement.objects.filter(reason="cũ").exists()


def test_sqlite_page_cache_is_raised_for_the_recompute_only(people) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        entitlements_recompute()
        cursor.execute("PRAGMA cache_size")
        assert cursor.fetchone()[0] == before
