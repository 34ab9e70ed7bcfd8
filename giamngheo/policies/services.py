"""Writes to the policy catalogue and the circumstances rules ask about: one transaction, one audit event each.

Every policy change stores a full new PolicyVersion and recomputes that policy's entitlements in the same
transaction, so what households are told always matches the rule as it stands.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from giamngheo.accounts.access import access_unit, can
from giamngheo.accounts.models import User
from giamngheo.common.audit import audit_changes, audit_record
from giamngheo.domain.eligibility import COMMUNE_FLAGS, HOUSEHOLD_FLAGS, MEMBER_FLAGS, indicators_by_standard
from giamngheo.domain.eligibility_check import rule_errors
from giamngheo.policies.catalogue import SEED
from giamngheo.policies.entitlements import RecomputeReport, entitlements_recompute, entitlements_refresh
from giamngheo.policies.models import (
    POLICY_FIELDS,
    POLICY_RICH_TEXTS,
    CommuneDesignation,
    HouseholdCircumstance,
    MemberCircumstance,
    Policy,
    PolicyGroup,
    PolicyVersion,
)
from giamngheo.policies.sanitise import plain_text, rich_text
from giamngheo.registry.access import access_household
from giamngheo.registry.models import Household, Member

__all__ = [
    "RecomputeReport", "commune_designation_set", "entitlements_recompute", "household_circumstances_set",
    "member_circumstances_set", "policies_seed", "policy_create", "policy_update",
]

PLAIN = {"name": 200, "agency": 200}
REQUIRED = ("name", "agency", "legal_basis", "benefit", "how_to_claim")
# Changes to these fields change who is entitled; the others change only what is shown.
DECIDING = ("rule", "active", "valid_from", "valid_to")
RULE_MAX_BYTES = 8000


class PolicyNotAllowed(Exception):
    """The account may not manage policies (or the policy does not exist)."""


def policy_snapshot(policy: Policy) -> dict[str, Any]:
    data: dict[str, Any] = {name: getattr(policy, name) for name in POLICY_FIELDS}
    for name in ("valid_from", "valid_to"):
        data[name] = data[name].isoformat() if data[name] else None
    return data


def policy_clean(values: Mapping[str, Any]) -> dict[str, Any]:
    """Return the values sanitised and checked, or raise ValidationError with a Vietnamese message per field."""
    unknown = set(values) - set(POLICY_FIELDS)
    if unknown:
        raise ValidationError(f"Không sửa được trường: {', '.join(sorted(unknown))}.")
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, value in values.items():
        if name in POLICY_RICH_TEXTS:
            clean[name] = rich_text(str(value or ""), limit=POLICY_RICH_TEXTS[name])
        elif name in PLAIN:
            clean[name] = plain_text(str(value or ""), limit=PLAIN[name])
        elif name == "group":
            if value not in PolicyGroup.values:
                errors[name] = "Lĩnh vực không hợp lệ."
            clean[name] = value
        elif name in ("valid_from", "valid_to"):
            clean[name] = _date(value, name, errors)
        elif name in ("amount_verified", "active", "public"):
            clean[name] = bool(value)
        elif name == "position":
            clean[name] = _position(value, errors)
        elif name == "rule":
            clean[name] = _rule(value, errors)
    for name in REQUIRED:
        if name in clean and not clean[name]:
            errors[name] = "Không được để trống."
    start, end = clean.get("valid_from"), clean.get("valid_to")
    if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
        errors["valid_to"] = "Ngày hết hiệu lực phải sau ngày bắt đầu."
    if errors:
        raise ValidationError(errors)
    return clean


def _date(value: Any, name: str, errors: dict[str, str]) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        errors[name] = "Ngày phải có dạng YYYY-MM-DD."
        return None


def _position(value: Any, errors: dict[str, str]) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = -1
    if not 0 <= number <= 1000:
        errors["position"] = "Thứ tự là số từ 0 đến 1000."
    return number


def _rule(value: Any, errors: dict[str, str]) -> Any:
    if isinstance(value, str):
        if len(value.encode()) > RULE_MAX_BYTES:
            errors["rule"] = f"Điều kiện quá dài (tối đa {RULE_MAX_BYTES} byte)."
            return {}
        try:
            value = json.loads(value)
        except ValueError as error:
            errors["rule"] = f"Điều kiện không đúng cú pháp JSON: {error.msg} (dòng {error.lineno})."
            return {}
    problems = rule_errors(value, indicators_by_standard())
    if problems:
        errors["rule"] = " ".join(problems)
    return value


def _require(acting_user: User | None) -> None:
    if acting_user is None or not can(acting_user, "manage_policies"):
        raise PolicyNotAllowed


def _version(policy: Policy, *, acting_user: User | None, note: str) -> None:
    PolicyVersion.objects.create(
        policy=policy, version=policy.version, data=policy_snapshot(policy), note=plain_text(note, limit=300),
        changed_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )


def policy_create(*, acting_user: User, code: str, note: str = "", **values: Any) -> Policy:
    """Add a policy to the catalogue (version 1) and compute who is entitled to it."""
    _require(acting_user)
    code = plain_text(code, limit=60).lower()
    if not code or not all(c.isascii() and (c.isalnum() or c == "-") for c in code):
        raise ValidationError({"code": "Mã chỉ gồm chữ không dấu, số và dấu gạch ngang."})
    clean = policy_clean(values)
    missing = [name for name in ("group", "rule", *REQUIRED) if name not in clean]
    if missing:
        raise ValidationError({name: "Không được để trống." for name in missing})
    with transaction.atomic():
        if Policy.objects.filter(code=code).exists():
            raise ValidationError({"code": "Mã chính sách đã có."})
        policy = Policy.objects.create(code=code, version=1, **clean)
        _version(policy, acting_user=acting_user, note=note or "Tạo chính sách")
        entitlements_refresh(policy_codes=[policy.code])
        audit_record(acting_user=acting_user, action="policy.create", target=policy, after=policy_snapshot(policy))
    return policy


def policy_update(*, acting_user: User, code: str, note: str = "", **changes: Any) -> Policy:
    """Change a policy: new version, audit before/after, and recompute its entitlements when who qualifies changes."""
    _require(acting_user)
    clean = policy_clean(changes)
    with transaction.atomic():
        policy = Policy.objects.select_for_update().filter(code=code).first()
        if policy is None:
            raise PolicyNotAllowed
        before = policy_snapshot(policy)
        for name, value in clean.items():
            setattr(policy, name, value)
        changed_before, changed_after = audit_changes(before, policy_snapshot(policy))
        if not changed_after:
            return policy
        policy.version += 1
        policy.save()
        _version(policy, acting_user=acting_user, note=note)
        if any(name in changed_after for name in DECIDING):
            entitlements_refresh(policy_codes=[policy.code])
        audit_record(acting_user=acting_user, action="policy.update", target=policy,
                     before=changed_before, after={**changed_after, "version": policy.version})
    return policy


def policies_seed(*, acting_user: User | None = None) -> int:
    """Create the catalogue policies that are missing (by code); never touches existing ones. Returns the count."""
    created = 0
    with transaction.atomic():
        existing = set(Policy.objects.values_list("code", flat=True))
        for item in SEED:
            if item["code"] in existing:
                continue
            values = {k: v for k, v in item.items() if k != "code"}
            policy = Policy.objects.create(code=item["code"], version=1, **policy_clean(values))
            _version(policy, acting_user=acting_user, note="Khởi tạo danh mục theo đặc tả (mục 6)")
            created += 1
        if created:
            audit_record(acting_user=acting_user, action="policy.seed", object_type="policies.policy",
                         object_id="*", object_label="Danh mục chính sách", after={"created": created})
    return created


def _flags(values: Iterable[str], known: Mapping[str, str], what: str) -> str:
    flags = sorted(set(values))
    unknown = [f for f in flags if f not in known]
    if unknown:
        raise ValidationError(f"Không có đặc điểm {what}: {', '.join(unknown)}.")
    return ";".join(flags)


def household_circumstances_set(*, acting_user: User, household_id: int, flags: Iterable[str]) -> Household:
    """Record a household's circumstances (e.g. farming household) and recompute its entitlements."""
    joined = _flags(flags, HOUSEHOLD_FLAGS, "hộ")
    if not can(acting_user, "edit_households"):
        raise PolicyNotAllowed
    with transaction.atomic():
        household = access_household(acting_user, household_id)
        if household is None:
            raise PolicyNotAllowed
        row, _ = HouseholdCircumstance.objects.get_or_create(household=household)
        before = row.flags
        if before != joined:
            row.flags = joined
            row.save()
            entitlements_refresh(household_ids=[household.pk])
            audit_record(acting_user=acting_user, action="household.circumstances", target=household,
                         unit_path=household.unit_path, before={"flags": before}, after={"flags": joined})
    return household


