"""Import an assessment file into the registry: stage (preview, writes nothing), then a second person confirms.

    batch = household_import_stage(acting_user=maker, commune_id=…, content=…, filename="xa.xlsx", year=2026)
    batch.status, batch.summary, batch.errors          # the preview: every problem by sheet, row and column
    household_import_confirm(acting_user=checker, batch_id=batch.id)   # all or nothing, one transaction
    household_import_confirm(acting_user=checker, batch_id=batch.id, background=True)  # web/API: large → task
    household_import_expire()      # pending batches older than REGISTRY_IMPORT_PENDING_DAYS: expired, wiped

Re-staging the same file for the same commune, year and standard returns the batch already made for it (unless
that batch has expired).

Writing in the background: the checker's confirmation is checked and recorded at once (status "writing", audited
as household_import.queue) and the registry_import_confirm task writes the batch after the commit. The task writes
only a batch that is still "writing", under the same commune lock as every confirmation, so running it twice (a
redelivered message, two checkers, a retry) writes once. Any failure rolls the write back whole and leaves the
batch "failed" with the reason; a checker may confirm it again.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from typing import Any

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from giamngheo.accounts.access import can, units_visible_to
from giamngheo.common.audit import audit_record
from giamngheo.common.request_context import current_origin
from giamngheo.domain.standard import Standard, UnknownStandard, standard_get, standard_in_force
from giamngheo.geo.models import AdminUnit, UnitLevel
from giamngheo.geo.standards import standard_refusal_for_commune
from giamngheo.registry.importing.plan import Plan, import_plan
from giamngheo.registry.importing.prepare import Prepared, import_prepare
from giamngheo.registry.importing.problems import STORED_PROBLEMS, ImportProblem, ImportRefused, problems_sorted
from giamngheo.registry.importing.staging import file_digest, frame_open, frame_seal, max_upload_bytes, megabytes
from giamngheo.registry.importing.write import plan_write
from giamngheo.registry.models import AWAITING, ImportBatch, ImportStatus
from giamngheo.registry.signals import households_assessed

FIRST_YEAR = 2021
# Up to this many households a confirmation from the web or the API is written within the request (well under
# a second): the checker sees the result at once. Larger files are written by the background task.
BACKGROUND_ROWS = 2000
# A batch "writing" for longer than this is taken to have lost its task (worker stopped, broker emptied) and may
# be confirmed again; a second run is harmless, since only a batch still "writing" is ever written.
STALE_WRITING = dt.timedelta(minutes=30)
BUSY = "Cơ sở dữ liệu đang ghi một lô khác; không có gì được ghi — hãy xác nhận lại sau ít phút."
# Seconds the background write waits before trying again when SQLite is busy with another writer.
BUSY_PAUSES = (1, 2, 4)
_STAGED = ("staged_content", "staged_members")

logger = logging.getLogger(__name__)


def household_import_stage(
    *, acting_user: Any, commune_id: int, content: bytes, filename: str, year: int | None = None,
    standard_id: str | None = None, assessed_on: dt.date | None = None, members_content: bytes | None = None,
    members_filename: str = "",
) -> ImportBatch:
    """Check and assess the file against the registry and keep it as a pending (or invalid) batch.

    `acting_user` None means the operator at the server's command line. Raises ImportRefused when the request
    itself cannot be staged (too large, commune out of scope, bad year/date/standard); problems inside the file
    make an INVALID batch that lists them.
    """
    size = len(content) + len(members_content or b"")
    limit = max_upload_bytes()
    if size > limit:
        raise ImportRefused(f"Tệp quá lớn ({megabytes(size)}); giới hạn là {megabytes(limit)}. "
                            "Hãy chia tệp theo thôn hoặc liên hệ quản trị để nâng giới hạn.")
    if not content:
        raise ImportRefused("Tệp rỗng; hãy chọn lại tệp kết quả rà soát.")
    commune = _commune_for(acting_user, commune_id, lock=False)
    assessed_on = assessed_on or timezone.localdate()
    year = year or assessed_on.year
    standard = _standard(standard_id, year=year, assessed_on=assessed_on)
    refusal = standard_refusal_for_commune(standard, commune)
    if refusal:
        raise ImportRefused(refusal)
    digest = file_digest(content, members_content)
    same = ImportBatch.objects.filter(
        Q(status=ImportStatus.CONFIRMED)
        | Q(status__in=[*AWAITING, ImportStatus.WRITING], created_at__gte=timezone.now() - pending_days()),
        commune=commune, year=year, standard_id=standard.id, file_digest=digest,
    ).defer(*_STAGED).order_by("status", "-id").first()  # a confirmed batch ("confirmed" sorts first) first
    if same is not None:
        return same
    prepared, _plan, problems, summary = _preview(
        content, filename, members_content, members_filename, commune=commune, year=year, standard=standard,
        assessed_on=assessed_on, acting_user=acting_user)
    status = ImportStatus.INVALID if problems else ImportStatus.PENDING
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            commune=commune, unit_path=commune.path, year=year, standard_id=standard.id, assessed_on=assessed_on,
            file_name=filename[:200], members_file_name=(members_filename or "")[:200], file_digest=digest,
            file_size=size, status=status, maker=_user(acting_user), summary=summary,
            errors=[p.as_dict() for p in problems[:STORED_PROBLEMS]], error_count=len(problems),
            staged_content=frame_seal(prepared.households) if not problems else b"",
            staged_members=frame_seal(prepared.members) if not problems else b"",
        )
        audit_record(acting_user=acting_user, action="household_import.stage", target=batch, unit_path=commune.path,
                     after={"status": status, "file_digest": digest, "errors": len(problems), **_counts(summary)})
    return batch


def household_import_confirm(*, acting_user: Any, batch_id: int, background: bool = False) -> ImportBatch:
    """Write a pending batch into the registry — all or nothing — as the second person (checker).

    The file is checked again against the registry as it is now, under a lock on the commune, so two imports
    racing for one commune run one after the other and the second sees what the first wrote.

    background=True (web, API): a batch of more than BACKGROUND_ROWS households is only marked "writing" here
    and written by the background task after the commit; the returned batch then shows whatever state it has
    reached (with Celery running eagerly, without REDIS_URL, that is already the result).
    """
    if background:
        batch = _batch_for(acting_user, batch_id)
        if batch.summary.get("rows", 0) > BACKGROUND_ROWS:
            return _queue(acting_user, batch.pk)
    try:
        return _confirm(acting_user, batch_id)
    except OperationalError as error:
        # SQLite has one writer at a time; a confirmation that waited out the busy timeout was rolled back whole.
        if _busy(error):
            raise ImportRefused(BUSY) from None
        raise


def household_import_write(*, batch_id: int) -> ImportBatch | None:
    """The background task's work: write a batch a checker has confirmed ("writing"), as that checker.

    Idempotent: a batch that is no longer "writing" (written, failed, a second delivery of the same task) is left
    as it is. Never raises for a failure of the write itself: the transaction is rolled back whole and the batch
    is left "failed" with the reason, audited, for the checker to see and confirm again. A database busy with
    another writer (SQLite) is waited for a few times first: it is often this very batch being written.
    """
    reason = ""
    for pause in (*BUSY_PAUSES, None):
        try:
            return _write_once(batch_id)
        except ImportRefused as refused:
            reason = str(refused)
        except OperationalError as error:
            if _busy(error) and pause is not None:
                time.sleep(pause)
                continue
            if not _busy(error):
                logger.exception("registry import #%s: the write failed", batch_id)
            reason = BUSY if _busy(error) else _unexpected(error)
        except Exception as error:  # anything at all: the write was rolled back, the checker must be told
            logger.exception("registry import #%s: the write failed", batch_id)
            reason = _unexpected(error)
        break
    try:
        _fail(batch_id, reason)
        return ImportBatch.objects.defer(*_STAGED).filter(pk=batch_id).first()
    except Exception:  # the batch stays "writing"; after STALE_WRITING a checker may confirm it again
        logger.exception("registry import #%s: could not record the failure: %s", batch_id, reason)
        return None


def _write_once(batch_id: int) -> ImportBatch | None:
    batch = ImportBatch.objects.defer(*_STAGED).select_related("checker").filter(pk=batch_id).first()
    if batch is None or batch.status != ImportStatus.WRITING:
        return batch
    try:  # for the progress line only: committed at once, before the long write
        ImportBatch.objects.filter(pk=batch_id, status=ImportStatus.WRITING).update(
            started_at=timezone.now(), attempts=F("attempts") + 1)
    except OperationalError as error:
        if not _busy(error):
            raise
    _write(batch.checker, batch_id)
    return ImportBatch.objects.defer(*_STAGED).get(pk=batch_id)


def household_import_expire(*, acting_user: Any = None, now: dt.datetime | None = None) -> list[int]:
    """Mark batches left waiting longer than REGISTRY_IMPORT_PENDING_DAYS as expired and wipe their staged rows.

    Returns the ids expired, each audited as household_import.expire. `acting_user` None is the system (the
    command line or the scheduled task).
    """
    now = now or timezone.now()
    days = settings.REGISTRY_IMPORT_PENDING_DAYS
    due = ImportBatch.objects.filter(status__in=AWAITING, created_at__lt=now - dt.timedelta(days=days))
    expired = []
    for pk in due.order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            batch = due.defer(*_STAGED).select_for_update().filter(pk=pk).first()
            if batch is None:  # confirmed or rejected meanwhile
                continue
            before = batch.status
            batch.status, batch.decided_at = ImportStatus.EXPIRED, now
            batch.decision_note = (f"Hết hạn: quá {days} ngày không được xác nhận; dữ liệu đã kiểm tra đã được xóa. "
                                   "Hãy tải tệp lên lại nếu vẫn cần nhập.")
            batch.staged_content = batch.staged_members = b""
            batch.save(update_fields=["status", "decided_at", "decision_note", *_STAGED])
            audit_record(acting_user=acting_user, action="household_import.expire", target=batch,
                         unit_path=batch.unit_path, before={"status": before},
                         after={"status": ImportStatus.EXPIRED, "pending_days": days,
                                "uploaded_at": batch.created_at.isoformat(), "staged_wiped": True})
        expired.append(pk)
    return expired


def pending_days() -> dt.timedelta:
    return dt.timedelta(days=settings.REGISTRY_IMPORT_PENDING_DAYS)


def _queue(acting_user: Any, batch_id: int) -> ImportBatch:
    """Record the checker's confirmation ("writing") and hand the write to the background task after the commit."""
    with transaction.atomic():
        batch = _batch_for(acting_user, batch_id)
        _commune_for(acting_user, batch.commune_id, lock=False)
        batch = ImportBatch.objects.defer(*_STAGED).select_for_update().get(pk=batch.pk)
        _check_decidable(batch, acting_user)
        before = {"status": batch.status, "attempts": batch.attempts}
        batch.status, batch.checker, batch.queued_at = ImportStatus.WRITING, _user(acting_user), timezone.now()
        batch.started_at, batch.failure_reason = None, ""
        batch.save(update_fields=["status", "checker", "queued_at", "started_at", "failure_reason"])
        audit_record(acting_user=acting_user, action="household_import.queue", target=batch,
                     unit_path=batch.unit_path, before=before,
                     after={"status": ImportStatus.WRITING, "rows": batch.summary.get("rows", 0)})
        origin = current_origin()
        pk = batch.pk
        transaction.on_commit(lambda: _send(pk, [origin.ip, origin.user_agent, origin.channel]))
    batch.refresh_from_db(fields=["status", "summary", "errors", "error_count", "failure_reason", "decided_at",
                                  "decision_note", "started_at", "attempts"])
    return batch


