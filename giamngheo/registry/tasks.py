"""Background work of the registry import, for the worker (`giamngheo worker`) and Celery beat.

    import_confirm_task.delay(batch_id=…)   # queued by household_import_confirm(…, background=True) on commit
    import_expire_task.delay()              # beat, e.g. daily: {"task": "registry.import_expire",
                                            #                    "schedule": crontab(hour=2, minute=0)}

Without REDIS_URL Celery runs them eagerly in the calling process. Both are idempotent: the confirm task writes
only a batch still "writing" (a redelivered or repeated task finds it written and does nothing), and the expiry
task only touches batches still waiting past their deadline.
"""

from __future__ import annotations

from celery import shared_task

from giamngheo.common.request_context import RequestOrigin, reset_origin, set_origin
from giamngheo.registry.importing.services import household_import_expire, household_import_write


# acks_late: a worker that dies mid-write (the transaction is rolled back) leaves the message to be delivered
# again, and the second delivery finishes the batch.
@shared_task(name="registry.import_confirm", acks_late=True, reject_on_worker_lost=True)
def import_confirm_task(*, batch_id: int, origin: list[str] | None = None) -> dict:
    """Write a confirmed batch; `origin` is the confirming request's [ip, user agent, channel] for the audit."""
    token = set_origin(RequestOrigin(*origin)) if origin else None
    try:
        batch = household_import_write(batch_id=batch_id)
    finally:
        if token is not None:
            reset_origin(token)
    return {"batch": batch_id, "status": batch.status if batch else None,
            "reason": batch.failure_reason if batch else ""}


@shared_task(name="registry.import_expire")
def import_expire_task() -> dict:
    """Expire batches left waiting longer than REGISTRY_IMPORT_PENDING_DAYS and wipe their staged rows."""
    return {"expired": household_import_expire()}
