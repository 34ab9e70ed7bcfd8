"""Writes of the dashboards context: rebuild the stored aggregates; enter and import People's Council targets."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q, Sum

from giamngheo.accounts.access import access_unit, can, units_visible_to
from giamngheo.accounts.models import User
from giamngheo.common.audit import audit_changes, audit_record, audit_snapshot
from giamngheo.common.text import nfc
from giamngheo.dashboards.aggregation import CATEGORIES, FLOWS, Tally, grouped_rows, roll_up, rows_insert
from giamngheo.dashboards.figures import FIGURE_SOURCES
from giamngheo.dashboards.models import CategoryCount, DeprivationCount, FigureValue, FlowCount, RefreshRun, Target
from giamngheo.dashboards.target_files import TargetRow, parse_count, parse_rate, target_rows_read
from giamngheo.geo.models import AdminUnit, UnitLevel
from giamngheo.registry.models import HouseholdAssessment
from giamngheo.registry.selectors import imports_confirmed_since

TARGET_FIELDS = ("poor_rate", "near_poor_rate", "households_out", "source")


@dataclass(frozen=True)
class RefreshReport:
    years: tuple[int, ...]
    units: int
    assessments: int
    seconds: float


def aggregates_refresh(*, years: Iterable[int] | None = None, unit_ids: Iterable[int] | None = None) -> RefreshReport:
    """Rebuild the stored counts, deprivations and flows for `years` (all) and the units under `unit_ids` (all).

    Idempotent: rows in the scope are replaced. Flows of a year depend on the years before it, so the flows of
    every later year are rebuilt too. Readers keep seeing the previous figures until the transaction commits.
    """
    started = time.perf_counter()
    known_years = list(HouseholdAssessment.objects.order_by("year").values_list("year", flat=True).distinct())
    wanted = sorted(set(years)) if years is not None else known_years
    first = known_years[0] if known_years else None
    flow_years = [y for y in known_years if wanted and y >= wanted[0] and y != first]
    scope = None if unit_ids is None else _Scope.of(list(unit_ids))
    rows = grouped_rows(years=set(wanted) | set(flow_years), household_filter=scope.sql() if scope else None)
    tallies = roll_up(rows, credit_levels={UnitLevel.COMMUNE, UnitLevel.VILLAGE} if scope else None)
    if scope is not None:
        tallies = {k: v for k, v in tallies.items() if k[0] in scope.unit_ids}
    # Counting reads outside the writing transaction, so SQLite holds its write lock only while rows are replaced.
    with transaction.atomic():
        _replace(tallies, wanted, flow_years, scope.unit_ids if scope else None, all_years=known_years)
        if scope is not None:
            for ancestor in scope.ancestors():
                _sum_children(ancestor, wanted, flow_years)
        _figures_refresh(wanted)
        seconds = time.perf_counter() - started
        assessments = sum(r[4] for r in rows if r[2] in set(wanted))
        RefreshRun.objects.create(
            years=",".join(map(str, wanted)), unit_count=len({k[0] for k in tallies}),
            assessment_count=assessments, seconds=round(seconds, 3),
        )
    return RefreshReport(tuple(wanted), len({k[0] for k in tallies}), assessments, round(seconds, 3))


def aggregates_catch_up() -> RefreshReport | None:
    """Refresh the communes and years whose imports were confirmed since the last refresh; None if none were.

    Imports are confirmed in the registry, which sits below this context and so cannot call it; readers call
    this first instead, so each confirmed import is counted once, on the first read after it.
    """
    last = RefreshRun.objects.order_by("-finished_at").values_list("finished_at", flat=True).first()
    pairs = set(imports_confirmed_since(last).values_list("commune_id", "year"))
    if not pairs:
        return None
    return aggregates_refresh(years={year for _, year in pairs}, unit_ids={commune for commune, _ in pairs})


class _Scope:
    """Today's communes touched by a partial refresh, their villages, and the households to read."""

    def __init__(self, communes: list[AdminUnit]) -> None:
        self.communes = communes
        villages = AdminUnit.objects.filter(parent__in=communes, level=UnitLevel.VILLAGE, valid_to__isnull=True)
        self.unit_ids = {c.id for c in communes} | set(villages.values_list("id", flat=True))
        self.predecessor_ids = list(
            AdminUnit.objects.filter(successions__successor__in=communes).values_list("id", flat=True)
        )

    @classmethod
    def of(cls, unit_ids: list[int]) -> _Scope:
        communes: dict[int, AdminUnit] = {}
        for unit in AdminUnit.objects.filter(pk__in=unit_ids):
            if unit.level == UnitLevel.VILLAGE and unit.parent_id:
                candidates = AdminUnit.objects.filter(pk=unit.parent_id)
            elif unit.level == UnitLevel.COMMUNE:
                candidates = AdminUnit.objects.filter(pk=unit.pk)
            else:
                candidates = AdminUnit.objects.filter(level=UnitLevel.COMMUNE, path__startswith=unit.path)
            for commune in candidates:
                if commune.valid_to is None:
                    communes[commune.id] = commune
                for successor in AdminUnit.objects.filter(predecessions__predecessor=commune, valid_to__isnull=True):
                    communes[successor.id] = successor
        return cls(list(communes.values()))

    def sql(self) -> tuple[str, list[object]]:
        clauses = ["hh.unit_path LIKE %s" for _ in self.communes]
        params: list[object] = [f"{c.path}%" for c in self.communes]
        if self.predecessor_ids:
            clauses.append(f"hh.commune_id IN ({', '.join(['%s'] * len(self.predecessor_ids))})")
            params.extend(self.predecessor_ids)
        return ("(" + " OR ".join(clauses or ["1 = 0"]) + ")", params)

    def ancestors(self) -> list[AdminUnit]:
        ids = {int(p) for c in self.communes for p in c.path.strip("/").split("/")[:-1] if p}
        return list(AdminUnit.objects.filter(pk__in=ids, valid_to__isnull=True))


