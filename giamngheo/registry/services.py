"""Writes to the household registry: keyword-only, one transaction, one audit event each."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from giamngheo.accounts.access import access_unit, can
from giamngheo.accounts.models import User
from giamngheo.common.audit import audit_changes, audit_record, audit_snapshot
from giamngheo.common.crypto import identifier_digest, identifier_encrypt, identifier_mask, normalise_identifier
from giamngheo.common.text import fold, nfc
from giamngheo.geo.models import AdminUnit
from giamngheo.registry.access import access_household
from giamngheo.registry.models import Area, ClosedReason, Household, HouseholdMove
from giamngheo.registry.signals import households_changed

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


# ---------------------------------------------------------------------------------------------- transfer, close
#
# Who: whoever may edit households of the household's commune as a whole (its commune officials, the province
# admin) — not a village head, whose scope is one village. Where to: any current commune of the same province;
# a household leaving the province is struck off instead (reason "moved_away"), as the other province keeps
# its own register. The move is one step: the origin knows first (the household's registration moved), the
# destination sees the household at once and finds the move, with who made it, on the household's page.

TRANSFER_FIELDS = ("commune_id", "village_id", "unit_path")
CLOSE_FIELDS = ("closed_on", "closed_reason", "closed_note")


def household_transfer(
    *, acting_user: User, household_id: int, on: dt.date, reason: str, commune_id: int | None = None,
    village_id: int | None = None,
) -> HouseholdMove:
    """Move a household to another commune (and village) of the province from `on`; its past results stay put.

    Raises HouseholdNotFound outside the user's scope, PermissionDenied for a village-level account and
    ValidationError (Vietnamese message) for a refused move; nothing is written then.
    """
    reason = nfc(str(reason or "")).strip()
    if not reason:
        raise ValidationError("Cần ghi lý do chuyển hộ (ví dụ: theo quyết định chuyển hộ khẩu số …).")
    with transaction.atomic():
        household = _household_for_change(acting_user, household_id, "chuyển hộ")
        commune, village = _destination(commune_id, village_id)
        origin = household.commune
        if commune.pk == origin.pk:
            raise ValidationError(
                f"Hộ đã thuộc {origin.name}; chuyển thôn trong cùng xã là sửa thông tin hộ, không phải chuyển hộ."
            )
        if _province_of(commune) != _province_of(origin):
            raise ValidationError(
                f"{commune.name} thuộc tỉnh khác. Hộ chuyển đi tỉnh khác thì xóa tên khỏi sổ với lý do "
                f"“{ClosedReason.MOVED_AWAY.label}”; tỉnh nơi đến ghi hộ vào sổ của mình."
            )
        # The same lock an import confirmation takes on its commune, both communes in id order.
        list(AdminUnit.objects.select_for_update().filter(pk__in=[origin.pk, commune.pk]).order_by("pk"))
        household = _locked(household, Household.objects.select_related("commune", "village"))
        _check_open(household, "chuyển")
        _check_date(household, on, "chuyển")
        before = audit_snapshot(household, TRANSFER_FIELDS)
        move = HouseholdMove.objects.create(
            household=household, moved_on=on, from_commune=household.commune, from_village=household.village,
            to_commune=commune, to_village=village, reason=reason[:300], moved_by=_user(acting_user),
        )
        household.commune, household.village = commune, village
        household.unit_path = (village or commune).path
        household.search_key = household_search_key(household)
        household.record_digest = ""  # the next import compares field by field
        household.save()
        after = audit_snapshot(household, TRANSFER_FIELDS)
        audit_record(
            acting_user=acting_user, action="household.transfer", target=household, unit_path=before["unit_path"],
            before={**before, "commune": origin.name},
            after={**after, "commune": commune.name, "on": on.isoformat(), "reason": move.reason, "move_id": move.pk},
        )
        households_changed.send(sender=Household, household_ids=[household.pk])
    return move


def household_close(
    *, acting_user: User, household_id: int, on: dt.date, reason_kind: str, note: str = ""
) -> Household:
    """Strike a household off the register from `on` (xóa tên khỏi sổ): kept with its history, hidden from lists."""
    if reason_kind not in ClosedReason.values:
        choices = "; ".join(f"{value} ({label})" for value, label in ClosedReason.choices)
        raise ValidationError(f"Lý do xóa tên phải là một trong: {choices}.")
    note = nfc(str(note or "")).strip()
    if reason_kind in (ClosedReason.MERGED, ClosedReason.OTHER) and not note:
        raise ValidationError(
            "Cần ghi chú: nhập vào hộ nào (mã hộ, chủ hộ)." if reason_kind == ClosedReason.MERGED
            else "Cần ghi chú lý do xóa tên khỏi sổ."
        )
    with transaction.atomic():
        household = _household_for_change(acting_user, household_id, "xóa tên hộ khỏi sổ")
        household = _locked(household, Household.objects.all())
        _check_open(household, "xóa tên")
        _check_date(household, on, "xóa tên")
        before = audit_snapshot(household, CLOSE_FIELDS)
        household.closed_on, household.closed_reason, household.closed_note = on, reason_kind, note[:300]
        household.save(update_fields=[*CLOSE_FIELDS, "updated_at"])
        audit_record(
            acting_user=acting_user, action="household.close", target=household, unit_path=household.unit_path,
            before=before, after=audit_snapshot(household, CLOSE_FIELDS),
        )
        households_changed.send(sender=Household, household_ids=[household.pk])
    return household


def household_reopen(*, acting_user: User, household_id: int, reason: str) -> Household:
    """Restore a household struck off the register by mistake (or that came back), with the reason."""
    reason = nfc(str(reason or "")).strip()
    if not reason:
        raise ValidationError("Cần ghi lý do khôi phục tên hộ trong sổ.")
    with transaction.atomic():
        household = _household_for_change(acting_user, household_id, "khôi phục tên hộ trong sổ")
        household = _locked(household, Household.objects.all())
        if household.closed_on is None:
            raise ValidationError(f"Hộ {household.code} đang có tên trong sổ; không cần khôi phục.")
        before = audit_snapshot(household, CLOSE_FIELDS)
        household.closed_on, household.closed_reason, household.closed_note = None, "", ""
        household.save(update_fields=[*CLOSE_FIELDS, "updated_at"])
        audit_record(
            acting_user=acting_user, action="household.reopen", target=household, unit_path=household.unit_path,
            before=before, after={**audit_snapshot(household, CLOSE_FIELDS), "reason": reason[:300]},
        )
        households_changed.send(sender=Household, household_ids=[household.pk])
    return household


def _household_for_change(acting_user: User, household_id: int, what: str) -> Household:
    if not can(acting_user, "edit_households"):
        raise HouseholdNotFound
    household = access_household(acting_user, household_id)
    if household is None:
        raise HouseholdNotFound
    if access_unit(acting_user, household.commune_id) is None:
        raise PermissionDenied(f"Chỉ cán bộ xã hoặc tỉnh quản lý cả xã của hộ mới được {what}.")
    return household


def _locked(household: Household, rows: Any) -> Household:
    """The household re-read under its row lock; refused if someone moved it since the scope was checked."""
    locked = rows.select_for_update(of=("self",)).get(pk=household.pk)
    if locked.commune_id != household.commune_id:
        raise ValidationError(f"Hộ {household.code} vừa được người khác chuyển sang xã khác; hãy tải lại trang.")
    return locked


def _destination(commune_id: int | None, village_id: int | None) -> tuple[AdminUnit, AdminUnit | None]:
    if commune_id is None and village_id is None:
        raise ValidationError("Cần chọn xã (hoặc thôn) chuyển đến.")
    village = None
    if village_id is not None:
        village = AdminUnit.objects.select_related("parent").filter(pk=village_id, level="village").first()
        if village is None:
            raise ValidationError("Không tìm thấy thôn chuyển đến.")
        if village.valid_to is not None:
            raise ValidationError(f"{village.name} đã hết hiệu lực từ {village.valid_to:%d/%m/%Y}; hãy chọn thôn khác.")
        if commune_id is not None and village.parent_id != commune_id:
            raise ValidationError(f"{village.name} không thuộc xã chuyển đến đã chọn.")
        commune_id = village.parent_id
    commune = AdminUnit.objects.filter(pk=commune_id, level="commune").first()
    if commune is None:
        raise ValidationError("Không tìm thấy xã chuyển đến.")
    if commune.valid_to is not None:
        raise ValidationError(
            f"{commune.name} đã hết hiệu lực từ {commune.valid_to:%d/%m/%Y} (sắp xếp đơn vị hành chính); "
            "hãy chọn xã hiện nay."
        )
    return commune, village


def _province_of(unit: AdminUnit) -> str:
    return unit.path.strip("/").split("/")[0]


def _check_open(household: Household, what: str) -> None:
    if household.closed_on is not None:
        raise ValidationError(
            f"Hộ {household.code} đã được xóa tên khỏi sổ từ ngày {household.closed_on:%d/%m/%Y}; "
            f"không {what} được nữa."
        )


def _check_date(household: Household, on: dt.date, what: str) -> None:
    if not isinstance(on, dt.date):
        raise ValidationError(f"Cần ngày {what} hợp lệ.")
    today = timezone.localdate()
    if on > today:
        raise ValidationError(f"Ngày {what} ({on:%d/%m/%Y}) chưa đến; không ghi trước được.")
    latest = household.assessments.aggregate(on=Max("assessed_on"))["on"]
    if latest is not None and on < latest:
        raise ValidationError(
            f"Ngày {what} ({on:%d/%m/%Y}) sớm hơn kết quả rà soát gần nhất của hộ ({latest:%d/%m/%Y}); "
            f"ngày {what} phải từ ngày ấy trở đi."
        )
    moved = household.moves.aggregate(on=Max("moved_on"))["on"]
    if moved is not None and on < moved:
        raise ValidationError(
            f"Ngày {what} ({on:%d/%m/%Y}) sớm hơn lần chuyển hộ gần nhất ({moved:%d/%m/%Y})."
        )


def _user(acting_user: Any) -> Any:
    return acting_user if getattr(acting_user, "is_authenticated", False) else None
