"""`{% load news %}{% if user|news_editor %}`: whether the navigation offers the news editors' pages."""

from __future__ import annotations

from django import template

from giamngheo.accounts.access import can

register = template.Library()


@register.filter
def news_editor(user) -> bool:  # type: ignore[no-untyped-def]
    return can(user, "edit_content")