def _send(batch_id: int, origin: list[str]) -> None:
    from giamngheo.registry.tasks import import_confirm_task

    try:
        import_confirm_task.delay(batch_id=batch_id, origin=origin)
    except Exception as error:  # the broker did not take it: nothing will write the batch, so say so now
        logger.exception("registry import #%s: the write could not be queued", batch_id)
        try:
            _fail(batch_id, "Không giao được việc ghi cho tiến trình nền (hàng đợi không trả lời: "
                            f"{type(error).__name__}); chưa có gì được ghi — hãy xác nhận lại sau ít phút.")
        except Exception:  # the batch stays "writing"; after STALE_WRITING a checker may confirm it again
            logger.exception("registry import #%s: could not record the failure", batch_id)


def _write(acting_user: Any, batch_id: int) -> None:
    refusal = None
    with transaction.atomic():
        batch = ImportBatch.objects.filter(pk=batch_id).only("commune_id").get()
        commune = _commune_for(acting_user, batch.commune_id, lock=True)
        batch = ImportBatch.objects.select_for_update().get(pk=batch_id)
        if batch.status != ImportStatus.WRITING:  # another run wrote (or failed) it while this one waited
            return
        refusal = _twin_reject(batch, acting_user) or _confirm_checked(batch, commune, acting_user)
    if refusal:
        logger.info("registry import #%s: not written: %s", batch_id, refusal)


