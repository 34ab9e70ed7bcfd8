"""Parse the small POST forms of the review pages into service arguments (errors in Vietnamese)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest

from giamngheo.review.errors import ReviewError


def date_field(request: HttpRequest, name: str, label: str) -> dt.date:
    raw = request.POST.get(name, "").strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise ReviewError(f"{label}: cần một ngày dạng ngày/tháng/năm, nhận được «{raw or 'trống'}».")


def int_field(request: HttpRequest, name: str, label: str, *, required: bool = True) -> int | None:
    raw = request.POST.get(name, "").strip().replace(".", "")
    if not raw and not required:
        return None
    try:
        value = int(raw)
    except ValueError:
        raise ReviewError(f"{label}: cần một số nguyên, nhận được «{raw or 'trống'}».") from None
    if value < 0:
        raise ReviewError(f"{label}: không được âm.")
    return value


def text_field(request: HttpRequest, name: str, *, limit: int = 500) -> str:
    return request.POST.get(name, "").strip()[:limit]
