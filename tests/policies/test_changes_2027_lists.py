"""Who gains or loses each policy when the 2027–2030 standard applies: lists from the counts, scoped, exportable.

Under the 2027–2030 standard Hải (poor 2025, 1.2 M, three deprivations of which the telecom one is dropped) becomes
near-poor: he loses the poor households' policies and gains the near-poor ones. Tâm keeps what he has.
"""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from giamngheo.policies import selectors
from giamngheo.policies.models import Policy

from .conftest import add_household

pytestmark = pytest.mark.django_db

PAGE = "/chinh-sach/thay-doi-2027/"


@pytest.fixture
def with_thien_cam_loser(computed, units):  # type: ignore[no-untyped-def]
    """A household like Hải's, in Thiên Cầm."""
    from giamngheo.policies.services import entitlements_recompute

    computed.lan = add_household(
        code="TC-0102", head_name="Phan Thị Lan", commune=units.thien_cam, village=units.tan_phu,
        members=[("Phan Thị Lan", 1985, "F", "Chủ hộ", "Kinh", "042085000104")],
        results=[(2025, "2022-2025", "poor", 1_100_000, ["housing_quality", "water", "telecom"])],
    )
    entitlements_recompute()
    return computed


def codes(rows) -> list[str]:  # type: ignore[no-untyped-def]
    return [row.household.code for row in rows]


def test_lists_match_the_counts_and_the_users_units(with_thien_cam_loser, province_admin,  # type: ignore[no-untyped-def]
                                                    official_cam_xuyen) -> None:
    poor_health = Policy.objects.get(code="bhyt-ho-ngheo")
    near_poor_health = Policy.objects.get(code="bhyt-ho-can-ngheo")
    assert codes(selectors.changes_2027_rows(province_admin, poor_health, "mat")) == ["CX-0101", "TC-0102"]
    assert codes(selectors.changes_2027_rows(province_admin, near_poor_health, "duoc")) == ["CX-0101", "TC-0102"]
    assert codes(selectors.changes_2027_rows(province_admin, near_poor_health, "mat")) == []  # Tâm keeps it
    assert codes(selectors.changes_2027_rows(official_cam_xuyen, poor_health, "mat")) == ["CX-0101"]
    counts = {c.policy.code: (c.gained, c.lost) for c in selectors.changes_2027(province_admin)}
    assert counts["bhyt-ho-ngheo"] == (0, 2) and counts["bhyt-ho-can-ngheo"] == (2, 0)
    gained = selectors.changes_2027_rows(province_admin, near_poor_health, "duoc").first()
    assert (gained.scenario, gained.category, gained.standard_id) == ("2027-2030", "near_poor", "2027-2030")
    with pytest.raises(ValueError):
        selectors.changes_2027_rows(province_admin, poor_health, "ca-hai")


def test_the_counts_link_to_the_lists(with_thien_cam_loser, client_for, province_admin) -> None:  # type: ignore[no-untyped-def]
    html = client_for(province_admin).get(PAGE).content.decode()
    assert f'href="{PAGE}?chinh-sach=bhyt-ho-ngheo&amp;thay-doi=mat">2</a>' in html
    assert f'href="{PAGE}?chinh-sach=bhyt-ho-can-ngheo&amp;thay-doi=duoc">2</a>' in html


def test_the_list_page_names_the_households_in_scope(with_thien_cam_loser, client_for, official_cam_xuyen,  # type: ignore[no-untyped-def]
                                                     official_thien_cam) -> None:
    html = client_for(official_cam_xuyen).get(PAGE, {"chinh-sach": "bhyt-ho-ngheo", "thay-doi": "mat"}).content.decode()
    assert "Hộ đang được hưởng nhưng mất khi áp dụng chuẩn 2027–2030" in html
    assert "Hoàng Văn Hải" in html and "Phan Thị Lan" not in html
    assert f'href="/chinh-sach/ho/{with_thien_cam_loser.hai.pk}/"' in html
    assert 'href="/chinh-sach/bhyt-ho-ngheo/danh-sach.xlsx?thay-doi=mat"' in html
    gained = client_for(official_thien_cam).get(PAGE, {"chinh-sach": "bhyt-ho-can-ngheo", "thay-doi": "duoc"})
    text = gained.content.decode()
    assert "Phan Thị Lan" in text and "Hoàng Văn Hải" not in text and "Hộ cận nghèo" in text
    client = client_for(official_thien_cam)
    assert client.get(PAGE, {"chinh-sach": "bhyt-ho-ngheo", "thay-doi": "ca-hai"}).status_code == 404
    assert client.get(PAGE, {"chinh-sach": "khong-co", "thay-doi": "mat"}).status_code == 404


def test_lists_export_as_csv_and_xlsx(with_thien_cam_loser, client_for, official_cam_xuyen) -> None:  # type: ignore[no-untyped-def]
    client = client_for(official_cam_xuyen)
    response = client.get("/chinh-sach/bhyt-ho-ngheo/danh-sach.csv?thay-doi=mat")
    assert response["Content-Disposition"] == 'attachment; filename="quyen-loi-bhyt-ho-ngheo-2027-mat.csv"'
    title, _headers, *lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert title[0].startswith("Hộ đang được hưởng nhưng mất khi áp dụng chuẩn 2027–2030 (dự kiến từ 01/01/2027) — "
                               "Thẻ bảo hiểm y tế miễn phí cho thành viên hộ nghèo — địa bàn được giao")
    assert [line[1:3] for line in lines] == [["CX-0101", "Hoàng Văn Hải"]]
    assert lines[0][5] == "Hộ nghèo"  # as it stands today
    response = client.get("/chinh-sach/bhyt-ho-can-ngheo/danh-sach.xlsx?thay-doi=duoc")
    assert response["Content-Disposition"] == 'attachment; filename="quyen-loi-bhyt-ho-can-ngheo-2027-duoc.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(1, 1).value.startswith("Hộ được thêm khi áp dụng chuẩn 2027–2030")
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    assert [row[1:3] + row[5:8] for row in rows] == [["CX-0101", "Hoàng Văn Hải", "Hộ cận nghèo", 2027, "2027-2030"]]
    assert client.get("/chinh-sach/bhyt-ho-ngheo/danh-sach.csv?thay-doi=ca-hai").status_code == 404