def _fail(batch_id: int, reason: str) -> None:
    """Leave a batch that is still "writing" failed with the reason (nothing of it was written), audited."""
    with transaction.atomic():
        batch = ImportBatch.objects.defer(*_STAGED).select_related("checker").select_for_update(of=("self",)) \
            .filter(pk=batch_id).first()
        if batch is None or batch.status != ImportStatus.WRITING:
            return
        batch.status, batch.failure_reason = ImportStatus.FAILED, reason[:500]
        batch.save(update_fields=["status", "failure_reason"])
        audit_record(acting_user=batch.checker, action="household_import.fail", target=batch,
                     unit_path=batch.unit_path, before={"status": ImportStatus.WRITING},
                     after={"status": ImportStatus.FAILED, "reason": batch.failure_reason,
                            "attempts": batch.attempts})


def _unexpected(error: Exception) -> str:
    return (f"Lỗi khi ghi vào sổ hộ ({type(error).__name__}); toàn bộ lô đã được hoàn tác, chưa có gì được ghi. "
            "Hãy xác nhận lại; nếu vẫn lỗi, báo quản trị hệ thống.")


def _busy(error: OperationalError) -> bool:
    return connection.vendor == "sqlite" and "locked" in str(error)


def _confirm(acting_user: Any, batch_id: int) -> ImportBatch:
    refusal = None
    with transaction.atomic():
        batch = _batch_for(acting_user, batch_id)
        commune = _commune_for(acting_user, batch.commune_id, lock=True)
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        _check_decidable(batch, acting_user)
        refusal = _twin_reject(batch, acting_user) or _confirm_checked(batch, commune, acting_user)
    if refusal:
        raise ImportRefused(refusal)
    return batch


