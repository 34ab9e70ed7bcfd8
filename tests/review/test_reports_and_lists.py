"""Report figures and lists from the registry: re-aggregation onto today's communes, tái nghèo, dynamics identity."""

from __future__ import annotations

import io

import openpyxl
import pytest

from giamngheo.review.selectors.lists import agricultural_average_list, low_income_worker_list, year_list
from giamngheo.review.selectors.reports import dynamics_table, report_communes, report_groups, results_table
from giamngheo.review.services.facts import year_facts_refresh
from giamngheo.review.xlsx import report_workbook
from tests.conftest import make_household
from tests.review.conftest import survey_assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(units):  # type: ignore[no-untyped-def]
    """Households of the old thị trấn Cẩm Xuyên and xã Cẩm Quang (merged into xã Cẩm Xuyên on 1 July 2025)."""
    rows = {
        # code: (old commune, [(year, income, deprived)])
        "H1": ("old_town", [(2022, 1_000_000, 3), (2023, 2_000_000, 0), (2024, 1_000_000, 4)]),  # fallback 2024
        "H2": ("old_cam_quang", [(2022, 3_000_000, 0), (2023, 3_000_000, 0), (2024, 1_000_000, 3)]),  # new poor
        "H3": ("old_cam_quang", [(2023, 1_000_000, 3), (2024, 1_400_000, 1)]),  # poor → near-poor
        "H4": ("old_town", [(2023, 1_200_000, 1), (2024, 2_000_000, 0)]),  # near-poor → average
        "H5": ("old_town", [(2023, 1_100_000, 4)]),  # poor, no 2024 result: other decrease
    }
    indicators = ("employment", "water", "sanitation", "telecom")
    out = {}
    for code, (old, results) in rows.items():
        household = make_household(code=code, head_name=f"Hộ {code}", commune=units.cam_xuyen,
                                   members=[(f"Chủ hộ {code}", 1980, "M", "Chủ hộ"),
                                            (f"Con {code}", 2010, "F", "Con")])
        for year, income, deprived in results:
            survey_assessment(household, year=year, income=income, deprived=indicators[:deprived], members=2,
                              commune=getattr(units, old))
        out[code] = household
    return out


def test_years_before_the_reform_come_out_on_todays_commune(units, history):
    assert year_facts_refresh(year=2024) == 5
    communes = report_communes(units.province)
    assert [c.code for c in communes] == ["18673", "18676"]
    groups = report_groups(2024, communes)
    results = results_table(groups, communes)
    cam_xuyen = results.rows[0]
    assert (cam_xuyen["households"], cam_xuyen["poor"], cam_xuyen["near_poor"], cam_xuyen["average"]) == (4, 2, 1, 1)
    assert (cam_xuyen["persons"], cam_xuyen["poor_persons"], cam_xuyen["poor_rate"]) == (8, 4, 50.0)
    poor = dynamics_table(groups, communes, "poor").rows[0]
    assert poor == {"code": "18673", "name": "Xã Cẩm Xuyên", "start": 2, "to_other": 1, "above": 0, "dec_other": 1,
                    "from_other": 0, "fallback": 1, "new": 1, "inc_other": 0, "end": 2}
    near = dynamics_table(groups, communes, "near_poor", persons=True).rows[0]
    assert (near["start"], near["above"], near["from_other"], near["end"]) == (2, 2, 2, 2)


def test_lists_of_a_year(units, history):
    year_facts_refresh(year=2024)
    codes = {key: [r["code"] for r in year_list(2024, units.cam_xuyen, key).rows]
             for key in ("poor", "escaped_poor", "escaped_near", "new_poor", "fallback_poor")}
    assert codes == {"poor": ["H1", "H2"], "escaped_poor": ["H3"], "escaped_near": ["H4"], "new_poor": ["H2"],
                     "fallback_poor": ["H1"]}
    agricultural = agricultural_average_list(2024, units.cam_xuyen)
    assert agricultural.rows == []
    assert agricultural.note.startswith("1 hộ có mức sống trung bình chưa có dữ kiện ngành nghề")
    workers = low_income_worker_list(2024, units.cam_xuyen)
    # Nobody's employment is recorded: no one is listed, and the one member of age (the child is 14) is unknown.
    assert workers.rows == []
    assert workers.note.startswith("1 thành viên từ 15 tuổi của hộ có mức sống trung bình chưa ghi tình trạng việc làm")


def test_workbook_has_every_list_with_category_names(units, history):
    year_facts_refresh(year=2024)
    book = openpyxl.load_workbook(io.BytesIO(report_workbook(units.cam_xuyen, 2024)))
    lists = [n for n in book.sheetnames if n.split(".")[0].isdigit() and 7 <= int(n.split(".")[0]) <= 14]
    assert lists == ["7. DS Hộ nghèo", "8. DS Hộ cận nghèo", "9. DS Hộ thoát nghèo", "10. DS Hộ thoát cận nghèo",
                     "11. DS Hộ nghèo phát sinh mới", "12. DS Hộ tái nghèo", "13. Hộ cận nghèo phát sinh mới",
                     "14. DS Hộ tái cận nghèo"]
    assert [n[:12] for n in book.sheetnames[-2:]] == ["15. DS Hộ là", "16. DS Người"]

    def rows(sheet: str) -> list[list]:
        return [[c.value for c in row] for row in book[sheet].iter_rows(min_row=4, max_col=8) if row[0].value]

    assert [c.value for c in book["7. DS Hộ nghèo"][3]] == [
        "STT", "Mã hộ", "Họ và tên chủ hộ", "Thôn", "Số nhân khẩu", "Số chỉ số thiếu hụt", "Phân loại đầu kỳ",
        "Kết quả rà soát"]
    assert rows("11. DS Hộ nghèo phát sinh mới") == [
        [1, "H2", "Hộ H2", None, 2, 3, "Hộ không nghèo", "Hộ nghèo"]]
    assert rows("12. DS Hộ tái nghèo") == [[1, "H1", "Hộ H1", None, 2, 4, "Hộ có mức sống trung bình", "Hộ nghèo"]]
    assert rows("9. DS Hộ thoát nghèo") == [[1, "H3", "Hộ H3", None, 2, 1, "Hộ nghèo", "Hộ cận nghèo"]]
    assert rows("13. Hộ cận nghèo phát sinh mới") == []
    ethnicity = book["6. Dân tộc và nhóm"]
    assert [c.value for c in ethnicity[4]][:5] == ["STT", "Dân tộc của chủ hộ / nhóm hộ", "Hộ nghèo và cận nghèo",
                                                   "Hộ nghèo", "Hộ cận nghèo"]
    assert [c.value for c in book["1. Kết quả rà soát"][4]][:2] == ["STT", "Đơn vị"]
