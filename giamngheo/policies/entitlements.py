"""Compute entitlements: every active policy's rule against every household's facts, stored when granted.

Households with the same reduced facts (what the rules can see) get the same decisions with the same
reasons, so decisions are computed once per distinct reduced fact set and reused; a province of 500,000
households has a few thousand of them. For the households and policies recomputed, inside the caller's
transaction, only the rows that changed are written (see ``_Store``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from giamngheo.common.audit import audit_record
from giamngheo.common.models import AuditEvent
from giamngheo.domain.eligibility import Decision, PolicyRule, decide_all
from giamngheo.domain.eligibility_check import rule_features
from giamngheo.policies.facts import Block, chunks, household_blocks, household_rows
from giamngheo.policies.models import Entitlement, Policy, Scenario
from giamngheo.registry.models import HouseholdAssessment
from giamngheo.registry.selectors import imports_confirmed_since

RECOMPUTE_ACTION = "entitlements.recompute"

SCENARIOS = (Scenario.CURRENT.value, Scenario.STANDARD_2027.value)


@dataclass(frozen=True)
class RecomputeReport:
    households: int
    policies: int
    entitlements: int
    distinct_fact_sets: int
    written: int = 0  # rows inserted (new, or replacing a changed row)
    removed: int = 0  # stored rows deleted (changed, or no longer granted)


def policy_rule(policy: Policy) -> PolicyRule:
    return PolicyRule(policy.code, policy.rule, policy.valid_from, policy.valid_to)


def active_policies(policy_codes: Sequence[str] | None = None) -> list[Policy]:
    policies = Policy.objects.filter(active=True).order_by("position", "code")
    if policy_codes is not None:
        policies = policies.filter(code__in=list(policy_codes))
    return list(policies)


def entitlements_recompute(*, household_ids: Sequence[int] | None = None, policy_codes: Sequence[str] | None = None,
                           scenarios: Sequence[str] = SCENARIOS, acting_user: object = None) -> RecomputeReport:
    """Recompute entitlements for the given households (all when None) and policies (all when None).

    Call it after each assessment run. One transaction, one audit event with the counts.
    """
    with transaction.atomic():
        report = entitlements_refresh(household_ids=household_ids, policy_codes=policy_codes, scenarios=scenarios)
        audit_record(
            acting_user=acting_user, action=RECOMPUTE_ACTION, object_type="policies.entitlement",
            object_id="*" if household_ids is None else f"{len(set(household_ids))} hộ",
            object_label="Tính lại quyền lợi",
            after={"households": report.households, "policies": report.policies,
                   "entitlements": report.entitlements, "written": report.written, "removed": report.removed,
                   "scenarios": list(scenarios),
                   "policy_codes": list(policy_codes) if policy_codes is not None else None},
        )
    return report


def entitlements_catch_up() -> RecomputeReport | None:
    """Recompute the households of imports confirmed since the last recompute; None when there were none.

    Imports are confirmed in the registry, which sits below this context and so cannot call it; readers call
    this first instead, so a confirmed import's households see their new entitlements on the next read.
    """
    last = (AuditEvent.objects.filter(action=RECOMPUTE_ACTION).order_by("-at")
            .values_list("at", flat=True).first())
    household_ids = sorted(set(HouseholdAssessment.objects.filter(batch__in=imports_confirmed_since(last))
                               .values_list("household_id", flat=True)))
    if not household_ids:
        return None
    return entitlements_recompute(household_ids=household_ids)


def entitlements_refresh(*, household_ids: Sequence[int] | None = None, policy_codes: Sequence[str] | None = None,
                         scenarios: Sequence[str] = SCENARIOS) -> RecomputeReport:
    """Do the work of entitlements_recompute inside the caller's transaction, without an audit event.

    Only what changed is written: per block of households, stored rows that differ from the computed ones
    are deleted and the computed rows not stored are inserted, so a re-run after nothing changed writes
    nothing (an unchanged row keeps its ``computed_at``).
    """
    policies = active_policies(policy_codes)
    if not policies:
        _delete(household_ids, policy_codes, scenarios)
        return RecomputeReport(0, 0, 0, 0)
    rules = [policy_rule(p) for p in policies]
    features = rule_features(r.rule for r in rules)
    ids = {p.code: (p.pk, p.version) for p in policies}
    today = timezone.localdate()
    cache: dict[tuple[object, ...], list[Decision]] = {}
    # (scenario, year, key) -> id of the set of rows it is granted (0: none); the year is stored in the rows.
    set_ids: dict[tuple[object, ...], int] = {}
    set_sizes = [0]
    pending: list[tuple[object, ...]] = []
    seen: set[int] = set()
    total = written = removed = 0
    with _Store(scenarios, policy_codes) as store:
        for block, rows in household_blocks(household_ids, scenarios, features):
            households: list[tuple[int, int, int, str]] = []
            for row in rows:
                seen.add(row.household_id)
                key = features.key_counts(
                    category=row.category, standard_id=row.standard_id, year=row.year,
                    deprivations=row.deprivations, counts=row.member_counts or (),
                    household_flags=row.household_flags, commune_flags=row.commune_flags,
                    escaped_year=row.escaped_year,
                )
                full = (row.scenario, row.year, key)
                set_id = set_ids.get(full)
                if set_id is None:
                    granted = cache.get(key)
                    if granted is None:
                        granted = [d for d in decide_all(rules, features.facts_for(key), on=today) if d.eligible]
                        cache[key] = granted
                    set_id = len(set_sizes) if granted else 0
                    if granted:
                        set_sizes.append(len(granted))
                        for decision in granted:
                            policy_id, version = ids[decision.code]
                            pending.append((set_id, policy_id, row.scenario, row.year, row.standard_id,
                                            row.category, decision.reason, version))
                    set_ids[full] = set_id
                if set_id:
                    households.append((row.household_id, set_id, row.commune_id, row.unit_path))
                    total += set_sizes[set_id]
            if pending:
                store.add_sets(pending)
                pending = []
            block_written, block_removed = store.apply(block, households)
            written += block_written
            removed += block_removed
    return RecomputeReport(len(seen), len(policies), total, len(cache), written, removed)


def household_decisions(household_id: int, *, on: dt.date | None = None) -> dict[str, list[tuple[Policy, Decision]]]:
    """Decide every active policy for one household, per scenario, with reasons whether granted or not."""
    policies = active_policies()
    rules = [policy_rule(p) for p in policies]
    day = on or timezone.localdate()
    result: dict[str, list[tuple[Policy, Decision]]] = {}
    for row in household_rows([household_id], SCENARIOS):
        result[row.scenario] = list(zip(policies, decide_all(rules, row.facts(), on=day), strict=True))
    return result


def _delete(household_ids: Sequence[int] | None, policy_codes: Sequence[str] | None,
            scenarios: Sequence[str]) -> None:
    rows = Entitlement.objects.filter(scenario__in=list(scenarios))
    if policy_codes is not None:
        rows = rows.filter(policy__code__in=list(policy_codes))
    if household_ids is None:
        rows.delete()
        return
    for block in chunks(sorted(set(household_ids))):
        rows.filter(household_id__in=block).delete()


COLUMNS = ("household_id", "policy_id", "scenario", "commune_id", "unit_path", "assessment_year", "standard_id",
           "category", "reason", "policy_version", "computed_at")
# What a stored row is compared on: every column but the id and computed_at.
COMPARED = COLUMNS[:-1]
NEW, SETS = "entitlement_refresh_households", "entitlement_refresh_sets"
SQLITE_CACHE_KIB = 64 * 1024  # during a recompute, of this connection only


class _Store:
    """Write one block of households' computed entitlements as the difference from what is stored.

    Two temporary tables hold what was computed in its compact form — the granted sets (one row per set and
    policy, a few thousand) and, per household of the block, which set it gets — and two statements apply
    it: delete the stored rows in scope that are not exactly computed, insert the computed rows not stored.
    Fanning households out to one row per policy and comparing happen in the database, not in Python.
    """

    def __init__(self, scenarios: Sequence[str], policy_codes: Sequence[str] | None) -> None:
        self.scenarios = list(scenarios)
        self.policy_codes = list(policy_codes) if policy_codes is not None else None
        self.now = connection.ops.adapt_datetimefield_value(timezone.now())
        self.postgres = connection.vendor == "postgresql"

    def __enter__(self) -> _Store:
        self.cursor = connection.cursor()
        self.cache_size = None
        if not self.postgres:  # SQLite's page cache (2 MB by default) is too small for a province's indexes
            self.cursor.execute("PRAGMA cache_size")
            size = int(self.cursor.fetchone()[0])  # negative: in KiB (positive: in pages, left alone)
            if -SQLITE_CACHE_KIB < size < 0:
                self.cache_size = size
                self.cursor.execute(f"PRAGMA cache_size = {-SQLITE_CACHE_KIB}")
        text, number = ("text", "bigint") if self.postgres else ("TEXT", "INTEGER")
        tail = "" if self.postgres else " WITHOUT ROWID"
        for table in (NEW, SETS):
            self.cursor.execute(f"DROP TABLE IF EXISTS {table}")
        self.cursor.execute(
            f"CREATE TEMPORARY TABLE {SETS} (set_id {number} NOT NULL, policy_id {number} NOT NULL, "
            f"scenario {text} NOT NULL, assessment_year {number} NOT NULL, standard_id {text} NOT NULL, "
            f"category {text} NOT NULL, reason {text} NOT NULL, policy_version {number} NOT NULL, "
            f"PRIMARY KEY (set_id, policy_id)){tail}"
        )
        self.cursor.execute(
            f"CREATE TEMPORARY TABLE {NEW} (household_id {number} NOT NULL, set_id {number} NOT NULL, "
            f"commune_id {number} NOT NULL, unit_path {text} NOT NULL, PRIMARY KEY (household_id, set_id)){tail}"
        )
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if exc[0] is None:
                for table in (NEW, SETS):
                    self.cursor.execute(f"DROP TABLE IF EXISTS {table}")
            if self.cache_size is not None:
                self.cursor.execute(f"PRAGMA cache_size = {self.cache_size}")
        finally:
            self.cursor.close()

    def _load(self, table: str, columns: Sequence[str], rows: list[tuple[object, ...]]) -> None:
        if self.postgres:
            with self.cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            self.cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)

    def add_sets(self, rows: list[tuple[object, ...]]) -> None:
        """Add granted sets: (set id, policy id, scenario, year, standard, category, reason, policy version)."""
        self._load(SETS, ("set_id", "policy_id", "scenario", "assessment_year", "standard_id", "category",
                          "reason", "policy_version"), rows)

    def apply(self, block: Block, households: list[tuple[int, int, int, str]]) -> tuple[int, int]:
        """Make the stored rows of the block's households equal the computed ones; return (written, removed)."""
        table = Entitlement._meta.db_table
        self.cursor.execute(f"DELETE FROM {NEW}")
        if households:
            self._load(NEW, ("household_id", "set_id", "commune_id", "unit_path"), households)
            if self.postgres:
                self.cursor.execute(f"ANALYZE {NEW}")
        if isinstance(block, tuple):
            where, params = f"{table}.household_id >= %s AND {table}.household_id < %s", list(block)
        else:
            where, params = f"{table}.household_id IN ({', '.join(['%s'] * len(block))})", list(block)
        # On SQLite "+" keeps the planner on the household range (the unique index) rather than the list
        # index, which leads with the scenario and would have it read every stored row of the scenario.
        plus = "" if self.postgres else "+"
        where += f" AND {plus}{table}.scenario IN ({', '.join(['%s'] * len(self.scenarios))})"
        params += self.scenarios
        if self.policy_codes is not None:
            marks = ", ".join(["%s"] * len(self.policy_codes)) or "NULL"
            where += f" AND {table}.policy_id IN (SELECT id FROM {Policy._meta.db_table} WHERE code IN ({marks}))"
            params += self.policy_codes
        computed = {
            "household_id": "n.household_id", "policy_id": "g.policy_id", "scenario": "g.scenario",
            "commune_id": "n.commune_id", "unit_path": "n.unit_path", "assessment_year": "g.assessment_year",
            "standard_id": "g.standard_id", "category": "g.category", "reason": "g.reason",
            "policy_version": "g.policy_version",
        }
        source = f"FROM {NEW} n JOIN {SETS} g ON g.set_id = n.set_id"
        insert = f"INSERT INTO {table} ({', '.join(COLUMNS)}) SELECT {', '.join(computed[c] for c in COMPARED)}, %s"
        self.cursor.execute(f"SELECT 1 FROM {table} WHERE {where} LIMIT 1", params)
        if self.cursor.fetchone() is None:  # nothing stored yet (a first run): insert without comparing
            if households:
                self.cursor.execute(f"{insert} {source}", [self.now])
            return max(self.cursor.rowcount, 0) if households else 0, 0
        same = " AND ".join(f"{computed[c]} = {table}.{c}" for c in COMPARED)
        self.cursor.execute(f"DELETE FROM {table} WHERE {where} AND NOT EXISTS (SELECT 1 {source} WHERE {same})",
                            params)
        removed = max(self.cursor.rowcount, 0)
        if not households:
            return 0, removed
        # The bounds are implied by the household equality; they tell PostgreSQL's planner to read the block's
        # range of the unique index rather than sort the whole table.
        low, high = block if isinstance(block, tuple) else (min(block), max(block) + 1)
        self.cursor.execute(
            f"{insert} {source} WHERE NOT EXISTS (SELECT 1 FROM {table} e WHERE e.household_id = n.household_id "
            f"AND e.policy_id = g.policy_id AND e.scenario = g.scenario AND e.household_id >= %s "
            f"AND e.household_id < %s)",
            [self.now, low, high],
        )
        return max(self.cursor.rowcount, 0), removed
