"""Reads of the dashboards context: stored aggregates and targets → frozen dataclasses (no counting per page)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from giamngheo.dashboards.aggregation import FLOWS
from giamngheo.dashboards.figures import figure_labels
from giamngheo.dashboards.indicators import (
    INFORMATION_INDICATORS,
    Indicator,
    indicator_ids_for_year,
    indicators,
)
from giamngheo.dashboards.models import (
    CategoryCount,
    DeprivationCount,
    FigureValue,
    FlowCount,
    RefreshRun,
    Target,
)
from giamngheo.geo.models import AdminUnit, UnitLevel

CHILD_LEVEL_LABELS = {UnitLevel.PROVINCE: "Xã/phường", UnitLevel.COMMUNE: "Thôn/tổ dân phố"}


def rate(part: int | None, whole: int | None) -> Decimal | None:
    """Percentage with two decimals, rounded half up (the same figure on the page, in exports and the PDF)."""
    if part is None or not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class UnitRef:
    id: int
    name: str
    short_name: str
    code: str
    level: str
    latitude: float | None
    longitude: float | None

    @classmethod
    def of(cls, unit: AdminUnit) -> UnitRef:
        return cls(unit.id, unit.name, unit.short_name, unit.code, unit.level, unit.latitude, unit.longitude)


@dataclass(frozen=True)
class YearRow:
    year: int
    households: int
    poor: int
    near_poor: int
    poor_rate: Decimal | None
    near_poor_rate: Decimal | None
    target_poor_rate: Decimal | None
    target_near_poor_rate: Decimal | None
    target_households_out: int | None
    has_flows: bool
    escaped_poor: int
    escaped_near_poor: int
    newly_poor: int
    fallen_back: int
    newly_near_poor: int

    @property
    def poor_met(self) -> bool | None:
        return _met(self.poor_rate, self.target_poor_rate)

    @property
    def near_poor_met(self) -> bool | None:
        return _met(self.near_poor_rate, self.target_near_poor_rate)

    @property
    def households_out_met(self) -> bool | None:
        if self.target_households_out is None or not self.has_flows:
            return None
        return self.escaped_poor >= self.target_households_out


@dataclass(frozen=True)
class ChildRow:
    unit: UnitRef
    row: YearRow


@dataclass(frozen=True)
class HeatRow:
    unit: UnitRef
    households: int
    deprived: tuple[int, ...]
    rates: tuple[Decimal | None, ...]


@dataclass(frozen=True)
class InfoSeries:
    """One information indicator: the unit's and each child's deprived households per year."""

    indicator: Indicator
    years: tuple[int, ...]
    rows: tuple[tuple[UnitRef, tuple[tuple[int | None, Decimal | None], ...]], ...]


@dataclass(frozen=True)
class FigureSeries:
    key: str
    label: str
    unit_label: str
    values: tuple[tuple[int, Decimal | None], ...]


@dataclass(frozen=True)
class Dashboard:
    unit: UnitRef
    ancestors: tuple[UnitRef, ...]
    years: tuple[int, ...]
    year: int | None
    series: tuple[YearRow, ...]
    children_label: str
    children: tuple[ChildRow, ...]
    heat_indicators: tuple[Indicator, ...]
    heat_rows: tuple[HeatRow, ...]
    info: tuple[InfoSeries, ...]
    figures: tuple[FigureSeries, ...]
    refreshed_at: dt.datetime | None

    @property
    def current(self) -> YearRow | None:
        return next((r for r in self.series if r.year == self.year), None)

    @property
    def previous(self) -> YearRow | None:
        return next((r for r in self.series if self.year is not None and r.year == self.year - 1), None)


def dashboard_get(unit: AdminUnit, *, year: int | None = None) -> Dashboard:
    """Everything the dashboard of one (already access-checked) unit shows, for `year` (latest by default)."""
    series = unit_series(unit)
    years = tuple(r.year for r in series)
    if year not in years:
        year = years[-1] if years else None
    children = dashboard_children(unit)
    rows_units = children or [unit]
    columns = heat_indicators(year, rows_units) if year is not None else ()
    run = RefreshRun.objects.only("finished_at").first()
    return Dashboard(
        unit=UnitRef.of(unit),
        ancestors=tuple(UnitRef.of(a) for a in _ancestors(unit)),
        years=years,
        year=year,
        series=series,
        children_label=CHILD_LEVEL_LABELS.get(unit.level, "Đơn vị"),
        children=tuple(ChildRow(UnitRef.of(c), r) for c, r in zip(children, _year_rows(children, year), strict=True))
        if year is not None else (),
        heat_indicators=columns,
        heat_rows=heat_rows(rows_units, year, columns) if year is not None else (),
        info=information_series(unit, children, years),
        figures=figure_series(unit, years),
        refreshed_at=run.finished_at if run else None,
    )


def dashboard_children(unit: AdminUnit) -> list[AdminUnit]:
    """Today's units directly under `unit` (province → communes, commune → villages) that have figures."""
    return list(
        AdminUnit.objects.filter(parent=unit, valid_to__isnull=True, pk__in=CategoryCount.objects.values("unit_id"))
        .exclude(level=UnitLevel.DISTRICT).order_by("name", "code")
    )


