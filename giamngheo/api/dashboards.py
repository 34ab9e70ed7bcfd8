"""Dashboard figures over HTTP: the same selectors as the pages, for units in the caller's scope."""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from giamngheo.accounts.access import access_unit
from giamngheo.dashboards.selectors import YearRow, dashboard_get
from giamngheo.dashboards.services import aggregates_catch_up

router = Router(tags=["Bảng theo dõi"])


class YearOut(Schema):
    year: int
    households: int
    poor: int
    near_poor: int
    poor_rate: Decimal | None
    near_poor_rate: Decimal | None
    target_poor_rate: Decimal | None
    target_near_poor_rate: Decimal | None
    target_households_out: int | None
    escaped_poor: int | None
    escaped_near_poor: int | None
    newly_poor: int | None
    fallen_back: int | None
    newly_near_poor: int | None


class ChildOut(Schema):
    unit_id: int
    code: str
    name: str
    latitude: float | None
    longitude: float | None
    figures: YearOut


class DeprivationOut(Schema):
    unit_id: int
    name: str
    households: int
    rates: dict[str, Decimal | None]


class DashboardOut(Schema):
    unit_id: int
    name: str
    year: int | None
    series: list[YearOut]
    children: list[ChildOut]
    deprivations: list[DeprivationOut]


def _year(row: YearRow) -> YearOut:
    flows = {k: getattr(row, k) if row.has_flows else None
             for k in ("escaped_poor", "escaped_near_poor", "newly_poor", "fallen_back", "newly_near_poor")}
    return YearOut(
        year=row.year, households=row.households, poor=row.poor, near_poor=row.near_poor, poor_rate=row.poor_rate,
        near_poor_rate=row.near_poor_rate, target_poor_rate=row.target_poor_rate,
        target_near_poor_rate=row.target_near_poor_rate, target_households_out=row.target_households_out, **flows,
    )


@router.get("/{unit_id}", response=DashboardOut, summary="Số liệu bảng theo dõi của một đơn vị (đã tổng hợp)")
def dashboard(request: HttpRequest, unit_id: int, year: int | None = None):
    aggregates_catch_up()
    unit = access_unit(request.user, unit_id)
    if unit is None:
        raise HttpError(404, "Không tìm thấy đơn vị.")
    d = dashboard_get(unit, year=year)
    return DashboardOut(
        unit_id=unit.id, name=unit.name, year=d.year,
        series=[_year(r) for r in d.series],
        children=[ChildOut(unit_id=c.unit.id, code=c.unit.code, name=c.unit.name, latitude=c.unit.latitude,
                           longitude=c.unit.longitude, figures=_year(c.row)) for c in d.children],
        deprivations=[DeprivationOut(unit_id=h.unit.id, name=h.unit.name, households=h.households,
                                     rates={i.id: r for i, r in zip(d.heat_indicators, h.rates, strict=True)})
                      for h in d.heat_rows],
    )
