"""An RSS feed of published news, all of it or one commune's (`?xa=<code>`), for readers and other portals."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse

from giamngheo.geo.models import AdminUnit
from giamngheo.outreach import selectors
from giamngheo.outreach.models import Article

FEED_SIZE = 20


class NewsFeed(Feed):
    description = "Tin tức, thông báo của chính quyền địa phương cho người dân."

    def get_object(self, request: HttpRequest, *args, **kwargs) -> AdminUnit | None:  # type: ignore[no-untyped-def, override]
        return selectors.commune_by_code(request.GET.get("xa", "").strip())

    def title(self, obj: AdminUnit | None) -> str:
        return f"Tin tức — {obj.name}" if obj else "Tin tức — giamngheo"

    def link(self, obj: AdminUnit | None) -> str:
        return reverse("news:portal") + (f"?xa={obj.code}" if obj else "")

    def items(self, obj: AdminUnit | None) -> list[Article]:
        return list(selectors.public_articles(commune=obj)[:FEED_SIZE])

    def item_title(self, item: Article) -> str:
        return ("[Khẩn] " if item.emergency else "") + item.title

    def item_description(self, item: Article) -> str:
        return item.summary

    def item_link(self, item: Article) -> str:
        return reverse("news:article", args=[item.pk])

    def item_pubdate(self, item: Article):  # type: ignore[no-untyped-def]
        return item.published_at
