from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """One change to protected data: who, when, what (before/after), from where.

    Rows are only ever inserted; database triggers refuse UPDATE and DELETE on both SQLite and PostgreSQL.
    """

    at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="người thực hiện",
    )
    actor_label = models.CharField("tài khoản", max_length=150, blank=True)
    action = models.CharField("hành động", max_length=80, db_index=True)
    object_type = models.CharField("loại dữ liệu", max_length=80, db_index=True)
    object_id = models.CharField("mã bản ghi", max_length=64, db_index=True)
    object_label = models.CharField("bản ghi", max_length=200, blank=True)
    unit_path = models.CharField("đơn vị", max_length=120, blank=True, db_index=True)
    before = models.JSONField("trước", null=True, blank=True)
    after = models.JSONField("sau", null=True, blank=True)
    ip = models.CharField("địa chỉ IP", max_length=64, blank=True)
    user_agent = models.CharField("trình duyệt", max_length=200, blank=True)
    channel = models.CharField("kênh", max_length=16, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "nhật ký thay đổi"
        verbose_name_plural = "nhật ký thay đổi"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}#{self.object_id}"