def _replace(
    tallies: dict[tuple[int, int], Tally], years: list[int], flow_years: list[int], unit_ids: set[int] | None,
    *, all_years: list[int],
) -> None:
    for model, model_years in ((CategoryCount, years), (DeprivationCount, years), (FlowCount, flow_years)):
        stale = model.objects.filter(year__in=model_years)
        if unit_ids is not None:
            stale = stale.filter(unit_id__in=unit_ids)
        stale.delete()
        if unit_ids is None:
            model.objects.exclude(year__in=all_years).delete()
    counts, deprivations, flows = [], [], []
    for (unit_id, year), tally in sorted(tallies.items()):
        if year in years:
            c = tally.categories
            counts.append((unit_id, year, sum(c.values()), *(c[k] for k in CATEGORIES)))
            deprivations.extend(
                (unit_id, year, ind, n, tally.deprived_poor.get(ind, 0)) for ind, n in sorted(tally.deprived.items())
            )
        if year in flow_years:
            flows.append((unit_id, year, *(tally.flows[k] for k in FLOWS)))
    rows_insert(CategoryCount, ("unit", "year", "households", *CATEGORIES), counts)
    rows_insert(DeprivationCount, ("unit", "year", "indicator", "households", "poor"), deprivations)
    rows_insert(FlowCount, ("unit", "year", *FLOWS), flows)


def _sum_children(ancestor: AdminUnit, years: list[int], flow_years: list[int]) -> None:
    """Recompute a unit above the communes as the sum of its current communes' stored rows."""
    under = Q(unit__path__startswith=ancestor.path, unit__level=UnitLevel.COMMUNE, unit__valid_to__isnull=True)
    CategoryCount.objects.filter(unit=ancestor, year__in=years).delete()
    DeprivationCount.objects.filter(unit=ancestor, year__in=years).delete()
    FlowCount.objects.filter(unit=ancestor, year__in=flow_years).delete()
    fields = ("households", *CATEGORIES)
    for row in CategoryCount.objects.filter(under, year__in=years).values("year").annotate(
        **{f"s_{f}": Sum(f) for f in fields}
    ):
        CategoryCount.objects.create(unit=ancestor, year=row["year"], **{f: row[f"s_{f}"] for f in fields})
    DeprivationCount.objects.bulk_create(
        DeprivationCount(unit=ancestor, year=row["year"], indicator=row["indicator"], households=row["h"],
                         poor=row["p"])
        for row in DeprivationCount.objects.filter(under, year__in=years).values("year", "indicator").annotate(
            h=Sum("households"), p=Sum("poor")
        )
    )
    for row in FlowCount.objects.filter(under, year__in=flow_years).values("year").annotate(
        **{f"s_{f}": Sum(f) for f in FLOWS}
    ):
        FlowCount.objects.create(unit=ancestor, year=row["year"], **{f: row[f"s_{f}"] for f in FLOWS})


