"""The one-page printable brief of a unit for a year (ND 30/2020 page layout, rendered by WeasyPrint)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.template.loader import render_to_string

from giamngheo.dashboards.formats import vn_document_date, vn_percent
from giamngheo.dashboards.selectors import Dashboard, HeatRow, heat_indicators, heat_rows
from giamngheo.geo.models import AdminUnit, UnitLevel

# Shorter lists, in this order, until the brief fits on one page.
FITS = ((8, 6, 6), (6, 5, 5), (4, 4, 4), (3, 3, 3))  # (children, indicators, years)


@dataclass(frozen=True)
class Bar:
    """One year's bar in SVG user units (coordinates pre-formatted for the template)."""

    x: str
    x2: str
    y: str
    value_y: str
    width: str
    height: str
    label: str
    value: str
    target_y: str | None


def brief_context(
    unit: AdminUnit, d: Dashboard, *, today: dt.date, synthetic: bool, fit: tuple[int, int, int] = FITS[0]
) -> dict[str, object]:
    top_children, top_indicators, last_years = fit
    series = [r for r in d.series if d.year is not None and r.year <= d.year][-last_years:]
    own: HeatRow | None = heat_rows([unit], d.year)[0] if d.year is not None else None
    indicators = []
    if own is not None:
        columns = heat_indicators(d.year, [unit])
        ranked = sorted(zip(columns, own.deprived, own.rates, strict=True), key=lambda t: -(t[1] or 0))
        indicators = [t for t in ranked if t[1]][:top_indicators]
    children = sorted(d.children, key=lambda c: -(c.row.poor_rate or Decimal(-1)))[:top_children]
    parent = unit.parent if unit.level == UnitLevel.VILLAGE else None
    return {
        "d": d, "unit": unit, "parent": parent, "today": today, "date_line": vn_document_date(today),
        "place": (parent or unit).short_name, "own": own, "indicators": indicators, "children": children,
        "children_total": len(d.children), "bars": _bars(series), "synthetic": synthetic, "series": series,
        "info": [
            (s.indicator, [(y, cell[1]) for y, cell in zip(s.years, s.rows[0][1], strict=True)
                           if d.year is not None and y <= d.year][-4:])
            for s in d.info if s.rows
        ],
    }


def brief_pdf(unit: AdminUnit, d: Dashboard, *, today: dt.date, synthetic: bool) -> bytes:
    """Render the brief, shortening its lists until it fits on one A4 page."""
    from weasyprint import HTML

    for fit in FITS:
        context = brief_context(unit, d, today=today, synthetic=synthetic, fit=fit)
        document = HTML(string=render_to_string("dashboards/brief.html", context)).render()
        if len(document.pages) == 1:
            break
    return document.write_pdf()


def _bars(series: list) -> list[Bar]:  # type: ignore[type-arg]
    """Poor-rate bars per year with the target as a tick, scaled to a 160 × 60 mm drawing."""
    rows = [r for r in series if r.poor_rate is not None]
    if not rows:
        return []
    top = max([r.poor_rate or Decimal(0) for r in rows] + [r.target_poor_rate or Decimal(0) for r in rows])
    top = max(top, Decimal(1))
    width = 150 / len(rows)
    bars = []
    for i, r in enumerate(rows):
        height = float((r.poor_rate or 0) / top) * 40
        x = 10 + i * width + width * 0.15
        target = f"{48 - float(r.target_poor_rate / top) * 40:.1f}" if r.target_poor_rate is not None else None
        bars.append(Bar(
            x=f"{x:.1f}", x2=f"{x + width * 0.7:.1f}", y=f"{48 - height:.1f}", value_y=f"{46.5 - height:.1f}",
            width=f"{width * 0.7:.1f}", height=f"{height:.1f}", label=str(r.year), value=vn_percent(r.poor_rate),
            target_y=target,
        ))
    return bars
