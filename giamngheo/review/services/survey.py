"""Survey (Phiếu B): collect each listed household's result and evaluate it under every standard of the round."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from giamngheo.accounts.models import User
from giamngheo.domain.assess import assess
from giamngheo.domain.facts import HouseholdFacts
from giamngheo.domain.standard import Standard, standard_get
from giamngheo.registry.models import HouseholdAssessment
from giamngheo.review.access import round_for_write
from giamngheo.review.errors import ReviewError
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


def round_evaluate(review: ReviewRound, entries: Iterable[RoundHousehold]) -> None:
    """Replace the round's results under each of its standards and set each entry's category (first standard)."""
    standards = [standard_get(sid) for sid in review.standard_ids]
    StandardResult.objects.filter(round=review).delete()
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
