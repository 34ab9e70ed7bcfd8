from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from giamngheo.geo.models import AdminUnit


class Role(models.TextChoices):
    PROVINCE_ADMIN = "province_admin", "Quản trị cấp tỉnh"
    COMMUNE_OFFICIAL = "commune_official", "Cán bộ cấp xã"
    VILLAGE_HEAD = "village_head", "Trưởng thôn/Tổ trưởng"
    EDITOR = "editor", "Biên tập viên"
    BROADCASTER = "broadcaster", "Phát thanh viên"
    TRAINER = "trainer", "Giảng viên"
    AUDITOR = "auditor", "Kiểm tra (chỉ xem)"


# What each role may do; checked by `giamngheo.accounts.access.can`.
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.PROVINCE_ADMIN: frozenset(
        {"view_households", "edit_households", "run_review", "manage_units", "manage_accounts", "view_audit",
         "manage_policies", "manage_targets", "edit_content", "broadcast", "manage_training"}
    ),
    Role.COMMUNE_OFFICIAL: frozenset({"view_households", "edit_households", "run_review", "manage_units"}),
    Role.VILLAGE_HEAD: frozenset({"view_households", "edit_households"}),
    Role.EDITOR: frozenset({"edit_content"}),
    Role.BROADCASTER: frozenset({"broadcast"}),
    Role.TRAINER: frozenset({"manage_training"}),
    Role.AUDITOR: frozenset({"view_households", "view_audit"}),
}


class User(AbstractUser):
    role = models.CharField("vai trò", max_length=32, choices=Role.choices, blank=True)
    phone = models.CharField("điện thoại", max_length=20, blank=True)
    units = models.ManyToManyField(
        AdminUnit, through="UnitScope", related_name="staff", blank=True, verbose_name="phạm vi"
    )

    class Meta:
        verbose_name = "tài khoản"
        verbose_name_plural = "tài khoản"

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class UnitScope(models.Model):
    """A staff account may see and act on this unit and everything under it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="scopes")
    unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="scopes")
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "phạm vi"
        verbose_name_plural = "phạm vi"
        constraints = [models.UniqueConstraint(fields=["user", "unit"], name="accounts_scope_unique")]

    def __str__(self) -> str:
        return f"{self.user} → {self.unit}"
