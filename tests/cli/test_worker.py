"""`giamngheo worker` runs the periodic jobs (beat) unless told not to, and every scheduled job exists."""

from __future__ import annotations

from django.conf import settings

from config.celery import app
from giamngheo.cli.server import worker_argv


def test_the_worker_runs_the_schedule_by_default_and_not_when_told() -> None:
    with_beat = worker_argv(2)
    assert "--beat" in with_beat and "--concurrency=2" in with_beat
    assert any(arg.startswith("--schedule=") and arg.endswith("celerybeat-schedule") for arg in with_beat)
    assert "--beat" not in worker_argv(2, beat=False)


def test_every_scheduled_job_names_a_registered_task() -> None:
    app.loader.import_default_modules()
    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "registry.import_expire" in names
    assert names <= set(app.tasks)
