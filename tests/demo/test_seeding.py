"""`demo_prepare` writes the generated population once, whole, where scoping and the dashboards expect it."""

from __future__ import annotations

import hashlib
import json
from collections import Counter

import pytest
from django.db.models import F

from giamngheo.common.models import AuditEvent
from giamngheo.demo.population import population_lines
from giamngheo.demo.seeding import SEED_ACTION, population_seed, population_seeded
from giamngheo.demo.story import TARGET_BY_YEAR, YEARS, count_for
from giamngheo.demo.territory import NESTED_GROUPS, legacy_communes
from giamngheo.geo.models import REFORM_2025, AdminUnit, UnitSuccession
from giamngheo.registry.models import Household, HouseholdAssessment, Member
from tests.demo.conftest import HOUSEHOLDS, SEED

pytestmark = pytest.mark.django_db


def _database_digest() -> str:
    """Digest the synthetic rows read back from the database, shaped like the generator's rows."""
    from giamngheo.demo.population import AssessmentRow, HouseholdRow, MemberRow
    from giamngheo.demo.territory import Village

    legacy = dict(HouseholdAssessment.objects.filter(year=2024, household__is_synthetic=True)
                  .values_list("household__code", "commune__code"))
    households = [
        HouseholdRow(code, commune, legacy[code], village, area, head, address)
        for code, commune, village, area, head, address in Household.objects.filter(is_synthetic=True)
        .order_by("id").values_list("code", "commune__code", "village__name", "area", "head_name", "address")
    ]
    village_rows = []
    for commune_code, name, unit_type in (AdminUnit.objects.filter(level="village", parent__code__in={
            h.commune_code for h in households}, parent__valid_to__isnull=True).order_by("id")
            .values_list("parent__code", "name", "unit_type")):
        village_rows.append(Village(commune_code, "", name, unit_type))
    members = [MemberRow(*row) for row in Member.objects.filter(household__is_synthetic=True).order_by("id")
               .values_list("household__code", "full_name", "birth_year", "sex", "ethnicity", "relation",
                            "employment")]
    assessments = [
        AssessmentRow(code, year, commune, "legacy" if year < 2025 else "current", standard, category, income,
                      count, deprivations, reason, json.dumps(facts, sort_keys=True), day)
        for code, year, commune, standard, category, income, count, deprivations, reason, facts, day
        in HouseholdAssessment.objects.filter(household__is_synthetic=True).order_by("id").values_list(
            "household__code", "year", "commune__code", "standard_id", "category", "income_per_capita",
            "deprivation_count", "deprivations", "reason", "facts", "assessed_on")
    ]
    sha = hashlib.sha256()
    for line in population_lines([(v.commune_code, v.name, v.kind) for v in village_rows], households, members,
                                 assessments):
        sha.update(line.encode())
    return sha.hexdigest()


def _generated_digest(population) -> str:  # type: ignore[no-untyped-def]
    """Digest the generated rows as the database gives them back (PostgreSQL's jsonb reorders keys)."""
    sha = hashlib.sha256()
    villages = [(v.commune_code, v.name, v.kind) for v in population.villages]
    assessments = [a._replace(facts=json.dumps(json.loads(a.facts), sort_keys=True)) for a in population.assessments]
    for line in population_lines(villages, population.households, population.members, assessments):
        sha.update(line.encode())
    return sha.hexdigest()


def test_the_database_holds_exactly_the_generated_rows(seeded, small_population) -> None:
    assert _database_digest() == _generated_digest(small_population)
    assert Household.objects.filter(is_synthetic=True).count() == HOUSEHOLDS
    assert HouseholdAssessment.objects.filter(household__is_synthetic=True).count() == HOUSEHOLDS * len(YEARS)
    assert any("2.000 hộ" in m and "14.000 kết quả rà soát" in m for m in seeded.messages)


def test_a_second_run_with_the_same_size_and_seed_writes_nothing(seeded) -> None:
    events = AuditEvent.objects.count()
    ids = list(Household.objects.filter(is_synthetic=True).values_list("id", flat=True)[:5])

    report = population_seed(households=HOUSEHOLDS, seed=SEED, progress=lambda _m: None)

    assert report.kept and report.replaced is None
    assert AuditEvent.objects.count() == events
    assert list(Household.objects.filter(is_synthetic=True).values_list("id", flat=True)[:5]) == ids


def test_another_seed_replaces_the_population_in_one_go(seeded) -> None:
    villages_before = AdminUnit.objects.filter(level="village").count()
    said: list[str] = []

    report = population_seed(households=1_500, seed=SEED + 1, progress=said.append)

    assert report.replaced == (HOUSEHOLDS, SEED) and not report.kept
    assert any("Thay dân số mô phỏng cũ (2.000 hộ)" in s for s in said)
    assert Household.objects.filter(is_synthetic=True).count() == 1_500
    assert Member.objects.filter(household__is_synthetic=False).count() == 0
    assert HouseholdAssessment.objects.count() == 1_500 * len(YEARS)
    assert AdminUnit.objects.filter(level="village").count() == villages_before
    assert population_seeded() == (1_500, SEED + 1)
    event = AuditEvent.objects.filter(action=SEED_ACTION).order_by("-id").first()
    assert event.before == {"households": HOUSEHOLDS, "seed": SEED}