def _twin_reject(batch: ImportBatch, acting_user: Any) -> str | None:
    """Reject the batch when the same file was confirmed meanwhile (two uploads at the same instant)."""
    twin = ImportBatch.objects.filter(
        commune_id=batch.commune_id, year=batch.year, standard_id=batch.standard_id, file_digest=batch.file_digest,
        status=ImportStatus.CONFIRMED).first()
    if twin is None:
        return None
    batch.status, batch.checker, batch.decided_at = ImportStatus.REJECTED, _user(acting_user), timezone.now()
    batch.decision_note = f"Trùng tệp với lô #{twin.pk} đã xác nhận."
    batch.staged_content = batch.staged_members = b""
    batch.save()
    audit_record(acting_user=acting_user, action="household_import.reject", target=batch,
                 unit_path=batch.unit_path, after={"note": batch.decision_note})
    return f"Tệp này đã được nhập và xác nhận ở lô #{twin.pk}; lô #{batch.pk} không ghi gì thêm."


def _confirm_checked(batch: ImportBatch, commune: AdminUnit, acting_user: Any) -> str | None:
    """Compare the staged rows with the registry again and write them; return a refusal when they no longer fit."""
    households = frame_open(batch.staged_content)
    if households is None:
        raise ImportRefused("Không mở được dữ liệu đã kiểm tra của lô này; hãy tải tệp lên lại.")
    prepared = Prepared(households, frame_open(batch.staged_members), rows=batch.summary.get("rows", 0),
                        member_rows=batch.summary.get("member_rows", 0))
    plan = import_plan(prepared, commune=commune, year=batch.year, standard_id=batch.standard_id,
                       assessed_on=batch.assessed_on, acting_user=acting_user)
    problems = problems_sorted(plan.problems)
    summary = {**batch.summary, **plan.summary(prepared)}
    if problems:
        batch.status, batch.summary = ImportStatus.INVALID, summary
        batch.errors, batch.error_count = [p.as_dict() for p in problems[:STORED_PROBLEMS]], len(problems)
        batch.staged_content = batch.staged_members = b""
        batch.failure_reason = (f"Sổ hộ đã thay đổi từ lúc xem trước; lô #{batch.pk} nay có {len(problems)} lỗi "
                                f"(đầu tiên: {problems[0]}). Không có gì được ghi.")[:500]
        batch.save()
        audit_record(acting_user=acting_user, action="household_import.invalidate", target=batch,
                     unit_path=batch.unit_path, after={"errors": len(problems)})
        return batch.failure_reason
    written = plan_write(plan, prepared, batch=batch, commune=commune, acting_user=acting_user)
    batch.status, batch.checker, batch.decided_at = ImportStatus.CONFIRMED, _user(acting_user), timezone.now()
    batch.failure_reason = ""
    batch.summary = {**summary, "written": written}
    batch.staged_content = batch.staged_members = b""
    batch.save()
    created = sorted(plan.new_codes)
    audit_record(acting_user=acting_user, action="household_import.confirm", target=batch,
                 unit_path=batch.unit_path,
                 after={"file_digest": batch.file_digest, **written, "created_codes": created})
    if written.get("assessments_new"):
        households_assessed.send(sender=ImportBatch, batch_id=batch.pk)
    return None


