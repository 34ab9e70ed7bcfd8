"""Dashboard pages over HTTP: scope, figures shown, drill-down, the public summary."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_provincial_user_sees_rates_against_targets(targets, province_admin, client_for):
    u = targets.units
    page = client_for(province_admin).get(f"/bang-theo-doi/{u.province.id}/")
    html = page.content.decode()
    assert page.status_code == 200
    d = page.context["d"]
    assert (d.year, d.current.households, d.current.poor, str(d.current.poor_rate)) == (2025, 8, 3, "37.50")
    assert (str(d.current.target_poor_rate), d.current.poor_met) == ("20.00", False)
    assert (d.current.escaped_poor, d.current.newly_poor, d.current.fallen_back) == (1, 1, 0)
    assert '<p class="value" data-value="37.50">37,50%</p>' in html
    assert [c.unit.name for c in d.children] == ["Xã Cẩm Xuyên", "Xã Thiên Cầm"]
    assert [str(c.row.poor_rate) for c in d.children] == ["33.33", "50.00"]
    assert [c.row.poor_met for c in d.children] == [False, True]
    assert f'href="/bang-theo-doi/{u.cam_xuyen.id}/?nam=2025"' in html  # drill-down
    charts = page.context["charts"]
    assert charts["years"] == [2022, 2023, 2024, 2025]
    assert charts["poor_rate"] == [50.0, 42.86, 37.5, 37.5]
    assert charts["map"][0]["value"] == [106.005, 18.258, 33.33]
    assert charts["flows"]["fallen_back"] == [0, 1, 0]


def test_heat_map_has_communes_by_indicators_of_the_standard_in_force(targets, province_admin, client_for):
    u = targets.units
    d = client_for(province_admin).get(f"/bang-theo-doi/{u.province.id}/?nam=2025").context["d"]
    assert [i.id for i in d.heat_indicators] == [
        "employment", "dependants", "nutrition", "health_insurance", "adult_education", "child_schooling",
        "housing_quality", "housing_area", "water", "sanitation", "telecom", "info_access",
    ]
    cam_xuyen = d.heat_rows[0]
    assert cam_xuyen.unit.name == "Xã Cẩm Xuyên"
    assert (cam_xuyen.deprived[0], str(cam_xuyen.rates[0]), cam_xuyen.deprived[11]) == (2, "33.33", 3)


def test_information_panel_shows_telecom_and_devices_by_unit_and_year(targets, province_admin, client_for):
    u = targets.units
    page = client_for(province_admin).get(f"/bang-theo-doi/{u.province.id}/")
    info = page.context["d"].info
    assert [s.indicator.id for s in info] == ["telecom", "info_access"]
    telecom = info[0]
    assert telecom.years == (2022, 2023, 2024, 2025)
    assert [r[0].name for r in telecom.rows] == ["Tỉnh Hà Tĩnh", "Xã Cẩm Xuyên", "Xã Thiên Cầm"]
    assert [c[0] for c in telecom.rows[0][1]] == [3, 3, 3, 3]
    assert page.context["d"].figures == ()  # no communication figures yet: nothing shown
    assert "Kết quả truyền thông" not in page.content.decode()


def test_communication_figures_appear_once_stored(targets, province_admin, client_for):
    from decimal import Decimal

    from giamngheo.dashboards.models import FigureValue

    u = targets.units
    FigureValue.objects.create(unit=u.province, year=2025, key="sms_reached", value=Decimal("1200"))
    page = client_for(province_admin).get(f"/bang-theo-doi/{u.province.id}/")
    assert [(f.key, f.values[-1]) for f in page.context["d"].figures] == [("sms_reached", (2025, Decimal("1200.00")))]
    assert "Kết quả truyền thông" in page.content.decode()


def test_commune_user_sees_own_commune_and_villages_but_nothing_outside(refreshed, official_cam_xuyen, client_for):
    u = refreshed.units
    client = client_for(official_cam_xuyen)
    page = client.get("/bang-theo-doi/")
    assert page.status_code == 302 and page["Location"] == f"/bang-theo-doi/{u.cam_xuyen.id}/"
    assert client.get("/bang-theo-doi/?nam=2023")["Location"] == f"/bang-theo-doi/{u.cam_xuyen.id}/?nam=2023"
    page = client.get(f"/bang-theo-doi/{u.cam_xuyen.id}/?nam=2024")
    d = page.context["d"]
    assert (d.year, d.current.households, d.current.poor) == (2024, 6, 2)
    assert [c.unit.name for c in d.children] == ["Thôn Quyết Tiến", "Thôn Trung Hòa"]
    assert page.context["ancestors"][0][1] is False  # the province is shown, not linked
    assert client.get(f"/bang-theo-doi/{u.trung_hoa.id}/").status_code == 200
    for path in (f"/bang-theo-doi/{u.thien_cam.id}/", f"/bang-theo-doi/{u.province.id}/",
                 f"/bang-theo-doi/{u.thien_cam.id}/xuat/bao-cao.xlsx", f"/bang-theo-doi/{u.thien_cam.id}/ban-tin.pdf",
                 "/bang-theo-doi/999999/"):
        assert client.get(path).status_code == 404, path


def test_anonymous_visitors_are_sent_to_login(refreshed, client):
    page = client.get(f"/bang-theo-doi/{refreshed.units.province.id}/")
    assert page.status_code == 302 and page["Location"].startswith("/tai-khoan/dang-nhap/")


def test_a_former_commune_leads_to_the_commune_that_replaced_it(refreshed, province_admin, client_for):
    u = refreshed.units
    page = client_for(province_admin).get(f"/bang-theo-doi/{u.old_cam_quang.id}/")
    assert page.status_code == 302 and page["Location"] == f"/bang-theo-doi/{u.cam_xuyen.id}/"


def test_a_village_has_no_children_and_its_heat_row_is_itself(refreshed, province_admin, client_for):
    u = refreshed.units
    d = client_for(province_admin).get(f"/bang-theo-doi/{u.trung_hoa.id}/").context["d"]
    assert d.children == ()
    assert [h.unit.name for h in d.heat_rows] == ["Thôn Trung Hòa"]


def test_public_summary_shows_rates_only(targets, client):
    u = targets.units
    page = client.get(f"/so-lieu-giam-ngheo/{u.province.id}/?nam=2025")
    html = page.content.decode()
    assert page.status_code == 200
    assert "37,50%" in html and "20,00%" in html and "33,33%" in html
    assert "Chủ hộ" not in html and "DB-1" not in html
    assert "flows" not in page.context["charts"]
    assert client.get("/so-lieu-giam-ngheo/").status_code == 302
    assert client.get(f"/so-lieu-giam-ngheo/{u.trung_hoa.id}/").status_code == 404
    assert client.get(f"/so-lieu-giam-ngheo/{u.old_town.id}/").status_code == 404


def test_communes_without_any_figures_are_left_out(refreshed, province_admin, client_for):
    from tests.conftest import REFORM, make_unit

    u = refreshed.units
    make_unit(level="commune", code="18700", name="Xã Chưa Có Số Liệu", parent=u.province, valid_from=REFORM)
    d = client_for(province_admin).get(f"/bang-theo-doi/{u.province.id}/").context["d"]
    assert [c.unit.name for c in d.children] == ["Xã Cẩm Xuyên", "Xã Thiên Cầm"]
