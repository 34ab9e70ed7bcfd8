"""Writes for a round's first steps: create, list households, screening (Phiếu A). One transaction and audit each."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from giamngheo.accounts.models import User
from giamngheo.common.audit import audit_record
from giamngheo.domain.standard import UnknownStandard, standard_get
from giamngheo.geo.standards import standard_refusal_for_commune
from giamngheo.registry.access import access_household
from giamngheo.registry.models import HouseholdAssessment
from giamngheo.review import checklist as default_checklist
from giamngheo.review import workflow
from giamngheo.review.access import commune_for_write, round_for_write
from giamngheo.review.errors import ReviewError, RoundNotFound
from giamngheo.review.models import ReviewRound, RoundHousehold, RoundKind, RoundStep, ScreeningChecklist


def step_record(review: ReviewRound, *, action: str, on: dt.date, by: User, note: str = "") -> RoundStep:
    """Move the round along the procedure (refusing steps out of order) and keep who did it and when."""
    if on > timezone.localdate():
        raise ReviewError(f"Ngày thực hiện ({on:%d/%m/%Y}) không được sau ngày hôm nay.")
    last = review.steps.order_by("-on", "-id").first()
    workflow.require_not_before(on, last.on if last else review.started_on, what="thực hiện bước này",
                                earlier_what="bước trước" if last else "bắt đầu đợt rà soát")
    state_to = workflow.next_state(review.state, action)
    step = RoundStep.objects.create(round=review, action=action, state_from=review.state, state_to=state_to,
                                    on=on, by=by, note=note)
    review.state = state_to
    review.save(update_fields=["state"])
    return step


def round_audit(review: ReviewRound, *, acting_user: User, action: str, after: dict[str, Any]) -> None:
    audit_record(acting_user=acting_user, action=f"review.{action}", target=review,
                 unit_path=review.commune.path, after=after)


def round_create(
    *, acting_user: User, commune_id: int, kind: str, year: int, month: int = 0, standard_id: str,
    extra_standard_ids: list[str] | tuple[str, ...] = (), started_on: dt.date | None = None,
) -> ReviewRound:
    """Open a round for a commune and list its households to review (current poor and near-poor households).

    A periodic round runs in 1 September – 14 December; an in-year round starts on the 15th of its month.
    """
    if kind not in RoundKind.values:
        raise ReviewError("Loại đợt rà soát phải là định kỳ (periodic) hoặc thường xuyên (in_year).")
    for sid in [standard_id, *extra_standard_ids]:
        try:
            standard_get(sid)
        except UnknownStandard as error:
            raise ReviewError(str(error)) from None
    if kind == RoundKind.IN_YEAR:
        if not 1 <= month <= 12:
            raise ReviewError("Rà soát thường xuyên cần tháng từ 1 đến 12.")
        first = workflow.in_year_start(year, month)
        started_on = started_on or first
        workflow.require_not_before(started_on, first, what="bắt đầu rà soát thường xuyên",
                                    earlier_what="15 của tháng (Điều 5 QĐ 24/2021)")
    else:
        month = 0
        begin, end = workflow.periodic_window(year)
        started_on = started_on or begin
        if not begin <= started_on <= end:
            raise workflow.DateOutOfOrder(
                f"Rà soát định kỳ năm {year} diễn ra từ {begin:%d/%m/%Y} đến {end:%d/%m/%Y} (Điều 3 QĐ 24/2021); "
                f"ngày bắt đầu {started_on:%d/%m/%Y} nằm ngoài khoảng đó."
            )
    if started_on > timezone.localdate():
        raise ReviewError(f"Ngày bắt đầu ({started_on:%d/%m/%Y}) không được sau ngày hôm nay.")
    checklist = ScreeningChecklist.objects.filter(active=True).order_by("id").first()
    if checklist is None and not ScreeningChecklist.objects.exists():
        # A fresh database without the seeded row (e.g. flushed): put the documented default back.
        checklist, _ = ScreeningChecklist.objects.get_or_create(code=default_checklist.CODE, defaults={
            "title": default_checklist.TITLE, "items": default_checklist.ITEMS,
            "stop_threshold": default_checklist.STOP_THRESHOLD, "source": default_checklist.SOURCE})
    if checklist is None:
        raise ReviewError("Chưa có Phiếu A (danh mục dấu hiệu nhận dạng nhanh) đang dùng.")
    try:
        with transaction.atomic():
            commune = commune_for_write(acting_user, commune_id)
            # The applied standard must be national or the commune's province's own; extra standards are only
            # evaluated for comparison, so another province's may be among them.
            refusal = standard_refusal_for_commune(standard_id, commune)
            if refusal:
                raise ReviewError(refusal)
            review = ReviewRound.objects.create(
                commune=commune, kind=kind, year=year, month=month, standard_id=standard_id,
                extra_standard_ids=[s for s in dict.fromkeys(extra_standard_ids) if s != standard_id],
                started_on=started_on, checklist=checklist, created_by=acting_user,
            )
            listed = _list_current(review) if kind == RoundKind.PERIODIC else 0
            round_audit(review, acting_user=acting_user, action="round_create", after={
                "kind": kind, "year": year, "month": month, "standards": review.standard_ids,
                "started_on": started_on.isoformat(), "listed": listed,
            })
    except IntegrityError:
        raise ReviewError("Xã này đã có đợt rà soát cùng loại cho kỳ này.") from None
    return review


def _list_current(review: ReviewRound) -> int:
    """List the households poor or near-poor in the latest result before the round's year (not those struck off)."""
    latest: dict[int, HouseholdAssessment] = {}
    rows = (HouseholdAssessment.objects.filter(household__commune=review.commune, household__closed_on__isnull=True,
                                               year__lt=review.year)
            .select_related("household").order_by("household_id", "year", "id"))
    for row in rows.iterator(chunk_size=2000):
        latest[row.household_id] = row
    entries = [
        RoundHousehold(round=review, household_id=hid, village_id=row.household.village_id,
                       source=row.category, start_category=row.category)
        for hid, row in latest.items() if row.category in ("poor", "near_poor")
    ]
    RoundHousehold.objects.bulk_create(entries, batch_size=1000)
    return len(entries)


