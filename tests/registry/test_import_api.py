"""The import over the HTTP API: POST /api/v1/imports, GET …/{id}, POST …/{id}/confirm (a second person)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from giamngheo.registry.models import Household

pytestmark = pytest.mark.django_db


def post_file(client, units, content):  # type: ignore[no-untyped-def]
    return client.post("/api/v1/imports", {
        "commune_id": units.cam_xuyen.id, "year": 2026, "standard_id": "2022-2025", "assessed_on": "2026-11-20",
        "file": SimpleUploadedFile("ket-qua.xlsx", content),
    })


def test_stage_read_and_confirm_over_the_api(client_for, units, official_cam_xuyen, second_official,
                                             official_thien_cam, two_households):
    response = post_file(client_for(official_cam_xuyen), units, two_households)

    assert response.status_code == 201
    batch = response.json()
    assert (batch["status"], batch["maker"], batch["error_count"], batch["summary"]["households_new"]) == (
        "pending", "canbo.camxuyen", 0, 2)
    assert client_for(official_thien_cam).get(f"/api/v1/imports/{batch['id']}").status_code == 404
    mine = client_for(official_cam_xuyen).post(f"/api/v1/imports/{batch['id']}/confirm")
    assert mine.status_code == 409
    assert mine.json() == {"detail": "Người tải tệp lên không tự xác nhận được; cần một cán bộ khác kiểm tra và xác "
                                     "nhận."}

    confirmed = client_for(second_official).post(f"/api/v1/imports/{batch['id']}/confirm")

    assert confirmed.status_code == 200
    assert (confirmed.json()["status"], confirmed.json()["checker"]) == ("confirmed", "kiemtra.camxuyen")
    assert confirmed.json()["summary"]["written"]["households_new"] == 2
    assert Household.objects.count() == 2


def test_out_of_scope_commune_and_anonymous_callers(client, client_for, units, official_thien_cam, two_households):
    refused = post_file(client_for(official_thien_cam), units, two_households)
    assert refused.status_code == 400
    assert refused.json() == {"detail": "Không tìm thấy xã/phường này trong phạm vi của tài khoản."}
    assert post_file(client, units, two_households).status_code == 401