def household_import_reject(*, acting_user: Any, batch_id: int, note: str = "") -> ImportBatch:
    """Close a pending batch without writing it; the staged file is discarded."""
    with transaction.atomic():
        batch = _batch_for(acting_user, batch_id)
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status not in AWAITING:
            raise ImportRefused(f"Lô #{batch.pk} không còn chờ xác nhận ({batch.get_status_display().lower()}).")
        batch.status, batch.checker, batch.decided_at = ImportStatus.REJECTED, _user(acting_user), timezone.now()
        batch.decision_note = " ".join(str(note).split())[:300]
        batch.staged_content = batch.staged_members = b""
        batch.save()
        audit_record(acting_user=acting_user, action="household_import.reject", target=batch,
                     unit_path=batch.unit_path, after={"note": batch.decision_note})
    return batch


def _preview(content: bytes, filename: str, members_content: bytes | None, members_filename: str, *,
             commune: AdminUnit, year: int, standard: Standard, assessed_on: dt.date,
             acting_user: Any) -> tuple[Prepared, Plan | None, list[ImportProblem], dict[str, Any]]:
    prepared = import_prepare(content=content, filename=filename, commune=commune, year=year, standard=standard,
                              members_content=members_content, members_filename=members_filename)
    summary: dict[str, Any] = {"rows": prepared.rows, "member_rows": prepared.member_rows,
                               "has_members": prepared.members is not None or bool(members_content)}
    problems = list(prepared.problems)
    plan = None
    if prepared.ok:
        plan = import_plan(prepared, commune=commune, year=year, standard_id=standard.id, assessed_on=assessed_on,
                           acting_user=acting_user)
        problems += plan.problems
        summary.update(plan.summary(prepared))
    return prepared, plan, problems_sorted(problems), summary


def _counts(summary: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in summary.items() if isinstance(v, int) and not isinstance(v, bool)}


def _user(acting_user: Any) -> Any:
    return acting_user if getattr(acting_user, "is_authenticated", False) else None


