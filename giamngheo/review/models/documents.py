"""Issued documents (numbered per agency and year, never regenerated) and household certificates."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from giamngheo.geo.models import AdminUnit
from giamngheo.registry.models import Household


class DocumentKind(models.TextChoices):
    MINUTES = "minutes", "Biên bản họp dân"
    NOTICE = "notice", "Thông báo niêm yết công khai"
    DECISION = "decision", "Quyết định công nhận"
    CERTIFICATE = "certificate", "Giấy chứng nhận hộ nghèo, hộ cận nghèo"
    REPLY = "reply", "Văn bản trả lời"


class DocumentCounter(models.Model):
    """The last number given to a symbol by an agency in a year (Decree 30/2020 Art. 15: restart on 1 January)."""

    agency = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    symbol = models.CharField(max_length=30)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year", "symbol"], name="review_counter_unique")]

    def __str__(self) -> str:
        return f"{self.symbol} {self.year}: {self.last}"


class IssuedDocumentManager(models.Manager["IssuedDocument"]):
    """Leaves the signed scan (up to several MB each) unread until it is asked for: pages list many documents."""

    def get_queryset(self) -> models.QuerySet[IssuedDocument]:
        return super().get_queryset().defer("signed_scan")


class IssuedDocument(models.Model):
    """A document as issued: its number, date, signer and content are frozen; the PDF is kept byte for byte."""

    agency = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name="cơ quan")
    kind = models.CharField("loại", max_length=12, choices=DocumentKind.choices)
    year = models.PositiveSmallIntegerField("năm")
    number = models.PositiveIntegerField("số", null=True, blank=True)
    symbol = models.CharField("ký hiệu", max_length=30, blank=True)
    title = models.CharField("trích yếu", max_length=300)
    round = models.ForeignKey("review.ReviewRound", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="documents")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    issued_on = models.DateField("ngày ban hành")
    signer_name = models.CharField("người ký", max_length=120, blank=True)
    signer_title = models.CharField("chức vụ người ký", max_length=120, blank=True)
    content = models.JSONField("nội dung (bản chụp khi ban hành)", default=dict)
    pdf = models.BinaryField("tệp PDF", null=True, blank=True, editable=False)
    pdf_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)
    # The paper the signer signed and stamped, scanned and uploaded once (PDF, JPEG or PNG); kept byte for byte
    # beside the generated PDF, which stays as issued.
    signed_scan = models.BinaryField("bản đã ký (bản quét)", null=True, blank=True, editable=False)
    signed_scan_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    signed_scan_content_type = models.CharField(max_length=40, blank=True, editable=False)
    signed_scan_size = models.PositiveIntegerField(null=True, blank=True, editable=False)
    signed_scan_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+", editable=False, verbose_name="người tải bản đã ký")
    signed_scan_at = models.DateTimeField("thời điểm tải bản đã ký", null=True, blank=True, editable=False)

    objects = IssuedDocumentManager()

    class Meta:
        ordering = ["-year", "-issued_on", "-id"]
        verbose_name = "văn bản đã ban hành"
        verbose_name_plural = "văn bản đã ban hành"
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "symbol", "number"], name="review_document_number",
                                    condition=models.Q(number__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.number_text} — {self.title}"

    @property
    def has_signed_scan(self) -> bool:
        return bool(self.signed_scan_sha256)

    @property
    def number_text(self) -> str:
        if self.number is None:
            return "(không số)"
        return f"{self.number:02d}/{self.symbol}"


class Certificate(models.Model):
    """Giấy chứng nhận hộ nghèo, hộ cận nghèo: one per household and standard period, confirmed year by year."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    period = models.CharField("giai đoạn (chuẩn nghèo)", max_length=40)
    document = models.OneToOneField(IssuedDocument, on_delete=models.PROTECT, related_name="certificate")
    token = models.CharField(max_length=32, unique=True)
    # [{"year": 2026, "category": "poor", "deprivations": [...], "decision": "05/QĐ-UBND", "on": "2026-12-10"}]
    years = models.JSONField("các năm được xác nhận", default=list)
    revoked_on = models.DateField("ngày hết hiệu lực", null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["household", "period"], name="review_certificate_unique")]

    def __str__(self) -> str:
        return f"Giấy chứng nhận {self.period} — hộ {self.household_id}"

    @property
    def latest(self) -> dict:
        return self.years[-1] if self.years else {}