def _figures_refresh(years: list[int]) -> None:
    """Store figures of other contexts per commune and sum them up the tree (none until a source exists)."""
    for source in FIGURE_SOURCES:
        FigureValue.objects.filter(key=source.key, year__in=years).delete()
        totals: dict[tuple[int, int], Decimal] = {}
        paths = dict(AdminUnit.objects.filter(level=UnitLevel.COMMUNE, valid_to__isnull=True).values_list("id", "path"))
        for commune_id, year, value in source.collect(tuple(years)):
            for unit_id in (int(p) for p in paths.get(commune_id, "").strip("/").split("/") if p):
                totals[(unit_id, year)] = totals.get((unit_id, year), Decimal(0)) + Decimal(value)
        FigureValue.objects.bulk_create(
            FigureValue(unit_id=u, year=y, key=source.key, value=v) for (u, y), v in sorted(totals.items())
        )


class TargetNotAllowed(Exception):
    """The account may not manage targets (callers answer "not found")."""


class TargetInvalid(Exception):
    """One or more targets were refused; `errors` lists (row or field, message) in Vietnamese."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(m for _, m in errors))
        self.errors = errors


@dataclass(frozen=True)
class TargetImportReport:
    rows: int
    created: int
    updated: int


def target_set(
    *, acting_user: User, unit_id: int, year: Any, poor_rate: Any = None, near_poor_rate: Any = None,
    households_out: Any = None, source: str = "",
) -> Target:
    """Create or change one unit's target for a review year."""
    if not can(acting_user, "manage_targets"):
        raise TargetNotAllowed
    row = TargetRow(row=0, code="", year=year, poor_rate=poor_rate, near_poor_rate=near_poor_rate,
                    households_out=households_out, source=nfc(source or "").strip()[:200])
    unit = access_unit(acting_user, unit_id)
    if unit is None:
        raise TargetInvalid([("unit", "Không tìm thấy đơn vị trong phạm vi của tài khoản.")])
    errors: list[str] = []
    values = _target_values(row, unit, errors)
    if errors:
        raise TargetInvalid([("", e) for e in errors])
    with transaction.atomic():
        target, _ = _target_save(acting_user, unit, values)
    return target


def targets_import(*, acting_user: User, file_name: str, content: bytes) -> TargetImportReport:
    """Create or change targets from an .xlsx/.csv table; all rows or none (every refused row is listed)."""
    if not can(acting_user, "manage_targets"):
        raise TargetNotAllowed
    rows = target_rows_read(file_name, content)
    visible = units_visible_to(acting_user).exclude(level=UnitLevel.VILLAGE)
    by_code: dict[str, list[AdminUnit]] = {}
    for unit in visible.filter(code__in={r.code for r in rows if r.code}):
        by_code.setdefault(unit.code, []).append(unit)
    errors: list[tuple[str, str]] = []
    accepted: list[tuple[AdminUnit, dict[str, Any]]] = []
    seen: set[tuple[int, int]] = set()
    for row in rows:
        row_errors: list[str] = []
        unit = _unit_for_code(row.code, by_code, row_errors)
        values = _target_values(row, unit, row_errors)
        if unit is not None and not row_errors:
            if (unit.id, values["year"]) in seen:
                row_errors.append(f"Trùng đơn vị {unit.code} và năm {values['year']} với một dòng trên.")
            seen.add((unit.id, values["year"]))
        errors.extend((f"Dòng {row.row}", e) for e in row_errors)
        if unit is not None and not row_errors:
            accepted.append((unit, values))
    if not rows:
        errors.append(("", "Tệp không có dòng mục tiêu nào."))
    if errors:
        raise TargetInvalid(errors)
    created = 0
    with transaction.atomic():
        for unit, values in accepted:
            created += _target_save(acting_user, unit, values, audit=False)[1]
        audit_record(
            acting_user=acting_user, action="targets.import", object_type="dashboards.target",
            object_label=file_name[:200], unit_path=_common_path([u.path for u, _ in accepted]),
            after={"file": file_name[:200], "rows": len(accepted), "created": created,
                   "updated": len(accepted) - created,
                   "targets": [{"unit": u.code, **_json(v)} for u, v in accepted[:1000]]},
        )
    return TargetImportReport(rows=len(accepted), created=created, updated=len(accepted) - created)


