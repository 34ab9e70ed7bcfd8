"""Exports of every chart's data (.csv, .xlsx) and the one-page PDF brief: the same figures as the page."""

from __future__ import annotations

import io
import subprocess

import pytest

pytestmark = pytest.mark.django_db


def test_csv_is_excel_friendly_with_vietnamese_decimals(targets, province_admin, client_for):
    u = targets.units
    response = client_for(province_admin).get(f"/bang-theo-doi/{u.province.id}/xuat/xu-huong.csv?nam=2025")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bang-theo-doi-42-2025-xu-huong.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffNăm;Tổng số hộ;Hộ nghèo;Tỷ lệ hộ nghèo (%);Mục tiêu tỷ lệ hộ nghèo (%)")
    assert text.splitlines()[1:] == [
        "2022;6;3;50,00;;1;16,67;", "2023;7;3;42,86;;1;14,29;", "2024;8;3;37,50;;2;25,00;",
        "2025;8;3;37,50;20,00;3;37,50;30,00",
    ]


def test_every_chart_has_csv_and_xlsx(targets, province_admin, client_for):
    client = client_for(province_admin)
    for key in ("xu-huong", "bien-dong", "don-vi", "thieu-hut", "thong-tin"):
        for fmt in ("csv", "xlsx"):
            url = f"/bang-theo-doi/{targets.units.province.id}/xuat/{key}.{fmt}"
            assert client.get(url).status_code == 200, url
    assert client.get(f"/bang-theo-doi/{targets.units.province.id}/xuat/khac.csv").status_code == 404


def test_xlsx_report_holds_numbers_for_every_chart(targets, province_admin, client_for):
    from openpyxl import load_workbook

    u = targets.units
    response = client_for(province_admin).get(f"/bang-theo-doi/{u.province.id}/xuat/bao-cao.xlsx?nam=2025")
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["xu-huong", "bien-dong", "don-vi", "thieu-hut", "thong-tin"]
    rows = list(book["don-vi"].iter_rows(min_row=4, values_only=True))
    assert [r[:8] for r in rows] == [
        ("18673", "Xã Cẩm Xuyên", 6, 2, 33.33, 2.18, 3, 50.0),
        ("18676", "Xã Thiên Cầm", 2, 1, 50.0, 50.0, 0, 0.0),
    ]
    flows = list(book["bien-dong"].iter_rows(min_row=4, values_only=True))
    assert flows == [(2023, 1, None, 0, 1, 0, 0), (2024, 1, None, 1, 0, 1, 1), (2025, 1, 3, 1, 1, 0, 1)]


def test_brief_is_one_a4_page_with_the_dashboard_figures(targets, province_admin, client_for, tmp_path):
    u = targets.units
    response = client_for(province_admin).get(f"/bang-theo-doi/{u.province.id}/ban-tin.pdf?nam=2025")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(response.content)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "\nPages:           1\n" in info and "595.276 x 841.89 pts (A4)" in info
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "TỈNH HÀ TĨNH" in text
    assert "Kết quả giảm nghèo năm 2025 trên địa bàn tỉnh Hà Tĩnh" in text
    assert "37,50% (3 hộ)" in text and "20,00%" in text and "Chưa đạt" in text
    assert "Xã Thiên Cầm" in text and "Sử dụng dịch vụ viễn thông" in text


def test_brief_of_a_village_names_its_commune_as_superior(refreshed, official_cam_xuyen, client_for, tmp_path):
    u = refreshed.units
    response = client_for(official_cam_xuyen).get(f"/bang-theo-doi/{u.trung_hoa.id}/ban-tin.pdf")
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "UBND XÃ CẨM XUYÊN" in text and "THÔN TRUNG HÒA" in text