def unit_series(unit: AdminUnit) -> tuple[YearRow, ...]:
    counts = {c.year: c for c in CategoryCount.objects.filter(unit=unit)}
    flows = {f.year: f for f in FlowCount.objects.filter(unit=unit)}
    targets = {t.year: t for t in Target.objects.filter(unit=unit)}
    return tuple(_year_row(y, counts.get(y), flows.get(y), targets.get(y)) for y in sorted(counts))


def heat_indicators(year: int, units: list[AdminUnit]) -> tuple[Indicator, ...]:
    """Indicators of the standard in force for `year`, plus any found in that year's data for `units`."""
    wanted = set(indicator_ids_for_year(year))
    found = DeprivationCount.objects.filter(year=year, unit__in=units).order_by().values_list("indicator", flat=True)
    wanted |= set(found.distinct())
    return tuple(i for i in indicators() if i.id in wanted)


def heat_rows(
    units: list[AdminUnit], year: int, columns: tuple[Indicator, ...] | None = None
) -> tuple[HeatRow, ...]:
    """Households deprived per indicator (columns of `heat_indicators`) for each unit in `year`."""
    columns = columns if columns is not None else heat_indicators(year, units)
    totals = dict(CategoryCount.objects.filter(unit__in=units, year=year).values_list("unit_id", "households"))
    deprived: dict[int, dict[str, int]] = defaultdict(dict)
    for unit_id, indicator, n in DeprivationCount.objects.filter(unit__in=units, year=year).values_list(
        "unit_id", "indicator", "households"
    ):
        deprived[unit_id][indicator] = n
    rows = []
    for unit in units:
        counts = tuple(deprived[unit.id].get(i.id, 0) for i in columns)
        total = totals.get(unit.id, 0)
        rows.append(HeatRow(UnitRef.of(unit), total, counts, tuple(rate(n, total) for n in counts)))
    return tuple(rows)


def information_series(unit: AdminUnit, children: list[AdminUnit], years: tuple[int, ...]) -> tuple[InfoSeries, ...]:
    """Households deprived in each information indicator, per year, for the unit and its children."""
    units = [unit, *children]
    stored = CategoryCount.objects.filter(unit__in=units).values_list("unit_id", "year", "households")
    totals = {(u, y): n for u, y, n in stored}
    counts = {
        (u, y, i): n for u, y, i, n in DeprivationCount.objects.filter(
            unit__in=units, indicator__in=INFORMATION_INDICATORS
        ).values_list("unit_id", "year", "indicator", "households")
    }
    seen = {(y, i) for _, y, i in counts}
    result = []
    for indicator in indicators():
        if indicator.id not in INFORMATION_INDICATORS:
            continue
        in_force = tuple(y for y in years if indicator.id in indicator_ids_for_year(y) or (y, indicator.id) in seen)
        if not in_force:
            continue
        rows = []
        for u in units:
            cells = []
            for y in in_force:
                total = totals.get((u.id, y))
                n = counts.get((u.id, y, indicator.id), 0 if total else None)
                cells.append((n, rate(n, total)))
            rows.append((UnitRef.of(u), tuple(cells)))
        result.append(InfoSeries(indicator, in_force, tuple(rows)))
    return tuple(result)


