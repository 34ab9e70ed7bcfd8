from __future__ import annotations

from django import template

from giamngheo.dashboards.formats import unit_in_text, vn_number, vn_percent, vn_rate

register = template.Library()
register.filter("vn_number", vn_number)
register.filter("vn_rate", vn_rate)
register.filter("vn_percent", vn_percent)
register.filter("unit_in_text", unit_in_text)


@register.filter
def status_class(met: bool | None) -> str:
    return {True: "met", False: "missed"}.get(met, "none")  # type: ignore[arg-type]


@register.filter
def status_text(met: bool | None) -> str:
    return {True: "Đạt", False: "Chưa đạt"}.get(met, "Chưa có mục tiêu")  # type: ignore[arg-type]


@register.filter
def at(values, index: int):  # type: ignore[no-untyped-def]
    return values[index]
