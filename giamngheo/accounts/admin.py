"""Staff accounts and their unit scopes in the admin; every change of scopes is written to the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest

from giamngheo.accounts.models import UnitScope, User
from giamngheo.common.audit import audit_record


class UnitScopeInline(admin.TabularInline):
    model = UnitScope
    extra = 1
    autocomplete_fields = ("unit",)
    readonly_fields = ("granted_at",)
    verbose_name = "phạm vi (đơn vị và mọi đơn vị trực thuộc)"
    verbose_name_plural = "phạm vi"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "get_full_name", "role", "is_active", "is_staff", "last_login")
    list_filter = ("role", "is_active", "is_staff", "is_superuser")
    search_fields = ("username", "first_name", "last_name", "email", "phone")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("Vai trò", {"fields": ("role", "phone")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        ("Vai trò", {"fields": ("role", "phone")}),
    )
    inlines = [UnitScopeInline]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Save the scopes, then record the change of scopes in the audit log (same transaction as the admin)."""
        user = form.instance
        before = sorted(user.scopes.values_list("unit__path", flat=True)) if change else []
        super().save_related(request, form, formsets, change)
        after = sorted(user.scopes.values_list("unit__path", flat=True))
        if before != after:
            audit_record(
                acting_user=request.user, action="accounts.scopes_change", target=user,
                before={"scopes": before}, after={"scopes": after},
            )


@admin.register(UnitScope)
class UnitScopeAdmin(admin.ModelAdmin):
    list_display = ("user", "unit", "granted_at")
    list_select_related = ("user", "unit")
    search_fields = ("user__username", "unit__name", "unit__code")
    readonly_fields = ("user", "unit", "granted_at")
    actions = None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # scopes are granted on the account's page, where the change is audited

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
