"""Report forms 8 (poor / near-poor households by group) and 10 (by cause of poverty), from the assessment file's
optional columns kept in the facts: figures, the report page, the workbook sheets, decided results and old files."""

from __future__ import annotations

import io

import openpyxl
import pytest

from giamngheo.registry.importing import household_import_confirm
from giamngheo.registry.models import HouseholdAssessment, Member
from giamngheo.review.selectors.reports import (
    cause_form,
    cause_lines,
    group_form,
    group_lines,
    report_communes,
    report_groups,
)
from giamngheo.review.services.facts import year_facts_refresh
from giamngheo.review.xlsx import report_workbook
from tests.conftest import make_household
from tests.registry.conftest import HOUSEHOLD_HEADERS, household_row, member_row, second_official, stage, xlsx_bytes
from tests.review.conftest import drive, survey_assessment

pytestmark = pytest.mark.django_db
__all__ = ["second_official", "stage"]  # fixtures of the import tests, used here too

POOR = ("employment", "water", "sanitation")


@pytest.fixture
def year_2024(units):  # type: ignore[no-untyped-def]
    """Cẩm Xuyên: poor P1 (Tày, no labour, causes capital+illness), P2 (meritorious, land), P3 (neither, no cause),
    near-poor N1 (an old file: no such facts), N2 (Tày, no labour 0, meritorious blank, capital), average A1;
    Thiên Cầm: poor P4 (no labour and meritorious, dependants+capital)."""
    rows = {
        # code: (commune, members, income, deprived, head's ethnicity, extra facts)
        "P1": ("cam_xuyen", 4, 1_000_000, POOR, "Tày",
               {"no_labour_capacity": 1, "meritorious": 0, "poverty_causes": "capital;illness"}),
        "P2": ("cam_xuyen", 2, 1_000_000, POOR, "Kinh",
               {"no_labour_capacity": 0, "meritorious": 1, "poverty_causes": "land"}),
        "P3": ("cam_xuyen", 3, 1_000_000, POOR, "Kinh",
               {"no_labour_capacity": 0, "meritorious": 0, "poverty_causes": None}),
        "N1": ("cam_xuyen", 5, 1_200_000, (), "Kinh", {}),
        "N2": ("cam_xuyen", 1, 1_200_000, ("water",), "Tày",
               {"no_labour_capacity": 0, "meritorious": None, "poverty_causes": "capital"}),
        "A1": ("cam_xuyen", 2, 2_000_000, (), "Kinh",
               {"no_labour_capacity": 1, "meritorious": 1, "poverty_causes": "land"}),
        "P4": ("thien_cam", 2, 1_000_000, POOR, "Kinh",
               {"no_labour_capacity": 1, "meritorious": 1, "poverty_causes": "dependants;capital"}),
    }
    for code, (commune, members, income, deprived, ethnicity, extra) in rows.items():
        household = make_household(code=code, head_name=f"Chủ hộ {code}", commune=getattr(units, commune),
                                   members=[(f"Người {code} {i}", 1980, "M", "Chủ hộ" if i == 0 else "Con")
                                            for i in range(members)])
        Member.objects.filter(household=household, relation="Chủ hộ").update(ethnicity=ethnicity)
        assessment = survey_assessment(household, year=2024, income=income, deprived=deprived, members=members)
        if extra:
            assessment.facts = {**assessment.facts, **extra}
            assessment.save(update_fields=["facts"])
    year_facts_refresh(year=2024)


def lines(unit, year: int = 2024):  # type: ignore[no-untyped-def]
    communes = report_communes(unit)
    groups = report_groups(year, communes)
    return ({r["key"]: r for r in group_lines(group_form(groups, communes))},
            {r["key"]: r for r in cause_lines(cause_form(groups, communes))})


