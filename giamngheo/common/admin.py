"""The audit log in the admin: readable and searchable, never editable (the database refuses it too)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from giamngheo.common.models import AuditEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    """Show rows without letting anyone add, change or delete them: writes go through audited services."""

    actions = None

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor_label", "action", "object_type", "object_id", "object_label", "channel", "ip")
    list_filter = ("action", "object_type", "channel")
    search_fields = ("actor_label", "object_id", "object_label", "unit_path")
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEvent._meta.fields]
