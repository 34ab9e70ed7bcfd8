"""News API (public): published news, all of it or one commune's (its own and its province's)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from giamngheo.outreach.models import Article
from giamngheo.outreach.selectors import commune_by_code, public_articles

router = Router(tags=["Tin tức"])


class ArticleOut(Schema):
    id: int
    title: str
    summary: str
    body: str
    published_at: dt.datetime
    emergency: bool
    scope: str
    unit_code: str
    unit_name: str
    url: str

    @staticmethod
    def resolve_scope(obj: Article) -> str:
        return obj.unit.level

    @staticmethod
    def resolve_unit_code(obj: Article) -> str:
        return obj.unit.code

    @staticmethod
    def resolve_unit_name(obj: Article) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_url(obj: Article) -> str:
        return reverse("news:article", args=[obj.pk])


@router.get("", response=list[ArticleOut], auth=None,
            summary="Tin đã đăng, tin khẩn trước rồi mới nhất trước (công khai)",
            description="`commune`: mã xã hiện hành; trả về tin của xã đó và tin dành cho cả tỉnh. "
                        "`body` là HTML đã được làm sạch.")
@paginate(LimitOffsetPagination)
def news_list(request: HttpRequest, commune: str | None = None):
    unit = None
    if commune:
        unit = commune_by_code(commune.strip())
        if unit is None:
            raise HttpError(404, "Không tìm thấy xã có mã này.")
    return public_articles(commune=unit)
