"""The lists of average-living agricultural households and of low-income workers (Decree 30/2025), from the
imported `agricultural` flag and members' employment: on the selectors, the report page and the .xlsx export."""

from __future__ import annotations

import io

import openpyxl
import pytest

from giamngheo.registry.models import Member
from giamngheo.review.selectors.lists import agricultural_average_list, low_income_worker_list
from giamngheo.review.selectors.reports import report_groups, results_table
from giamngheo.review.services.facts import year_facts_refresh
from giamngheo.review.xlsx import report_workbook
from tests.conftest import make_household
from tests.review.conftest import survey_assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_2024(units):  # type: ignore[no-untyped-def]
    """Average-living A1 (farming), A2 (not farming), A3 (unknown); poor P1 and non-poor N1 (both farming)."""
    rows = {
        # code: (income, deprived, agricultural fact, [(name, birth year, employment)])
        "A1": (2_000_000, 0, 1, [("An", 1980, "self_employed"), ("Bình", 1982, "unemployed"),
                                 ("Cúc", 2012, "self_employed"), ("Dũng", 1950, "")]),
        "A2": (2_100_000, 1, 0, [("Giang", 1990, "wage_no_contract"), ("Hà", 1992, "not_in_labour_force")]),
        "A3": (1_800_000, 0, None, [("Khánh", 1985, "employed_contract")]),
        "P1": (1_000_000, 3, 1, [("Lan", 1975, "self_employed")]),
        "N1": (5_000_000, 0, 1, [("Minh", 1970, "employed_contract")]),
    }
    indicators = ("employment", "water", "sanitation")
    for code, (income, deprived, flag, people) in rows.items():
        household = make_household(code=code, head_name=people[0][0], commune=units.cam_xuyen,
                                   village=units.trung_hoa,
                                   members=[(name, born, "M", "Chủ hộ" if i == 0 else "Con")
                                            for i, (name, born, _) in enumerate(people)])
        for (name, _born, work) in people:
            Member.objects.filter(household=household, full_name=name).update(employment=work)
        assessment = survey_assessment(household, year=2024, income=income, deprived=indicators[:deprived],
                                       members=len(people))
        if flag is not None:
            assessment.facts = {**assessment.facts, "agricultural": flag}
            assessment.save(update_fields=["facts"])
    year_facts_refresh(year=2024)


def test_agricultural_average_households(units, year_2024):
    listed = agricultural_average_list(2024, units.cam_xuyen)
    assert [(r["code"], r["head"], r["members"], r["income"]) for r in listed.rows] == [("A1", "An", 4, 2_000_000)]
    assert listed.note.startswith("1 hộ có mức sống trung bình chưa có dữ kiện ngành nghề")


def test_low_income_workers(units, year_2024):
    listed = low_income_worker_list(2024, units.cam_xuyen)
    assert [(r["code"], r["name"], r["employment"]) for r in listed.rows] == [
        ("A1", "An", "self_employed"), ("A2", "Giang", "wage_no_contract"), ("A3", "Khánh", "employed_contract")]
    assert listed.rows[0]["employment_label"] == "Tự làm, tự kinh doanh"
    assert listed.note.startswith("1 thành viên từ 15 tuổi")  # Dũng; Cúc (12) is not of working age


def test_no_note_when_everything_is_known(units, year_2024):
    Member.objects.filter(full_name="Dũng").update(employment="not_in_labour_force")
    assert low_income_worker_list(2024, units.cam_xuyen).note == ""


def test_report_page_and_workbook_show_both_lists(client_for, official_cam_xuyen, units, year_2024):
    page = client_for(official_cam_xuyen).get(f"/ra-soat/bao-cao/{units.cam_xuyen.pk}/2024/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Hộ làm nông, lâm, ngư, diêm nghiệp có mức sống trung bình: 1" in text
    assert "Người lao động có thu nhập thấp (NĐ 30/2025): 3" in text
    book = openpyxl.load_workbook(io.BytesIO(report_workbook(units.cam_xuyen, 2024)))
    farming = book[next(n for n in book.sheetnames if n.startswith("15. "))]
    assert [c.value for c in farming[4]][:6] == [1, "A1", "An", "Thôn Trung Hòa", 4, 2_000_000]
    workers = book[next(n for n in book.sheetnames if n.startswith("16. "))]
    assert [[c.value for c in row][1:5] for row in workers.iter_rows(min_row=4, max_row=6)] == [
        ["A1", "An", "Thôn Trung Hòa", "An"], ["A2", "Giang", "Thôn Trung Hòa", "Giang"],
        ["A3", "Khánh", "Thôn Trung Hòa", "Khánh"]]
    assert workers.cell(4, 8).value == "Tự làm, tự kinh doanh"


def test_report_form_1_counts_agricultural_average_households(client_for, official_cam_xuyen, units, year_2024):
    communes = [units.cam_xuyen]
    row = results_table(report_groups(2024, communes), communes).rows[0]
    assert (row["average"], row["agricultural_average"], row["agricultural_average_persons"],
            row["agricultural_unknown"]) == (3, 1, 4, 1)
    book = openpyxl.load_workbook(io.BytesIO(report_workbook(units.cam_xuyen, 2024)))
    sheet = book["1. Kết quả rà soát"]
    headers = [c.value for c in sheet[4]]
    assert headers[-2:] == ["Hộ làm nông, lâm, ngư, diêm nghiệp có mức sống trung bình",
                            "Khẩu hộ làm nông, lâm, ngư, diêm nghiệp có mức sống trung bình"]
    assert [c.value for c in sheet[5]][-3:] == [3, 1, 4]
    assert sheet.cell(8, 2).value.startswith("1 hộ có mức sống trung bình chưa có dữ kiện ngành nghề")
    page = client_for(official_cam_xuyen).get(f"/ra-soat/bao-cao/{units.cam_xuyen.pk}/2024/").content.decode()
    assert 'id="agricultural-unknown"' in page


def test_without_a_decision_the_latest_assessment_says_whether_a_household_farms(units, year_2024):
    """A later import of A1 without the column makes its fact unknown: with no decided round the latest counts."""
    from giamngheo.registry.models import Household

    survey_assessment(Household.objects.get(code="A1"), year=2024, income=2_000_000, deprived=(), members=4)
    counts = report_groups(2024, [units.cam_xuyen]).agricultural[units.cam_xuyen.pk]
    assert counts == {"households": 0, "persons": 0, "unknown": 2}
