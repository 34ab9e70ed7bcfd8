from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from giamngheo.accounts.access import access_unit, units_visible_to

router = Router(tags=["Đơn vị hành chính"])


class UnitOut(Schema):
    id: int
    code: str
    name: str
    level: str
    parent_id: int | None
    valid_from: str | None
    valid_to: str | None


def _unit_out(unit) -> UnitOut:  # type: ignore[no-untyped-def]
    return UnitOut(
        id=unit.id, code=unit.code, name=unit.name, level=unit.level, parent_id=unit.parent_id,
        valid_from=unit.valid_from.isoformat() if unit.valid_from else None,
        valid_to=unit.valid_to.isoformat() if unit.valid_to else None,
    )


@router.get("", response=list[UnitOut], summary="Đơn vị hành chính trong phạm vi của tài khoản")
def unit_list(request: HttpRequest, level: str | None = None, parent: int | None = None, current: bool = True):
    units = units_visible_to(request.user).order_by("code", "name")
    if level:
        units = units.filter(level=level)
    if parent is not None:
        units = units.filter(parent_id=parent)
    if current:
        units = units.filter(valid_to__isnull=True)
    return [_unit_out(u) for u in units[:5000]]


@router.get("/{unit_id}", response=UnitOut, summary="Một đơn vị hành chính")
def unit_get(request: HttpRequest, unit_id: int):
    unit = access_unit(request.user, unit_id)
    if unit is None:
        raise HttpError(404, "Không tìm thấy đơn vị.")
    return _unit_out(unit)
