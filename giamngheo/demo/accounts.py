"""Demo accounts, one per role, scoped to the demo's units; created once, their logins printed every run."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from giamngheo.accounts.models import Role, UnitScope, User
from giamngheo.common.audit import audit_record
from giamngheo.demo.territory import PROVINCE_CODE
from giamngheo.geo.models import AdminUnit, UnitLevel

DEMO_PASSWORD = "demo-camxuyen-2026"
DEMO_VILLAGE = ("18673", "Thôn Trung Hòa")  # a village of xã Cẩm Xuyên (ex-xã Cẩm Quang)


@dataclass(frozen=True)
class AccountPlan:
    username: str
    role: str  # "" for the superuser
    full_name: str
    scope: str  # "province", "commune:<code>", "village", or "" (superuser: everything)
    description: str


ACCOUNTS = (
    AccountPlan("admin", "", "Quản trị hệ thống", "", "Quản trị hệ thống: toàn quyền, mọi đơn vị"),
    AccountPlan("tinh.hatinh", Role.PROVINCE_ADMIN, "Nguyễn Văn Hùng", "province",
                "Quản trị cấp tỉnh, Sở Nông nghiệp và Môi trường Hà Tĩnh"),
    AccountPlan("xa.camxuyen", Role.COMMUNE_OFFICIAL, "Trần Thị Hương", "commune:18673",
                "Cán bộ giảm nghèo xã Cẩm Xuyên"),
    AccountPlan("xa.thiencam", Role.COMMUNE_OFFICIAL, "Lê Văn Dũng", "commune:18676",
                "Cán bộ giảm nghèo xã Thiên Cầm"),
    AccountPlan("thon.trunghoa", Role.VILLAGE_HEAD, "Phan Văn Thắng", "village",
                "Trưởng thôn Trung Hòa, xã Cẩm Xuyên"),
    AccountPlan("bientap", Role.EDITOR, "Võ Thị Lan", "commune:18673",
                "Biên tập viên nội dung truyền thông, xã Cẩm Xuyên"),
    AccountPlan("phatthanh", Role.BROADCASTER, "Đặng Văn Long", "commune:18673",
                "Phát thanh viên đài truyền thanh xã Cẩm Xuyên"),
    AccountPlan("giangvien", Role.TRAINER, "Hoàng Thị Mai", "province",
                "Giảng viên tập huấn cán bộ rà soát, tỉnh Hà Tĩnh"),
    AccountPlan("kiemtra", Role.AUDITOR, "Dương Văn Tâm", "province",
                "Kiểm tra, giám sát (chỉ xem), tỉnh Hà Tĩnh"),
)


@dataclass(frozen=True)
class AccountLogin:
    username: str
    password: str  # "" when the account already existed with a password changed since
    description: str


def demo_accounts_ensure() -> list[AccountLogin]:
    """Create the demo accounts and scopes that are missing; never change an existing account's password."""
    units = _scope_units()
    logins: list[AccountLogin] = []
    with transaction.atomic():
        for plan in ACCOUNTS:
            user = User.objects.filter(username=plan.username).first()
            if user is None:
                user = _account_create(plan)
                password = DEMO_PASSWORD
            else:
                password = DEMO_PASSWORD if user.check_password(DEMO_PASSWORD) else ""
            unit = units[plan.scope] if plan.scope else None
            if unit is not None and not UnitScope.objects.filter(user=user, unit=unit).exists():
                UnitScope.objects.create(user=user, unit=unit)
                audit_record(acting_user=None, action="accounts.scope_grant", target=user, unit_path=unit.path,
                             after={"unit_id": unit.pk, "unit": unit.name})
            logins.append(AccountLogin(plan.username, password, plan.description))
    return logins


def _account_create(plan: AccountPlan) -> User:
    last_name, first_name = plan.full_name.rsplit(" ", 1) if " " in plan.full_name else ("", plan.full_name)
    user = User(username=plan.username, role=plan.role, first_name=first_name, last_name=last_name,
                is_staff=not plan.role, is_superuser=not plan.role)
    user.set_password(DEMO_PASSWORD)
    user.save()
    audit_record(acting_user=None, action="accounts.user_create", target=user,
                 after={"username": user.username, "role": user.role or "superuser", "demo": True})
    return user


def _scope_units() -> dict[str, AdminUnit]:
    province = AdminUnit.objects.get(level=UnitLevel.PROVINCE, code=PROVINCE_CODE, valid_to__isnull=True)
    units = {"province": province}
    for plan in ACCOUNTS:
        if plan.scope.startswith("commune:"):
            code = plan.scope.split(":", 1)[1]
            units[plan.scope] = AdminUnit.objects.get(level=UnitLevel.COMMUNE, code=code, valid_to__isnull=True)
    commune_code, village_name = DEMO_VILLAGE
    units["village"] = AdminUnit.objects.get(
        level=UnitLevel.VILLAGE, parent=units[f"commune:{commune_code}"], name=village_name
    )
    return units
