"""Writes to news articles: one transaction, one audit event each; every change moves the news version.

Text is NFC-normalised, the title and summary kept as plain text and the body cleaned with nh3 to a small set of
tags, so what is stored can be rendered as is.
"""

from __future__ import annotations

import html
import secrets
from typing import Any

import nh3
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from giamngheo.accounts.access import can, units_visible_to
from giamngheo.accounts.models import User
from giamngheo.common.audit import audit_changes, audit_record, audit_snapshot
from giamngheo.common.text import nfc
from giamngheo.geo.models import AdminUnit, UnitLevel
from giamngheo.outreach.models import Article, ArticleStatus

__all__ = [
    "ArticleNotAllowed", "article_create", "article_publish", "article_unpublish", "article_update",
    "body_clean", "news_version_bump",
]

TITLE_MAX = 200
SUMMARY_MAX = 300
BODY_MAX = 20_000
BODY_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "h2", "h3", "blockquote"}
NEWS_VERSION_KEY = "outreach:news-version"
AUDITED = ("title", "summary", "body", "unit_id", "status", "published_at", "emergency")


class ArticleNotAllowed(Exception):
    """The account may not edit content, or the article is outside its units (or does not exist)."""


def body_clean(value: str) -> str:
    """Return HTML safe to render as is: paragraphs, headings, lists, quotes, emphasis, http(s)/mailto links.

    Text without any tag is taken as plain text, as most editors type it: a blank line starts a new paragraph.
    """
    text = nfc(value).strip()
    if text and "<" not in text:
        paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
        text = "".join(f"<p>{html.escape(p, quote=False).replace(chr(10), '<br>')}</p>" for p in paragraphs)
    return nh3.clean(
        text, tags=BODY_TAGS, attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer",
    ).strip()


def _plain(value: str) -> str:
    """Return one line of text with every tag removed (script and style content too); templates escape it."""
    stripped = html.unescape(nh3.clean(nfc(value), tags=set()))
    return " ".join(stripped.split())


def news_version_bump() -> None:
    """Give the news a new version now and again once the transaction commits.

    The second bump is the one that counts: a process that read the first one before the commit may have cached
    the old rows under it. The first makes the change visible inside the transaction that made it.
    """
    cache.set(NEWS_VERSION_KEY, secrets.token_hex(8), timeout=None)
    transaction.on_commit(lambda: cache.set(NEWS_VERSION_KEY, secrets.token_hex(8), timeout=None))


def scope_units(user: User):  # type: ignore[no-untyped-def]
    """Return the units the user may post for: current communes and provinces within the user's scope."""
    return units_visible_to(user).filter(
        level__in=(UnitLevel.COMMUNE, UnitLevel.PROVINCE), valid_to__isnull=True
    ).order_by("level", "name")


def _clean(user: User, *, title: Any, summary: Any, body: Any, unit_id: Any, emergency: Any
           ) -> tuple[dict[str, Any], AdminUnit | None]:
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {
        "title": _plain(str(title or "")), "summary": _plain(str(summary or "")), "body": str(body or ""),
        "emergency": bool(emergency),
    }
    if not clean["title"]:
        errors["title"] = "Tiêu đề không được để trống."
    elif len(clean["title"]) > TITLE_MAX:
        errors["title"] = f"Tiêu đề dài {len(clean['title'])} ký tự, tối đa {TITLE_MAX} ký tự."
    if len(clean["summary"]) > SUMMARY_MAX:
        errors["summary"] = (f"Tóm tắt dài {len(clean['summary'])} ký tự, tối đa {SUMMARY_MAX} ký tự "
                             "(tóm tắt hiện trong kết quả tra cứu và danh sách tin, nên ngắn gọn).")
    if len(clean["body"]) > BODY_MAX:
        errors["body"] = f"Nội dung dài quá {BODY_MAX:,} ký tự.".replace(",", ".")
    clean["body"] = body_clean(clean["body"][:BODY_MAX])
    unit = None
    try:
        unit_pk = int(unit_id)
    except (TypeError, ValueError):
        errors["unit"] = "Hãy chọn xã (hoặc cả tỉnh) mà tin dành cho."
    else:
        unit = scope_units(user).filter(pk=unit_pk).first()
        if unit is None:
            errors["unit"] = "Đơn vị này không thuộc phạm vi của tài khoản (hoặc không phải xã/tỉnh hiện hành)."
    if errors:
        raise ValidationError(errors)
    return clean, unit


def _require(acting_user: User | None) -> User:
    if acting_user is None or not can(acting_user, "edit_content"):
        raise ArticleNotAllowed
    return acting_user


def _article_for(user: User, article_id: int) -> Article:
    article = (Article.objects.select_for_update().filter(pk=article_id, unit__in=units_visible_to(user))
               .select_related("unit").first())
    if article is None:
        raise ArticleNotAllowed
    return article


def article_create(
    *, acting_user: User | None, title: str, summary: str = "", body: str = "", unit_id: int | str | None,
    emergency: bool = False,
) -> Article:
    """Write a draft for a commune (or a whole province) within the account's units."""
    user = _require(acting_user)
    values, unit = _clean(user, title=title, summary=summary, body=body, unit_id=unit_id, emergency=emergency)
    assert unit is not None
    with transaction.atomic():
        article = Article.objects.create(unit=unit, author=user, status=ArticleStatus.DRAFT, **values)
        audit_record(acting_user=user, action="outreach.article_create", target=article, unit_path=unit.path,
                     after=audit_snapshot(article, AUDITED))
    return article


def article_update(
    *, acting_user: User | None, article_id: int, title: str, summary: str = "", body: str = "",
    unit_id: int | str | None, emergency: bool = False,
) -> Article:
    """Change an article's text, unit or emergency flag; a published article stays published."""
    user = _require(acting_user)
    values, unit = _clean(user, title=title, summary=summary, body=body, unit_id=unit_id, emergency=emergency)
    assert unit is not None
    with transaction.atomic():
        article = _article_for(user, article_id)
        before = audit_snapshot(article, AUDITED)
        for name, value in values.items():
            setattr(article, name, value)
        article.unit = unit
        article.save()
        old, new = audit_changes(before, audit_snapshot(article, AUDITED))
        if new:
            audit_record(acting_user=user, action="outreach.article_update", target=article, unit_path=unit.path,
                         before=old, after=new)
            news_version_bump()
    return article


def _status_set(user: User | None, article_id: int, status: str, action: str) -> Article:
    user = _require(user)
    with transaction.atomic():
        article = _article_for(user, article_id)
        if article.status == status:
            return article
        before = audit_snapshot(article, ("status", "published_at"))
        article.status = status
        if status == ArticleStatus.PUBLISHED:
            article.published_at = timezone.now()
        article.save(update_fields=["status", "published_at", "updated_at"])
        audit_record(acting_user=user, action=action, target=article, unit_path=article.unit.path,
                     before=before, after=audit_snapshot(article, ("status", "published_at")))
        news_version_bump()
    return article


def article_publish(*, acting_user: User | None, article_id: int) -> Article:
    """Publish the article now (a withdrawn one comes back with today's date)."""
    return _status_set(acting_user, article_id, ArticleStatus.PUBLISHED, "outreach.article_publish")


def article_unpublish(*, acting_user: User | None, article_id: int) -> Article:
    """Take the article down from the portal and the lookup; it stays for the record."""
    return _status_set(acting_user, article_id, ArticleStatus.WITHDRAWN, "outreach.article_unpublish")
