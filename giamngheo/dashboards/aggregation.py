"""Rebuild the stored aggregates from the yearly assessments: one grouped query, then a roll-up in Python.

Each household counts once per review year (its latest assessment of that year), under its *current* unit, so
years before July 2025 come out re-aggregated onto today's communes. A household still attached to a unit that
no longer exists is credited to that unit's default successor (`UnitSuccession`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction

from giamngheo.dashboards.indicators import indicator_ids
from giamngheo.geo.models import AdminUnit, UnitSuccession
from giamngheo.registry.models import Household, HouseholdAssessment

CATEGORIES = ("poor", "near_poor", "average", "non_poor")
FLOWS = ("escaped_poor", "escaped_near_poor", "newly_poor", "fallen_back", "newly_near_poor")

# Movements between a household's previous assessment and this one (`prev` is NULL for a household seen first).
_FLOW_SQL = {
    "escaped_poor": "h.prev = 'poor' AND h.category <> 'poor'",
    "escaped_near_poor": "h.prev = 'near_poor' AND h.category IN ('average', 'non_poor')",
    "newly_poor": "h.category = 'poor' AND (h.prev IS NULL OR h.prev <> 'poor') AND h.poor_earlier = 0",
    "fallen_back": "h.category = 'poor' AND h.prev IS NOT NULL AND h.prev <> 'poor' AND h.poor_earlier = 1",
    "newly_near_poor": "h.category = 'near_poor' AND (h.prev IS NULL OR h.prev IN ('average', 'non_poor'))",
}


@dataclass
class Tally:
    """Counts for one unit and year while rolling up."""

    categories: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    deprived: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    deprived_poor: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    flows: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FLOWS, 0))


def grouped_rows(*, years: Iterable[int], household_filter: tuple[str, list[object]] | None) -> list[tuple]:
    """Return rows (unit_path, commune_id, year, category, n, *deprived, *deprived_poor, *flows) for `years`."""
    ids = indicator_ids()
    a_table = HouseholdAssessment._meta.db_table
    h_table = Household._meta.db_table
    where, params = household_filter or ("", [])
    # A partial refresh picks its households first, then reaches their assessments through the index.
    scope = f"WHERE a.household_id IN (SELECT hh.id FROM {h_table} hh WHERE {where})" if where else ""
    years = sorted(set(years))
    if not years:
        return []
    deprived = ["SUM(CASE WHEN (';' || h.deprivations || ';') LIKE %s THEN 1 ELSE 0 END)" for _ in ids]
    deprived_poor = [
        "SUM(CASE WHEN h.category = 'poor' AND (';' || h.deprivations || ';') LIKE %s THEN 1 ELSE 0 END)"
        for _ in ids
    ]
    flows = [f"SUM(CASE WHEN {_FLOW_SQL[f]} THEN 1 ELSE 0 END)" for f in FLOWS]
    year_marks = ", ".join(["%s"] * len(years))
    # The household's unit is read once (first CTE) and carried along, so no second join is needed.
    sql = f"""
        WITH latest AS (
            SELECT a.household_id, a.year, a.category, a.deprivations, hx.unit_path, hx.commune_id,
                   ROW_NUMBER() OVER (PARTITION BY a.household_id, a.year ORDER BY a.assessed_on DESC, a.id DESC) AS rn
            FROM {a_table} a JOIN {h_table} hx ON hx.id = a.household_id
            {scope}
        ), history AS (
            SELECT unit_path, commune_id, year, category, deprivations,
                   LAG(category) OVER (PARTITION BY household_id ORDER BY year) AS prev,
                   COALESCE(MAX(CASE WHEN category = 'poor' THEN 1 ELSE 0 END) OVER (
                       PARTITION BY household_id ORDER BY year ROWS BETWEEN UNBOUNDED PRECEDING AND 2 PRECEDING
                   ), 0) AS poor_earlier
            FROM latest WHERE rn = 1
        )
        SELECT h.unit_path, h.commune_id, h.year, h.category, COUNT(*),
               {", ".join(deprived + deprived_poor + flows)}
        FROM history h
        WHERE h.year IN ({year_marks})
        GROUP BY h.unit_path, h.commune_id, h.year, h.category
    """
    patterns = [f"%;{i};%" for i in ids]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Room to sort and hash millions of rows in memory instead of spilling to disk (this transaction only).
            cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute(sql, [*params, *patterns, *patterns, *years])
        return cursor.fetchall()


def roll_up(rows: list[tuple], *, credit_levels: set[str] | None = None) -> dict[tuple[int, int], Tally]:
    """Add each grouped row to the current units it belongs to; returns {(unit_id, year): Tally}."""
    ids = indicator_ids()
    n_ind = len(ids)
    resolver = CurrentUnits()
    resolver.preload({int(p) for row in rows for p in row[0].strip("/").split("/") if p} | {row[1] for row in rows})
    tallies: dict[tuple[int, int], Tally] = defaultdict(Tally)
    for row in rows:
        unit_path, commune_id, year, category, n = row[:5]
        deprived = row[5:5 + n_ind]
        deprived_poor = row[5 + n_ind:5 + 2 * n_ind]
        flows = row[5 + 2 * n_ind:]
        for unit_id, level in resolver.chain(unit_path, commune_id):
            if credit_levels is not None and level not in credit_levels:
                continue
            tally = tallies[(unit_id, year)]
            if category in tally.categories:
                tally.categories[category] += n
            for ind, count, count_poor in zip(ids, deprived, deprived_poor, strict=True):
                if count:
                    tally.deprived[ind] += int(count)
                if count_poor:
                    tally.deprived_poor[ind] += int(count_poor)
            for name, count in zip(FLOWS, flows, strict=True):
                tally.flows[name] += int(count or 0)
    return tallies


class CurrentUnits:
    """Map a household's stored unit to the chain of today's units that its counts go to."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, int], list[tuple[int, str]]] = {}
        self._units: dict[int, AdminUnit] = {}
        self._successor: dict[int, int] | None = None

    def preload(self, ids: set[int]) -> None:
        self._load(sorted(ids))

    def chain(self, unit_path: str, commune_id: int) -> list[tuple[int, str]]:
        key = (unit_path, commune_id)
        if key not in self._cache:
            self._cache[key] = self._resolve(unit_path, commune_id)
        return self._cache[key]

    def _resolve(self, unit_path: str, commune_id: int) -> list[tuple[int, str]]:
        ids = [int(p) for p in unit_path.strip("/").split("/") if p]
        units = self._load(ids)
        if ids and all(i in units and units[i].valid_to is None for i in ids):
            return [(i, units[i].level) for i in ids]
        current = self._current_successor(commune_id)
        if current is None:
            return []
        path_ids = [int(p) for p in current.path.strip("/").split("/") if p]
        chain_units = self._load(path_ids)
        return [(i, chain_units[i].level) for i in path_ids if i in chain_units and chain_units[i].valid_to is None]

    def _current_successor(self, unit_id: int) -> AdminUnit | None:
        if self._successor is None:
            self._successor = {}
            for pred, succ in UnitSuccession.objects.values_list(
                "predecessor_id", "successor_id"
            ).order_by("predecessor_id", "-is_default", "successor_id"):
                # Rows come default-first, so the first successor seen is the one that takes the records.
                self._successor.setdefault(pred, succ)
        seen: set[int] = set()
        current = unit_id
        while current not in seen:
            seen.add(current)
            unit = self._load([current]).get(current)
            if unit is None:
                return None
            if unit.valid_to is None:
                return unit
            if current not in self._successor:
                return None
            current = self._successor[current]
        return None

    def _load(self, ids: list[int]) -> dict[int, AdminUnit]:
        missing = [i for i in ids if i not in self._units]
        for start in range(0, len(missing), 900):  # stay under SQLite's limit of bound parameters
            chunk = missing[start:start + 900]
            self._units.update(AdminUnit.objects.only("id", "path", "level", "valid_to").in_bulk(chunk))
        return {i: self._units[i] for i in ids if i in self._units}



def rows_insert(model: type, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Insert many plain rows at once; model instances would cost more than the counting itself."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(model._meta.get_field(c).column) for c in columns)
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start:start + 5000])
