"""Policy catalogue with versioned edits, circumstances the rules ask about, entitlements and the lookup log."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from giamngheo.domain.eligibility import COMMUNE_FLAGS
from giamngheo.geo.models import AdminUnit
from giamngheo.registry.models import Household, Member

# The fields an administrator edits and every version snapshot holds, in the order of the edit form.
POLICY_FIELDS = ("name", "group", "agency", "legal_basis", "valid_from", "valid_to", "benefit", "how_to_claim",
                 "documents", "amount_verified", "verification_note", "rule", "active", "public", "position")
# The rich-text fields (sanitised HTML) and their longest length.
POLICY_RICH_TEXTS = {"legal_basis": 2000, "benefit": 4000, "how_to_claim": 4000, "documents": 2000,
                     "verification_note": 2000}


class PolicyGroup(models.TextChoices):
    HEALTH = "health", "Y tế"
    EDUCATION = "education", "Giáo dục"
    CREDIT = "credit", "Tín dụng ưu đãi"
    LIVING = "living", "Điện, nhà ở"
    LEGAL = "legal", "Trợ giúp pháp lý"
    INFORMATION = "information", "Thông tin"
    EMPLOYMENT = "employment", "Việc làm, học nghề"


class Policy(models.Model):
    """A support policy as it stands now; every change is kept as a PolicyVersion."""

    code = models.SlugField("mã", max_length=60, unique=True)
    name = models.CharField("tên chính sách", max_length=200)
    group = models.CharField("lĩnh vực", max_length=20, choices=PolicyGroup.choices)
    agency = models.CharField("cơ quan thực hiện", max_length=200)
    legal_basis = models.TextField("căn cứ pháp lý")
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hiệu lực đến hết ngày", null=True, blank=True)
    benefit = models.TextField("quyền lợi")
    how_to_claim = models.TextField("cách nhận (nơi nộp, thủ tục)")
    documents = models.TextField("giấy tờ cần mang", blank=True)
    amount_verified = models.BooleanField("mức hỗ trợ đã đối chiếu văn bản gốc", default=False)
    verification_note = models.TextField("ghi chú kiểm chứng", blank=True)
    rule = models.JSONField("điều kiện (quy tắc)", default=dict)
    active = models.BooleanField("đang áp dụng", default=True)
    public = models.BooleanField("hiển thị cho người dân", default=True)
    position = models.PositiveSmallIntegerField("thứ tự", default=100)
    version = models.PositiveIntegerField("phiên bản", default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = "chính sách"
        verbose_name_plural = "chính sách"

    def __str__(self) -> str:
        return self.name


class PolicyVersion(models.Model):
    """A full snapshot of a policy after one change: who, when, why."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField("phiên bản")
    data = models.JSONField("nội dung")
    note = models.CharField("lý do thay đổi", max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="người sửa",
    )
    changed_at = models.DateTimeField("thời điểm", auto_now_add=True)

    class Meta:
        ordering = ["policy", "-version"]
        verbose_name = "phiên bản chính sách"
        verbose_name_plural = "phiên bản chính sách"
        constraints = [models.UniqueConstraint(fields=["policy", "version"], name="policies_version_unique")]

    def __str__(self) -> str:
        return f"{self.policy.code} v{self.version}"


class CommuneDesignation(models.Model):
    """A commune recognised as, e.g., a poor commune: the rules' ``{"commune": [...]}`` conditions."""

    commune = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="+", verbose_name="xã")
    flag = models.CharField("diện", max_length=30, choices=list(COMMUNE_FLAGS.items()))
    note = models.CharField("căn cứ", max_length=300, blank=True)

    class Meta:
        verbose_name = "diện của xã"
        verbose_name_plural = "diện của xã"
        constraints = [models.UniqueConstraint(fields=["commune", "flag"], name="policies_commune_flag_unique")]

    def __str__(self) -> str:
        return f"{self.commune}: {self.get_flag_display()}"