def _unit_for_code(code: str, by_code: dict[str, list[AdminUnit]], errors: list[str]) -> AdminUnit | None:
    if not code:
        errors.append("Thiếu mã đơn vị.")
        return None
    units = by_code.get(code, [])
    current = [u for u in units if u.valid_to is None]
    if len(current) == 1:
        return current[0]
    if len(current) > 1:
        errors.append(f"Mã {code} trùng nhiều đơn vị; liên hệ quản trị.")
        return None
    if units:
        return units[0]  # a former unit: _target_values refuses it with the reason
    errors.append(f"Không tìm thấy đơn vị có mã {code} trong phạm vi của tài khoản.")
    return None


def _target_values(row: TargetRow, unit: AdminUnit | None, errors: list[str]) -> dict[str, Any]:
    if unit is not None and unit.valid_to is not None:
        heirs = ", ".join(AdminUnit.objects.filter(predecessions__predecessor=unit).values_list("name", flat=True))
        errors.append(
            f"{unit.name} (mã {unit.code}) không còn tồn tại từ ngày {unit.valid_to:%d/%m/%Y}"
            + (f" (nay thuộc {heirs})" if heirs else "") + "; hãy đặt mục tiêu cho đơn vị hiện hành."
        )
    elif unit is not None and unit.level == UnitLevel.VILLAGE:
        errors.append("Chỉ đặt mục tiêu cho tỉnh hoặc xã (cấp có Hội đồng nhân dân), không đặt cho thôn.")
    values: dict[str, Any] = {"source": row.source}
    try:
        values["year"] = int(str(row.year).strip().split(".")[0]) if row.year not in (None, "") else None
    except ValueError:
        values["year"] = None
    if values["year"] is None or not 2000 <= values["year"] <= 2100:
        errors.append(f"Năm không hợp lệ: «{row.year if row.year is not None else ''}».")
    for field_name, label in (("poor_rate", "Tỷ lệ hộ nghèo"), ("near_poor_rate", "Tỷ lệ hộ cận nghèo")):
        raw = getattr(row, field_name)
        try:
            rate = parse_rate(raw)
        except ValueError:
            errors.append(f"{label} không phải là số: «{raw}».")
            continue
        if rate is not None and not Decimal(0) <= rate <= Decimal(100):
            errors.append(f"{label} phải từ 0% đến 100% (nhận được {str(rate).replace('.', ',')}%).")
        elif rate is not None and rate != rate.quantize(Decimal("0.01")):
            errors.append(f"{label} chỉ ghi tối đa 2 chữ số thập phân (nhận được {raw}).")
        values[field_name] = rate.quantize(Decimal("0.01")) if rate is not None and 0 <= rate <= 100 else rate
    try:
        households_out = parse_count(row.households_out)
    except ValueError:
        households_out = None
        errors.append(f"Số hộ thoát nghèo không phải là số nguyên: «{row.households_out}».")
    if households_out is not None and households_out < 0:
        errors.append("Số hộ thoát nghèo không được âm.")
    values["households_out"] = households_out
    if all(values.get(f) is None for f in ("poor_rate", "near_poor_rate", "households_out")) and not errors:
        errors.append("Cần ít nhất một chỉ tiêu: tỷ lệ hộ nghèo, tỷ lệ hộ cận nghèo hoặc số hộ thoát nghèo.")
    return values


def _target_save(
    acting_user: User, unit: AdminUnit, values: dict[str, Any], *, audit: bool = True
) -> tuple[Target, bool]:
    target = Target.objects.select_for_update().filter(unit=unit, year=values["year"]).first()
    created = target is None
    if target is None:
        target = Target(unit=unit, year=values["year"])
    before = audit_snapshot(target, TARGET_FIELDS) if not created else {}
    for name in TARGET_FIELDS:
        setattr(target, name, values.get(name) if name != "source" else values.get(name, ""))
    target.updated_by = acting_user
    target.save()
    after = audit_snapshot(target, TARGET_FIELDS)
    changed_before, changed_after = audit_changes(before, after) if not created else ({}, after)
    if audit and changed_after:
        audit_record(
            acting_user=acting_user, action="target.create" if created else "target.update", target=target,
            unit_path=unit.path, before=changed_before or None, after={"year": target.year, **changed_after},
        )
    return target, created


def _json(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in values.items()}


def _common_path(paths: list[str]) -> str:
    if not paths:
        return ""
    parts = [p.strip("/").split("/") for p in paths]
    common: list[str] = []
    for group in zip(*parts, strict=False):
        if len(set(group)) != 1:
            break
        common.append(group[0])
    return "/" + "/".join(common) + "/" if common else ""