def test_groups_of_a_commune(units, year_2024):
    groups, _causes = lines(units.cam_xuyen)
    figures = {key: (r["poor"], r["poor_persons"], r["near_poor"], r["near_poor_persons"]) for key, r in groups.items()}
    assert figures == {
        "all": (3, 9, 2, 6),
        "minority": (1, 4, 1, 1),
        "no_labour": (1, 4, 0, 0),
        "meritorious": (1, 2, 0, 0),
        "other": (1, 3, 0, 0),
        "unknown": (0, 0, 2, 6),
    }
    assert groups["unknown"]["group"].startswith("Chưa có dữ liệu")


def test_causes_of_a_commune(units, year_2024):
    _groups, causes = lines(units.cam_xuyen)
    counted = {key: (r["poor"], r["near_poor"]) for key, r in causes.items() if r["poor"] or r["near_poor"]}
    assert counted == {"capital": (1, 1), "land": (1, 0), "illness": (1, 0), "unknown": (1, 1)}
    assert causes["capital"]["poor_pct"] == 33.33
    assert causes["unknown"]["near_poor_pct"] == 50.0
    assert causes["unknown"]["cause"].startswith("Chưa có dữ liệu")


def test_the_province_adds_its_communes(units, year_2024):
    communes = report_communes(units.province)
    table = group_form(report_groups(2024, communes), communes)
    assert [(r["code"], r["all_poor"], r["no_labour_poor"], r["meritorious_poor"]) for r in table.rows] == [
        ("18673", 3, 1, 1), ("18676", 1, 1, 1)]
    total = table.total
    assert (total["all_poor"], total["no_labour_poor"], total["meritorious_poor_persons"]) == (4, 2, 4)
    causes = cause_form(report_groups(2024, communes), communes)
    assert (causes.total["capital_poor"], causes.total["dependants_poor"], causes.total["households_poor"]) == (2, 1, 4)


def test_workbook_sheets(units, year_2024):
    book = openpyxl.load_workbook(io.BytesIO(report_workbook(units.province, 2024)))
    assert book.sheetnames.index("6b. Nhóm hộ") == book.sheetnames.index("6. Dân tộc và nhóm") + 1
    assert book.sheetnames.index("6c. Nguyên nhân nghèo") == book.sheetnames.index("6b. Nhóm hộ") + 1
    groups = book["6b. Nhóm hộ"]
    headers = [c.value for c in groups[4]]
    assert headers[:6] == ["STT", "Đơn vị", "Tổng số: hộ nghèo", "Tổng số: khẩu hộ nghèo", "Tổng số: hộ cận nghèo",
                           "Tổng số: khẩu hộ cận nghèo"]
    assert "Chưa có dữ liệu (chưa ghi khả năng lao động hoặc người có công): hộ cận nghèo" in headers
    assert [c.value for c in groups[5]][:6] == [1, "Xã Cẩm Xuyên (18673)", 3, 9, 2, 6]
    total = [c.value for c in groups[7]]
    assert total[1] == "Tổng cộng"
    assert total[2 + headers[2:].index("Hộ không có khả năng lao động: hộ nghèo")] == 2
    causes = book["6c. Nguyên nhân nghèo"]
    headers = [c.value for c in causes[4]]
    assert headers[2:6] == ["Tổng số hộ: hộ nghèo", "Tổng số hộ: hộ cận nghèo",
                            "Thiếu vốn sản xuất, kinh doanh: hộ nghèo", "Thiếu vốn sản xuất, kinh doanh: hộ cận nghèo"]
    assert headers[-2:] == ["Chưa có dữ liệu (chưa ghi nguyên nhân nghèo): hộ nghèo",
                            "Chưa có dữ liệu (chưa ghi nguyên nhân nghèo): hộ cận nghèo"]
    assert [c.value for c in causes[7]][2:6] == [4, 2, 2, 1]
    notes = [causes.cell(r, 2).value or "" for r in range(8, 12)]
    assert any("chưa xác minh" in n for n in notes)


