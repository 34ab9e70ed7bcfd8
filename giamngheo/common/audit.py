"""Record changes to protected data in the same transaction as the change itself."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models, transaction

from giamngheo.common.models import AuditEvent
from giamngheo.common.request_context import current_origin


def audit_snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """Return the JSON-safe values of a model instance's concrete fields (foreign keys by id)."""
    names = list(fields) if fields is not None else [
        f.attname for f in instance._meta.concrete_fields if f.name != "id"
    ]
    return {name: _json_value(getattr(instance, name)) for name in names}


def audit_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Keep only the keys whose values differ."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def audit_record(
    *,
    acting_user: Any,
    action: str,
    target: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_label: str = "",
    unit_path: str = "",
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Insert one audit event; must run inside the transaction that makes the change."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the transaction that makes the change")
    origin = current_origin()
    user = acting_user if getattr(acting_user, "is_authenticated", False) else None
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or str(target.pk)
        object_label = object_label or str(target)[:200]
    return AuditEvent.objects.create(
        actor=user,
        actor_label=getattr(user, "username", "") or "hệ thống",
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_label=object_label[:200],
        unit_path=unit_path,
        before=dict(before) if before is not None else None,
        after=dict(after) if after is not None else None,
        ip=origin.ip,
        user_agent=origin.user_agent,
        channel=origin.channel,
    )


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, bytes):
        return "<bytes>"
    return value
