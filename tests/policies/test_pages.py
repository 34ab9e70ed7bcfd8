"""Staff pages, exports and the API: scoped by unit, edits through the service."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.test import Client

from giamngheo.policies.models import Policy

pytestmark = pytest.mark.django_db


def test_catalogue_counts_only_households_in_scope(computed, client_for, official_thien_cam) -> None:  # type: ignore[no-untyped-def]
    html = client_for(official_thien_cam).get("/chinh-sach/").content.decode()
    assert "Vay vốn ưu đãi cho hộ cận nghèo" in html
    assert 'class="num">1</td>' in html  # Tâm only
    assert Client().get("/chinh-sach/").status_code == 302


def test_exports_list_who_should_have_received_what(computed, client_for, official_cam_xuyen) -> None:  # type: ignore[no-untyped-def]
    client = client_for(official_cam_xuyen)
    response = client.get("/chinh-sach/bhyt-ho-ngheo/danh-sach.xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="quyen-loi-bhyt-ho-ngheo.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    assert rows == [[1, "CX-0101", "Hoàng Văn Hải", "Xã Cẩm Xuyên", "Thôn Trung Hòa", "Hộ nghèo", 2025, "2022-2025",
                     "Được hưởng vì: hộ là hộ nghèo.", 1]]
    text = client.get("/chinh-sach/vay-von-ho-can-ngheo/danh-sach.csv").content.decode("utf-8-sig")
    title, headers, *lines = list(csv.reader(io.StringIO(text)))
    assert title[0].startswith("Danh sách hộ được hưởng — Vay vốn ưu đãi cho hộ cận nghèo — địa bàn được giao")
    assert headers[:3] == ["STT", "Mã hộ", "Chủ hộ"]
    assert lines == []  # Tâm lives in Thiên Cầm, outside this scope
    assert client.get("/chinh-sach/bhyt-ho-ngheo/danh-sach.exe").status_code == 404


def test_export_by_commune_outside_scope_is_not_found(computed, client_for, official_cam_xuyen, units) -> None:  # type: ignore[no-untyped-def]
    client = client_for(official_cam_xuyen)
    assert client.get(f"/chinh-sach/bhyt-ho-ngheo/danh-sach.csv?xa={units.thien_cam.pk}").status_code == 404
    ok = client.get(f"/chinh-sach/bhyt-ho-ngheo/danh-sach.csv?xa={units.cam_xuyen.pk}")
    assert ok["Content-Disposition"] == 'attachment; filename="quyen-loi-bhyt-ho-ngheo-18673.csv"'


def test_edit_page_saves_through_the_service_and_shows_rule_errors(computed, client_for, province_admin,  # type: ignore[no-untyped-def]
                                                                  official_cam_xuyen) -> None:
    assert client_for(official_cam_xuyen).get("/chinh-sach/ho-tro-tien-dien/sua/").status_code == 404
    client = client_for(province_admin)
    form = client.get("/chinh-sach/ho-tro-tien-dien/sua/")
    assert form.status_code == 200
    policy = Policy.objects.get(code="ho-tro-tien-dien")
    data = {name: getattr(policy, name) or "" for name in ("name", "group", "agency", "legal_basis", "benefit",
                                                           "how_to_claim", "documents", "verification_note")}
    data.update({"position": policy.position, "active": "on", "public": "on", "note": "thử",
                 "rule": '{"deprived": ["khong_co"]}'})
    refused = client.post("/chinh-sach/ho-tro-tien-dien/sua/", data)
    assert "Chỉ số thiếu hụt &#x27;khong_co&#x27; không có trong chuẩn nghèo" in refused.content.decode()
    data["rule"] = '{"category": ["poor", "near_poor"]}'
    saved = client.post("/chinh-sach/ho-tro-tien-dien/sua/", data)
    assert saved.status_code == 302
    assert Policy.objects.get(code="ho-tro-tien-dien").version == 2
    detail = client.get("/chinh-sach/ho-tro-tien-dien/").content.decode()
    assert "Xã Thiên Cầm" in detail and "thử" in detail


def test_household_page_lists_every_policy_with_its_reason(computed, client_for, official_cam_xuyen,  # type: ignore[no-untyped-def]
                                                           official_thien_cam) -> None:
    html = client_for(official_cam_xuyen).get(f"/chinh-sach/ho/{computed.hai.pk}/").content.decode()
    assert "Không được hưởng vì: hộ là hộ nghèo, không phải hộ cận nghèo." in html
    assert "Được hưởng vì: hộ là hộ nghèo." in html
    assert "Không được hưởng vì: chính sách hết hiệu lực sau ngày 31/12/2025." in html  # housing, 2021–2025
    assert client_for(official_thien_cam).get(f"/chinh-sach/ho/{computed.hai.pk}/").status_code == 404
    printed = client_for(official_cam_xuyen).get(f"/chinh-sach/ho/{computed.hai.pk}/in/").content.decode()
    assert "Quyền lợi của hộ" in printed and "@media print" in printed


def test_circumstances_form_recomputes(computed, client_for, official_cam_xuyen) -> None:  # type: ignore[no-untyped-def]
    son = computed.hai.members.get(full_name="Hoàng Văn Nam")
    response = client_for(official_cam_xuyen).post(f"/chinh-sach/ho/{computed.hai.pk}/dac-diem/",
                                                  {"ho": ["agricultural"], f"tv-{son.pk}": ["student", "bogus"]})
    assert response.status_code == 302
    from .conftest import granted

    assert "ho-tro-chi-phi-hoc-tap" in granted(computed.hai)


def test_changes_2027_page(computed, client_for, province_admin) -> None:  # type: ignore[no-untyped-def]
    html = client_for(province_admin).get("/chinh-sach/thay-doi-2027/").content.decode()
    assert "Hỗ trợ mua bảo hiểm y tế cho thành viên hộ cận nghèo" in html


def test_api_catalogue_is_public_and_entitlements_are_scoped(computed, client_for, official_thien_cam) -> None:  # type: ignore[no-untyped-def]
    catalogue = Client().get("/api/v1/policies").json()
    assert [p["code"] for p in catalogue][:3] == ["bhyt-ho-ngheo", "bhyt-ho-can-ngheo", "bhyt-ho-can-ngheo-xa-ngheo"]
    assert Client().get(f"/api/v1/households/{computed.tam.pk}/entitlements").status_code == 401
    client = client_for(official_thien_cam)
    assert client.get(f"/api/v1/households/{computed.hai.pk}/entitlements").status_code == 404
    body = client.get(f"/api/v1/households/{computed.tam.pk}/entitlements").json()
    granted = [d["policy"] for d in body["current"] if d["eligible"]]
    assert granted == ["bhyt-ho-can-ngheo", "tro-giup-phap-ly", "vay-von-ho-can-ngheo"]  # the phone programme ended
    assert len(body["current"]) == 15 and len(body["standard_2027"]) == 15
    assert Client().get(f"/api/v1/households/{computed.tam.pk}").status_code == 401  # the households router still works


def test_lookup_log_page_is_for_auditors(computed, client_for, auditor, official_cam_xuyen) -> None:  # type: ignore[no-untyped-def]
    Client(REMOTE_ADDR="10.9.0.1").post("/tra-cuu/", {"ma_ho": "CX-0101", "so_dinh_danh": "1"})
    assert client_for(official_cam_xuyen).get("/chinh-sach/tra-cuu/").status_code == 404
    html = client_for(auditor).get("/chinh-sach/tra-cuu/").content.decode()
    assert "Dữ liệu không hợp lệ" in html and "10.9.0.1" in html


def test_marking_a_poor_commune_moves_near_poor_households_to_full_insurance(computed, client_for, province_admin,  # type: ignore[no-untyped-def]
                                                                            official_thien_cam, units) -> None:
    from giamngheo.common.models import AuditEvent

    from .conftest import granted

    assert client_for(official_thien_cam).post("/chinh-sach/xa/", {"xa": units.thien_cam.pk,
                                                                    "dien": ["poor_commune"]}).status_code == 404
    page = client_for(official_thien_cam).get("/chinh-sach/xa/").content.decode()
    assert "Xã Thiên Cầm" in page and "Xã Cẩm Xuyên" not in page
    response = client_for(province_admin).post("/chinh-sach/xa/", {"xa": units.thien_cam.pk, "dien": ["poor_commune"]})
    assert response.status_code == 302
    assert "bhyt-ho-can-ngheo-xa-ngheo" in granted(computed.tam)
    assert "bhyt-ho-can-ngheo" not in granted(computed.tam)
    event = AuditEvent.objects.get(action="commune.designation")
    assert (event.before, event.after) == ({"poor_commune": False}, {"poor_commune": True})
