"""Survey (Phiếu B): collect each listed household's result and evaluate it under every standard of the round."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from giamngheo.accounts.models import User
from giamngheo.domain.assess import assess
from giamngheo.domain.facts import HouseholdFacts
from giamngheo.domain.standard import Standard, standard_get
from giamngheo.registry.models import HouseholdAssessment
from giamngheo.review import workflow
from giamngheo.review.access import round_for_write
from giamngheo.review.errors import ReviewError, RoundNotFound
from giamngheo.review.models import ReviewRound, RoundHousehold, RoundKind, StandardResult
from giamngheo.review.services.rounds import round_audit, start_category_of, step_record

TRUE_WORDS = {"1", "true", "yes", "có", "co", "x"}


def facts_known(assessment: HouseholdAssessment, area: str) -> tuple[HouseholdFacts, frozenset[str]]:
    """Rebuild the facts an assessment was made from, and the indicators those facts actually cover."""
    facts: dict[str, Any] = assessment.facts or {}
    deprived: set[str] = set()
    known: set[str] = set()
    for key, value in facts.items():
        if key.startswith("d_"):
            known.add(key[2:])
            if value is True or str(value).strip().lower() in TRUE_WORDS:
                deprived.add(key[2:])
    listed = facts.get("deprivations")
    if isinstance(listed, list | tuple):
        deprived |= {str(i) for i in listed}
    if not known:
        deprived |= {d for d in assessment.deprivations.split(";") if d}
        try:
            known = set(standard_get(assessment.standard_id).indicator_ids)
        except LookupError:
            known = set(deprived)
    members = facts.get("members") or 1
    income = facts.get("income_per_capita", assessment.income_per_capita)
    return (
        HouseholdFacts(area=str(facts.get("area") or area), members=max(1, int(members)),
                       income_per_capita=int(income), deprivations=frozenset(deprived)),
        frozenset(known),
    )


def evaluate(assessment: HouseholdAssessment, area: str, standard: Standard) -> dict[str, Any]:
    """Return the result of one assessment's facts under ``standard`` (the stored one when it is the same)."""
    if assessment.standard_id == standard.id:
        return {"category": assessment.category, "deprivation_count": assessment.deprivation_count,
                "deprivations": assessment.deprivations, "reason": assessment.reason, "missing_indicators": ""}
    facts, known = facts_known(assessment, area)
    result = assess(facts, standard)
    missing = [i for i in standard.indicator_ids if i not in known]
    reason = result.reason
    if missing:
        reason += f" Chưa có dữ kiện về {len(missing)} chỉ số ({', '.join(missing)}), tạm coi là không thiếu hụt."
    return {"category": result.category, "deprivation_count": result.deprivation_count,
            "deprivations": ";".join(result.deprivations), "reason": reason, "missing_indicators": ";".join(missing)}


def round_evaluate(review: ReviewRound, entries: Iterable[RoundHousehold], *, only_these: bool = False) -> None:
    """Replace the round's results under each of its standards and set each entry's category (first standard).

    With ``only_these`` just the given households' results are replaced (a re-check after a complaint).
    """
    standards = [standard_get(sid) for sid in review.standard_ids]
    entries = list(entries)
    stored = StandardResult.objects.filter(round=review)
    if only_these:
        stored = stored.filter(household_id__in=[e.household_id for e in entries])
    stored.delete()
    results: list[StandardResult] = []
    changed: list[RoundHousehold] = []
    for entry in entries:
        for standard in standards:
            if entry.assessment is None:
                count = len(entry.screening_items)
                row = {"category": "non_poor", "deprivation_count": 0, "deprivations": "", "missing_indicators": "",
                       "reason": f"Dừng sau Phiếu A: có {count} dấu hiệu hộ không nghèo "
                                 f"(ngưỡng {review.checklist.stop_threshold})."}
            else:
                row = evaluate(entry.assessment, entry.household.area, standard)
            results.append(StandardResult(round=review, household_id=entry.household_id, standard_id=standard.id,
                                          **row))
            if standard.id == review.standard_id:
                entry.category = row["category"]
        changed.append(entry)
    StandardResult.objects.bulk_create(results, batch_size=1000)
    RoundHousehold.objects.bulk_update(changed, ["assessment", "category"], batch_size=1000)


