"""Read-only admin views: policies are edited on the staff pages (/chinh-sach/), which version and audit."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from giamngheo.policies.models import (
    CommuneDesignation,
    Entitlement,
    HouseholdCircumstance,
    LookupLog,
    MemberCircumstance,
    Policy,
    PolicyVersion,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class VersionInline(admin.TabularInline):
    model = PolicyVersion
    extra = 0
    can_delete = False
    fields = ("version", "changed_at", "changed_by", "note")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Policy)
class PolicyAdmin(ReadOnlyAdmin):
    list_display = ("name", "code", "group", "agency", "version", "amount_verified", "active", "public")
    list_filter = ("group", "amount_verified", "active", "public")
    search_fields = ("code", "name", "agency", "legal_basis")
    inlines = [VersionInline]


@admin.register(Entitlement)
class EntitlementAdmin(ReadOnlyAdmin):
    list_display = ("household", "policy", "scenario", "commune", "category", "assessment_year", "policy_version")
    list_filter = ("scenario", "policy", "category")
    raw_id_fields = ("household", "commune")
    list_select_related = ("household", "policy", "commune")


@admin.register(LookupLog)
class LookupLogAdmin(ReadOnlyAdmin):
    list_display = ("at", "outcome", "channel", "household", "ip")
    list_filter = ("outcome", "channel")
    raw_id_fields = ("household",)
    date_hierarchy = "at"


@admin.register(CommuneDesignation)
class CommuneDesignationAdmin(ReadOnlyAdmin):
    list_display = ("commune", "flag", "note")
    list_filter = ("flag",)
    raw_id_fields = ("commune",)


@admin.register(HouseholdCircumstance)
class HouseholdCircumstanceAdmin(ReadOnlyAdmin):
    list_display = ("household", "flags", "updated_at")
    raw_id_fields = ("household",)


@admin.register(MemberCircumstance)
class MemberCircumstanceAdmin(ReadOnlyAdmin):
    list_display = ("member", "household", "flags", "updated_at")
    raw_id_fields = ("member", "household")
