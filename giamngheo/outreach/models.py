from __future__ import annotations

from django.conf import settings
from django.db import models

from giamngheo.geo.models import AdminUnit


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", "Nháp"
    PUBLISHED = "published", "Đã đăng"
    WITHDRAWN = "withdrawn", "Đã gỡ xuống"


class Article(models.Model):
    """A news item (tin bài) for one commune, or for every commune of a province when `unit` is a province.

    Text is NFC-normalised and the body sanitised by `giamngheo.outreach.services` before it is stored, so
    templates may render `body` as is.
    """

    title = models.CharField("tiêu đề", max_length=200)
    summary = models.CharField("tóm tắt", max_length=300, blank=True)
    body = models.TextField("nội dung", blank=True)
    unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="articles", verbose_name="phạm vi")
    status = models.CharField(
        "trạng thái", max_length=12, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    published_at = models.DateTimeField("ngày đăng", null=True, blank=True)
    emergency = models.BooleanField("tin khẩn", default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="người viết",
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("sửa lúc", auto_now=True)

    class Meta:
        ordering = ["-emergency", "-published_at", "-id"]
        verbose_name = "tin bài"
        verbose_name_plural = "tin bài"
        indexes = [
            # The lookup's news and the portal: published items of a few units, emergency first, newest first.
            models.Index(fields=["unit", "status", "-emergency", "-published_at", "-id"], name="outreach_article_feed"),
            models.Index(fields=["status", "-emergency", "-published_at", "-id"], name="outreach_article_public"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == ArticleStatus.PUBLISHED