def round_survey_close(*, acting_user: User, round_id: int, on: dt.date) -> ReviewRound:
    """Take each listed household's Phiếu B result of the round's year and evaluate it under every standard.

    Households of the commune surveyed during a periodic round but not on its list join it as "surveyed".
    """
    with transaction.atomic():
        review = round_for_write(acting_user, round_id)
        assessments = HouseholdAssessment.objects.filter(
            household__commune=review.commune, year=review.year, created_at__date__gte=review.started_on,
        ).order_by("household_id", "id")
        latest = {a.household_id: a for a in assessments}
        if review.kind == RoundKind.PERIODIC:
            listed = set(review.entries.values_list("household_id", flat=True))
            extra = [a for hid, a in latest.items() if hid not in listed]
            RoundHousehold.objects.bulk_create([
                RoundHousehold(round=review, household_id=a.household_id, village_id=a.household.village_id,
                               source=RoundHousehold.Source.SURVEYED,
                               start_category=start_category_of(a.household_id, review.year))
                for a in HouseholdAssessment.objects.filter(pk__in=[a.pk for a in extra]).select_related("household")
            ], batch_size=1000)
        entries = list(review.entries.select_related("household"))
        missing = []
        for entry in entries:
            if entry.screening_stopped and not entry.screening_override_reason:
                entry.assessment = None
                continue
            entry.assessment = latest.get(entry.household_id)
            if entry.assessment is None:
                missing.append(entry.household.code)
        if missing:
            raise ReviewError(
                f"Còn {len(missing)} hộ chưa có kết quả Phiếu B năm {review.year}: {', '.join(missing[:10])}"
                f"{'…' if len(missing) > 10 else ''}. Nhập tệp kết quả điều tra trước khi chốt."
            )
        step_record(review, action="survey_close", on=on, by=acting_user)
        round_evaluate(review, entries)
        round_audit(review, acting_user=acting_user, action="survey_close", after={
            "on": on.isoformat(), "households": len(entries), "standards": review.standard_ids})
    return review


def round_recheck_record(*, acting_user: User, round_id: int, household_id: int, rechecked_on: dt.date,
                         note: str = "", unchanged: bool = False) -> RoundHousehold:
    """Record the re-check (phúc tra) of a household named by an upheld complaint and take its new result.

    The new result enters as every Phiếu B result does: a survey file staged and confirmed by a second official
    (the registry's import), giving the household a new assessment of the round's year after the complaint was
    upheld. A re-check that finds the same facts records that, with the reason, and keeps the result. The
    household's results under every standard of the round are re-evaluated; its re-posting comes next.
    """
    with transaction.atomic():
        review = round_for_write(acting_user, round_id)
        entry = review.entries.filter(household_id=household_id).select_related("household").first()
        if entry is None:
            raise RoundNotFound
        code = entry.household.code
        if review.state != workflow.RECHECK:
            raise workflow.StepOutOfOrder(
                f"Không thể ghi kết quả phúc tra hộ {code}: đợt rà soát đang ở bước «{review.state_name}»; phúc tra "
                f"chỉ ghi ở bước «{workflow.STATE_NAMES_VI[workflow.RECHECK]}», sau khi một khiếu nại được kết "
                "luận có cơ sở."
            )
        pending = list(review.rechecks.filter(household_id=household_id, rechecked_on__isnull=True)
                       .select_related("complaint"))
        if not pending:
            raise ReviewError(f"Hộ {code} không có khiếu nại có cơ sở đang chờ phúc tra.")
        if rechecked_on > timezone.localdate():
            raise ReviewError(f"Ngày phúc tra ({rechecked_on:%d/%m/%Y}) không được sau ngày hôm nay.")
        workflow.require_not_before(rechecked_on, max(p.complaint.resolved_on for p in pending), what="phúc tra",
                                    earlier_what="kết luận khiếu nại")
        since = min(p.complaint.resolved_at for p in pending)
        fresh = (HouseholdAssessment.objects.filter(household_id=household_id, year=review.year,
                                                    created_at__gte=since).order_by("-id").first())
        note = note.strip()
        if fresh is None:
            if not unchanged:
                raise ReviewError(
                    f"Chưa có kết quả phúc tra (Phiếu B mới năm {review.year}) của hộ {code} kể từ khi khiếu nại "
                    "được kết luận có cơ sở: tải tệp kết quả phúc tra và để một cán bộ khác xác nhận, hoặc đánh "
                    "dấu «phúc tra giữ nguyên dữ kiện» và ghi rõ lý do."
                )
            if not note:
                raise ReviewError("Phúc tra giữ nguyên dữ kiện: cần ghi rõ lý do.")
            if entry.assessment is None:
                raise ReviewError(f"Hộ {code} dừng sau Phiếu A, chưa có Phiếu B: phải điều tra Phiếu B khi phúc tra.")
            fresh = entry.assessment
        before, same = entry.category, fresh.pk == entry.assessment_id
        entry.assessment = fresh
        if entry.screening_stopped and not entry.screening_override_reason:
            entry.screening_override_reason = "Phúc tra theo khiếu nại có cơ sở"
            entry.save(update_fields=["screening_override_reason"])
        round_evaluate(review, [entry], only_these=True)
        now = timezone.now()
        for row in pending:
            row.assessment_after, row.category_after, row.unchanged = fresh, entry.category, same
            row.rechecked_on, row.rechecked_by, row.rechecked_at, row.note = rechecked_on, acting_user, now, note
            row.save(update_fields=["assessment_after", "category_after", "unchanged", "rechecked_on",
                                    "rechecked_by", "rechecked_at", "note"])
        round_audit(review, acting_user=acting_user, action="recheck_record", after={
            "household": code, "rechecked_on": rechecked_on.isoformat(), "before": before,
            "after": entry.category, "assessment": fresh.pk, "unchanged": same,
            "complaints": [p.complaint_id for p in pending], "note": note})
    return entry
