from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from giamngheo.geo.models import AdminUnit


class Area(models.TextChoices):
    RURAL = "rural", "Nông thôn"
    URBAN = "urban", "Thành thị"


class Category(models.TextChoices):
    POOR = "poor", "Hộ nghèo"
    NEAR_POOR = "near_poor", "Hộ cận nghèo"
    AVERAGE = "average", "Hộ có mức sống trung bình"
    NON_POOR = "non_poor", "Hộ không nghèo"


class Employment(models.TextChoices):
    """A member's work, with the values of ``giamngheo.domain.derive.EMPLOYMENT_STATUSES``; blank = not recorded."""

    EMPLOYED_CONTRACT = "employed_contract", "Làm công có hợp đồng lao động"
    WAGE_NO_CONTRACT = "wage_no_contract", "Làm công không có hợp đồng lao động"
    SELF_EMPLOYED = "self_employed", "Tự làm, tự kinh doanh"
    UNEMPLOYED = "unemployed", "Thất nghiệp"
    NOT_IN_LABOUR_FORCE = "not_in_labour_force", "Không tham gia lao động"


class ClosedReason(models.TextChoices):
    """Why a household left the register (xóa tên khỏi sổ); a move within the province is a transfer instead."""

    DIED_OUT = "died_out", "Hộ không còn ai (các thành viên đã mất)"
    MERGED = "merged", "Nhập vào hộ khác"
    MOVED_AWAY = "moved_away", "Chuyển đi tỉnh khác"
    OTHER = "other", "Lý do khác"


class Household(models.Model):
    code = models.CharField("mã hộ", max_length=32, unique=True)
    commune = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="households", verbose_name="xã")
    village = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="village_households", null=True, blank=True,
        verbose_name="thôn",
    )
    # Copy of the village's (or commune's) path so that scoping is one indexed prefix match.
    unit_path = models.CharField(max_length=120, db_index=True, editable=False)
    area = models.CharField("khu vực", max_length=8, choices=Area.choices, default=Area.RURAL)
    head_name = models.CharField("chủ hộ", max_length=120)
    address = models.CharField("địa chỉ", max_length=200, blank=True)
    # Searched with "contains" on every word, which no B-tree index serves: an index would only slow imports.
    search_key = models.CharField(max_length=300, editable=False, default="")
    is_synthetic = models.BooleanField("dữ liệu mô phỏng", default=False)
    # Digest of the household's details and members as last imported: an unchanged row costs one comparison.
    record_digest = models.CharField(max_length=64, blank=True, default="", editable=False)
    # Set when the household is struck off the register (xóa tên khỏi sổ): it stays, with its history, but
    # current lists and searches leave it out unless asked to show closed households.
    closed_on = models.DateField("ngày xóa tên khỏi sổ", null=True, blank=True)
    # Database defaults too: the bulk import writes households with COPY / plain INSERTs that leave these out.
    closed_reason = models.CharField("lý do xóa tên", max_length=12, choices=ClosedReason.choices, blank=True,
                                     default="", db_default="")
    closed_note = models.CharField("ghi chú xóa tên", max_length=300, blank=True, default="", db_default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "hộ gia đình"
        verbose_name_plural = "hộ gia đình"

    def __str__(self) -> str:
        return f"{self.code} — {self.head_name}"

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None


class HouseholdMove(models.Model):
    """A household moved to another commune (chuyển hộ): where from, where to, when, why and by whom.

    Past results keep the commune they were made in (``HouseholdAssessment.commune``); this row is the history
    of the household's own place, which the household row only holds as it is now.
    """

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="moves")
    moved_on = models.DateField("ngày chuyển")
    from_commune = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name="từ xã")
    from_village = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="+", null=True, blank=True, verbose_name="từ thôn"
    )
    to_commune = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name="đến xã")
    to_village = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="+", null=True, blank=True, verbose_name="đến thôn"
    )
    reason = models.CharField("lý do", max_length=300)
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="người chuyển",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["household", "moved_on", "id"]
        verbose_name = "lần chuyển hộ"
        verbose_name_plural = "lần chuyển hộ"

    def __str__(self) -> str:
        return f"{self.household.code}: {self.from_commune} → {self.to_commune} ({self.moved_on:%d/%m/%Y})"


