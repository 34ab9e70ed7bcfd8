# Load the Celery app with Django so that tasks bind to it (and run eagerly when no REDIS_URL is set).
from config.celery import app as celery_app

__all__ = ["celery_app"]
