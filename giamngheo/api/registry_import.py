"""Import batches over HTTP: upload (staged, nothing written), read the preview, confirm or reject.

Confirming a large batch answers 202 with status "writing" at once; the background task writes it and the
caller polls GET /imports/{id} until "confirmed", "invalid" or "failed" (with `failure_reason`; confirm again).
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import File, Form, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile

from giamngheo.registry.access import import_batches_visible_to
from giamngheo.registry.importing import (
    ImportRefused,
    household_import_confirm,
    household_import_reject,
    household_import_stage,
)
from giamngheo.registry.importing.staging import max_upload_bytes, megabytes
from giamngheo.registry.models import ImportStatus

router = Router(tags=["Nhập tệp vào sổ hộ"])


class ProblemOut(Schema):
    sheet: str
    row: int | None
    column: str | None
    message: str


class BatchOut(Schema):
    id: int
    commune_id: int
    year: int
    standard_id: str
    assessed_on: dt.date
    file_name: str
    file_digest: str
    status: str
    maker: str | None
    checker: str | None
    summary: dict
    error_count: int
    errors: list[ProblemOut]
    failure_reason: str
    queued_at: dt.datetime | None
    started_at: dt.datetime | None
    attempts: int
    expires_at: dt.datetime | None


class RejectIn(Schema):
    note: str = ""


def _out(batch) -> BatchOut:  # type: ignore[no-untyped-def]
    return BatchOut(
        id=batch.id, commune_id=batch.commune_id, year=batch.year, standard_id=batch.standard_id,
        assessed_on=batch.assessed_on, file_name=batch.file_name, file_digest=batch.file_digest,
        status=batch.status, maker=batch.maker.username if batch.maker else None,
        checker=batch.checker.username if batch.checker else None, summary=batch.summary,
        error_count=batch.error_count, errors=batch.errors, failure_reason=batch.failure_reason,
        queued_at=batch.queued_at, started_at=batch.started_at, attempts=batch.attempts, expires_at=batch.expires_at,
    )


@router.post("", response={201: BatchOut}, summary="Tải tệp lên: kiểm tra, xem trước, chưa ghi gì")
def import_stage(request: HttpRequest, commune_id: Form[int], year: Form[int], standard_id: Form[str],
                 file: File[UploadedFile], assessed_on: Form[dt.date | None] = None,
                 members_file: File[UploadedFile] | None = None):  # type: ignore[no-untyped-def]
    size = file.size + (members_file.size if members_file else 0)
    if size > max_upload_bytes():
        raise HttpError(413, f"Tệp quá lớn ({megabytes(size)}); giới hạn là {megabytes(max_upload_bytes())}.")
    try:
        batch = household_import_stage(
            acting_user=request.user, commune_id=commune_id, content=file.read(), filename=file.name or "",
            year=year, standard_id=standard_id, assessed_on=assessed_on,
            members_content=members_file.read() if members_file else None,
            members_filename=members_file.name or "" if members_file else "",
        )
    except ImportRefused as refused:
        raise HttpError(400, str(refused)) from None
    return 201, _out(batch)


@router.get("/{batch_id}", response=BatchOut, summary="Một lô nhập: trạng thái, tóm tắt, các lỗi theo dòng")
def import_get(request: HttpRequest, batch_id: int):  # type: ignore[no-untyped-def]
    batch = import_batches_visible_to(request.user).select_related("maker", "checker").filter(pk=batch_id).first()
    if batch is None:
        raise HttpError(404, "Không tìm thấy lô nhập.")
    return _out(batch)


@router.post("/{batch_id}/confirm", response={200: BatchOut, 202: BatchOut},
             summary="Xác nhận (người thứ hai): ghi vào sổ hộ — lô lớn được ghi ở tiến trình nền (202)")
def import_confirm(request: HttpRequest, batch_id: int):  # type: ignore[no-untyped-def]
    try:
        batch = household_import_confirm(acting_user=request.user, batch_id=batch_id, background=True)
    except ImportRefused as refused:
        raise HttpError(409, str(refused)) from None
    if batch.status == ImportStatus.WRITING:
        return 202, _out(batch)
    if batch.status != ImportStatus.CONFIRMED:  # written in the background already, and refused or failed
        raise HttpError(409, batch.failure_reason or batch.decision_note or batch.get_status_display())
    return 200, _out(batch)


@router.post("/{batch_id}/reject", response=BatchOut, summary="Từ chối: không ghi gì")
def import_reject(request: HttpRequest, batch_id: int, payload: RejectIn):  # type: ignore[no-untyped-def]
    try:
        return _out(household_import_reject(acting_user=request.user, batch_id=batch_id, note=payload.note))
    except ImportRefused as refused:
        raise HttpError(409, str(refused)) from None
