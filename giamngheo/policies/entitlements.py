"""Compute entitlements: every active policy's rule against every household's facts, stored when granted.

Households with the same reduced facts (what the rules can see) get the same decisions with the same
reasons, so decisions are computed once per distinct reduced fact set and reused; a province of 500,000
households has a few thousand of them. Rows are replaced wholesale for the households and policies
recomputed, inside the caller's transaction.
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
from giamngheo.policies.facts import chunks, household_rows
from giamngheo.policies.models import Entitlement, Policy, Scenario
from giamngheo.registry.models import HouseholdAssessment
from giamngheo.registry.selectors import imports_confirmed_since

RECOMPUTE_ACTION = "entitlements.recompute"

SCENARIOS = (Scenario.CURRENT.value, Scenario.STANDARD_2027.value)
INSERT_BATCH = 5000


@dataclass(frozen=True)
class RecomputeReport:
    households: int
    policies: int
    entitlements: int
    distinct_fact_sets: int


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
                   "entitlements": report.entitlements, "scenarios": list(scenarios),
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
    """Do the work of entitlements_recompute inside the caller's transaction, without an audit event."""
    policies = active_policies(policy_codes)
    _delete(household_ids, policy_codes, scenarios)
    if not policies:
        return RecomputeReport(0, 0, 0, 0)
    rules = [policy_rule(p) for p in policies]
    features = rule_features(r.rule for r in rules)
    ids = {p.code: (p.pk, p.version) for p in policies}
    today = timezone.localdate()
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    cache: dict[tuple[object, ...], list[Decision]] = {}
    pending: list[tuple[object, ...]] = []
    seen: set[int] = set()
    inserted = 0
    for row in household_rows(household_ids, scenarios, features):
        seen.add(row.household_id)
        key = features.key_counts(
            category=row.category, standard_id=row.standard_id, year=row.year, deprivations=row.deprivations,
            counts=row.member_counts or (), household_flags=row.household_flags, commune_flags=row.commune_flags,
            escaped_year=row.escaped_year,
        )
        granted = cache.get(key)
        if granted is None:
            granted = [d for d in decide_all(rules, features.facts_for(key), on=today) if d.eligible]
            cache[key] = granted
        for decision in granted:
            policy_id, version = ids[decision.code]
            pending.append((row.household_id, policy_id, row.scenario, row.commune_id, row.unit_path, row.year,
                            row.standard_id, row.category, decision.reason, version, now))
        if len(pending) >= INSERT_BATCH:
            inserted += _insert(pending)
            pending = []
    inserted += _insert(pending)
    return RecomputeReport(len(seen), len(policies), inserted, len(cache))


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


def _insert(rows: list[tuple[object, ...]]) -> int:
    if not rows:
        return 0
    table = Entitlement._meta.db_table
    columns = ("household_id", "policy_id", "scenario", "commune_id", "unit_path", "assessment_year",
               "standard_id", "category", "reason", "policy_version", "computed_at")
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    return len(rows)
