"""Upload → preview → confirm over HTTP, with the scoping, size limit and escaping the pages must keep."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from giamngheo.registry.models import Household, ImportBatch, ImportStatus
from tests.registry.conftest import household_row, member_row, xlsx_bytes

pytestmark = pytest.mark.django_db


def upload(client, units, content: bytes, name: str = "ket-qua.xlsx", commune=None):  # type: ignore[no-untyped-def]
    return client.post("/so-ho/nhap/", {
        "commune": (commune or units.cam_xuyen).id, "year": 2026, "standard_id": "2022-2025",
        "assessed_on": "2026-11-20", "file": SimpleUploadedFile(name, content),
    })


def test_upload_redirects_to_a_preview_and_a_second_official_confirms(
        client_for, units, official_cam_xuyen, second_official, two_households):
    maker = client_for(official_cam_xuyen)

    response = upload(maker, units, two_households)

    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/so-ho/nhap/{batch.pk}/"
    preview = maker.get(response["Location"])
    html = preview.content.decode()
    assert 'data-status="pending"' in html
    assert '<td class="num" id="households-new">2</td>' in html
    assert '<td class="num" id="count-poor">1</td>' in html
    assert 'id="confirm"' not in html and 'id="waiting"' in html
    assert Household.objects.count() == 0

    checker = client_for(second_official)
    assert 'id="confirm"' in checker.get(f"/so-ho/nhap/{batch.pk}/").content.decode()
    response = checker.post(f"/so-ho/nhap/{batch.pk}/xac-nhan/")

    assert response.status_code == 302
    assert ImportBatch.objects.get().status == ImportStatus.CONFIRMED
    assert Household.objects.count() == 2
    page = checker.get(f"/so-ho/nhap/{batch.pk}/").content.decode()
    assert "Đã ghi lô #" in page and 'data-status="confirmed"' in page


def test_preview_lists_every_problem_by_row_and_offers_no_confirmation(client_for, units, official_cam_xuyen,
                                                                       second_official):
    content = xlsx_bytes([household_row("CX-1", income="1,5tr"), household_row("CX-1", commune="18676")],
                         [member_row("CX-1", "Nguyễn Văn An"), member_row("CX-9", "Lê Thị Mồ Côi")])
    response = upload(client_for(official_cam_xuyen), units, content)
    batch = ImportBatch.objects.get()

    html = client_for(second_official).get(response["Location"]).content.decode()

    assert response.status_code == 302 and batch.status == ImportStatus.INVALID
    assert [(p["sheet"], p["row"], p["column"]) for p in batch.errors] == [
        ("households", 2, "income_per_capita"),
        ("households", 3, "commune_code"),
        ("households", 3, "household_code"),
        ("members", 3, "household_code"),
    ]
    assert "4 lỗi — không có gì được ghi" in html
    assert "mã xã 18676 là của Xã Thiên Cầm, không phải xã đang nhập Xã Cẩm Xuyên (mã 18673)" in html
    assert "thành viên thuộc hộ &#x27;CX-9&#x27; nhưng bảng hộ gia đình không có hộ này." in html
    assert 'id="confirm"' not in html


def test_an_official_cannot_import_into_or_see_batches_of_another_commune(
        client_for, units, official_cam_xuyen, official_thien_cam, two_households):
    response = upload(client_for(official_thien_cam), units, two_households)
    assert response.status_code == 400
    assert ("<li>Xã/phường: Hãy chọn một lựa chọn hợp lệ. Lựa chọn đó không phải là một trong các lựa chọn khả thi."
            "</li>") in response.content.decode()
    assert ImportBatch.objects.count() == 0

    upload(client_for(official_cam_xuyen), units, two_households)
    batch = ImportBatch.objects.get()
    other = client_for(official_thien_cam)
    assert other.get(f"/so-ho/nhap/{batch.pk}/").status_code == 404
    other.post(f"/so-ho/nhap/{batch.pk}/xac-nhan/")
    assert ImportBatch.objects.get().status == ImportStatus.PENDING
    listing = other.get("/so-ho/nhap/").content.decode()
    assert f"Không tìm thấy lô nhập #{batch.pk} trong phạm vi của tài khoản." in listing
    assert f'href="/so-ho/nhap/{batch.pk}/"' not in listing


def test_village_heads_and_auditors_have_no_import_page(client_for, village_head_trung_hoa, auditor):
    assert client_for(auditor).get("/so-ho/nhap/").status_code == 404
    # A village head may edit households of the village but not bulk-import a commune.
    response = client_for(village_head_trung_hoa).get("/so-ho/nhap/")
    assert response.status_code == 200
    assert "<option" not in response.content.decode().split('name="commune"')[1].split("</select>")[0]


def test_a_file_above_the_limit_is_refused_before_it_is_read(client_for, units, official_cam_xuyen, settings):
    settings.REGISTRY_IMPORT_MAX_BYTES = 100 * 1024
    response = upload(client_for(official_cam_xuyen), units, b"x" * (300 * 1024), name="lon.xlsx")

    assert response.status_code == 413
    assert "Tệp quá lớn (0,3 MB); giới hạn là 0,1 MB." in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_hostile_html_in_names_is_stored_as_text_and_escaped(client_for, units, official_cam_xuyen, second_official):
    evil = '<script>alert("x")</script>'
    content = xlsx_bytes([household_row("CX-7", head=evil, members=1)], [member_row("CX-7", evil)])
    batch_url = upload(client_for(official_cam_xuyen), units, content)["Location"]
    client_for(second_official).post(batch_url + "xac-nhan/")

    household = Household.objects.get(code="CX-7")
    html = client_for(second_official).get(f"/ho/{household.pk}/").content.decode()

    assert household.head_name == evil
    assert evil not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_a_truncated_upload_stages_nothing(client_for, official_cam_xuyen, units):
    body = (b"--B\r\nContent-Disposition: form-data; name=\"commune\"\r\n\r\n" + str(units.cam_xuyen.id).encode()
            + b"\r\n--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.xlsx\"\r\n"
            b"Content-Type: application/octet-stream\r\n\r\nPK\x03\x04 half a workbook")
    response = client_for(official_cam_xuyen).generic("POST", "/so-ho/nhap/", body,
                                                      content_type="multipart/form-data; boundary=B")

    assert response.status_code == 400
    assert ImportBatch.objects.count() == 0 and Household.objects.count() == 0


def test_the_upload_still_needs_the_csrf_token(units, official_cam_xuyen, two_households):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(official_cam_xuyen)

    response = upload(client, units, two_households)

    assert response.status_code == 403
    assert ImportBatch.objects.count() == 0
