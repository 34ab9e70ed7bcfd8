from __future__ import annotations

import pytest
from django.core.management import call_command

from giamngheo.dashboards.models import CategoryCount

pytestmark = pytest.mark.django_db


def test_command_and_task_rebuild_the_aggregates(history, capsys):
    call_command("dashboards_refresh", "--years", "2024", "2025")
    out = capsys.readouterr().out
    assert out.startswith("Đã tổng hợp 16 kết quả rà soát, ") and "năm 2024, 2025" in out
    assert sorted(CategoryCount.objects.values_list("year", flat=True).distinct()) == [2024, 2025]

    from giamngheo.dashboards.tasks import aggregates_refresh_task

    result = aggregates_refresh_task.apply(kwargs={"years": [2022], "unit_ids": [history.units.thien_cam.id]}).get()
    assert (result["years"], result["assessments"]) == ([2022], 2)
    assert CategoryCount.objects.get(unit=history.units.province, year=2022).households == 2  # Thiên Cầm only
