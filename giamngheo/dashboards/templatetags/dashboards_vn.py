from __future__ import annotations

from html import escape

from django import template
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
# × 12 indicators, and template variables (or format_html) cost more than the queries behind the page. Only
# names need escaping; the numbers are formatted by us.
@register.simple_tag
def heat_table(d) -> str:  # type: ignore[no-untyped-def]
    head = "".join(f'<th class="num" title="{escape(i.name)}">{escape(i.short)}</th>' for i in d.heat_indicators)
    body = "".join(
        f"<tr><td>{escape(h.unit.name)}</td>"
        + "".join(f'<td class="num">{vn_percent(r)}</td>' for r in h.rates) + "</tr>"
        for h in d.heat_rows
    )
    return mark_safe(
        f'<table class="compact small" id="heat-table"><thead><tr><th>Đơn vị</th>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


@register.simple_tag
def info_table(series) -> str:  # type: ignore[no-untyped-def]
    head = "".join(f'<th class="num">{y}</th>' for y in series.years)
    rows = []
    for index, (unit, cells) in enumerate(series.rows):
        tds = "".join(
            f'<td class="num">{vn_number(n)} <small>({vn_percent(r)})</small></td>' if n is not None
            else '<td class="num">—</td>'
            for n, r in cells
        )
        total = ' class="total"' if index == 0 else ""
        rows.append(f"<tr{total}><td>{escape(unit.name)}</td>{tds}</tr>")
    return mark_safe(
        f'<table class="compact small info-table" data-indicator="{escape(series.indicator.id)}"><thead><tr>'
        f'<th>Đơn vị</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


@register.simple_tag
def children_table(d, prefix: str) -> str:  # type: ignore[no-untyped-def]
    label = escape(d.children_label)
    head = "".join(f'<th class="num">{t}</th>' if num else f"<th>{t}</th>" for t, num in (
        (label, False), ("Số hộ", True), ("Hộ nghèo", True), ("Tỷ lệ nghèo", True), ("Mục tiêu", True),
        ("Đánh giá", False), ("Tỷ lệ cận nghèo", True), ("Thoát nghèo", True), ("Phát sinh mới", True),
        ("Tái nghèo", True),
    ))
    rows = []
    for c in d.children:
        r = c.row
        rows.append(
            f'<tr data-code="{escape(c.unit.code)}"><td><a href="{escape(prefix)}{c.unit.id}/?nam={d.year}">'
            f"{escape(c.unit.name)}</a></td>"
            f'<td class="num">{vn_number(r.households)}</td><td class="num">{vn_number(r.poor)}</td>'
            f'<td class="num rate">{vn_percent(r.poor_rate)}</td><td class="num">{vn_percent(r.target_poor_rate)}</td>'
            f'<td class="{status_class(r.poor_met)}">{status_text(r.poor_met)}</td>'
            f'<td class="num">{vn_percent(r.near_poor_rate)}</td><td class="num">{vn_number(r.escaped_poor)}</td>'
            f'<td class="num">{vn_number(r.newly_poor)}</td><td class="num">{vn_number(r.fallen_back)}</td></tr>'
        )
    return mark_safe(
        f'<table class="compact" id="children"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )
