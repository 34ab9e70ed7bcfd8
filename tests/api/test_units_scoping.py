"""/api/v1/units: an account sees the units of its scope; another commune's unit is "not found"."""

import pytest
from django.test import Client


def names(response):
    return [u["name"] for u in response.json()]


def test_commune_official_lists_only_their_commune_and_villages(client_for, official_cam_xuyen, units):
    response = client_for(official_cam_xuyen).get("/api/v1/units")
    assert response.status_code == 200
    assert names(response) == ["Xã Cẩm Xuyên", "Thôn Trung Hòa", "Thôn Quyết Tiến"]


def test_unit_fields(client_for, official_cam_xuyen, units):
    response = client_for(official_cam_xuyen).get(f"/api/v1/units/{units.cam_xuyen.id}")
    assert response.status_code == 200
    assert response.json() == {
        "id": units.cam_xuyen.id, "code": "18673", "name": "Xã Cẩm Xuyên", "level": "commune",
        "parent_id": units.province.id, "valid_from": "2025-07-01", "valid_to": None,
    }


def test_official_of_another_commune_gets_404_for_the_commune_and_its_villages(
    client_for, official_thien_cam, units
):
    client = client_for(official_thien_cam)
    for unit in (units.cam_xuyen, units.trung_hoa, units.quyet_tien, units.province):
        response = client.get(f"/api/v1/units/{unit.id}")
        assert response.status_code == 404, unit.name
        assert response.json() == {"detail": "Không tìm thấy đơn vị."}


def test_missing_unit_gives_the_same_404(client_for, official_thien_cam, units):
    response = client_for(official_thien_cam).get("/api/v1/units/987654")
    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy đơn vị."}


def test_village_head_lists_only_their_village(client_for, village_head_trung_hoa, units):
    assert names(client_for(village_head_trung_hoa).get("/api/v1/units")) == ["Thôn Trung Hòa"]


def test_superuser_lists_every_current_unit(client_for, superuser, units):
    assert names(client_for(superuser).get("/api/v1/units")) == [
        "Xã Cẩm Xuyên", "Thôn Trung Hòa", "Thôn Quyết Tiến", "Xã Thiên Cầm", "Thôn Tân Phú", "Tỉnh Hà Tĩnh",
    ]


def test_superuser_lists_pre_reform_units_on_request(client_for, superuser, units):
    response = client_for(superuser).get("/api/v1/units", {"current": "false", "level": "commune"})
    assert names(response) == [
        "Thị trấn Cẩm Xuyên", "Xã Cẩm Xuyên", "Thị trấn Thiên Cầm", "Xã Thiên Cầm", "Xã Cẩm Quang",
    ]


def test_filter_by_parent(client_for, province_admin, units):
    response = client_for(province_admin).get("/api/v1/units", {"parent": units.thien_cam.id})
    assert names(response) == ["Thôn Tân Phú"]


@pytest.mark.parametrize("path", ["/api/v1/units", "/api/v1/units/1"])
def test_anonymous_gets_401(db, path):
    response = Client().get(path)
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}
