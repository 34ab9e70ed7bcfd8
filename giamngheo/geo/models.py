from __future__ import annotations

import datetime as dt

from django.db import models

# Two-tier local government (province, commune) took effect on this day; district level ended the day before.
REFORM_2025 = dt.date(2025, 7, 1)


class UnitLevel(models.TextChoices):
    PROVINCE = "province", "Tỉnh/Thành phố"
    DISTRICT = "district", "Huyện/Quận (trước 07/2025)"
    COMMUNE = "commune", "Xã/Phường/Đặc khu"
    VILLAGE = "village", "Thôn/Tổ dân phố"


class AdminUnit(models.Model):
    """An administrative unit in force during [valid_from, valid_to).

    Official codes are reused across the 2025 reform (the new xã Cẩm Xuyên kept the code of the old
    thị trấn Cẩm Xuyên), so a code identifies a unit only together with its validity window.
    `path` lists the ids from the province down to this unit ("/12/3456/"): a unit and everything
    under it is `path__startswith`.
    """

    level = models.CharField("cấp", max_length=10, choices=UnitLevel.choices, db_index=True)
    code = models.CharField("mã", max_length=12, db_index=True)
    name = models.CharField("tên", max_length=120)
    short_name = models.CharField("tên ngắn", max_length=100)
    unit_type = models.CharField("loại", max_length=40, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name="thuộc"
    )
    path = models.CharField("đường dẫn", max_length=120, db_index=True, editable=False)
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hết hiệu lực từ", null=True, blank=True)
    latitude = models.FloatField("vĩ độ", null=True, blank=True)
    longitude = models.FloatField("kinh độ", null=True, blank=True)
    search_key = models.CharField("khóa tìm kiếm", max_length=200, db_index=True, editable=False, default="")

    class Meta:
        ordering = ["code", "name"]
        verbose_name = "đơn vị hành chính"
        verbose_name_plural = "đơn vị hành chính"
        constraints = [
            models.UniqueConstraint(
                fields=["level", "code", "valid_from"], name="geo_unit_code_unique_per_era",
                condition=~models.Q(level="village"),
            ),
            # NULLs never collide in a unique index, so the era before the reform (valid_from NULL) needs its own.
            models.UniqueConstraint(
                fields=["level", "code"], name="geo_unit_code_unique_before_reform",
                condition=models.Q(valid_from__isnull=True) & ~models.Q(level="village"),
            ),
            models.UniqueConstraint(
                fields=["parent", "name"], name="geo_village_name_unique_in_commune",
                condition=models.Q(level="village"),
            ),
            # "Thôn 1" and "thôn 1" are one village: the folded key closes the race two clerks could win at once.
            models.UniqueConstraint(
                fields=["parent", "search_key"], name="geo_village_key_unique_in_commune",
                condition=models.Q(level="village"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_current(self) -> bool:
        return self.valid_to is None


class UnitSuccession(models.Model):
    """An old unit whose territory (all or part) passed to a new unit on `effective`."""

    predecessor = models.ForeignKey(
        AdminUnit, on_delete=models.CASCADE, related_name="successions", verbose_name="đơn vị cũ"
    )
    successor = models.ForeignKey(
        AdminUnit, on_delete=models.CASCADE, related_name="predecessions", verbose_name="đơn vị mới"
    )
    effective = models.DateField("hiệu lực từ", default=REFORM_2025)
    # Where an old commune was split, the successor that takes its records by default (its population seat).
    is_default = models.BooleanField("nhận hồ sơ mặc định", default=True)

    class Meta:
        verbose_name = "sáp nhập/chia tách"
        verbose_name_plural = "sáp nhập/chia tách"
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="geo_succession_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"
