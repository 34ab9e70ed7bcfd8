from __future__ import annotations

from django.db.models import QuerySet

from giamngheo.accounts.access import can, path_filter, scope_paths
from giamngheo.accounts.models import User
from giamngheo.common.models import AuditEvent


def audit_event_list(
    user: User, *, action: str | None = None, object_type: str | None = None, object_id: str | None = None,
    actor: str | None = None,
) -> QuerySet[AuditEvent]:
    """Audit events about the user's units, newest first; nothing for accounts that may not read the log."""
    if not can(user, "view_audit"):
        return AuditEvent.objects.none()
    events = AuditEvent.objects.filter(path_filter(scope_paths(user), "unit_path"))
    if action:
        events = events.filter(action=action)
    if object_type:
        events = events.filter(object_type=object_type)
    if object_id:
        events = events.filter(object_id=object_id)
    if actor:
        events = events.filter(actor_label=actor)
    return events.order_by("-at", "-id")