def test_report_page(client_for, official_cam_xuyen, units, year_2024):
    text = client_for(official_cam_xuyen).get(f"/ra-soat/bao-cao/{units.cam_xuyen.pk}/2024/").content.decode()
    assert 'id="groups"' in text and 'id="causes"' in text
    assert 'id="group-unknown"' in text and 'id="cause-unknown"' in text
    assert "Hộ có người có công với cách mạng" in text
    assert "chưa xác minh" in text


def test_without_the_columns_every_household_is_unknown(units):
    household = make_household(code="OLD", head_name="Hộ cũ", commune=units.cam_xuyen,
                               members=[("Hộ cũ", 1970, "M", "Chủ hộ")])
    survey_assessment(household, year=2024, income=1_000_000, deprived=POOR, members=1)
    year_facts_refresh(year=2024)
    groups, causes = lines(units.cam_xuyen)
    assert (groups["all"]["poor"], groups["unknown"]["poor"], groups["other"]["poor"]) == (1, 1, 0)
    assert (causes["unknown"]["poor"], causes["capital"]["poor"]) == (1, 0)
    book = openpyxl.load_workbook(io.BytesIO(report_workbook(units.cam_xuyen, 2024)))
    # The new forms sit beside form 6; the numbered sheets (lists from 7 on) keep their numbers.
    assert book.sheetnames[book.sheetnames.index("6. Dân tộc và nhóm"):][:5] == [
        "6. Dân tộc và nhóm", "6b. Nhóm hộ", "6c. Nguyên nhân nghèo", "6d. Thiếu hụt của trẻ em", "7. DS Hộ nghèo"]
    assert [c.value for c in book["6b. Nhóm hộ"][5]][2:6] == [1, 1, 0, 0]


def test_the_decided_assessment_gives_the_groups(official_cam_xuyen, periodic_round, survey_2026, units):
    """The facts come from the assessment the decided round took; a later file without the columns changes nothing."""
    taken = HouseholdAssessment.objects.get(household=survey_2026.cx_0101, year=2026)
    taken.facts = {**taken.facts, "no_labour_capacity": 1, "meritorious": 0, "poverty_causes": "labour;illness"}
    taken.save(update_fields=["facts"])
    drive(official_cam_xuyen, periodic_round, until="decide", households=survey_2026)
    survey_assessment(survey_2026.cx_0101, year=2026, income=1_200_000,
                      deprived=("employment", "health_insurance", "housing_area"), members=4)
    groups, causes = lines(units.cam_xuyen, 2026)
    assert (groups["no_labour"]["poor"], groups["no_labour"]["poor_persons"]) == (1, 4)
    assert (causes["labour"]["poor"], causes["illness"]["poor"]) == (1, 1)


def test_an_import_keeps_the_columns_in_the_facts_and_an_old_file_adds_no_keys(stage, official_cam_xuyen,
                                                                               second_official):
    headers = [*HOUSEHOLD_HEADERS, "Hộ không có khả năng lao động", "Hộ có người có công với cách mạng",
               "Nguyên nhân nghèo"]
    households = [[*household_row("CX-1", head="Chủ hộ 1", members=1), "có", None, "Thiếu vốn; ỐM ĐAU"],
                  [*household_row("CX-2", head="Chủ hộ 2", members=1), None, "1", None]]
    members = [member_row("CX-1", "Chủ hộ 1"), member_row("CX-2", "Chủ hộ 2")]
    batch = stage(official_cam_xuyen, xlsx_bytes(households, members, household_headers=headers))
    assert batch.errors == []
    household_import_confirm(acting_user=second_official, batch_id=batch.id)
    facts = {a.household.code: a.facts for a in HouseholdAssessment.objects.select_related("household")}
    assert {code: (f["no_labour_capacity"], f["meritorious"], f["poverty_causes"]) for code, f in facts.items()} == {
        "CX-1": (1, None, "capital;illness"), "CX-2": (None, 1, None)}

    old = stage(official_cam_xuyen, xlsx_bytes([household_row("CX-3", head="Chủ hộ 3", members=1)],
                                               [member_row("CX-3", "Chủ hộ 3")]))
    household_import_confirm(acting_user=second_official, batch_id=old.id)
    kept = HouseholdAssessment.objects.get(household__code="CX-3").facts
    assert not {"no_labour_capacity", "meritorious", "poverty_causes", "agricultural"} & set(kept)