def _commune_for(acting_user: Any, commune_id: int, *, lock: bool) -> AdminUnit:
    """Return the current commune if the user may import into it; out of scope and missing look the same."""
    if acting_user is not None and not can(acting_user, "edit_households"):
        raise ImportRefused("Tài khoản không có quyền nhập hộ gia đình.")
    units = AdminUnit.objects.all() if acting_user is None else units_visible_to(acting_user)
    units = units.filter(pk=commune_id, level=UnitLevel.COMMUNE)
    # Locking the commune row serialises confirmations (and village creation) for one commune.
    commune = (units.select_for_update() if lock else units).first()
    if commune is None:
        raise ImportRefused("Không tìm thấy xã/phường này trong phạm vi của tài khoản.")
    if not commune.is_current:
        raise ImportRefused(
            f"{commune.name} đã hết hiệu lực từ {commune.valid_to:%d/%m/%Y}; hãy nhập vào xã hiện hành.")
    return commune


def _batch_for(acting_user: Any, batch_id: int) -> ImportBatch:
    from giamngheo.registry.access import import_batches_visible_to

    batches = ImportBatch.objects.all() if acting_user is None else import_batches_visible_to(acting_user)
    batch = batches.defer(*_STAGED).filter(pk=batch_id).first()
    if batch is None:
        raise ImportRefused(f"Không tìm thấy lô nhập #{batch_id} trong phạm vi của tài khoản.")
    return batch


def writing_stale(batch: ImportBatch, now: dt.datetime | None = None) -> bool:
    """Whether a "writing" batch has waited so long for its task that it may be confirmed again."""
    return (batch.status == ImportStatus.WRITING and batch.queued_at is not None
            and batch.queued_at < (now or timezone.now()) - STALE_WRITING)


def _check_decidable(batch: ImportBatch, acting_user: Any) -> None:
    if batch.status == ImportStatus.WRITING and not writing_stale(batch):
        raise ImportRefused(f"Lô #{batch.pk} đang được ghi vào sổ hộ; hãy chờ kết quả trên trang của lô.")
    if batch.status not in (*AWAITING, ImportStatus.WRITING):
        raise ImportRefused(f"Lô #{batch.pk} không còn chờ xác nhận ({batch.get_status_display().lower()}).")
    expires_at = batch.created_at + pending_days()
    if batch.status in AWAITING and expires_at <= timezone.now():
        raise ImportRefused(
            f"Lô #{batch.pk} đã quá hạn xác nhận ({settings.REGISTRY_IMPORT_PENDING_DAYS} ngày kể từ khi tải lên, "
            f"hết hạn lúc {timezone.localtime(expires_at):%H:%M %d/%m/%Y}); không ghi được nữa. Hãy tải tệp lên lại "
            "để kiểm tra với sổ hộ hiện nay.")
    checker = _user(acting_user)
    if (checker.pk if checker else None) == batch.maker_id:
        raise ImportRefused("Người tải tệp lên không tự xác nhận được; cần một cán bộ khác kiểm tra và xác nhận.")


def _standard(standard_id: str | None, *, year: int, assessed_on: dt.date) -> Standard:
    today = timezone.localdate()
    if assessed_on > today:
        raise ImportRefused(f"Ngày đánh giá {assessed_on:%d/%m/%Y} ở tương lai (hôm nay {today:%d/%m/%Y}).")
    if not FIRST_YEAR <= year <= today.year + 1:
        raise ImportRefused(f"Năm rà soát {year} không hợp lệ; chọn từ {FIRST_YEAR} đến {today.year + 1}.")
    # The autumn review of one year decides the next year's lists, so either year may be named; nothing earlier.
    if assessed_on.year < year - 1:
        raise ImportRefused(f"Ngày đánh giá {assessed_on:%d/%m/%Y} quá sớm cho năm rà soát {year} (sớm nhất là đợt "
                            f"rà soát cuối năm {year - 1}); ngày và năm bị đảo.")
    try:
        standard = standard_get(standard_id) if standard_id else standard_in_force(assessed_on)
    except UnknownStandard as error:
        raise ImportRefused(str(error)) from None
    # At the turn of a period a review may be evaluated under the outgoing or the incoming standard.
    if not (standard.valid_from.year - 1 <= year <= standard.valid_to.year + 1):
        raise ImportRefused(f"Chuẩn '{standard.id}' áp dụng {standard.valid_from:%Y}–{standard.valid_to:%Y}, "
                            f"không dùng cho năm rà soát {year}.")
    return standard
