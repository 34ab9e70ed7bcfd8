"""Admin: Phiếu A stays editable (its criteria are unverified data); issued documents and rounds are read-only."""

from __future__ import annotations

from django.contrib import admin

from giamngheo.common.admin import ReadOnlyAdmin
from giamngheo.review.models import IssuedDocument, ReviewRound, ScreeningChecklist


@admin.register(ScreeningChecklist)
class ScreeningChecklistAdmin(admin.ModelAdmin):
    list_display = ("title", "stop_threshold", "active")



@admin.register(ReviewRound)
class ReviewRoundAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "standard_id", "state", "started_on", "decided_on")
    list_filter = ("kind", "state", "year")


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(ReadOnlyAdmin):
    list_display = ("number_text", "kind", "title", "issued_on", "agency")
    list_filter = ("kind", "year")
    exclude = ("pdf",)
