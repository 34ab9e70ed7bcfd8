"""Reads for the policy pages, exports and API. Household-level rows are always scoped to the user's units."""

from __future__ import annotations

import datetime as dt
import difflib
import json
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from giamngheo.accounts.access import can, path_filter, scope_paths
from giamngheo.accounts.models import User
from giamngheo.geo.models import AdminUnit
from giamngheo.policies.models import (
    POLICY_FIELDS,
    POLICY_RICH_TEXTS,
    Entitlement,
    LookupLog,
    Policy,
    PolicyGroup,
    PolicyVersion,
    Scenario,
)
from giamngheo.policies.sanitise import plain_text


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


HISTORY_TEXT_LIMIT = 20_000


@dataclass(frozen=True)
class FieldChange:
    """One field changed between two versions. ``parts`` marks words (or rule lines) kept, removed, added."""

    name: str
    label: str
    old: str
    new: str
    parts: tuple[tuple[str, str], ...] = ()
    lines: bool = False


@dataclass(frozen=True)
class VersionChanges:
    version: PolicyVersion
    changes: tuple[FieldChange, ...]
    first: bool


def _history_value(name: str, value: Any) -> str:
    """The value as staff read it: plain text (tags stripped), dates d/m/Y, yes/no, the rule pretty-printed."""
    if value is None or value == "":
        return ""
    if name == "rule":
        return json.dumps(value, ensure_ascii=False, indent=2)
    if isinstance(value, bool):
        return "có" if value else "không"
    if name == "group":
        return str(PolicyGroup(value).label) if value in PolicyGroup.values else str(value)
    if name in ("valid_from", "valid_to"):
        try:
            return dt.date.fromisoformat(str(value)).strftime("%d/%m/%Y")
        except ValueError:
            return str(value)
    if isinstance(value, str):
        return plain_text(value, limit=HISTORY_TEXT_LIMIT)
    return str(value)


def _history_parts(old: str, new: str, *, lines: bool) -> tuple[tuple[str, str], ...]:
    """Diff by words (long texts) or by lines (the rule): ("same" | "del" | "ins", text) in reading order."""
    a, b = (old.splitlines(), new.splitlines()) if lines else (old.split(), new.split())
    join = "\n".join if lines else " ".join
    parts: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append(("same", join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(("del", join(a[i1:i2])))
        if j2 > j1:
            parts.append(("ins", join(b[j1:j2])))
    return tuple(parts)


def _field_label(name: str) -> str:
    try:
        label = str(Policy._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # a field no longer on the model, kept in an old snapshot
        return name
    return label[:1].upper() + label[1:]


def policy_history(policy: Policy) -> list[VersionChanges]:
    """Every version of a policy, newest first, each with the fields changed since the version before it."""
    versions = list(policy_versions(policy))
    history: list[VersionChanges] = []
    for index, version in enumerate(versions):
        previous = versions[index + 1] if index + 1 < len(versions) else None
        if previous is None:
            history.append(VersionChanges(version, (), True))
            continue
        before, after = previous.data or {}, version.data or {}
        names = [n for n in POLICY_FIELDS if n in before or n in after]
        names += sorted((set(before) | set(after)) - set(POLICY_FIELDS))
        changes: list[FieldChange] = []
        for name in names:
            if before.get(name) == after.get(name):
                continue
            old, new = _history_value(name, before.get(name)), _history_value(name, after.get(name))
            long_text = name in POLICY_RICH_TEXTS or name == "rule"
            parts = _history_parts(old, new, lines=name == "rule") if long_text else ()
            changes.append(FieldChange(name, _field_label(name), old, new, parts, lines=name == "rule"))
        history.append(VersionChanges(version, tuple(changes), False))
    return history
