"""Numbering and issuing documents: one sequence per agency, year and symbol; an issued PDF never changes."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from giamngheo.accounts.access import can
from giamngheo.accounts.models import User
from giamngheo.common.audit import audit_record
from giamngheo.geo.models import AdminUnit
from giamngheo.review.access import documents_visible_to
from giamngheo.review.errors import ReviewError, RoundNotFound
from giamngheo.review.formats import document_number
from giamngheo.review.models import DocumentCounter, IssuedDocument
from giamngheo.review.pdf import document_pdf_bytes

# What a signed scan may be, told by its first bytes (never by the file name): content type and file extension.
SIGNED_SCAN_TYPES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)
SIGNED_SCAN_EXTENSIONS = {content_type: ext for _magic, content_type, ext in SIGNED_SCAN_TYPES}


def document_number_next(*, agency: AdminUnit, year: int, symbol: str) -> int:
    """Take the next number of ``symbol`` for the agency and year; call inside the issuing transaction."""
    counter, _ = DocumentCounter.objects.get_or_create(agency=agency, year=year, symbol=symbol)
    DocumentCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    counter.refresh_from_db(fields=["last"])
    return counter.last


def document_issue(
    *, acting_user: User, agency: AdminUnit, kind: str, symbol: str | None, title: str, issued_on: Any,
    content: dict[str, Any], signer_name: str = "", signer_title: str = "", round: Any = None,
    household: Any = None, render: bool = True,
) -> IssuedDocument:
    """Give the document its number (when it has a symbol) and date, freeze its content, render its PDF.

    Runs inside the caller's transaction and audit event. Certificates are rendered on first download
    (``render=False``) so a decision for hundreds of households stays one quick transaction; their content
    is frozen here all the same, so the first rendering is the only one.
    """
    year = issued_on.year
    number = document_number_next(agency=agency, year=year, symbol=symbol) if symbol else None
    if symbol:
        content = {**content, "number_line": document_number(number, symbol)}
    content = {**content, "number": number, "symbol": symbol or "", "issued_on": issued_on.isoformat(),
               "signer_name": signer_name, "signer_title": signer_title}
    document = IssuedDocument(
        agency=agency, kind=kind, year=year, number=number, symbol=symbol or "", title=title[:300],
        round=round, household=household, issued_on=issued_on, signer_name=signer_name,
        signer_title=signer_title, content=content, issued_by=acting_user,
    )
    if render:
        pdf = document_pdf_bytes(kind, content)
        document.pdf, document.pdf_sha256 = pdf, hashlib.sha256(pdf).hexdigest()
    document.save()
    return document


def document_pdf(document: IssuedDocument) -> bytes:
    """Return the document's PDF: the stored bytes, or the first and only rendering of its frozen content."""
    if document.pdf:
        return bytes(document.pdf)
    pdf = document_pdf_bytes(document.kind, document.content)
    with transaction.atomic():
        # Only a document without a PDF gets one: a concurrent first download keeps whichever was stored first.
        IssuedDocument.objects.filter(pk=document.pk, pdf__isnull=True).update(
            pdf=pdf, pdf_sha256=hashlib.sha256(pdf).hexdigest()
        )
    document.refresh_from_db(fields=["pdf", "pdf_sha256"])
    return bytes(document.pdf)


def verification_token() -> str:
    return secrets.token_urlsafe(16)[:22]


def signed_scan_type(content: bytes) -> str | None:
    """Return the content type of a PDF, JPEG or PNG file from its magic bytes, else None."""
    for magic, content_type, _ext in SIGNED_SCAN_TYPES:
        if content.startswith(magic):
            return content_type
    return None


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",") + " MB"


def document_signed_scan_attach(*, acting_user: User, document_id: int, content: bytes,
                                filename: str) -> IssuedDocument:
    """Keep the scan of the paper the signer signed and stamped beside an issued document, once.

    Only staff who run reviews in the document's commune may upload; others cannot tell the document exists
    (RoundNotFound). The file must be a PDF, JPEG or PNG by its first bytes, not empty and within
    ``REVIEW_SIGNED_SCAN_MAX_BYTES``. A document that already has its signed scan keeps it: the stored scan is
    the record of what was signed, so a second upload is refused rather than replacing it (the audit log could
    only show the digest of what was lost). The generated PDF is not touched. The audit row carries the digest,
    size, type and file name, never the bytes.
    """
    if not can(acting_user, "run_review"):
        raise RoundNotFound
    limit = settings.REVIEW_SIGNED_SCAN_MAX_BYTES
    name = (filename or "").strip()[:200]
    with transaction.atomic():
        document = (documents_visible_to(acting_user).select_for_update(of=("self",))
                    .select_related("agency", "signed_scan_by").filter(pk=document_id).first())
        if document is None:
            raise RoundNotFound
        if not content:
            raise ReviewError(f"Tệp «{name}» rỗng (0 byte): chọn tệp bản quét văn bản đã ký.")
        if len(content) > limit:
            raise ReviewError(f"Tệp «{name}» quá lớn: bản đã ký tối đa {_megabytes(limit)}. Quét lại ở độ phân "
                              "giải thấp hơn (khoảng 200 dpi) hoặc nén tệp rồi tải lên lại.")
        content_type = signed_scan_type(content)
        if content_type is None:
            raise ReviewError(f"Tệp «{name}» không phải PDF, JPEG hay PNG (kiểm tra theo nội dung tệp, không theo "
                              "tên tệp): chỉ nhận bản quét văn bản đã ký dạng PDF hoặc ảnh JPEG, PNG.")
        if document.symbol and document.number is None:
            raise ReviewError(f"{document.get_kind_display()} chưa được ban hành (chưa có số): chỉ tải bản đã ký "
                              "của văn bản đã ban hành.")
        if document.has_signed_scan:
            by = document.signed_scan_by.username if document.signed_scan_by else "?"
            at = timezone.localtime(document.signed_scan_at).strftime("%d/%m/%Y %H:%M") if document.signed_scan_at \
                else "?"
            raise ReviewError(f"{document.get_kind_display()} {document.number_text} đã có bản đã ký (tải lên lúc "
                              f"{at} bởi {by}). Bản đã lưu không được thay thế; nếu bản lưu bị nhầm, báo quản trị "
                              "hệ thống.")
        digest = hashlib.sha256(content).hexdigest()
        now = timezone.now()
        document.signed_scan, document.signed_scan_sha256 = content, digest
        document.signed_scan_content_type, document.signed_scan_size = content_type, len(content)
        document.signed_scan_by, document.signed_scan_at = acting_user, now
        document.save(update_fields=["signed_scan", "signed_scan_sha256", "signed_scan_content_type",
                                     "signed_scan_size", "signed_scan_by", "signed_scan_at"])
        audit_record(acting_user=acting_user, action="review.signed_scan_attach", target=document,
                     unit_path=document.agency.path,
                     after={"kind": document.kind, "number": document.number_text, "sha256": digest,
                            "size": len(content), "content_type": content_type, "filename": name,
                            "pdf_sha256": document.pdf_sha256})
    return document


def signed_scan_filename(document: IssuedDocument) -> str:
    ext = SIGNED_SCAN_EXTENSIONS.get(document.signed_scan_content_type, "bin")
    return f"{document.kind}-{document.year}-{document.number or document.pk}-ban-da-ky.{ext}"
