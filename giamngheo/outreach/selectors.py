"""Reads of news: the commune news the resident lookup shows, the public portal and the editors' list.

`commune_news` runs on every successful resident lookup, so it is cached in the process, keyed by commune and
by the news version that every write moves (`services.news_version_bump`), and kept at most `NEWS_TTL` seconds.
A cache miss is one query on the article index (unit, status, emergency, published_at, id); the commune's chain
of units comes from its materialised path, which never changes for a unit, so it is remembered per process until
the news version moves.
"""

from __future__ import annotations

import datetime as dt
import secrets
import threading
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from giamngheo.accounts.access import can, path_filter, units_visible_to
from giamngheo.accounts.models import User
from giamngheo.geo.models import AdminUnit, UnitLevel
from giamngheo.outreach.models import Article, ArticleStatus
from giamngheo.outreach.services import NEWS_VERSION_KEY

NEWS_TTL = 60.0
_CACHE_MAX = 20_000  # communes × limits; past this the process cache starts again (about 3,300 communes today)


@dataclass(frozen=True)
class NewsLine:
    title: str
    summary: str
    published_at: dt.date
    url: str
    emergency: bool


_news: dict[tuple[int, int], tuple[str, float, tuple[NewsLine, ...]]] = {}
_chains: dict[int, tuple[int, ...]] = {}
_lock = threading.Lock()
_seen_version = ""


def news_version() -> str:
    """Return the current news version (one cache read); a fresh cache gets a new random version."""
    version = cache.get(NEWS_VERSION_KEY)
    if version is None:
        cache.add(NEWS_VERSION_KEY, secrets.token_hex(8), timeout=None)
        version = cache.get(NEWS_VERSION_KEY, "")
    return str(version)


def unit_chain(unit_id: int) -> tuple[int, ...]:
    """Return the ids from the province down to this unit, or () for no such unit (remembered per process)."""
    chain = _chains.get(unit_id)
    if chain is None:
        path = AdminUnit.objects.filter(pk=unit_id).values_list("path", flat=True).first()
        chain = tuple(int(part) for part in path.strip("/").split("/")) if path else ()
        if chain:
            with _lock:
                if len(_chains) > _CACHE_MAX:
                    _chains.clear()
                _chains[unit_id] = chain
    return chain


def commune_news(commune_id: int, *, limit: int = 3) -> tuple[NewsLine, ...]:
    """Return the newest published news for a commune and for its whole province, emergency news first."""
    global _seen_version
    version = news_version()
    if version != _seen_version:
        # Forget the chains too: cheap to rebuild, and a database rebuilt under a running process (tests on
        # SQLite reuse ids after a rollback) must not answer with another unit's chain.
        _chains.clear()
        _seen_version = version
    key = (commune_id, limit)
    now = time.monotonic()
    hit = _news.get(key)
    if hit is not None and hit[0] == version and hit[1] > now:
        return hit[2]
    lines = _commune_news_read(commune_id, limit)
    with _lock:
        if len(_news) > _CACHE_MAX:
            _news.clear()
        _news[key] = (version, now + NEWS_TTL, lines)
    return lines


def _commune_news_read(commune_id: int, limit: int) -> tuple[NewsLine, ...]:
    chain = unit_chain(commune_id)
    if not chain or limit <= 0:
        return ()
    rows = (Article.objects.filter(status=ArticleStatus.PUBLISHED, unit_id__in=chain)
            .order_by("-emergency", "-published_at", "-id")
            .values_list("pk", "title", "summary", "published_at", "emergency")[:limit])
    portal = reverse("news:portal")  # an article is at <portal>/<id>/ (news:article)
    return tuple(
        NewsLine(title=title, summary=summary, published_at=timezone.localdate(published),
                 url=f"{portal}{pk}/", emergency=emergency)
        for pk, title, summary, published, emergency in rows
    )


# ---------------------------------------------------------------------------------------------- public portal


def public_articles(*, commune: AdminUnit | None = None) -> QuerySet[Article]:
    """Return published articles, emergency first then newest; for a commune, its own and its province's."""
    articles = Article.objects.filter(status=ArticleStatus.PUBLISHED)
    if commune is not None:
        articles = articles.filter(unit_id__in=unit_chain(commune.pk))
    return articles.select_related("unit").order_by("-emergency", "-published_at", "-id")


def public_article_get(article_id: int) -> Article | None:
    return Article.objects.filter(pk=article_id, status=ArticleStatus.PUBLISHED).select_related("unit").first()


def commune_by_code(code: str) -> AdminUnit | None:
    """Return today's commune with this official code (codes were reused across the 2025 reform)."""
    if not code or not code.isdigit() or len(code) > 12:
        return None
    return AdminUnit.objects.filter(level=UnitLevel.COMMUNE, code=code, valid_to__isnull=True).first()


def news_communes() -> list[AdminUnit]:
    """Return today's communes that have news: their own, or their province's."""
    paths = list(AdminUnit.objects.filter(articles__status=ArticleStatus.PUBLISHED).values_list("path", flat=True)
                 .distinct())
    if not paths:
        return []
    return list(AdminUnit.objects.filter(path_filter(paths), level=UnitLevel.COMMUNE, valid_to__isnull=True)
                .only("code", "name").order_by("name"))


# ---------------------------------------------------------------------------------------------- editors


def articles_editable_by(user: User) -> QuerySet[Article]:
    """Return the articles of the units the user may see, newest change first (none without edit_content)."""
    if not can(user, "edit_content"):
        return Article.objects.none()
    return (Article.objects.filter(unit__in=units_visible_to(user)).select_related("unit", "author")
            .order_by("-updated_at", "-id"))


def article_editable_get(user: User, article_id: int) -> Article | None:
    """Return the article if the user may edit it; None when it does not exist or is out of scope alike."""
    return articles_editable_by(user).filter(pk=article_id).first()
