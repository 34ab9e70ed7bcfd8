"""Issued documents as PDF (stored bytes, never re-rendered) and the public certificate check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from giamngheo.review.access import documents_visible_to
from giamngheo.review.selectors.documents import certificate_public
from giamngheo.review.services.documents import document_pdf


@login_required
def document_download(request: HttpRequest, document_id: int) -> HttpResponse:
    document = documents_visible_to(request.user).filter(pk=document_id).first()
    if document is None:
        raise Http404("Không tìm thấy văn bản.")
    response = HttpResponse(document_pdf(document), content_type="application/pdf")
    name = f"{document.kind}-{document.year}-{document.number or document.pk}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def verify_home(request: HttpRequest) -> HttpResponse:
    token = request.GET.get("ma", "").strip()[:40]
    return render(request, "review/verify.html", {"token": token, "found": certificate_public(token) if token else None,
                                                  "asked": bool(token)})


def verify(request: HttpRequest, token: str) -> HttpResponse:
    return render(request, "review/verify.html", {"token": token, "found": certificate_public(token), "asked": True})
