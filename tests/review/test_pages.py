"""The review pages over HTTP: scoping (404 across communes), actions, PDFs, the public check and the report."""

from __future__ import annotations

import io

import openpyxl
import pytest

from giamngheo.review.models import Certificate, IssuedDocument
from tests.review.conftest import drive

pytestmark = pytest.mark.django_db


def test_round_page_is_scoped_to_the_commune(client_for, official_cam_xuyen, official_thien_cam, periodic_round):
    assert client_for(official_cam_xuyen).get(f"/ra-soat/{periodic_round.pk}/").status_code == 200
    other = client_for(official_thien_cam)
    assert other.get(f"/ra-soat/{periodic_round.pk}/").status_code == 404
    response = other.post(f"/ra-soat/{periodic_round.pk}/list-close/", {"on": "2026-09-05"})
    assert response.status_code == 404
    periodic_round.refresh_from_db()
    assert periodic_round.state == "listing"


def test_out_of_order_step_shows_the_reason(client_for, official_cam_xuyen, periodic_round):
    client = client_for(official_cam_xuyen)
    response = client.post(f"/ra-soat/{periodic_round.pk}/survey-close/", {"on": "2026-09-05"}, follow=True)
    text = response.content.decode()
    assert "Không thể chốt kết quả điều tra (Phiếu B): đợt rà soát đang ở bước «Lập danh sách hộ cần rà soát»" in text


def test_documents_are_served_byte_for_byte_and_never_regenerated(client_for, official_cam_xuyen, periodic_round,
                                                                 survey_2026):
    drive(official_cam_xuyen, periodic_round, until="decide", households=survey_2026)
    client = client_for(official_cam_xuyen)
    certificate = Certificate.objects.get(household__code="CX-0101")
    first = client.get(f"/ra-soat/van-ban/{certificate.document_id}.pdf")
    assert first.status_code == 200 and first.content.startswith(b"%PDF")
    again = client.get(f"/ra-soat/van-ban/{certificate.document_id}.pdf")
    assert again.content == first.content
    stored = IssuedDocument.objects.get(pk=certificate.document_id)
    assert bytes(stored.pdf) == first.content


def test_public_check_of_a_certificate(client, official_cam_xuyen, periodic_round, survey_2026):
    drive(official_cam_xuyen, periodic_round, until="decide", households=survey_2026)
    certificate = Certificate.objects.get(household__code="CX-0101")
    text = client.get(f"/xac-minh/{certificate.token}/").content.decode()
    assert "Giấy chứng nhận còn hiệu lực" in text
    assert "Số 02/GCN-HN.HCN" in text and "Nguyễn V. Hùng" in text and "Hộ nghèo" in text
    assert "Không tìm thấy giấy chứng nhận" in client.get("/xac-minh/khong-co-ma/").content.decode()


def test_the_certificate_check_leads_the_household_to_its_own_lookup_sheet(client, official_cam_xuyen, periodic_round,
                                                                           survey_2026):
    drive(official_cam_xuyen, periodic_round, until="decide", households=survey_2026)
    certificate = Certificate.objects.get(household__code="CX-0101")
    page = client.get(f"/xac-minh/{certificate.token}/").content.decode()
    assert 'id="to-lookup"' in page and 'name="ma_ho" value="CX-0101"' in page
    sheet = client.post("/tra-cuu/", {"ma_ho": "CX-0101", "so_dinh_danh": certificate.token}).content.decode()
    assert "Quyền lợi của hộ" in sheet and "Hộ nghèo" in sheet


def test_report_workbook_matches_the_decision(client_for, official_cam_xuyen, periodic_round, survey_2026, units):
    drive(official_cam_xuyen, periodic_round, until="decide", households=survey_2026)
    client = client_for(official_cam_xuyen)
    assert client.get(f"/ra-soat/bao-cao/{units.cam_xuyen.pk}/2026/").status_code == 200
    response = client.get(f"/ra-soat/bao-cao/{units.cam_xuyen.pk}/2026.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    results = book["1. Kết quả rà soát"]
    assert [c.value for c in results[5]][:9] == [1, "Xã Cẩm Xuyên (18673)", 6, 21, 2, 6, 33.33, 2, 9]
    dynamics = book["2a. Diễn biến hộ nghèo (hộ)"]
    # start, to near-poor, above, other, from near-poor, fall-back, new, other, end
    assert [c.value for c in dynamics[5]][2:] == [2, 1, 0, 0, 1, 0, 0, 0, 2]
    near = book["3a. Diễn biến hộ cận nghèo (hộ)"]
    assert [c.value for c in near[5]][2:] == [2, 1, 1, 0, 1, 0, 1, 0, 2]
    assert client_for(official_cam_xuyen).get(f"/ra-soat/bao-cao/{units.thien_cam.pk}/2026.xlsx").status_code == 404
