"""Targets set by People's Councils, and the aggregates the dashboards read (refreshed, never computed per page)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from giamngheo.geo.models import AdminUnit


class Target(models.Model):
    """A People's Council's target for one unit and review year (the review at the end of that year)."""

    unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị")
    year = models.PositiveSmallIntegerField("năm")
    poor_rate = models.DecimalField("tỷ lệ hộ nghèo (%)", max_digits=5, decimal_places=2, null=True, blank=True)
    near_poor_rate = models.DecimalField(
        "tỷ lệ hộ cận nghèo (%)", max_digits=5, decimal_places=2, null=True, blank=True
    )
    households_out = models.PositiveIntegerField("số hộ thoát nghèo", null=True, blank=True)
    source = models.CharField("căn cứ (nghị quyết)", max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["unit__code", "year"]
        verbose_name = "mục tiêu"
        verbose_name_plural = "mục tiêu"
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="dashboards_target_unit_year")]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"


class CategoryCount(models.Model):
    """Households per category for one of today's units and one review year."""

    unit = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    households = models.PositiveIntegerField(default=0)
    poor = models.PositiveIntegerField(default=0)
    near_poor = models.PositiveIntegerField(default=0)
    average = models.PositiveIntegerField(default=0)
    non_poor = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="dashboards_catcount_unit_year")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year}"


class DeprivationCount(models.Model):
    """Households deprived in one indicator (all, and among poor households) for a unit and year."""

    unit = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    indicator = models.CharField(max_length=40)
    households = models.PositiveIntegerField(default=0)
    poor = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "indicator"], name="dashboards_depcount_unique"),
        ]
        indexes = [models.Index(fields=["year", "unit"], name="dashboards_dep_year_unit")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year}/{self.indicator}"


class FlowCount(models.Model):
    """Movements between the previous review and this one, per household, summed for a unit and year."""

    unit = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    escaped_poor = models.PositiveIntegerField("thoát nghèo", default=0)
    escaped_near_poor = models.PositiveIntegerField("thoát cận nghèo", default=0)
    newly_poor = models.PositiveIntegerField("nghèo phát sinh mới", default=0)
    fallen_back = models.PositiveIntegerField("tái nghèo", default=0)
    newly_near_poor = models.PositiveIntegerField("cận nghèo phát sinh mới", default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="dashboards_flow_unit_year")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year}"


class FigureValue(models.Model):
    """A figure from another context (communication reach, trainings…) for a unit and year; see figures.py."""

    unit = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    key = models.CharField(max_length=40)
    value = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "year", "key"], name="dashboards_figure_unique")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year}/{self.key}"


class RefreshRun(models.Model):
    """When the aggregates were last rebuilt, and how long it took (shown on the dashboard)."""

    finished_at = models.DateTimeField(auto_now_add=True)
    years = models.CharField(max_length=200, blank=True)
    unit_count = models.PositiveIntegerField(default=0)
    assessment_count = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)

    class Meta:
        ordering = ["-finished_at", "-id"]

    def __str__(self) -> str:
        return f"{self.finished_at:%Y-%m-%d %H:%M} ({self.seconds:.1f} s)"
