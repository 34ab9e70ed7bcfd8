"""One row per household and review year, resolved once so reports are plain GROUP BYs."""

from __future__ import annotations

from django.db import models

FLOW_CATEGORIES = ("", "poor", "near_poor", "average", "non_poor")


def flow_code(start_category: str, category: str, prior_poor: bool, prior_near: bool) -> int:
    """Pack what the dynamics need into 0–99: (start × 5 + end) × 4 + prior_poor × 2 + prior_near."""
    index = FLOW_CATEGORIES.index
    return (index(start_category) * 5 + index(category)) * 4 + 2 * prior_poor + prior_near


def flow_parts(code: int) -> tuple[str, str, bool, bool]:
    """Unpack `flow_code`: (start category, category, prior_poor, prior_near)."""
    pair, flags = divmod(code, 4)
    start, end = divmod(pair, 5)
    return FLOW_CATEGORIES[start], FLOW_CATEGORIES[end], bool(flags & 2), bool(flags & 1)


class YearFact(models.Model):
    """A household's effective result in a year, with what the dynamics and reports need beside it.

    Rebuilt from the registry's assessments by `year_facts_refresh` (after an import or a decision): the
    latest assessment of the year counts; `start_category` is the previous year's; `prior_poor`/`prior_near`
    say whether the household was poor / near-poor in any year before that (for tái nghèo).
    """

    year = models.PositiveSmallIntegerField()
    household_id = models.BigIntegerField()
    # category "" marks a household that had a result the year before and none this year (moved, died, merged);
    # its communes are then those of the previous year's row.
    commune_id = models.BigIntegerField("xã khi rà soát")
    current_commune_id = models.BigIntegerField("xã hiện nay", db_index=True)
    start_commune_id = models.BigIntegerField("xã hiện nay của kết quả năm trước", null=True)
    province_id = models.BigIntegerField("tỉnh hiện nay", null=True)
    start_province_id = models.BigIntegerField("tỉnh hiện nay của kết quả năm trước", null=True)
    # start category × category × tái nghèo/tái cận nghèo flags in one small number, so a province groups fast.
    flow = models.PositiveSmallIntegerField(default=0)
    village_id = models.BigIntegerField(null=True)
    standard_id = models.CharField(max_length=40)
    area = models.CharField(max_length=8)
    category = models.CharField(max_length=10)
    start_category = models.CharField(max_length=10, blank=True)
    prior_poor = models.BooleanField(default=False)
    prior_near = models.BooleanField(default=False)
    members = models.PositiveSmallIntegerField(default=0)
    start_members = models.PositiveSmallIntegerField(default=0)
    deprivation_mask = models.IntegerField(default=0)
    deprivation_count = models.PositiveSmallIntegerField(default=0)
    head_ethnicity = models.CharField(max_length=40, blank=True)
    minority = models.BooleanField(default=False)
    children = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year", "household_id"], name="review_yearfact_unique")]
        indexes = [models.Index(fields=["year", "current_commune_id"], name="review_yearfact_year_commune"),
                   models.Index(fields=["year", "start_commune_id"], name="review_yearfact_year_start"),
                   models.Index(fields=["year", "province_id"], name="review_yearfact_year_province")]

    def __str__(self) -> str:
        return f"{self.year} hộ {self.household_id}: {self.category}"


class FlowCount(models.Model):
    """Households (and persons) per year, commune now, commune a year before and flow code: the dynamics' input.

    Rebuilt with `YearFact` for the communes a refresh touches; a province report reads a few thousand rows.
    """

    year = models.PositiveSmallIntegerField()
    current_commune_id = models.BigIntegerField()
    start_commune_id = models.BigIntegerField(null=True)
    flow = models.PositiveSmallIntegerField()
    households = models.PositiveIntegerField()
    persons = models.PositiveIntegerField()
    start_persons = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["year", "current_commune_id"], name="review_flowcount_year_commune"),
                   models.Index(fields=["year", "start_commune_id"], name="review_flowcount_year_start")]

    def __str__(self) -> str:
        return f"{self.year} {self.current_commune_id}←{self.start_commune_id} {self.flow}: {self.households}"


class DeprivedCount(models.Model):
    """Poor or near-poor households per year, commune, standard and head's ethnicity, with per-indicator counts."""

    year = models.PositiveSmallIntegerField()
    current_commune_id = models.BigIntegerField()
    category = models.CharField(max_length=10)
    standard_id = models.CharField(max_length=40)
    head_ethnicity = models.CharField(max_length=40, blank=True)
    minority = models.BooleanField(default=False)
    households = models.PositiveIntegerField()
    indicators = models.JSONField(default=list)  # households deprived in indicator i, in the standard's order

    class Meta:
        indexes = [models.Index(fields=["year", "current_commune_id"], name="review_deprived_year_commune")]

    def __str__(self) -> str:
        return f"{self.year} {self.current_commune_id} {self.category}: {self.households}"
