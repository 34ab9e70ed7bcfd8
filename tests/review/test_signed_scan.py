"""The scan of the signed paper decision (and the other issued documents) kept beside the generated PDF, once."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.test import override_settings
from django.urls import reverse

from giamngheo.common.models import AuditEvent
from giamngheo.review.errors import ReviewError, RoundNotFound
from giamngheo.review.models import IssuedDocument
from giamngheo.review.services.documents import document_pdf, document_signed_scan_attach
from tests.review.conftest import drive

pytestmark = pytest.mark.django_db

PDF_SCAN = b"%PDF-1.4\n1 0 obj <<>> endobj\n% signed and stamped on paper\n%%EOF\n"
JPEG_SCAN = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"
PNG_SCAN = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script>%PDF-1.4</body></html>"


@pytest.fixture
def decided(official_cam_xuyen, periodic_round, survey_2026):  # type: ignore[no-untyped-def]
    drive(official_cam_xuyen, periodic_round, until="decide", households=survey_2026)
    return periodic_round


@pytest.fixture
def decision(decided):  # type: ignore[no-untyped-def]
    return IssuedDocument.objects.get(round=decided, kind="decision")


def _upload(client, document, content: bytes, name: str):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("review:signed_scan_upload", args=[document.pk]),
                       {"file": SimpleUploadedFile(name, content, content_type="application/octet-stream")},
                       follow=True)


def _messages(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(m) for m in response.context["messages"]]


def _stored(document) -> IssuedDocument:  # type: ignore[no-untyped-def]
    return IssuedDocument.objects.get(pk=document.pk)


def test_upload_pdf_through_the_round_page_and_download_it(decided, decision, official_cam_xuyen, client_for):
    pdf_before = bytes(decision.pdf)
    client = client_for(official_cam_xuyen)
    page = client.get(reverse("review:round", args=[decided.pk])).content.decode()
    assert "Tải lên bản đã ký (PDF hoặc ảnh)" in page
    assert reverse("review:signed_scan_upload", args=[decision.pk]) in page

    response = _upload(client, decision, PDF_SCAN, "qd-da-ky.pdf")
    assert response.redirect_chain[-1][0] == reverse("review:round", args=[decided.pk])
    assert any("Đã lưu bản đã ký" in m for m in _messages(response))
    stored = _stored(decision)
    assert bytes(stored.signed_scan) == PDF_SCAN
    assert stored.signed_scan_sha256 == hashlib.sha256(PDF_SCAN).hexdigest()
    assert stored.signed_scan_content_type == "application/pdf"
    assert stored.signed_scan_size == len(PDF_SCAN)
    assert stored.signed_scan_by == official_cam_xuyen and stored.signed_scan_at is not None

    # The page now links the signed scan, with who uploaded it, and no longer offers the upload form for it.
    page = response.content.decode()
    assert reverse("review:signed_scan", args=[decision.pk]) in page
    assert reverse("review:signed_scan_upload", args=[decision.pk]) not in page
    assert "canbo.camxuyen" in page

    download = client.get(reverse("review:signed_scan", args=[decision.pk]))
    assert download.status_code == 200
    assert download.content == PDF_SCAN
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Content-Disposition"].endswith('.pdf"')
    assert download["X-Content-Type-Options"] == "nosniff"

    # The generated PDF is kept as issued, byte for byte, and still served as before.
    assert bytes(stored.pdf) == pdf_before and stored.pdf_sha256 == hashlib.sha256(pdf_before).hexdigest()
    assert client.get(reverse("review:document", args=[decision.pk])).content == pdf_before


def test_upload_jpeg_and_png(decided, official_cam_xuyen, client_for):
    notice = IssuedDocument.objects.get(round=decided, kind="notice")
    certificate = IssuedDocument.objects.filter(round=decided, kind="certificate").first()
    client = client_for(official_cam_xuyen)
    _upload(client, notice, JPEG_SCAN, "thong-bao.jpg")
    _upload(client, certificate, PNG_SCAN, "IMG_0001.PNG")
    assert _stored(notice).signed_scan_content_type == "image/jpeg"
    assert _stored(certificate).signed_scan_content_type == "image/png"
    download = client.get(reverse("review:signed_scan", args=[notice.pk]))
    assert download.content == JPEG_SCAN and download["Content-Type"] == "image/jpeg"
    assert download["Content-Disposition"].startswith("attachment;") and download["Content-Disposition"].endswith(
        '.jpg"')
    assert download["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(("content", "name", "expected"), [
    (EXE, "quyet-dinh.pdf", "không phải PDF, JPEG hay PNG"),
    (HTML, "quyet-dinh.pdf", "không phải PDF, JPEG hay PNG"),
    (HTML, "quyet-dinh.html", "không phải PDF, JPEG hay PNG"),
    (b"", "quyet-dinh.pdf", "rỗng"),
])
def test_wrong_or_empty_files_are_refused(decision, official_cam_xuyen, client_for, content, name, expected):
    response = _upload(client_for(official_cam_xuyen), decision, content, name)
    assert any(expected in m for m in _messages(response)), _messages(response)
    stored = _stored(decision)
    assert stored.signed_scan is None and stored.signed_scan_sha256 == "" and stored.signed_scan_by is None
    assert not AuditEvent.objects.filter(action="review.signed_scan_attach").exists()


@override_settings(REVIEW_SIGNED_SCAN_MAX_BYTES=1024)
def test_oversized_file_is_refused(decision, official_cam_xuyen, client_for):
    big = b"%PDF-1.4\n" + b"0" * 2048
    response = _upload(client_for(official_cam_xuyen), decision, big, "qd.pdf")
    assert any("quá lớn" in m and "tối đa" in m for m in _messages(response)), _messages(response)
    assert _stored(decision).signed_scan is None
    with pytest.raises(ReviewError, match="quá lớn"):
        document_signed_scan_attach(acting_user=decision.issued_by, document_id=decision.pk, content=big,
                                    filename="qd.pdf")
    # Exactly the limit is accepted.
    exact = b"%PDF-1.4\n" + b"0" * (1024 - 9)
    document_signed_scan_attach(acting_user=decision.issued_by, document_id=decision.pk, content=exact,
                                filename="qd.pdf")
    assert _stored(decision).signed_scan_size == 1024


def test_second_upload_is_refused_and_the_first_kept(decision, official_cam_xuyen, client_for):
    client = client_for(official_cam_xuyen)
    _upload(client, decision, PDF_SCAN, "qd.pdf")
    response = _upload(client, decision, JPEG_SCAN, "qd-lan-2.jpg")
    assert any("đã có bản đã ký" in m and "không được thay thế" in m for m in _messages(response))
    stored = _stored(decision)
    assert bytes(stored.signed_scan) == PDF_SCAN and stored.signed_scan_content_type == "application/pdf"
    assert AuditEvent.objects.filter(action="review.signed_scan_attach").count() == 1


def test_audit_row_has_the_digest_never_the_bytes(decision, official_cam_xuyen):
    document_signed_scan_attach(acting_user=official_cam_xuyen, document_id=decision.pk, content=PDF_SCAN,
                                filename="qd-da-ky.pdf")
    event = AuditEvent.objects.get(action="review.signed_scan_attach")
    assert event.actor == official_cam_xuyen and event.object_id == str(decision.pk)
    assert event.unit_path == decision.agency.path
    assert event.after["sha256"] == hashlib.sha256(PDF_SCAN).hexdigest()
    assert event.after["size"] == len(PDF_SCAN) and event.after["content_type"] == "application/pdf"
    assert event.after["filename"] == "qd-da-ky.pdf"
    dumped = json.dumps(event.after) + json.dumps(event.before)
    assert "signed and stamped" not in dumped and "%PDF" not in dumped


def test_another_communes_official_gets_404(decision, official_cam_xuyen, official_thien_cam, client_for):
    document_signed_scan_attach(acting_user=official_cam_xuyen, document_id=decision.pk, content=PDF_SCAN,
                                filename="qd.pdf")
    other = client_for(official_thien_cam)
    assert other.get(reverse("review:signed_scan", args=[decision.pk])).status_code == 404
    notice = IssuedDocument.objects.get(round=decision.round, kind="notice")
    response = _upload(other, notice, JPEG_SCAN, "x.jpg")
    assert response.status_code == 404
    assert _stored(notice).signed_scan is None
    with pytest.raises(RoundNotFound):
        document_signed_scan_attach(acting_user=official_thien_cam, document_id=notice.pk, content=JPEG_SCAN,
                                    filename="x.jpg")


def test_staff_without_run_review_cannot_upload(decision, auditor, client_for):
    response = _upload(client_for(auditor), decision, PDF_SCAN, "qd.pdf")
    assert response.status_code == 404
    with pytest.raises(RoundNotFound):
        document_signed_scan_attach(acting_user=auditor, document_id=decision.pk, content=PDF_SCAN,
                                    filename="qd.pdf")
    assert _stored(decision).signed_scan is None


def test_download_without_a_scan_is_404(decision, official_cam_xuyen, client_for):
    assert client_for(official_cam_xuyen).get(reverse("review:signed_scan", args=[decision.pk])).status_code == 404


def test_unissued_document_is_refused(decision, official_cam_xuyen):
    unnumbered = IssuedDocument.objects.create(
        agency=decision.agency, kind="decision", year=decision.year, number=None, symbol="QĐ-UBND", title="Dự thảo",
        round=decision.round, issued_on=decision.issued_on, issued_by=official_cam_xuyen)
    with pytest.raises(ReviewError, match="chưa được ban hành"):
        document_signed_scan_attach(acting_user=official_cam_xuyen, document_id=unnumbered.pk, content=PDF_SCAN,
                                    filename="qd.pdf")
    assert _stored(unnumbered).signed_scan is None


def test_generated_pdf_unchanged_after_upload(decision, official_cam_xuyen):
    before = document_pdf(decision)
    document_signed_scan_attach(acting_user=official_cam_xuyen, document_id=decision.pk, content=JPEG_SCAN,
                                filename="qd.jpg")
    stored = _stored(decision)
    assert document_pdf(stored) == before and stored.pdf_sha256 == hashlib.sha256(before).hexdigest()
