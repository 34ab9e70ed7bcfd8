"""The issued PDFs as a reader sees them (pdftotext): Decree 30/2020 layout of the decision, the posting notice,
the village minutes and the certificate, and the certificate's QR code content."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from giamngheo.registry.models import Household
from giamngheo.review import pdf as pdf_module
from giamngheo.review.models import Certificate, IssuedDocument
from giamngheo.review.services.documents import document_pdf
from tests.review.conftest import drive

pytestmark = pytest.mark.django_db
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"


def pdf_text(data: bytes) -> str:
    """The PDF's text with runs of white space (line breaks of the layout included) as one space."""
    out = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout
    return " ".join(out.decode("utf-8").split())


@pytest.fixture
def decided(official_cam_xuyen, periodic_round, survey_2026):  # type: ignore[no-untyped-def]
    # The registry's address already names the village and the commune: the certificate must not repeat them.
    Household.objects.filter(code="CX-0101").update(address="Số 12, thôn Trung Hòa, xã Cẩm Xuyên")
    drive(official_cam_xuyen, periodic_round, until="decide", households=survey_2026)
    return periodic_round


def test_decision(decided):
    text = pdf_text(document_pdf(IssuedDocument.objects.get(kind="decision")))
    assert text.startswith("ỦY BAN NHÂN DÂN XÃ CẨM XUYÊN")
    assert QUOC_HIEU in text and TIEU_NGU in text
    assert "Số: 01/QĐ-UBND" in text
    assert "Cẩm Xuyên, ngày 09 tháng 10 năm 2026" in text
    assert "QUYẾT ĐỊNH Công nhận danh sách hộ nghèo, hộ cận nghèo" in text
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ CẨM XUYÊN" in text
    assert "Nơi nhận: - Như Điều 3;" in text
    assert re.search(r"CHỦ TỊCH Nguyễn Văn Chủ", text)
    reference = ("(Kèm theo Quyết định số 01/QĐ-UBND ngày 09 tháng 10 năm 2026 của Chủ tịch Ủy ban nhân dân "
                 "xã Cẩm Xuyên)")
    assert text.count(reference) == 4  # one annex per list
    assert "Phụ lục I DANH SÁCH HỘ NGHÈO" in text
    assert "KT. CHỦ TỊCH" not in text and "TM. ỦY BAN NHÂN DÂN" not in text  # the chairman signs his own decision


def test_posting_notice(decided):
    text = pdf_text(document_pdf(IssuedDocument.objects.get(kind="notice")))
    assert QUOC_HIEU in text and TIEU_NGU in text
    assert "Số: 01/TB-UBND" in text
    assert "Cẩm Xuyên, ngày 06 tháng 10 năm 2026" in text
    assert "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH Nguyễn Văn Chủ" in text
    assert "Nơi nhận: - Các thôn, tổ dân phố (để niêm yết);" in text
    assert ("(Kèm theo Thông báo số 01/TB-UBND ngày 06 tháng 10 năm 2026 của Ủy ban nhân dân xã Cẩm Xuyên)"
            in text)


def test_village_minutes(decided):
    minutes = IssuedDocument.objects.filter(kind="minutes").order_by("id")
    assert minutes.count() == 2
    text = pdf_text(document_pdf(minutes.first()))
    assert text.startswith("UBND XÃ CẨM XUYÊN")
    assert QUOC_HIEU in text and TIEU_NGU in text
    assert ", ngày 05 tháng 10 năm 2026" in text
    assert "BIÊN BẢN Họp dân thống nhất kết quả rà soát hộ nghèo, hộ cận nghèo năm 2026" in text
    assert "Số:" not in text  # a village's minutes carry no number of the commune's register
    # Signers' names in ordinary case under their upper-case titles (Decree 30/2020, Appendix I §1.4).
    assert text.endswith("THƯ KÝ Lê Thị Thư ĐẠI DIỆN CÁC HỘ DÂN CHỦ TRÌ Trần Văn Trưởng")


def test_certificate_and_its_qr_code(decided, monkeypatch):
    certificate = Certificate.objects.get(household__code="CX-0101")
    encoded: list[str] = []
    real = pdf_module.qr_data_uri
    monkeypatch.setattr(pdf_module, "qr_data_uri", lambda value: encoded.append(value) or real(value))
    document = certificate.document
    text = pdf_text(document_pdf(document))
    url = f"http://testserver/xac-minh/{certificate.token}/"
    assert encoded == [url]  # the QR code carries the verification address and nothing else
    assert QUOC_HIEU in text and TIEU_NGU in text
    assert re.search(r"Số: 0\d/GCN-HN\.HCN", text)
    assert "Cẩm Xuyên, ngày 09 tháng 10 năm 2026" in text
    assert "GIẤY CHỨNG NHẬN HỘ NGHÈO, HỘ CẬN NGHÈO" in text
    assert "Hộ gia đình ông/bà: Nguyễn Văn Hùng" in text
    assert "Nơi thường trú: Số 12, thôn Trung Hòa, xã Cẩm Xuyên, tỉnh Hà Tĩnh." in text
    assert "Theo Quyết định số 01/QĐ-UBND" in text and "ngày 09/10/2026" in text  # the year's cell
    # Printed under the code; the line may break inside it, also at a "-" of the code, which pdftotext then drops.
    assert url.replace("-", "") in text.replace(" ", "").replace("-", "")
    # The verification code alone: the resident lookup takes it as the second factor.
    assert f"Mãxácminh:{certificate.token}".replace("-", "") in text.replace(" ", "").replace("-", "")
    assert "CHỦ TỊCH Nguyễn Văn Chủ" in text
    html = pdf_module.document_html("certificate", document.content)
    assert f'<img src="{real(url)}"' in html


def test_certificate_address_without_village_or_commune_gets_them(decided):
    content = Certificate.objects.get(household__code="CX-0102").document.content
    assert content["address"] == "thôn Trung Hòa, xã Cẩm Xuyên, tỉnh Hà Tĩnh"


def test_the_certificate_fits_on_one_page(decided):
    pdf = document_pdf(Certificate.objects.get(household__code="CX-0101").document)
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    Path("test-artifacts").mkdir(exist_ok=True)
    Path("test-artifacts/giay-chung-nhan.pdf").write_bytes(pdf)
    assert re.search(r"^Pages:\s+1$", info, re.M)