def test_bad_cells_stop_the_import(stage, official_cam_xuyen):
    headers = [*HOUSEHOLD_HEADERS, "meritorious", "poverty_causes"]
    households = [[*household_row("CX-1", head="Chủ hộ 1", members=1), "2", "thiếu vốn; mất mùa"]]
    batch = stage(official_cam_xuyen, xlsx_bytes(households, [member_row("CX-1", "Chủ hộ 1")],
                                                 household_headers=headers))
    assert [(p["row"], p["column"]) for p in batch.errors] == [(2, "meritorious"), (2, "poverty_causes")]
    assert HouseholdAssessment.objects.count() == 0


@pytest.mark.django_db(False)
def test_the_demo_gives_poor_households_groups_and_one_to_three_causes():
    import json

    from giamngheo.demo.population import population_generate

    population = population_generate(households=1500, seed=5)
    poor = [json.loads(a.facts) for a in population.assessments if a.category in ("poor", "near_poor")]
    others = [json.loads(a.facts) for a in population.assessments if a.category not in ("poor", "near_poor")]
    assert poor and all("poverty_causes" not in f for f in others)
    counts = [len(f["poverty_causes"].split(";")) for f in poor if "poverty_causes" in f]
    assert set(counts) == {1, 2, 3} and len(counts) > 0.9 * len(poor)
    share = sum(f.get("no_labour_capacity") == 1 for f in poor) / len(poor)
    assert 0 < share < 0.3
    assert 0 < sum(f.get("meritorious") == 1 for f in poor + others) < 0.05 * len(poor + others)


def test_children_of_poor_and_near_poor_households_by_indicator(client_for, official_cam_xuyen, units):
    from giamngheo.domain.standard import standard_get
    from giamngheo.review.selectors.reports import child_deprivation_table

    for code, born, deprived in (("C1", (1980, 2015, 2017), POOR), ("C2", (1985, 2012), ("water",)),
                                 ("C3", (1990, 2020), ())):
        household = make_household(code=code, head_name=f"Chủ hộ {code}", commune=units.cam_xuyen,
                                   members=[(f"{code} {i}", year, "M", "Chủ hộ" if i == 0 else "Con")
                                            for i, year in enumerate(born)])
        survey_assessment(household, year=2024, income=1_000_000 if code != "C3" else 5_000_000, deprived=deprived,
                          members=len(born))
    year_facts_refresh(year=2024)
    communes = [units.cam_xuyen]
    columns, table = child_deprivation_table(report_groups(2024, communes), communes)
    ids = standard_get("2022-2025").indicator_ids
    total = table.total
    assert (total["children"], total["children_poor"], total["children_near_poor"]) == (3, 2, 1)
    found = {c["id"]: (c["total"], c["pct"]) for c in columns if c["total"]}
    assert found == {"employment": (2, 66.67), "water": (3, 100.0), "sanitation": (2, 66.67)}
    assert [c["id"] for c in columns] == list(ids)
    book = openpyxl.load_workbook(io.BytesIO(report_workbook(units.cam_xuyen, 2024)))
    sheet = book["6d. Thiếu hụt của trẻ em"]
    assert [c.value for c in sheet[5]][2:7] == [3, 2, 1, 2, 66.67]
    text = client_for(official_cam_xuyen).get(f"/ra-soat/bao-cao/{units.cam_xuyen.pk}/2024/").content.decode()
    assert 'id="child-deprivations"' in text and "Số trẻ em dưới 16 tuổi: 3" in text
