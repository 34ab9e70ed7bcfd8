"""Pages show only the units and households of the account's scope; the rest is a 404, like a missing page."""

import pytest
from django.test import Client


def text(response):
    return response.content.decode()


def test_workspace_lists_only_the_officials_commune(client_for, official_cam_xuyen, units):
    response = client_for(official_cam_xuyen).get("/dia-ban/")
    assert response.status_code == 200
    assert "Xã Cẩm Xuyên" in text(response)
    assert "Xã Thiên Cầm" not in text(response)
    assert "Tài khoản canbo.camxuyen · Cán bộ cấp xã" in text(response)


def test_commune_page_lists_its_villages_and_households(client_for, official_cam_xuyen, units, households):
    response = client_for(official_cam_xuyen).get(f"/dia-ban/{units.cam_xuyen.id}/")
    assert response.status_code == 200
    page = text(response)
    assert "<h1>Xã Cẩm Xuyên <small class=\"muted\">mã 18673</small></h1>" in page
    assert "Thôn Trung Hòa" in page and "Thôn Quyết Tiến" in page
    assert "CX-0001" in page and "CX-0002" in page
    assert "TC-0001" not in page and "Thôn Tân Phú" not in page
    assert "Thị trấn Cẩm Xuyên (Huyện Cẩm Xuyên); Xã Cẩm Quang (Huyện Cẩm Xuyên)" in page


def test_commune_page_links_to_its_dashboard_for_yearly_rates(client_for, official_cam_xuyen, units, households):
    page = text(client_for(official_cam_xuyen).get(f"/dia-ban/{units.cam_xuyen.id}/"))
    assert f'href="/bang-theo-doi/{units.cam_xuyen.id}/"' in page


def test_other_communes_unit_and_household_pages_are_404(client_for, official_thien_cam, units, households):
    client = client_for(official_thien_cam)
    assert client.get(f"/dia-ban/{units.cam_xuyen.id}/").status_code == 404
    assert client.get(f"/dia-ban/{units.trung_hoa.id}/").status_code == 404
    assert client.get(f"/ho/{households.an.id}/").status_code == 404


def test_missing_pages_look_the_same(client_for, official_thien_cam, units):
    client = client_for(official_thien_cam)
    assert client.get("/dia-ban/987654/").status_code == 404
    assert client.get("/ho/987654/").status_code == 404


def test_household_page_shows_members_and_results(client_for, official_cam_xuyen, households):
    response = client_for(official_cam_xuyen).get(f"/ho/{households.an.id}/")
    assert response.status_code == 200
    page = text(response)
    assert "<h1>Hộ CX-0001 — Nguyễn Văn An</h1>" in page
    assert "Phạm Thị Lan" in page
    assert "<td>2024</td><td>nd07-2021</td><td>Hộ nghèo</td>" in page
    assert "<td class=\"num\">1.200.000</td>" in page


def test_village_head_sees_only_their_village(client_for, village_head_trung_hoa, units, households):
    client = client_for(village_head_trung_hoa)
    assert client.get(f"/dia-ban/{units.trung_hoa.id}/").status_code == 200
    assert client.get(f"/dia-ban/{units.cam_xuyen.id}/").status_code == 404
    assert client.get(f"/ho/{households.an.id}/").status_code == 200
    assert client.get(f"/ho/{households.binh.id}/").status_code == 404


def test_superuser_sees_every_commune(client_for, superuser, units, households):
    client = client_for(superuser)
    assert "Tỉnh Hà Tĩnh" in text(client.get("/dia-ban/"))
    assert client.get(f"/dia-ban/{units.thien_cam.id}/").status_code == 200
    assert client.get(f"/ho/{households.an.id}/").status_code == 200


def test_search_within_a_commune_ignores_accents(client_for, official_cam_xuyen, units, households):
    response = client_for(official_cam_xuyen).get(f"/dia-ban/{units.cam_xuyen.id}/", {"q": "binh"})
    assert [h.code for h in response.context["page"]] == ["CX-0002"]


@pytest.mark.parametrize("path", ["/dia-ban/", "/dia-ban/1/", "/ho/1/", "/nhat-ky/"])
def test_anonymous_is_sent_to_the_login_page(db, path):
    response = Client().get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/tai-khoan/dang-nhap/?next={path}"