class HouseholdCircumstance(models.Model):
    """Household facts the registry does not hold (farming household, device already received), ';'-joined."""

    household = models.OneToOneField(Household, on_delete=models.CASCADE, related_name="policy_circumstance")
    flags = models.CharField("đặc điểm", max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "đặc điểm hộ"
        verbose_name_plural = "đặc điểm hộ"

    def __str__(self) -> str:
        return f"{self.household_id}: {self.flags}"


class MemberCircumstance(models.Model):
    """Member facts the registry does not hold (disability, schooling, pregnancy…), ';'-joined."""

    member = models.OneToOneField(Member, on_delete=models.CASCADE, related_name="policy_circumstance")
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="+")
    flags = models.CharField("đặc điểm", max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "đặc điểm thành viên"
        verbose_name_plural = "đặc điểm thành viên"

    def __str__(self) -> str:
        return f"{self.member_id}: {self.flags}"


class Scenario(models.TextChoices):
    CURRENT = "current", "Hiện hành"
    STANDARD_2027 = "2027-2030", "Dự kiến theo chuẩn 2027–2030"


class Entitlement(models.Model):
    """A policy a household is entitled to, with the reason; only granted policies are stored."""

    # No single-column indexes on the foreign keys: the unique constraint leads with the household, the lists
    # read through policies_ent_policy_path, and policies and communes are not deleted (a full recompute
    # writes half a million rows, and every index is a B-tree more to write). The policy and the commune are
    # not checked by the database either: a recompute copies them from the active policy rows and from the
    # household in the same transaction, and PostgreSQL's deferred checks of half a million rows took about 4 of the
    # 7 seconds of its commit. Deleting a policy still cascades (the ORM does it) and a commune stays protected.
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="entitlements", db_index=False)
    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="entitlements", db_index=False,
                               db_constraint=False)
    scenario = models.CharField("kịch bản", max_length=12, choices=Scenario.choices, default=Scenario.CURRENT)
    commune = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name="xã",
                                db_index=False, db_constraint=False)
    unit_path = models.CharField(max_length=120)
    assessment_year = models.PositiveSmallIntegerField("năm rà soát")
    standard_id = models.CharField("chuẩn nghèo", max_length=40)
    category = models.CharField("phân loại", max_length=10)
    reason = models.TextField("lý do")
    policy_version = models.PositiveIntegerField("phiên bản chính sách")
    computed_at = models.DateTimeField("tính lúc")

    class Meta:
        verbose_name = "quyền lợi"
        verbose_name_plural = "quyền lợi"
        constraints = [
            models.UniqueConstraint(fields=["household", "policy", "scenario"], name="policies_entitlement_unique")
        ]
        indexes = [
            models.Index(fields=["scenario", "policy", "unit_path"], name="policies_ent_policy_path"),
        ]

    def __str__(self) -> str:
        return f"{self.household_id} → {self.policy_id} ({self.scenario})"


class LookupOutcome(models.TextChoices):
    FOUND = "found", "Tra cứu được"
    NO_MATCH = "no_match", "Không khớp"
    LIMITED = "limited", "Vượt giới hạn"
    INVALID = "invalid", "Dữ liệu không hợp lệ"


class LookupLog(models.Model):
    """One resident lookup. No identity number is stored, not even its digest; codes only as a keyed digest."""

    at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    ip = models.CharField("địa chỉ IP", max_length=64, blank=True)
    channel = models.CharField("kênh", max_length=8)
    code_digest = models.CharField("mã hộ (băm có khóa)", max_length=64, db_index=True)
    # No database constraint: checking it locks the household row, which made failures on a known code slower
    # than on an unknown one. Households are never deleted (SET_NULL still applies through the ORM).
    household = models.ForeignKey(
        Household, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="hộ",
        db_constraint=False,
    )
    outcome = models.CharField("kết quả", max_length=10, choices=LookupOutcome.choices)
    user_agent = models.CharField("trình duyệt", max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "lượt tra cứu"
        verbose_name_plural = "lượt tra cứu"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_outcome_display()}"
