"""Background refresh of the dashboard aggregates, for callers above this context (web, api, cli, demo).

After an import or a review step commits, schedule it so the page never waits for the counting:
    transaction.on_commit(lambda: aggregates_refresh_task.delay(years=[2025], unit_ids=[commune.id]))
Without REDIS_URL Celery runs it eagerly in the same process, right after the commit.
"""

from __future__ import annotations

from celery import shared_task

from giamngheo.dashboards.services import aggregates_refresh


@shared_task(name="dashboards.aggregates_refresh")
def aggregates_refresh_task(*, years: list[int] | None = None, unit_ids: list[int] | None = None) -> dict:
    report = aggregates_refresh(years=years, unit_ids=unit_ids)
    return {"years": list(report.years), "units": report.units, "assessments": report.assessments,
            "seconds": report.seconds}
