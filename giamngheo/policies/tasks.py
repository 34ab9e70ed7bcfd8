"""Entitlements follow new review results: a confirmed import's households are recomputed once it commits.

The registry announces new results with ``registry.signals.households_assessed`` (and households that moved,
were struck off or restored with ``households_changed``, recomputed by id); the receiver below queues
``policies.entitlements_catch_up`` on commit (the worker runs it; without REDIS_URL it runs eagerly, right after
the commit). If the queue does not answer, nothing is lost: staff pages catch up on their next read.

Entitlements also follow the calendar: a policy's ``valid_from``/``valid_to`` and the national standards' validity
(the 2022–2025 standard, extended through 2026, gives way to 2027–2030 on 01/01/2027) are decided against the day
of the recompute, and the stored rows would otherwise keep yesterday's answer. ``policies.entitlements_dated_refresh``
runs daily shortly after midnight (``CELERY_BEAT_SCHEDULE``; ``giamngheo entitlements-refresh`` for operators) and
recomputes the policies whose window started or ended since its last run, the policies whose catalogue entry
changed since then (e.g. corrected by a data migration, which does not recompute), and everything when a national
standard starts or ends, or on its first run. Each run leaves an audit event, which is how the next finds the last.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from celery import shared_task
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from giamngheo.common.audit import audit_record
from giamngheo.common.models import AuditEvent
from giamngheo.domain.standard import standards_all
from giamngheo.policies.entitlements import entitlements_catch_up
from giamngheo.policies.models import Policy, PolicyVersion
from giamngheo.policies.services import entitlements_recompute
from giamngheo.registry.signals import households_assessed, households_changed

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
def _recompute_after_assessment(sender: Any, batch_id: int, **kwargs: Any) -> None:
    transaction.on_commit(_queue)  # the catch-up finds the confirmed batches' households itself


@shared_task(name="policies.entitlements_for_households")
def entitlements_for_households_task(*, household_ids: list[int]) -> dict:
    report = entitlements_recompute(household_ids=household_ids)
    return {"households": report.households, "written": report.written, "removed": report.removed}


@receiver(households_changed, dispatch_uid="policies.entitlements_after_household_change")
def _recompute_after_change(sender: Any, household_ids: list[int], **kwargs: Any) -> None:
    """A household moved (its rows carry the commune) or was struck off or restored: recompute it on commit."""
    def queue() -> None:
        try:
            entitlements_for_households_task.delay(household_ids=list(household_ids))
        except Exception:
            logger.exception("entitlements: the recompute after a household change could not be queued")

    if household_ids:
        transaction.on_commit(queue)


DATED_REFRESH_ACTION = "entitlements.dated_refresh"


def change_days(valid_from: dt.date | None, valid_to: dt.date | None) -> list[dt.date]:
    """The days on which a window's answer changes: its first day, and the day after its last."""
    days = [valid_from] if valid_from is not None else []
    if valid_to is not None:
        days.append(valid_to + dt.timedelta(days=1))
    return days


def _crossing(day: dt.date, valid_from: dt.date | None) -> str:
    if day == valid_from:
        return f"áp dụng từ {day:%d/%m/%Y}"
    return f"hết hiệu lực sau ngày {day - dt.timedelta(days=1):%d/%m/%Y}"


@dataclass(frozen=True)
class DatedRefreshPlan:
    everything: bool
    policy_codes: tuple[str, ...]
    reasons: tuple[str, ...]  # in Vietnamese, for the operator and the audit event


def dated_refresh_plan(*, today: dt.date, last_on: dt.date | None,
                       policies: Iterable[tuple[str, dt.date | None, dt.date | None]] | None = None,
                       changed_codes: Iterable[str] = ()) -> DatedRefreshPlan:
    """Decide what a run on ``today`` recomputes when the previous run was for ``last_on`` (None: never ran).

    ``policies`` are (code, valid_from, valid_to), all catalogue policies when None; ``changed_codes`` are the
    policies whose catalogue entry changed since the previous run.
    """
    if last_on is None:
        return DatedRefreshPlan(True, (), ("lần chạy đầu tiên",))

    def crossed(day: dt.date) -> bool:
        return last_on < day <= today

    reasons = [
        f"chuẩn nghèo {standard.id.replace('-', '–')} {_crossing(day, standard.valid_from)}"
        for standard in standards_all() if standard.kind == "national"
        for day in change_days(standard.valid_from, standard.valid_to) if crossed(day)
    ]
    if reasons:
        return DatedRefreshPlan(True, (), tuple(reasons))
    if policies is None:
        policies = Policy.objects.order_by("position", "code").values_list("code", "valid_from", "valid_to")
    codes: list[str] = []
    for code, valid_from, valid_to in policies:
        days = [day for day in change_days(valid_from, valid_to) if crossed(day)]
        if days:
            codes.append(code)
            reasons.append(f"{code}: {_crossing(days[-1], valid_from)}")
    for code in sorted(set(changed_codes) - set(codes)):
        codes.append(code)
        reasons.append(f"{code}: danh mục đã sửa")
    return DatedRefreshPlan(False, tuple(codes), tuple(reasons))


def last_dated_refresh() -> tuple[dt.date | None, dt.datetime | None]:
    """The day the previous run was for and when it ran; (None, None) before the first run."""
    event = (AuditEvent.objects.filter(action=DATED_REFRESH_ACTION).order_by("-at", "-id")
             .values_list("after", "at").first())
    if event is None:
        return None, None
    after, at = event
    try:
        return dt.date.fromisoformat(str((after or {}).get("on"))), at
    except ValueError:
        return None, at


def entitlements_dated_refresh(*, today: dt.date | None = None, everything: bool = False,
                               acting_user: object = None) -> dict[str, Any]:
    """Recompute what the calendar changed since the last run (everything with ``everything``); audit the run.

    ``today`` (the local date by default) chooses what to recompute; the recompute itself decides on the local
    date, as every recompute does.
    """
    today = today or timezone.localdate()
    last_on, last_at = last_dated_refresh()
    if everything:
        plan = DatedRefreshPlan(True, (), ("tính lại toàn bộ theo yêu cầu",))
    else:
        changed = (PolicyVersion.objects.filter(changed_at__gt=last_at).values_list("policy__code", flat=True)
                   if last_at is not None else [])
        plan = dated_refresh_plan(today=today, last_on=last_on, changed_codes=set(changed))
    summary: dict[str, Any] = {
        "on": today.isoformat(), "since": last_on.isoformat() if last_on else None, "all": plan.everything,
        "policy_codes": list(plan.policy_codes), "reasons": list(plan.reasons), "households": 0, "written": 0,
        "removed": 0,
    }
    if plan.policy_codes:
        # A recompute's audit event tells the import catch-up that every household is current: first recompute
        # the households of imports confirmed since the last recompute, so that they are not skipped.
        entitlements_catch_up()
    with transaction.atomic():
        if plan.everything or plan.policy_codes:
            report = entitlements_recompute(policy_codes=None if plan.everything else list(plan.policy_codes),
                                            acting_user=acting_user)
            summary.update(households=report.households, written=report.written, removed=report.removed)
        audit_record(acting_user=acting_user, action=DATED_REFRESH_ACTION, object_type="policies.entitlement",
                     object_id="*" if plan.everything else f"{len(plan.policy_codes)} chính sách",
                     object_label="Tính lại quyền lợi theo ngày hiệu lực", after=summary)
    return summary


@shared_task(name="policies.entitlements_dated_refresh")
def entitlements_dated_refresh_task() -> dict:
    return entitlements_dated_refresh()
