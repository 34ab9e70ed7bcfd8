"""Stored results reproduce: the stored facts under the stored standard give the stored category, list and reason.

Through the real import, after the household changes, when a stored result is tampered with, under a standard the
engine does not ship, on the household page and with `giamngheo registry-verify`.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from giamngheo.cli import main
from giamngheo.registry.importing import household_import_confirm
from giamngheo.registry.models import Household, HouseholdAssessment, Member
from giamngheo.registry.reproduce import (
    DIFFERENT,
    FACTS_INCOMPLETE,
    MATCH,
    STANDARD_UNKNOWN,
    UNAVAILABLE,
    Recomputed,
    assessment_reproduce,
    reproductions,
    stored_rows,
)
from giamngheo.registry.services import household_update
from tests.registry.conftest import household_row, member_row, xlsx_bytes

pytestmark = pytest.mark.django_db

DUC_REASON = ("Hộ nghèo: thu nhập 1.200.000 đồng/người/tháng không vượt chuẩn nghèo nông thôn 1.500.000 đồng và "
              "thiếu hụt 3/12 chỉ số (từ 3 chỉ số trở lên).")


@pytest.fixture
def imported(stage, official_cam_xuyen, second_official, two_households):
    """CX-0101 (poor) and CX-0102 (non-poor) imported and confirmed for 2026 under 2022-2025."""
    batch = stage(official_cam_xuyen, two_households)
    household_import_confirm(acting_user=second_official, batch_id=batch.id)
    return Household.objects.get(code="CX-0101")


def test_an_imported_result_reproduces_exactly(imported):
    result = imported.assessments.get()

    outcome = assessment_reproduce(result)

    assert outcome.status == MATCH and outcome.matches and outcome.reproducible
    assert outcome.differences == ()
    assert outcome.recomputed == Recomputed("poor", 3, "employment;dependants;nutrition", DUC_REASON)
    assert (outcome.assessment_id, outcome.standard_id, outcome.summary) == (result.id, "2022-2025", "khớp")


def test_the_bulk_engine_gives_the_same_outcomes_as_the_row_wise_one(imported, households):
    HouseholdAssessment.objects.filter(household__code="CX-0102").update(reason="Hộ không nghèo.")
    scope = HouseholdAssessment.objects.order_by("id")

    bulk = [outcome for rows in stored_rows(scope, chunk=2) for outcome in reproductions(rows)]

    assert bulk == [assessment_reproduce(result) for result in scope]
    assert [o.status for o in bulk].count(MATCH) == 1
    assert [o.status for o in bulk].count(DIFFERENT) == 1
    assert [o.status for o in bulk].count(UNAVAILABLE) == 4  # the four results of the fixture under nd07-2021


def test_an_old_result_still_reproduces_after_the_household_changes(
        imported, stage, official_cam_xuyen, second_official):
    old = imported.assessments.get()
    household_update(acting_user=official_cam_xuyen, household_id=imported.id, area="urban",
                     address="Xóm 9, đường Trần Phú")
    # A later review of the same year: three members now, more income, fewer deprivations.
    later = xlsx_bytes(
        [household_row("CX-0101", head="Nguyễn Văn Đức", members=3, income=1_400_000, deprived=1)],
        [member_row("CX-0101", "Nguyễn Văn Đức", id_number="042090012345"),
         member_row("CX-0101", "Phạm Thị Hoa", year=1975, sex="Nữ", relation="Vợ", id_number="042190054321"),
         member_row("CX-0101", "Nguyễn Văn Bảo", year=2010, relation="Con")],
    )
    batch = stage(official_cam_xuyen, later, filename="ra-soat-lai.xlsx")
    household_import_confirm(acting_user=second_official, batch_id=batch.id)

    imported.refresh_from_db()
    assert Member.objects.filter(household=imported).count() == 3
    new = imported.assessments.exclude(pk=old.pk).get()
    assert (new.category, new.deprivation_count) == ("near_poor", 1)
    old.refresh_from_db()
    outcome = assessment_reproduce(old)
    assert outcome.status == MATCH
    assert outcome.recomputed == Recomputed("poor", 3, "employment;dependants;nutrition", DUC_REASON)
    assert assessment_reproduce(new).status == MATCH


def test_a_tampered_category_is_reported_in_vietnamese(imported):
    result = imported.assessments.get()
    HouseholdAssessment.objects.filter(pk=result.pk).update(category="near_poor")
    result.refresh_from_db()

    outcome = assessment_reproduce(result)

    assert outcome.status == DIFFERENT and not outcome.matches and outcome.reproducible
    assert outcome.differences == ("Phân loại: đã lưu «Hộ cận nghèo», tính lại được «Hộ nghèo».",)
    assert outcome.recomputed is not None and outcome.recomputed.category == "poor"
    assert outcome.summary == "khác: Phân loại: đã lưu «Hộ cận nghèo», tính lại được «Hộ nghèo»."


def test_tampered_facts_explain_every_difference(imported):
    result = imported.assessments.get()
    facts = dict(result.facts, income_per_capita=2_000_000, d_nutrition=0, d_water=1)
    HouseholdAssessment.objects.filter(pk=result.pk).update(facts=facts)
    result.refresh_from_db()

    outcome = assessment_reproduce(result)

    assert outcome.status == DIFFERENT
    assert outcome.differences == (
        "Phân loại: đã lưu «Hộ nghèo», tính lại được «Hộ có mức sống trung bình».",
        "Chỉ số thiếu hụt: đã lưu «employment, dependants, nutrition», tính lại được «employment, dependants, "
        "water» (đã lưu thừa nutrition; đã lưu thiếu water).",
        f"Lý do: đã lưu «{DUC_REASON}», tính lại được «Hộ có mức sống trung bình: thu nhập 2.000.000 đồng/người/"
        "tháng trên chuẩn nghèo nông thôn 1.500.000 đồng và không vượt 2.250.000 đồng.».",
        "Thu nhập bình quân: đã lưu 1.200.000 đồng, dữ kiện ghi 2.000.000 đồng.",
    )


def test_a_standard_the_engine_does_not_ship_cannot_be_reproduced(households):
    result = households.an.assessments.first()
    baseline = HouseholdAssessment.objects.create(
        household=households.an, year=2020, commune=result.commune, standard_id="2016-2020", category="poor",
        income_per_capita=650_000, deprivation_count=3, deprivations="water;sanitation;telecom", reason="…",
        facts={"area": "rural", "members": 2, "income_per_capita": 650_000,
               "deprivations": ["water", "sanitation", "telecom"]},
        assessed_on=dt.date(2020, 12, 5),
    )

    outcome = assessment_reproduce(baseline)

    assert outcome.status == UNAVAILABLE and not outcome.reproducible and not outcome.matches
    assert outcome.problem_code == STANDARD_UNKNOWN
    assert outcome.problem == "chuẩn 2016-2020 không có trong bộ tính chuẩn nghèo"
    assert outcome.summary == "không tái lập được (chuẩn 2016-2020 không có trong bộ tính chuẩn nghèo)"
    assert outcome.recomputed is None
    assert reproductions([baseline]) == [outcome]


def test_missing_facts_cannot_be_reproduced_and_nothing_is_filled_in_from_the_household(imported):
    result = imported.assessments.get()
    facts = {k: v for k, v in result.facts.items() if k != "area"}
    HouseholdAssessment.objects.filter(pk=result.pk).update(facts=facts)
    result.refresh_from_db()

    outcome = assessment_reproduce(result)

    assert (outcome.status, outcome.problem_code) == (UNAVAILABLE, FACTS_INCOMPLETE)
    assert outcome.problem == "dữ kiện đã lưu không đủ để tính lại: thiếu khu vực (area)"
    assert reproductions([result]) == [outcome]


def test_a_provincial_standard_reproduces_with_its_own_lines(households):
    """Đồng Nai: 1.800.000 đồng and 2 deprivations are poor (line 2.000.000, from 2), average nationally."""
    facts = {"area": "rural", "members": 4, "income_per_capita": 1_800_000, "deprivations": ["water", "telecom"]}
    reason = ("Hộ nghèo: thu nhập 1.800.000 đồng/người/tháng không vượt chuẩn nghèo nông thôn 2.000.000 đồng và "
              "thiếu hụt 2/12 chỉ số (từ 2 chỉ số trở lên).")
    common = dict(household=households.binh, year=2025, commune=households.binh.commune, category="poor",
                  income_per_capita=1_800_000, deprivation_count=2, deprivations="water;telecom", reason=reason,
                  facts=facts, assessed_on=dt.date(2025, 12, 3))
    provincial = HouseholdAssessment.objects.create(standard_id="dong-nai-2022-2025", **common)
    national = HouseholdAssessment.objects.create(standard_id="2022-2025", **common)

    assert assessment_reproduce(provincial).status == MATCH
    assert reproductions([provincial])[0].status == MATCH
    differs = assessment_reproduce(national)
    assert differs.status == DIFFERENT
    assert differs.differences[0] == "Phân loại: đã lưu «Hộ nghèo», tính lại được «Hộ có mức sống trung bình»."


# ------------------------------------------------------------------------------------------ command line


def test_registry_verify_exits_0_when_every_result_reproduces(imported, households, capsys):
    status = main(["registry-verify"])

    lines = capsys.readouterr().out.splitlines()
    assert status == 0
    assert lines[0].startswith("Đã tái lập 6 kết quả rà soát của 5 hộ trong ")
    assert lines[0].endswith(" kết quả/giây).") and " hộ/giây, " in lines[0]
    assert lines[1:] == [
        "  Khớp: 2", "  Khác: 0", "  Không tái lập được: 4",
        "    - chuẩn nd07-2021 không có trong bộ tính chuẩn nghèo: 4",
    ]


def test_registry_verify_exits_1_and_lists_the_differences(imported, capsys):
    result = imported.assessments.get()
    HouseholdAssessment.objects.filter(pk=result.pk).update(category="near_poor")

    status = main(["registry-verify", "--commune", "18673", "--year", "2026"])

    lines = capsys.readouterr().out.splitlines()
    assert status == 1
    assert lines[0].startswith("Đã tái lập 2 kết quả rà soát của 2 hộ (xã 18673, năm 2026) trong ")
    assert lines[1:] == [
        "  Khớp: 1", "  Khác: 1", "  Không tái lập được: 0", "Các kết quả khác:",
        f"  #{result.pk} hộ CX-0101, năm 2026, chuẩn 2022-2025: Phân loại: đã lưu «Hộ cận nghèo», tính lại được "
        "«Hộ nghèo».",
    ]


def test_registry_verify_scope_and_unknown_commune(imported, capsys):
    assert main(["registry-verify", "--year", "2020"]) == 0
    assert capsys.readouterr().out == "Không có kết quả rà soát nào để tái lập (năm 2020).\n"
    assert main(["registry-verify", "--commune", "99999"]) == 2
    assert capsys.readouterr().err == "giamngheo: Không có xã mã '99999'. (Unknown commune code.)\n"


# ------------------------------------------------------------------------------------------ household page


def test_the_household_page_marks_each_result(imported, households, official_cam_xuyen, client_for):
    client = client_for(official_cam_xuyen)

    page = client.get(reverse("web:household", args=[imported.id])).content.decode()
    assert "<th>Tái lập</th>" in page
    assert "✓ khớp" in page and "✗ khác" not in page

    HouseholdAssessment.objects.filter(household=imported).update(category="near_poor")
    page = client.get(reverse("web:household", args=[imported.id])).content.decode()
    assert "<details><summary>✗ khác</summary>" in page
    assert "<li>Phân loại: đã lưu «Hộ cận nghèo», tính lại được «Hộ nghèo».</li>" in page

    page = client.get(reverse("web:household", args=[households.an.id])).content.decode()
    assert page.count("không tái lập được (chuẩn nd07-2021 không có trong bộ tính chuẩn nghèo)") == 2
