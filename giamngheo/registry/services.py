"""Writes to the household registry: keyword-only, one transaction, one audit event each."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from giamngheo.accounts.access import can
from giamngheo.accounts.models import User
from giamngheo.common.audit import audit_changes, audit_record, audit_snapshot
from giamngheo.common.crypto import identifier_digest, identifier_encrypt, identifier_mask, normalise_identifier
from giamngheo.common.text import fold, nfc
from giamngheo.geo.models import AdminUnit
from giamngheo.registry.access import access_household
from giamngheo.registry.models import Area, Household

EDITABLE_FIELDS = ("head_name", "address", "area", "village_id")


class HouseholdNotFound(Exception):
    """The household does not exist or lies outside the user's scope (callers cannot tell which)."""


def household_search_key(household: Household) -> str:
    village = household.village.name if household.village_id and household.village else ""
    return fold(f"{household.code} {household.head_name} {village} {household.address}")


def member_identity_fields(id_number: str) -> dict[str, str]:
    """Return the stored form of an identity number: cipher, lookup digest and masked display."""
    clean = normalise_identifier(id_number or "")
    if not clean:
        return {"id_number_cipher": "", "id_number_digest": "", "id_number_masked": ""}
    return {
        "id_number_cipher": identifier_encrypt(clean),
        "id_number_digest": identifier_digest(clean),
        "id_number_masked": identifier_mask(clean),
    }


def household_update(*, acting_user: User, household_id: int, **changes: Any) -> Household:
    """Change a household's editable fields; record before/after in the audit log."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"Không sửa được trường: {', '.join(sorted(unknown))}.")
    if not can(acting_user, "edit_households"):
        raise HouseholdNotFound
    with transaction.atomic():
        household = access_household(acting_user, household_id)
        if household is None:
            raise HouseholdNotFound
        household = Household.objects.select_for_update().get(pk=household.pk)
        before = audit_snapshot(household, EDITABLE_FIELDS)
        if "head_name" in changes:
            name = nfc(str(changes["head_name"])).strip()
            if not name:
                raise ValidationError({"head_name": "Tên chủ hộ không được để trống."})
            household.head_name = name[:120]
        if "address" in changes:
            household.address = nfc(str(changes["address"])).strip()[:200]
        if "area" in changes:
            if changes["area"] not in Area.values:
                raise ValidationError({"area": "Khu vực phải là nông thôn (rural) hoặc thành thị (urban)."})
            household.area = changes["area"]
        if "village_id" in changes:
            household.village = _village_in_commune(changes["village_id"], household.commune)
            household.unit_path = (household.village or household.commune).path
        household.search_key = household_search_key(household)
        # The next import compares this household field by field instead of trusting its last import's digest.
        household.record_digest = ""
        household.save()
        changed_before, changed_after = audit_changes(before, audit_snapshot(household, EDITABLE_FIELDS))
        if changed_after:
            audit_record(
                acting_user=acting_user, action="household.update", target=household,
                unit_path=household.unit_path, before=changed_before, after=changed_after,
            )
    return household


def _village_in_commune(village_id: int | None, commune: AdminUnit) -> AdminUnit | None:
    if village_id is None:
        return None
    village = AdminUnit.objects.filter(pk=village_id, parent=commune, level="village").first()
    if village is None:
        raise ValidationError({"village_id": "Thôn không thuộc xã của hộ."})
    return village
