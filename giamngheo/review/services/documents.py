"""Numbering and issuing documents: one sequence per agency, year and symbol; an issued PDF never changes."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.db.models import F

from giamngheo.accounts.models import User
from giamngheo.geo.models import AdminUnit
from giamngheo.review.formats import document_number
from giamngheo.review.models import DocumentCounter, IssuedDocument
from giamngheo.review.pdf import document_pdf_bytes


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