class Member(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    full_name = models.CharField("họ tên", max_length=120)
    birth_year = models.PositiveSmallIntegerField("năm sinh")
    sex = models.CharField("giới tính", max_length=1, choices=[("M", "Nam"), ("F", "Nữ")])
    ethnicity = models.CharField("dân tộc", max_length=40, default="Kinh")
    relation = models.CharField("quan hệ với chủ hộ", max_length=40, default="Chủ hộ")
    # Identity number (CCCD / số định danh): encrypted at rest, found by keyed digest, shown masked.
    id_number_cipher = models.TextField("số định danh (mã hóa)", blank=True, default="")
    id_number_digest = models.CharField(max_length=64, blank=True, default="", db_index=True)
    id_number_masked = models.CharField("số định danh", max_length=20, blank=True, default="")
    # Blank = not recorded (older files have no employment column).
    employment = models.CharField("việc làm", max_length=24, choices=Employment.choices, blank=True, default="")

    class Meta:
        ordering = ["household", "id"]
        verbose_name = "thành viên"
        verbose_name_plural = "thành viên"

    def __str__(self) -> str:
        return self.full_name


class HouseholdAssessment(models.Model):
    """A household's result in one review, with the standard, facts and reasons that produced it."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="assessments")
    year = models.PositiveSmallIntegerField("năm rà soát", db_index=True)
    # The commune the household belonged to at the time, so series before July 2025 can be re-aggregated.
    commune = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name="xã khi rà soát")
    standard_id = models.CharField("chuẩn nghèo", max_length=40)
    category = models.CharField("phân loại", max_length=10, choices=Category.choices, db_index=True)
    income_per_capita = models.PositiveIntegerField("thu nhập bình quân/người/tháng")
    deprivation_count = models.PositiveSmallIntegerField("số chỉ số thiếu hụt")
    deprivations = models.CharField("chỉ số thiếu hụt", max_length=300, blank=True)
    reason = models.TextField("lý do", blank=True)
    facts = models.JSONField("dữ kiện", default=dict)
    assessed_on = models.DateField("ngày đánh giá")
    # Digest of (standard, facts): re-importing the same facts adds no second result.
    fact_digest = models.CharField(max_length=64, blank=True, default="", editable=False)
    batch = models.ForeignKey(
        "ImportBatch", on_delete=models.PROTECT, null=True, blank=True, related_name="assessments",
        verbose_name="lô nhập",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["household", "-year", "-id"]
        verbose_name = "kết quả rà soát"
        verbose_name_plural = "kết quả rà soát"
        indexes = [models.Index(fields=["year", "commune", "category"], name="registry_assess_year_unit_cat")]

    def __str__(self) -> str:
        return f"{self.household.code} {self.year}: {self.get_category_display()}"


class ImportStatus(models.TextChoices):
    PENDING = "pending", "Chờ người thứ hai xác nhận"
    INVALID = "invalid", "Có lỗi — không nhập được"
    CONFIRMED = "confirmed", "Đã xác nhận và ghi vào sổ hộ"
    REJECTED = "rejected", "Đã từ chối"
    WRITING = "writing", "Đang ghi vào sổ hộ"
    FAILED = "failed", "Ghi thất bại — chưa ghi gì, có thể xác nhận lại"
    EXPIRED = "expired", "Đã hết hạn xác nhận"


# A batch still waiting for its checker: it holds the staged (encrypted) rows and can still be confirmed.
AWAITING = (ImportStatus.PENDING, ImportStatus.FAILED)


class ImportBatch(models.Model):
    """One uploaded assessment file for one commune and review year: staged, then confirmed by a second person.

    Nothing in the registry changes until a checker other than the maker confirms; the upload itself is kept
    encrypted only while the batch is pending. A confirmation of a large file is written by a background task:
    pending → writing → confirmed (or invalid when the registry changed, or failed with the reason, to retry).
    A batch left waiting longer than settings.REGISTRY_IMPORT_PENDING_DAYS expires and its staged rows are wiped.
    """

    commune = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name="xã")
    unit_path = models.CharField(max_length=120, db_index=True, editable=False)
    year = models.PositiveSmallIntegerField("năm rà soát")
    standard_id = models.CharField("chuẩn nghèo", max_length=40)
    assessed_on = models.DateField("ngày đánh giá")
    file_name = models.CharField("tệp", max_length=200)
    members_file_name = models.CharField("tệp thành viên", max_length=200, blank=True)
    file_digest = models.CharField(max_length=64, db_index=True)
    file_size = models.PositiveIntegerField("dung lượng (byte)")
    staged_content = models.BinaryField(default=b"", editable=False)
    staged_members = models.BinaryField(default=b"", editable=False)
    status = models.CharField(
        "trạng thái", max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING, db_index=True
    )
    maker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="người nhập",
    )
    checker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="người xác nhận",
    )
    created_at = models.DateTimeField("thời điểm tải lên", auto_now_add=True)
    decided_at = models.DateTimeField("thời điểm quyết định", null=True, blank=True)
    decision_note = models.CharField("ghi chú", max_length=300, blank=True)
    summary = models.JSONField("tóm tắt", default=dict)
    errors = models.JSONField("lỗi", default=list)
    error_count = models.PositiveIntegerField("số lỗi", default=0)
    queued_at = models.DateTimeField("thời điểm gửi ghi", null=True, blank=True)
    started_at = models.DateTimeField("thời điểm bắt đầu ghi", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("số lần ghi", default=0)
    failure_reason = models.CharField("lý do không ghi được", max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "lô nhập hộ"
        verbose_name_plural = "lô nhập hộ"
        constraints = [
            # The same file counts once per commune, year and standard, however two checkers race.
            models.UniqueConstraint(
                fields=["commune", "year", "standard_id", "file_digest"], name="registry_import_confirmed_once",
                condition=models.Q(status="confirmed"),
            ),
        ]

    def __str__(self) -> str:
        return f"Lô nhập #{self.pk} — {self.file_name}"

    @property
    def expires_at(self) -> dt.datetime | None:
        """When a batch still waiting for its checker can no longer be confirmed (None once decided)."""
        if self.status not in AWAITING or self.created_at is None:
            return None
        return self.created_at + dt.timedelta(days=settings.REGISTRY_IMPORT_PENDING_DAYS)
