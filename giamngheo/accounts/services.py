"""Staff actions on administrative units, taken through the account's scope."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from giamngheo.accounts.access import can, units_visible_to
from giamngheo.accounts.models import User
from giamngheo.geo.models import AdminUnit
from giamngheo.geo.services import village_add


def village_create(*, acting_user: User, commune_id: int, name: str) -> AdminUnit:
    """Create a village under a current commune the user manages; audited by the geo service."""
    if not can(acting_user, "manage_units"):
        raise PermissionDenied("Tài khoản không có quyền quản lý đơn vị hành chính.")
    return village_add(
        acting_user=acting_user, commune_id=commune_id, name=name, communes=units_visible_to(acting_user)
    )
