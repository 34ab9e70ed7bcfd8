"""/api/v1/households: scoped by administrative unit; another commune's household is "not found"."""

import pytest
from django.test import Client


def codes(response):
    return [h["code"] for h in response.json()["items"]]


def test_commune_official_lists_only_their_communes_households(client_for, official_cam_xuyen, households):
    response = client_for(official_cam_xuyen).get("/api/v1/households")
    assert response.status_code == 200
    assert response.json()["count"] == 2
    assert codes(response) == ["CX-0001", "CX-0002"]


def test_official_of_another_commune_cannot_read_the_household(client_for, official_thien_cam, households):
    response = client_for(official_thien_cam).get(f"/api/v1/households/{households.an.id}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy hộ gia đình."}


def test_official_of_another_commune_cannot_list_by_the_other_commune(
    client_for, official_thien_cam, households, units
):
    response = client_for(official_thien_cam).get("/api/v1/households", {"unit": units.cam_xuyen.id})
    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 0}


def test_official_of_another_commune_cannot_find_it_by_name(client_for, official_thien_cam, households):
    response = client_for(official_thien_cam).get("/api/v1/households", {"q": "Nguyễn Văn An"})
    assert response.json() == {"items": [], "count": 0}


def test_search_ignores_accents(client_for, official_cam_xuyen, households):
    assert codes(client_for(official_cam_xuyen).get("/api/v1/households", {"q": "tran thi binh"})) == ["CX-0002"]


def test_household_detail_with_results(client_for, official_cam_xuyen, households, units):
    response = client_for(official_cam_xuyen).get(f"/api/v1/households/{households.an.id}")
    assert response.status_code == 200
    assert response.json() == {
        "id": households.an.id, "code": "CX-0001", "head_name": "Nguyễn Văn An", "area": "rural",
        "commune_id": units.cam_xuyen.id, "village_id": units.trung_hoa.id, "is_synthetic": False,
        "closed_on": None, "closed_reason": "",
        "assessments": [
            {"year": 2025, "standard_id": "nd07-2021", "category": "near_poor", "income_per_capita": 1_800_000,
             "deprivation_count": 3, "deprivations": ["viec_lam", "bhyt", "nha_o"], "reason": "Thu nhập dưới chuẩn",
             "commune_id": units.cam_xuyen.id},
            {"year": 2024, "standard_id": "nd07-2021", "category": "poor", "income_per_capita": 1_200_000,
             "deprivation_count": 3, "deprivations": ["viec_lam", "bhyt", "nha_o"], "reason": "Thu nhập dưới chuẩn",
             "commune_id": units.cam_xuyen.id},
        ],
    }


def test_village_head_lists_only_their_village(client_for, village_head_trung_hoa, households):
    client = client_for(village_head_trung_hoa)
    assert codes(client.get("/api/v1/households")) == ["CX-0001"]
    assert client.get(f"/api/v1/households/{households.binh.id}").status_code == 404


def test_superuser_lists_all(client_for, superuser, households):
    assert codes(client_for(superuser).get("/api/v1/households")) == ["CX-0001", "CX-0002", "TC-0001"]


def test_roles_without_household_permission_get_404(client_for, make_user, units, households):
    editor = make_user("editor", units.province)
    client = client_for(editor)
    assert client.get(f"/api/v1/households/{households.an.id}").status_code == 404
    assert codes(client.get("/api/v1/households")) == []


@pytest.mark.parametrize("path", ["/api/v1/households", "/api/v1/households/1"])
def test_anonymous_gets_401(db, path):
    response = Client().get(path)
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}
