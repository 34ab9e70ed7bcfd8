from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

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


# The two widest tables are built here rather than cell by cell in the template: a province has ~60 communes
# × 12 indicators, and template variables cost more than the queries behind the page.
@register.simple_tag
def heat_table(d) -> str:  # type: ignore[no-untyped-def]
    head = format_html_join("", '<th class="num" title="{}">{}</th>', ((i.name, i.short) for i in d.heat_indicators))
    body = format_html_join("", "<tr><td>{}</td>{}</tr>", (
        (h.unit.name, format_html_join("", '<td class="num">{}</td>', ((vn_percent(r),) for r in h.rates)))
        for h in d.heat_rows
    ))
    return format_html('<table class="compact small" id="heat-table"><thead><tr><th>Đơn vị</th>{}</tr></thead>'
                       "<tbody>{}</tbody></table>", head, body)


@register.simple_tag
def info_table(series) -> str:  # type: ignore[no-untyped-def]
    head = format_html_join("", '<th class="num">{}</th>', ((y,) for y in series.years))
    rows = []
    for index, (unit, cells) in enumerate(series.rows):
        tds = format_html_join("", '<td class="num">{}</td>', (
            (format_html("{} <small>({})</small>", vn_number(n), vn_percent(r)) if n is not None else "—",)
            for n, r in cells
        ))
        rows.append(format_html('<tr{}><td>{}</td>{}</tr>', mark_safe(' class="total"') if index == 0 else "",
                                unit.name, tds))
    return format_html('<table class="compact small info-table" data-indicator="{}"><thead><tr><th>Đơn vị</th>{}'
                       "</tr></thead><tbody>{}</tbody></table>", series.indicator.id, head, mark_safe("".join(rows)))
