"""Audit values as people read them: one "field: value" line each, long values shortened."""

from __future__ import annotations

import json
from typing import Any

from django import template

register = template.Library()
LONGEST = 160


def _text(value: Any) -> str:
    if value is None or value == "":
        return "(trống)"
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False)
    text = str(value)
    return text if len(text) <= LONGEST else text[:LONGEST - 1] + "…"


@register.filter
def audit_lines(values: Any) -> list[tuple[str, str]]:
    """[(field, value as text)] of an audit event's before/after; a value that is not a mapping is one line."""
    if values is None or values == {}:
        return []
    if not isinstance(values, dict):
        return [("", _text(values))]
    return [(str(key), _text(value)) for key, value in values.items()]
