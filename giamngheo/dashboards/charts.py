"""The data each ECharts chart draws, as plain JSON-ready values (the page embeds it with json_script)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.urls import reverse

from giamngheo.dashboards.selectors import Dashboard


def _f(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def chart_data(d: Dashboard, *, public: bool = False, link_ids: set[int] | None = None) -> dict[str, Any]:
    """Series for the charts; `public` leaves out household counts, `link_ids` are the units that may be opened."""
    prefix = reverse("dashboards_public:index" if public else "dashboards:index")
    query = f"?nam={d.year}" if d.year else ""

    def url(unit_id: int) -> str | None:
        if link_ids is not None and unit_id not in link_ids:
            return None
        return f"{prefix}{unit_id}/{query}"

    data: dict[str, Any] = {
        "year": d.year,
        "years": [r.year for r in d.series],
        "poor_rate": [_f(r.poor_rate) for r in d.series],
        "near_poor_rate": [_f(r.near_poor_rate) for r in d.series],
        "target_poor_rate": [_f(r.target_poor_rate) for r in d.series],
        "target_near_poor_rate": [_f(r.target_near_poor_rate) for r in d.series],
        "map": [
            {"name": c.unit.name, "value": [c.unit.longitude, c.unit.latitude, _f(c.row.poor_rate)],
             "near_poor_rate": _f(c.row.near_poor_rate), "url": url(c.unit.id)}
            for c in d.children if c.unit.latitude is not None and c.unit.longitude is not None
        ],
        "heat": {
            "rows": [h.unit.name for h in d.heat_rows],
            "urls": [url(h.unit.id) if h.unit.id != d.unit.id else None for h in d.heat_rows],
            "cols": [i.short for i in d.heat_indicators],
            "names": [i.name for i in d.heat_indicators],
            "data": [
                [x, y, _f(r)] for y, h in enumerate(d.heat_rows) for x, r in enumerate(h.rates) if r is not None
            ],
        },
        "info": [
            {"name": s.indicator.name, "years": list(s.years), "rates": [_f(c[1]) for c in s.rows[0][1]]}
            for s in d.info if s.rows
        ],
    }
    if not public:
        flow_rows = [r for r in d.series if r.has_flows]
        data["flows"] = {
            "years": [r.year for r in flow_rows],
            "escaped_poor": [r.escaped_poor for r in flow_rows],
            "escaped_near_poor": [r.escaped_near_poor for r in flow_rows],
            "newly_poor": [r.newly_poor for r in flow_rows],
            "fallen_back": [r.fallen_back for r in flow_rows],
            "newly_near_poor": [r.newly_near_poor for r in flow_rows],
            "target_out": [r.target_households_out for r in flow_rows],
        }
    return data
