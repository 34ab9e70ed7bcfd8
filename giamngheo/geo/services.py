"""Writes to administrative units: the national load from `vietnamadminunits`, and villages under communes."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Concat

from giamngheo.common.audit import audit_record, audit_snapshot
from giamngheo.common.text import fold, nfc
from giamngheo.geo.dataset import SuccessionRecord, UnitRecord, dataset_for_provinces
from giamngheo.geo.models import REFORM_2025, AdminUnit, UnitLevel, UnitSuccession
from giamngheo.geo.selectors import unit_counts

# (valid_from, valid_to) of the two eras the package describes.
ERAS: dict[str, tuple[Any, Any]] = {"current": (REFORM_2025, None), "legacy": (None, REFORM_2025)}
ERA_LABELS = {"current": "hiện hành", "legacy": "đã hết hiệu lực"}
LEVELS = (UnitLevel.PROVINCE, UnitLevel.DISTRICT, UnitLevel.COMMUNE)
PARENT_LEVEL = {
    ("current", UnitLevel.COMMUNE): UnitLevel.PROVINCE,
    ("legacy", UnitLevel.DISTRICT): UnitLevel.PROVINCE,
    ("legacy", UnitLevel.COMMUNE): UnitLevel.DISTRICT,
}
VILLAGE_TYPES = ("Tổ dân phố", "Khu phố", "Thôn", "Xóm", "Bản", "Buôn", "Plei", "Làng", "Ấp", "Sóc", "Khóm", "Tổ")
VILLAGE_NAME_MAX = 120


@dataclass(frozen=True)
class UnitsLoadReport:
    """What one load created, and what the database holds afterwards, by kind ("commune", "legacy_commune", …)."""

    created: dict[str, int]
    totals: dict[str, int]

    @property
    def changed(self) -> bool:
        return any(self.created.values())


def units_load(
    *, provinces: Collection[str] | None = None, acting_user: Any = None,
    progress: Callable[[str], None] | None = None,
) -> UnitsLoadReport:
    """Create the units of both eras and their successions that the database lacks; never change existing rows.

    `provinces` limits the load to today's provinces with these codes (and the old provinces merged into them).
    All or nothing: one transaction, one audit event when anything was created.
    """
    say = progress or (lambda _message: None)
    data = dataset_for_provinces(provinces)
    created: dict[str, int] = {}
    with transaction.atomic():
        ids: dict[str, dict[tuple[str, str], int]] = {}
        for era, records in (("current", data.current), ("legacy", data.legacy)):
            ids[era] = _units_of_era(era)
            for level in LEVELS:
                todo = [r for r in records if r.level == level and (level, r.code) not in ids[era]]
                if todo:
                    say(f"Tạo {len(todo)} đơn vị cấp {UnitLevel(level).label} {ERA_LABELS[era]}…")
                    _units_create(todo, era=era, parent_ids=ids[era])
                    ids[era] = _units_of_era(era)
                if any(r.level == level for r in records):
                    created[str(level) if era == "current" else f"legacy_{level}"] = len(todo)
        created["succession"] = _successions_create(data.successions, ids["legacy"], ids["current"])
        if any(created.values()):
            audit_record(
                acting_user=acting_user, action="geo.units_load", object_type="geo.adminunit",
                object_label="Nạp đơn vị hành chính từ vietnamadminunits", after=created,
            )
    report = UnitsLoadReport(created=created, totals=unit_counts())
    say("Đã có sẵn đầy đủ đơn vị hành chính." if not report.changed else "Đã nạp đơn vị hành chính.")
    return report


def _era_filter(era: str) -> Q:
    valid_from, valid_to = ERAS[era]
    return Q(valid_from=valid_from) if valid_from else Q(valid_from__isnull=True, valid_to=valid_to)


def _units_of_era(era: str) -> dict[tuple[str, str], int]:
    rows = AdminUnit.objects.filter(_era_filter(era), level__in=LEVELS).values_list("level", "code", "id")
    return {(level, code): pk for level, code, pk in rows}


def _units_create(records: list[UnitRecord], *, era: str, parent_ids: dict[tuple[str, str], int]) -> None:
    valid_from, valid_to = ERAS[era]
    level = records[0].level
    parent_level = PARENT_LEVEL.get((era, level))
    AdminUnit.objects.bulk_create(
        [
            AdminUnit(
                level=r.level, code=r.code, name=r.name, short_name=r.short_name, unit_type=r.unit_type,
                parent_id=parent_ids[(parent_level, r.parent_code)] if parent_level else None,
                valid_from=valid_from, valid_to=valid_to, latitude=r.latitude, longitude=r.longitude,
                search_key=fold(r.name), path="",
            )
            for r in records
        ],
        batch_size=2000,
    )
    # Ids exist only after the insert; one UPDATE per level writes every path from its parent's.
    _paths_fill(AdminUnit.objects.filter(_era_filter(era), level=level, path=""), top=parent_level is None)


def _paths_fill(units: QuerySet[AdminUnit], *, top: bool = False) -> None:
    """Set path = parent's path + own id for units whose parents already have theirs."""
    prefix = Value("/") if top else Subquery(AdminUnit.objects.filter(pk=OuterRef("parent_id")).values("path")[:1])
    units.update(path=Concat(prefix, Cast("id", CharField()), Value("/"), output_field=CharField()))


