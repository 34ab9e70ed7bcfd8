"""Read-only views of the registry: every change to household data goes through audited services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from giamngheo.common.admin import ReadOnlyAdmin
from giamngheo.registry.models import Household, HouseholdAssessment, ImportBatch, Member


class MemberInline(admin.TabularInline):
    model = Member
    extra = 0
    can_delete = False
    readonly_fields = ("full_name", "birth_year", "sex", "ethnicity", "relation")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Household)
class HouseholdAdmin(ReadOnlyAdmin):
    list_display = ("code", "head_name", "commune", "village", "area", "is_synthetic")
    list_filter = ("area", "is_synthetic")
    search_fields = ("code", "search_key")
    raw_id_fields = ("commune", "village")
    inlines = [MemberInline]


@admin.register(HouseholdAssessment)
class HouseholdAssessmentAdmin(ReadOnlyAdmin):
    list_display = ("household", "year", "standard_id", "category", "income_per_capita", "deprivation_count")
    list_filter = ("year", "standard_id", "category")
    search_fields = ("household__code",)
    raw_id_fields = ("household", "commune")


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    list_display = ("id", "commune", "year", "standard_id", "file_name", "status", "maker", "checker", "created_at")
    list_filter = ("status", "year", "standard_id")
    search_fields = ("file_name", "file_digest")
    raw_id_fields = ("commune", "maker", "checker")
    exclude = ("staged_content", "staged_members")
