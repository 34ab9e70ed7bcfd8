"""Administrative units in the admin: searchable without accents, never editable (they come from the loader)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from giamngheo.common.admin import ReadOnlyAdmin
from giamngheo.common.text import fold
from giamngheo.geo.models import AdminUnit, UnitSuccession


class InForceFilter(admin.SimpleListFilter):
    title = "hiệu lực"
    parameter_name = "hieu_luc"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("hien_hanh", "Hiện hành"), ("truoc_2025", "Trước 01/07/2025")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[AdminUnit]) -> QuerySet[AdminUnit]:
        if self.value() == "hien_hanh":
            return queryset.filter(valid_to__isnull=True)
        if self.value() == "truoc_2025":
            return queryset.filter(valid_to__isnull=False)
        return queryset


@admin.register(AdminUnit)
class AdminUnitAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "level", "parent", "valid_from", "valid_to")
    list_filter = ("level", InForceFilter)
    list_select_related = ("parent",)
    search_fields = ("code", "search_key")
    ordering = ("level", "code")
    show_full_result_count = False
    fields = (
        "level", "code", "name", "short_name", "unit_type", "parent", "path", "valid_from", "valid_to",
        "latitude", "longitude", "search_key",
    )
    readonly_fields = fields

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[AdminUnit], search_term: str
    ) -> tuple[QuerySet[AdminUnit], bool]:
        """Match "cam xuyen", "Cẩm Xuyên" and "18673" alike; pickers offer only units in force today."""
        if request.path.endswith("/autocomplete/"):
            queryset = queryset.filter(valid_to__isnull=True)
        key = fold(search_term)
        if not key:
            return queryset, False
        return queryset.filter(Q(search_key__contains=key) | Q(code=search_term.strip())), False


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(ReadOnlyAdmin):
    list_display = ("predecessor", "successor", "effective", "is_default")
    list_filter = ("is_default", "effective", "predecessor__level")
    list_select_related = ("predecessor", "successor")
    search_fields = ("predecessor__search_key", "successor__search_key", "predecessor__code", "successor__code")
    readonly_fields = ("predecessor", "successor", "effective", "is_default")

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[UnitSuccession], search_term: str
    ) -> tuple[QuerySet[UnitSuccession], bool]:
        key, code = fold(search_term), search_term.strip()
        if not key:
            return queryset, False
        return queryset.filter(
            Q(predecessor__search_key__contains=key) | Q(successor__search_key__contains=key)
            | Q(predecessor__code=code) | Q(successor__code=code)
        ), False
