"""Reads for the policy pages, exports and API. Household-level rows are always scoped to the user's units."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from giamngheo.accounts.access import can, path_filter, scope_paths
from giamngheo.accounts.models import User
from giamngheo.geo.models import AdminUnit
from giamngheo.policies.models import Entitlement, LookupLog, Policy, PolicyVersion, Scenario


def policy_list(*, include_inactive: bool = True) -> QuerySet[Policy]:
    policies = Policy.objects.order_by("position", "code")
    return policies if include_inactive else policies.filter(active=True)


def policy_get(code: str) -> Policy | None:
    return Policy.objects.filter(code=code).first()


def policy_versions(policy: Policy) -> QuerySet[PolicyVersion]:
    return policy.versions.select_related("changed_by").order_by("-version")


def entitlements_visible_to(user: User, *, scenario: str = Scenario.CURRENT) -> QuerySet[Entitlement]:
    """Entitlement rows of the households the user may see (the same scope as the household door)."""
    if not can(user, "view_households"):  # the same rule as the household door
        return Entitlement.objects.none()
    return Entitlement.objects.filter(path_filter(scope_paths(user), "unit_path"), scenario=scenario)


def entitlement_counts(user: User, *, scenario: str = Scenario.CURRENT) -> dict[int, int]:
    """Return {policy id: households entitled} within the user's scope."""
    rows = entitlements_visible_to(user, scenario=scenario).values("policy_id").annotate(n=Count("id"))
    return {row["policy_id"]: row["n"] for row in rows}


def entitlement_counts_by_commune(user: User, policy: Policy, *, scenario: str = Scenario.CURRENT) -> list[dict]:
    """Return [{commune_id, commune, n}] for one policy within the user's scope, by commune name."""
    rows = (
        entitlements_visible_to(user, scenario=scenario).filter(policy=policy)
        .values("commune_id").annotate(n=Count("id")).order_by()
    )
    names = dict(AdminUnit.objects.filter(pk__in=[r["commune_id"] for r in rows]).values_list("id", "name"))
    result = [{"commune_id": r["commune_id"], "commune": names.get(r["commune_id"], ""), "n": r["n"]} for r in rows]
    return sorted(result, key=lambda r: r["commune"])


def entitlement_rows(user: User, policy: Policy, *, commune_id: int | None = None,
                     scenario: str = Scenario.CURRENT) -> QuerySet[Entitlement]:
    """The households entitled to a policy (who should have received it), for lists and exports."""
    rows = entitlements_visible_to(user, scenario=scenario).filter(policy=policy)
    if commune_id is not None:
        rows = rows.filter(commune_id=commune_id)
    return rows.select_related("household", "household__village", "commune").order_by("commune__name",
                                                                                      "household__code")


@dataclass(frozen=True)
class PolicyChange:
    policy: Policy
    now: int
    then: int
    gained: int
    lost: int


def changes_2027(user: User) -> list[PolicyChange]:
    """Per policy: households entitled now, under the 2027–2030 standard, and how many gain or lose it."""
    current = entitlements_visible_to(user, scenario=Scenario.CURRENT)
    projected = entitlements_visible_to(user, scenario=Scenario.STANDARD_2027)
    now = dict(current.values("policy_id").annotate(n=Count("id")).values_list("policy_id", "n"))
    then = dict(projected.values("policy_id").annotate(n=Count("id")).values_list("policy_id", "n"))
    same = Entitlement.objects.filter(household_id=OuterRef("household_id"), policy_id=OuterRef("policy_id"))
    gained = dict(
        projected.filter(~Exists(same.filter(scenario=Scenario.CURRENT)))
        .values("policy_id").annotate(n=Count("id")).values_list("policy_id", "n")
    )
    lost = dict(
        current.filter(~Exists(same.filter(scenario=Scenario.STANDARD_2027)))
        .values("policy_id").annotate(n=Count("id")).values_list("policy_id", "n")
    )
    return [
        PolicyChange(p, now.get(p.pk, 0), then.get(p.pk, 0), gained.get(p.pk, 0), lost.get(p.pk, 0))
        for p in policy_list()
    ]


GAINED, LOST = "duoc", "mat"
CHANGE_KINDS = {GAINED: "được thêm", LOST: "mất"}


def changes_2027_rows(user: User, policy: Policy, change: str, *,
                      commune_id: int | None = None) -> QuerySet[Entitlement]:
    """The households in the user's scope that gain (``duoc``) or lose (``mat``) a policy from 2027.

    Gaining: the 2027–2030 row of a household with no current row (its category and reason are the projected
    ones). Losing: the current row of a household with no 2027–2030 row (the reason it is entitled today).
    """
    if change not in CHANGE_KINDS:
        raise ValueError(change)
    scenario, other = ((Scenario.STANDARD_2027, Scenario.CURRENT) if change == GAINED
                       else (Scenario.CURRENT, Scenario.STANDARD_2027))
    same = Entitlement.objects.filter(household_id=OuterRef("household_id"), policy_id=OuterRef("policy_id"),
                                      scenario=other)
    rows = entitlements_visible_to(user, scenario=scenario).filter(policy=policy).filter(~Exists(same))
    if commune_id is not None:
        rows = rows.filter(commune_id=commune_id)
    return rows.select_related("household", "household__village", "commune").order_by("commune__name",
                                                                                      "household__code")


def lookup_log_list(user: User) -> QuerySet[LookupLog]:
    """Lookups the user may review: those naming a household in scope, and those naming none."""
    if not can(user, "view_audit"):
        return LookupLog.objects.none()
    scoped = path_filter(scope_paths(user), "household__unit_path") | Q(household__isnull=True)
    return LookupLog.objects.filter(scoped).select_related("household").order_by("-at", "-id")


def commune_designations(user: User) -> list[tuple[AdminUnit, list[str]]]:
    """Current communes in the user's scope with their designations (poor commune…)."""
    from giamngheo.accounts.access import units_visible_to
    from giamngheo.policies.models import CommuneDesignation

    units = list(units_visible_to(user).filter(level="commune", valid_to__isnull=True).order_by("name"))
    flags: dict[int, list[str]] = {}
    for commune_id, flag in CommuneDesignation.objects.filter(commune__in=units).values_list("commune_id", "flag"):
        flags.setdefault(commune_id, []).append(flag)
    return [(unit, flags.get(unit.pk, [])) for unit in units]
