"""Import pages: upload → preview (every problem by row, nothing written) → a second person confirms or rejects.

A large confirmation is written by the background task: the batch page then shows a status line that htmx
refreshes every two seconds (a plain reload link without JavaScript) until the result or the reason it failed.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from giamngheo.accounts.access import can, units_visible_to
from giamngheo.registry.access import import_batches_visible_to
from giamngheo.registry.forms import ImportUploadForm
from giamngheo.registry.importing import (
    ImportRefused,
    household_import_confirm,
    household_import_reject,
    household_import_stage,
)
from giamngheo.registry.importing.problems import SHEET_LABELS
from giamngheo.registry.importing.services import writing_stale
from giamngheo.registry.importing.staging import max_upload_bytes, megabytes
from giamngheo.registry.models import AWAITING, ImportBatch, ImportStatus
from giamngheo.registry.selectors import import_batch_list, import_communes_for

PROBLEMS_PER_PAGE = 100
# Room for the form fields and multipart boundaries around the file(s).
ENVELOPE_BYTES = 64 * 1024


@csrf_exempt  # the size check must come before the CSRF check reads the body; _import_list checks CSRF
@login_required
def import_list(request: HttpRequest) -> HttpResponse:
    if not can(request.user, "edit_households"):
        raise Http404("Không tìm thấy trang.")
    declared = int(request.META.get("CONTENT_LENGTH") or 0) if request.method == "POST" else 0
    if declared > max_upload_bytes() + ENVELOPE_BYTES:
        # Refused from the declared length alone: the upload is never read, so nothing of it is kept anywhere.
        error = (f"Tệp quá lớn ({megabytes(declared)}); giới hạn là {megabytes(max_upload_bytes())}. "
                 "Hãy chia tệp theo thôn hoặc liên hệ quản trị để nâng giới hạn.")
        return _import_page(request, ImportUploadForm(communes=import_communes_for(units_visible_to(request.user))),
                            error=error, status=413)
    return _import_list(request)


@csrf_protect
def _import_list(request: HttpRequest) -> HttpResponse:
    communes = import_communes_for(units_visible_to(request.user))
    status = 200
    error = ""
    form = ImportUploadForm(communes=communes)
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES, communes=communes)
        if form.is_valid():
            data = form.cleaned_data
            members = data["members_file"]
            try:
                batch = household_import_stage(
                    acting_user=request.user, commune_id=data["commune"].id, content=data["file"].read(),
                    filename=data["file"].name, year=data["year"], standard_id=data["standard_id"],
                    assessed_on=data["assessed_on"], members_content=members.read() if members else None,
                    members_filename=members.name if members else "",
                )
            except ImportRefused as refused:
                error, status = str(refused), 400
            else:
                if batch.status == ImportStatus.CONFIRMED:
                    messages.info(request, f"Tệp này đã được nhập và xác nhận ở lô #{batch.pk}; "
                                           "không có gì thay đổi.")
                return redirect("registry:import", batch_id=batch.pk)
        else:
            status = 400
    return _import_page(request, form, error=error, status=status)


def _import_page(request: HttpRequest, form: ImportUploadForm, *, error: str, status: int) -> HttpResponse:
    batches = import_batch_list(import_batches_visible_to(request.user))
    page = Paginator(batches, 30).get_page(request.GET.get("trang"))
    return render(request, "registry/import_list.html", {
        "form": form, "error": error, "page": page, "limit": megabytes(max_upload_bytes()),
        "can_view_audit": can(request.user, "view_audit"), "now": timezone.now(),
        "pending_days": settings.REGISTRY_IMPORT_PENDING_DAYS,
    }, status=status)


def _visible_batch(request: HttpRequest, batch_id: int) -> ImportBatch:
    batch = import_batches_visible_to(request.user).select_related("commune", "maker", "checker") \
        .defer("staged_content", "staged_members").filter(pk=batch_id).first()
    if batch is None:
        raise Http404("Không tìm thấy lô nhập.")
    return batch


def _state(request: HttpRequest, batch: ImportBatch) -> dict[str, object]:
    """What the page says about where the batch stands and whether this user may confirm it now."""
    now = timezone.now()
    expires_at = batch.expires_at
    expired = expires_at is not None and expires_at <= now
    stale = writing_stale(batch, now)
    open_ = (batch.status in AWAITING and not expired) or stale
    since = batch.started_at or batch.queued_at
    return {
        "batch": batch, "writing": batch.status == ImportStatus.WRITING, "stale": stale, "expired": expired,
        "expires_at": expires_at, "pending": open_, "can_decide": open_ and batch.maker_id != request.user.pk,
        "elapsed": int((now - since).total_seconds()) if since else None,
    }


@login_required
def import_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _visible_batch(request, batch_id)
    problems = [{**p, "sheet_label": SHEET_LABELS.get(p["sheet"], p["sheet"])} for p in batch.errors]
    page = Paginator(problems, PROBLEMS_PER_PAGE).get_page(request.GET.get("trang"))
    return render(request, "registry/import_detail.html", {
        **_state(request, batch), "summary": batch.summary, "written": batch.summary.get("written"), "page": page,
        "can_view_audit": can(request.user, "view_audit"),
    })


@login_required
def import_status(request: HttpRequest, batch_id: int) -> HttpResponse:
    """The status line alone, polled by htmx while the batch is being written; once it is not, the whole page."""
    batch = _visible_batch(request, batch_id)
    if batch.status != ImportStatus.WRITING and request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"  # the result (or the reason) is on the full page
        return response
    if batch.status != ImportStatus.WRITING:
        return redirect("registry:import", batch_id=batch.pk)
    return render(request, "registry/_import_progress.html", _state(request, batch))


@login_required
@require_POST
def import_confirm(request: HttpRequest, batch_id: int) -> HttpResponse:
    try:
        batch = household_import_confirm(acting_user=request.user, batch_id=batch_id, background=True)
    except ImportRefused as refused:
        messages.error(request, str(refused))
    else:
        _confirm_message(request, batch)
    return redirect("registry:import", batch_id=batch_id)


def _confirm_message(request: HttpRequest, batch: ImportBatch) -> None:
    if batch.status == ImportStatus.CONFIRMED:
        written = batch.summary["written"]
        messages.success(request, f"Đã ghi lô #{batch.pk} vào sổ hộ: {written['households_new']} hộ mới, "
                                  f"{written['households_changed']} hộ thay đổi, {written['assessments_new']} kết quả "
                                  f"rà soát mới.")
    elif batch.status == ImportStatus.WRITING:
        messages.info(request, f"Đã nhận xác nhận. Lô #{batch.pk} đang được ghi vào sổ hộ ở tiến trình nền; "
                               "trang này tự cập nhật khi xong.")
    else:  # written in the background already (no Redis: eagerly) and not confirmed: the page says why
        messages.error(request, batch.failure_reason or batch.decision_note
                       or f"Lô #{batch.pk} không được ghi ({batch.get_status_display().lower()}).")


@login_required
@require_POST
def import_reject(request: HttpRequest, batch_id: int) -> HttpResponse:
    try:
        household_import_reject(acting_user=request.user, batch_id=batch_id, note=request.POST.get("note", ""))
    except ImportRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"Đã từ chối lô #{batch_id}; không có gì được ghi.")
    return redirect("registry:import", batch_id=batch_id)
