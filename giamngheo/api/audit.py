from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from giamngheo.accounts.access import can
from giamngheo.accounts.selectors import audit_event_list

router = Router(tags=["Nhật ký"])


class AuditEventOut(Schema):
    id: int
    at: dt.datetime
    actor_label: str
    action: str
    object_type: str
    object_id: str
    object_label: str
    before: dict | None
    after: dict | None
    ip: str
    channel: str


@router.get("", response=list[AuditEventOut], summary="Nhật ký thay đổi (chỉ đọc)")
@paginate(LimitOffsetPagination)
def audit_list(
    request: HttpRequest, action: str | None = None, object_type: str | None = None,
    object_id: str | None = None, actor: str | None = None,
):
    if not can(request.user, "view_audit"):
        raise HttpError(403, "Tài khoản không có quyền xem nhật ký.")
    return audit_event_list(
        request.user, action=action, object_type=object_type, object_id=object_id, actor=actor
    )
