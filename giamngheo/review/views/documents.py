"""Issued documents as PDF (stored bytes, never re-rendered) and the public certificate check."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from giamngheo.review.access import documents_visible_to
from giamngheo.review.errors import REVIEW_ERRORS, RoundNotFound
from giamngheo.review.selectors.documents import certificate_public
from giamngheo.review.services.documents import document_pdf, document_signed_scan_attach, signed_scan_filename


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


@login_required
@require_POST
def signed_scan_upload(request: HttpRequest, document_id: int) -> HttpResponse:
    """Keep the scan of the signed paper document; back to the round page with the outcome as a message."""
    document = documents_visible_to(request.user).filter(pk=document_id).only("pk", "round_id").first()
    if document is None:
        raise Http404("Không tìm thấy văn bản.")
    upload = request.FILES.get("file")
    try:
        if upload is None:
            messages.error(request, "Chọn tệp bản quét văn bản đã ký (PDF hoặc ảnh JPEG, PNG) để tải lên.")
        else:
            # Read no more than one byte past the limit: enough for the service to refuse an oversized file.
            content = upload.read(settings.REVIEW_SIGNED_SCAN_MAX_BYTES + 1)
            signed = document_signed_scan_attach(acting_user=request.user, document_id=document_id,
                                                 content=content, filename=upload.name or "")
            messages.success(request, f"Đã lưu bản đã ký của {signed.get_kind_display().lower()} "
                                      f"{signed.number_text}.")
    except RoundNotFound:
        raise Http404("Không tìm thấy văn bản.") from None
    except REVIEW_ERRORS as error:
        messages.error(request, str(error))
    if document.round_id:
        return redirect("review:round", round_id=document.round_id)
    return redirect("review:rounds")


@login_required
def signed_scan_download(request: HttpRequest, document_id: int) -> HttpResponse:
    """The signed scan as uploaded, byte for byte, always as an attachment and never sniffed."""
    document = (documents_visible_to(request.user).filter(pk=document_id)
                .exclude(signed_scan_sha256="").first())
    if document is None or document.signed_scan is None:
        raise Http404("Văn bản chưa có bản đã ký.")
    response = HttpResponse(bytes(document.signed_scan), content_type=document.signed_scan_content_type)
    response["Content-Disposition"] = f'attachment; filename="{signed_scan_filename(document)}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