def member_circumstances_set(*, acting_user: User, member_id: int, flags: Iterable[str]) -> Member:
    """Record a member's circumstances (disability, schooling…) and recompute the household's entitlements."""
    joined = _flags(flags, MEMBER_FLAGS, "thành viên")
    if not can(acting_user, "edit_households"):
        raise PolicyNotAllowed
    with transaction.atomic():
        member = Member.objects.filter(pk=member_id).only("id", "household_id").first()
        household = access_household(acting_user, member.household_id) if member else None
        if member is None or household is None:
            raise PolicyNotAllowed
        row, _ = MemberCircumstance.objects.get_or_create(member=member, defaults={"household": household})
        before = row.flags
        if before != joined:
            row.flags = joined
            row.save()
            entitlements_refresh(household_ids=[household.pk])
            audit_record(acting_user=acting_user, action="member.circumstances", target=member,
                         object_label=f"Thành viên #{member.pk} hộ {household.code}", unit_path=household.unit_path,
                         before={"flags": before}, after={"flags": joined})
    return member


def commune_designation_set(*, acting_user: User, commune_id: int, flag: str, present: bool,
                            note: str = "") -> None:
    """Mark or unmark a commune (e.g. poor commune) and recompute the entitlements of its households."""
    _require(acting_user)
    if flag not in COMMUNE_FLAGS:
        raise ValidationError(f"Không có diện xã: {flag}.")
    with transaction.atomic():
        commune = access_unit(acting_user, commune_id)
        if commune is None or commune.level != "commune":
            raise PolicyNotAllowed
        rows = CommuneDesignation.objects.filter(commune=commune, flag=flag)
        if rows.exists() == present:
            return
        if present:
            CommuneDesignation.objects.create(commune=commune, flag=flag, note=plain_text(note, limit=300))
        else:
            rows.delete()
        ids = list(Household.objects.filter(commune=commune).values_list("id", flat=True))
        entitlements_refresh(household_ids=ids)
        audit_record(acting_user=acting_user, action="commune.designation", target=commune,
                     unit_path=commune.path, before={flag: not present}, after={flag: present})