def _successions_create(
    links: Iterable[SuccessionRecord], old: dict[tuple[str, str], int], new: dict[tuple[str, str], int]
) -> int:
    pairs = [
        (old[(s.predecessor_level, s.predecessor_code)], new[(s.successor_level, s.successor_code)], s.is_default)
        for s in links
    ]
    existing = set(UnitSuccession.objects.filter(effective=REFORM_2025).values_list("predecessor_id", "successor_id"))
    todo = [
        UnitSuccession(predecessor_id=p, successor_id=s, is_default=d, effective=REFORM_2025)
        for p, s, d in pairs if (p, s) not in existing
    ]
    UnitSuccession.objects.bulk_create(todo, batch_size=2000)
    return len(todo)


def village_name_clean(name: str) -> str:
    """Return the name as stored (NFC, single spaces) or raise a ValidationError saying what is wrong."""
    clean = " ".join(nfc(str(name)).split())
    if not clean:
        raise ValidationError({"name": "Tên thôn/tổ dân phố không được để trống."})
    if len(clean) > VILLAGE_NAME_MAX:
        raise ValidationError({"name": f"Tên thôn/tổ dân phố dài quá {VILLAGE_NAME_MAX} ký tự."})
    if any(unicodedata.category(c) in ("Cc", "Cf", "Co", "Cs") for c in clean):
        raise ValidationError({"name": "Tên thôn/tổ dân phố chứa ký tự không hợp lệ."})
    return clean


def _village(commune: AdminUnit, name: str, number: int) -> AdminUnit:
    """Build (not save) a village; villages have no national code, so theirs is the commune's plus a number."""
    unit_type = next((t for t in VILLAGE_TYPES if fold(name).startswith(fold(t) + " ")), "")
    short_name = name[len(unit_type):].strip() or name
    return AdminUnit(
        level=UnitLevel.VILLAGE, code=f"{commune.code}-{number:02d}", name=name, short_name=short_name[:100],
        unit_type=unit_type, parent=commune, search_key=fold(name), path="",
    )


def _commune_check(commune: AdminUnit) -> None:
    if commune.level != UnitLevel.COMMUNE:
        raise ValidationError({"commune_id": "Thôn, tổ dân phố phải thuộc một xã, phường hoặc đặc khu."})
    if not commune.is_current:
        raise ValidationError(
            {"commune_id": f"{commune.name} đã hết hiệu lực từ {commune.valid_to:%d/%m/%Y}; hãy chọn đơn vị hiện hành."}
        )


def village_add(*, acting_user: Any, commune_id: int, name: str, communes: QuerySet[AdminUnit]) -> AdminUnit:
    """Create a village (thôn, tổ dân phố) under a current commune picked from `communes`; audit it.

    `communes` is the caller's door to units (the user's scope), so a commune outside it looks missing.
    """
    clean = village_name_clean(name)
    with transaction.atomic():
        # Locking the commune serialises two clerks adding the same village at once.
        commune = communes.select_for_update().filter(pk=commune_id).first()
        if commune is None:  # missing and out of scope look the same
            raise ValidationError({"commune_id": "Không tìm thấy xã/phường này trong phạm vi của tài khoản."})
        _commune_check(commune)
        twin = commune.children.filter(level=UnitLevel.VILLAGE, search_key=fold(clean)).first()
        if twin is not None:
            raise ValidationError({"name": f"{commune.name} đã có «{twin.name}»."})
        village = _village(commune, clean, commune.children.filter(level=UnitLevel.VILLAGE).count() + 1)
        village.save()
        village.path = f"{commune.path}{village.pk}/"
        village.save(update_fields=["path"])
        audit_record(
            acting_user=acting_user, action="geo.village_create", target=village, unit_path=commune.path,
            after=audit_snapshot(village, ["level", "name", "unit_type", "parent_id", "path"]),
        )
    return village


def villages_bulk_create(*, commune: AdminUnit, names: Iterable[str], acting_user: Any = None) -> list[AdminUnit]:
    """Return the commune's villages with these names in order, creating the missing ones; one audit event.

    For seeding and imports: no permission check here, so a caller acting for a user checks access first and
    passes `acting_user` for the audit log (None records "hệ thống").
    """
    _commune_check(commune)
    wanted: dict[str, str] = {}
    for name in names:
        clean = village_name_clean(name)
        wanted.setdefault(fold(clean), clean)
    with transaction.atomic():
        AdminUnit.objects.select_for_update().filter(pk=commune.pk).first()  # one seeder per commune at a time
        have = {v.search_key: v for v in commune.children.filter(level=UnitLevel.VILLAGE)}
        missing = [name for key, name in wanted.items() if key not in have]
        todo = [_village(commune, name, len(have) + i) for i, name in enumerate(missing, start=1)]
        if todo:
            AdminUnit.objects.bulk_create(todo)
            _paths_fill(commune.children.filter(level=UnitLevel.VILLAGE, path=""))
            audit_record(
                acting_user=acting_user, action="geo.villages_bulk_create", target=commune, unit_path=commune.path,
                after={"names": [v.name for v in todo]},
            )
            have = {v.search_key: v for v in commune.children.filter(level=UnitLevel.VILLAGE)}
    return [have[key] for key in wanted]