def test_an_interrupted_seed_leaves_nothing_behind(seeded) -> None:
    Household.objects.filter(is_synthetic=True).delete()
    events = AuditEvent.objects.count()

    def power_cut() -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        population_seed(households=500, seed=1, progress=lambda _m: None, after_write=power_cut)

    assert Household.objects.count() == Member.objects.count() == HouseholdAssessment.objects.count() == 0
    assert AuditEvent.objects.count() == events
    assert population_seeded() is None


def test_rates_read_from_the_database_are_the_designed_ones(seeded) -> None:
    group_of = {c.code: c.group for c in legacy_communes()}
    legacy = dict(HouseholdAssessment.objects.filter(year=2024).values_list("household_id", "commune__code"))
    rows = HouseholdAssessment.objects.values_list("household_id", "year", "category")
    for groups in NESTED_GROUPS:
        inside = {h for h, code in legacy.items() if group_of[code] in groups}
        counts = Counter((year, category) for h, year, category in rows if h in inside)
        for year in YEARS:
            target = TARGET_BY_YEAR[year]
            assert counts[(year, "poor")] == count_for(target.poor_bp, len(inside)), (groups, year)
            assert counts[(year, "near_poor")] == count_for(target.near_poor_bp, len(inside)), (groups, year)


def test_every_household_lies_under_its_commune_in_a_village_of_that_commune(seeded) -> None:
    synthetic = Household.objects.filter(is_synthetic=True)
    assert not synthetic.exclude(unit_path__startswith=F("commune__path")).exists()
    assert not synthetic.exclude(unit_path=F("village__path")).exists()
    assert not synthetic.exclude(village__parent=F("commune")).exists()
    assert set(synthetic.values_list("commune__valid_to", flat=True)) == {None}


def test_results_before_2025_point_at_an_old_commune_that_merged_into_the_household_s(seeded) -> None:
    merged = set(UnitSuccession.objects.values_list("predecessor_id", "successor_id"))
    early = HouseholdAssessment.objects.filter(year__lt=2025).values_list("commune_id", "household__commune_id")
    assert set(early) <= merged
    assert set(HouseholdAssessment.objects.filter(year__lt=2025).values_list("commune__valid_to", flat=True)) == {
        REFORM_2025}
    assert not HouseholdAssessment.objects.filter(year__gte=2025).exclude(commune=F("household__commune")).exists()
    # Xã Cẩm Bình's households include some from Thạch Bình, once of Thành phố Hà Tĩnh.
    assert HouseholdAssessment.objects.filter(year=2024, commune__code="18112").exists()


def test_the_dashboards_figures_were_refreshed_with_the_population(seeded) -> None:
    from giamngheo.dashboards.models import CategoryCount

    cam_xuyen = AdminUnit.objects.get(level="commune", code="18673", valid_to__isnull=True)
    stored = CategoryCount.objects.get(unit=cam_xuyen, year=2023)
    actual = HouseholdAssessment.objects.filter(year=2023, household__commune=cam_xuyen)
    assert (stored.households, stored.poor) == (actual.count(), actual.filter(category="poor").count())


def test_the_eight_communes_carry_the_2025_targets_once(seeded) -> None:
    from decimal import Decimal

    from giamngheo.dashboards.models import Target
    from giamngheo.demo.services import _targets_ensure

    _targets_ensure()

    targets = Target.objects.filter(year=2025)
    assert targets.count() == 8
    assert set(targets.values_list("poor_rate", "near_poor_rate")) == {(Decimal("2.18"), Decimal("2.80"))}
    assert set(targets.values_list("unit__valid_to", flat=True)) == {None}


@pytest.mark.django_db
def test_demo_heads_carry_identity_numbers_the_resident_lookup_accepts(client):
    """The demo prints a household code and head's number; the public lookup shows that household's rights."""
    from giamngheo.demo.services import demo_prepare

    report = demo_prepare(households=300, seed=7, progress=lambda _: None, provinces=["42"])
    assert report.lookup is not None
    heads = Member.objects.filter(household__is_synthetic=True, relation="Chủ hộ")
    assert heads.exclude(id_number_digest="").count() == heads.count() == 300
    assert heads.first().id_number_masked.startswith("*********")
    form = {"ma_ho": report.lookup.household_code, "so_dinh_danh": report.lookup.id_number}
    response = client.post("/tra-cuu/", form)
    assert response.status_code == 200
    assert f"Quyền lợi của hộ {report.lookup.household_code}" in response.content.decode()
