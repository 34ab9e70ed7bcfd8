"""Reports follow the chairman's decision: an import after a decided round does not move the year's figures."""

from __future__ import annotations

import pytest

from giamngheo.registry.models import Household
from giamngheo.review.models import YearFact
from giamngheo.review.selectors.reports import decision_drift, report_groups, results_table
from giamngheo.review.services.facts import year_facts_refresh
from tests.conftest import make_household
from tests.review.conftest import drive, survey_assessment

pytestmark = pytest.mark.django_db


def _fact(code: str) -> YearFact:
    return YearFact.objects.get(year=2026, household_id=Household.objects.get(code=code).pk)


@pytest.fixture
def decided(official_cam_xuyen, periodic_round, survey_2026):  # type: ignore[no-untyped-def]
    drive(official_cam_xuyen, periodic_round, until="decide", households=survey_2026)
    return survey_2026


def test_an_import_after_the_decision_does_not_override_the_decided_result(units, decided):
    before = _fact("CX-0101")
    assert (before.category, before.deprivation_count, before.start_category) == ("poor", 3, "poor")
    # The commune imports a new 2026 result for CX-0101 (above every line) and one for a household of no round.
    survey_assessment(decided.cx_0101, year=2026, income=6_000_000, deprived=(), members=4)
    outsider = make_household(code="CX-0107", head_name="Đinh Văn Mới", commune=units.cam_xuyen,
                              village=units.trung_hoa, members=[("Đinh Văn Mới", 1980, "M", "Chủ hộ")])
    survey_assessment(outsider, year=2026, income=900_000, deprived=("water", "sanitation", "telecom"), members=1)
    year_facts_refresh(year=2026, commune_ids=[units.cam_xuyen.pk])
    after = _fact("CX-0101")
    assert (after.category, after.deprivation_count, after.standard_id) == ("poor", 3, "2022-2025")
    assert _fact("CX-0107").category == "poor"  # no decision: the latest assessment counts
    results = results_table(report_groups(2026, [units.cam_xuyen]), [units.cam_xuyen])
    assert (results.rows[0]["poor"], results.rows[0]["households"]) == (3, 7)
    assert decision_drift(2026, [units.cam_xuyen]) == 1


def test_a_later_import_with_the_same_result_is_no_drift(units, decided):
    survey_assessment(decided.cx_0101, year=2026, income=1_200_000,
                      deprived=("employment", "health_insurance", "housing_area"), members=4)
    assert decision_drift(2026, [units.cam_xuyen]) == 0


def test_report_page_notes_the_drift(client_for, official_cam_xuyen, units, decided):
    url = f"/ra-soat/bao-cao/{units.cam_xuyen.pk}/2026/"
    assert 'id="decision-drift"' not in client_for(official_cam_xuyen).get(url).content.decode()
    survey_assessment(decided.cx_0104, year=2026, income=6_000_000, deprived=(), members=2)
    survey_assessment(decided.cx_0103, year=2026, income=900_000, deprived=("water", "sanitation", "telecom"),
                      members=5)
    text = client_for(official_cam_xuyen).get(url).content.decode()
    assert "2 hộ có kết quả nhập sau quyết định công nhận khác với kết quả đã được quyết định" in text


def test_the_decided_assessment_says_whether_an_average_household_farms(official_cam_xuyen, periodic_round,
                                                                       survey_2026, units):
    from giamngheo.registry.models import HouseholdAssessment

    taken = HouseholdAssessment.objects.get(household=survey_2026.cx_0103, year=2026)
    taken.facts = {**taken.facts, "agricultural": 1}
    taken.save(update_fields=["facts"])
    drive(official_cam_xuyen, periodic_round, until="decide", households=survey_2026)
    # A later file without the column (and the same result) does not undo what the decided assessment said.
    survey_assessment(survey_2026.cx_0103, year=2026, income=2_100_000, deprived=(), members=5)
    row = results_table(report_groups(2026, [units.cam_xuyen]), [units.cam_xuyen]).rows[0]
    assert (row["average"], row["agricultural_average"], row["agricultural_average_persons"],
            row["agricultural_unknown"]) == (1, 1, 5, 0)