def start_category_of(household_id: int, year: int) -> str:
    row = (HouseholdAssessment.objects.filter(household_id=household_id, year__lt=year)
           .order_by("-year", "-id").values_list("category", flat=True).first())
    return row or ""


def round_application_add(*, acting_user: User, round_id: int, household_id: int, form: str = "01",
                          applied_on: dt.date) -> RoundHousehold:
    """Put a household that applied (Mẫu 01 to enter, Mẫu 04 to leave the lists) on the round's list."""
    if form not in ("01", "04"):
        raise ReviewError("Giấy đề nghị phải là Mẫu số 01 (đề nghị rà soát) hoặc Mẫu số 04 (đề nghị thoát nghèo).")
    with transaction.atomic():
        review = round_for_write(acting_user, round_id)
        if review.state != workflow.LISTING:
            workflow.next_state(review.state, "list_close")  # raises: the list is closed
        household = access_household(acting_user, household_id)
        if household is None or household.commune_id != review.commune_id:
            raise RoundNotFound
        if applied_on > timezone.localdate():
            raise ReviewError("Ngày nộp đề nghị không được sau ngày hôm nay.")
        entry, created = RoundHousehold.objects.get_or_create(
            round=review, household=household,
            defaults={"village_id": household.village_id, "source": RoundHousehold.Source.APPLICANT,
                      "start_category": start_category_of(household.pk, review.year)},
        )
        entry.application_form, entry.applied_on = form, applied_on
        entry.save(update_fields=["application_form", "applied_on"])
        round_audit(review, acting_user=acting_user, action="application_add", after={
            "household": household.code, "form": form, "applied_on": applied_on.isoformat(), "new": created})
    return entry


def round_list_close(*, acting_user: User, round_id: int, on: dt.date) -> ReviewRound:
    with transaction.atomic():
        review = round_for_write(acting_user, round_id)
        if not review.entries.exists():
            raise ReviewError("Danh sách hộ cần rà soát đang trống: thêm hộ có giấy đề nghị trước khi chốt.")
        step_record(review, action="list_close", on=on, by=acting_user)
        round_audit(review, acting_user=acting_user, action="list_close",
                    after={"on": on.isoformat(), "households": review.entries.count()})
    return review


def round_screening_record(*, acting_user: User, round_id: int, household_id: int, items: list[str],
                           override_reason: str = "") -> RoundHousehold:
    """Record Phiếu A for an applicant: the signs seen; at the threshold the survey stops unless overridden."""
    with transaction.atomic():
        review = round_for_write(acting_user, round_id)
        if review.state != workflow.SCREENING:
            raise workflow.StepOutOfOrder(
                f"Chỉ ghi Phiếu A ở bước «{workflow.STATE_NAMES_VI[workflow.SCREENING]}»; đợt rà soát đang ở bước "
                f"«{review.state_name}»."
            )
        entry = review.entries.filter(household_id=household_id).first()
        if entry is None:
            raise RoundNotFound
        if not entry.needs_screening:
            raise ReviewError(
                "Phiếu A chỉ dành cho hộ có giấy đề nghị; hộ nghèo, cận nghèo đầu kỳ được điều tra Phiếu B."
            )
        known = {item["id"] for item in review.checklist.items}
        unknown = sorted(set(items) - known)
        if unknown:
            raise ReviewError(f"Dấu hiệu không có trong Phiếu A: {', '.join(unknown)}.")
        stopped = len(set(items)) >= review.checklist.stop_threshold
        reason = override_reason.strip()
        if reason and not stopped:
            raise ReviewError("Chỉ cần lý do khi hộ đủ số dấu hiệu để dừng mà vẫn điều tra Phiếu B.")
        entry.screening_items = sorted(set(items))
        entry.screening_stopped = stopped
        entry.screening_override_reason = reason
        entry.screened = True
        entry.save(update_fields=["screening_items", "screening_stopped", "screening_override_reason", "screened"])
        round_audit(review, acting_user=acting_user, action="screening_record", after={
            "household": entry.household.code, "items": entry.screening_items, "stopped": stopped,
            "override_reason": reason})
    return entry


def round_screening_close(*, acting_user: User, round_id: int, on: dt.date) -> ReviewRound:
    with transaction.atomic():
        review = round_for_write(acting_user, round_id)
        pending = list(review.entries.filter(source=RoundHousehold.Source.APPLICANT, screened=False)
                       .values_list("household__code", flat=True)[:5])
        if pending and review.state == workflow.SCREENING:
            raise ReviewError(f"Còn hộ có giấy đề nghị chưa nhận dạng nhanh (Phiếu A): {', '.join(pending)}.")
        step_record(review, action="screening_close", on=on, by=acting_user)
        stopped = review.entries.filter(screening_stopped=True, screening_override_reason="").count()
        round_audit(review, acting_user=acting_user, action="screening_close",
                    after={"on": on.isoformat(), "stopped": stopped})
    return review