def figure_series(unit: AdminUnit, years: tuple[int, ...]) -> tuple[FigureSeries, ...]:
    """Figures of later communication work for the unit; empty until some context supplies them."""
    stored: dict[str, dict[int, Decimal]] = defaultdict(dict)
    for key, year, value in FigureValue.objects.filter(unit=unit).values_list("key", "year", "value"):
        stored[key][year] = value
    labels = figure_labels()
    return tuple(
        FigureSeries(key, *labels.get(key, (key, "")), tuple((y, stored[key].get(y)) for y in years))
        for key in sorted(stored)
    )


def _year_rows(units: list[AdminUnit], year: int | None) -> list[YearRow]:
    counts = {c.unit_id: c for c in CategoryCount.objects.filter(unit__in=units, year=year)}
    flows = {f.unit_id: f for f in FlowCount.objects.filter(unit__in=units, year=year)}
    targets = {t.unit_id: t for t in Target.objects.filter(unit__in=units, year=year)}
    return [_year_row(year or 0, counts.get(u.id), flows.get(u.id), targets.get(u.id)) for u in units]


def _year_row(year: int, count: CategoryCount | None, flow: FlowCount | None, target: Target | None) -> YearRow:
    households = count.households if count else 0
    poor = count.poor if count else 0
    near_poor = count.near_poor if count else 0
    return YearRow(
        year=year, households=households, poor=poor, near_poor=near_poor,
        poor_rate=rate(poor, households), near_poor_rate=rate(near_poor, households),
        target_poor_rate=target.poor_rate if target else None,
        target_near_poor_rate=target.near_poor_rate if target else None,
        target_households_out=target.households_out if target else None,
        has_flows=flow is not None,
        **{name: getattr(flow, name) if flow else 0 for name in FLOWS},
    )


def _met(actual: Decimal | None, target: Decimal | None) -> bool | None:
    if actual is None or target is None:
        return None
    return actual <= target


def _ancestors(unit: AdminUnit) -> list[AdminUnit]:
    ids = [int(p) for p in unit.path.strip("/").split("/")[:-1] if p]
    by_id = AdminUnit.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def dashboard_roots(user) -> list[AdminUnit]:  # type: ignore[no-untyped-def]
    """The units a user's dashboards start from: their scoped units in force (today's provinces for a superuser)."""
    from giamngheo.accounts.access import units_visible_to

    visible = units_visible_to(user).filter(valid_to__isnull=True)
    roots = list(visible.filter(scopes__user=user).order_by("level", "code"))
    if not roots and user.is_superuser:
        roots = list(visible.filter(level=UnitLevel.PROVINCE).order_by("code"))
    return roots


def target_list(user) -> list[Target]:  # type: ignore[no-untyped-def]
    from giamngheo.accounts.access import units_visible_to

    return list(
        Target.objects.filter(unit__in=units_visible_to(user)).select_related("unit").order_by("-year", "unit__code")
    )


def target_units(user) -> list[AdminUnit]:  # type: ignore[no-untyped-def]
    """Today's provinces and communes in the user's scope: the units a People's Council sets targets for."""
    from giamngheo.accounts.access import units_visible_to

    return list(
        units_visible_to(user).filter(valid_to__isnull=True, level__in=[UnitLevel.PROVINCE, UnitLevel.COMMUNE])
        .order_by("path")
    )


def public_unit(unit_id: int | None) -> AdminUnit | None:
    """A unit residents may see figures for: today's provinces and communes (no village figures in public)."""
    units = AdminUnit.objects.filter(valid_to__isnull=True, level__in=[UnitLevel.PROVINCE, UnitLevel.COMMUNE])
    if unit_id is None:
        return None
    return units.filter(pk=unit_id).first()


def public_provinces() -> list[AdminUnit]:
    with_data = CategoryCount.objects.values("unit_id")
    return list(AdminUnit.objects.filter(level=UnitLevel.PROVINCE, valid_to__isnull=True, pk__in=with_data)
                .order_by("name"))
