"""The Celery application; `giamngheo worker` runs it against REDIS_URL."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("giamngheo")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
