"""Entitlements follow new review results: a confirmed import's households are recomputed once it commits.

The registry announces new results with ``registry.signals.households_assessed``; the receiver below queues
``policies.entitlements_catch_up`` on commit (the worker runs it; without REDIS_URL it runs eagerly, right after
the commit). If the queue does not answer, nothing is lost: staff pages catch up on their next read.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from django.db import transaction
from django.dispatch import receiver

from giamngheo.policies.entitlements import entitlements_catch_up
from giamngheo.registry.signals import households_assessed

logger = logging.getLogger(__name__)


@shared_task(name="policies.entitlements_catch_up")
def entitlements_catch_up_task() -> dict:
    report = entitlements_catch_up()
    return {"households": report.households if report else 0, "written": report.written if report else 0}


def _queue() -> None:
    try:
        entitlements_catch_up_task.delay()
    except Exception:
        logger.exception("entitlements: the catch-up after an import could not be queued")


@receiver(households_assessed, dispatch_uid="policies.entitlements_after_assessment")
def _recompute_after_assessment(sender: Any, household_ids: list[int], **kwargs: Any) -> None:
    if household_ids:
        transaction.on_commit(_queue)
