"""Classify one household under one standard: pure, no I/O, no clock; the caller picks the standard."""

from __future__ import annotations

from dataclasses import dataclass

from giamngheo.domain import reasons
from giamngheo.domain.facts import HouseholdFacts, InvalidFacts, ScoreFacts
from giamngheo.domain.standard import Standard


@dataclass(frozen=True, slots=True)
class Assessment:
    """Return value of assess: category, deprived indicators in the standard's order, reasons and codes."""

    standard_id: str
    category: str
    deprivation_count: int
    deprivations: tuple[str, ...]
    reason: str
    reason_codes: tuple[str, ...]
    basis: str = "income"


def category_for_income(standard: Standard, area: str, income: int, deprivation_count: int) -> str:
    """Return the category for an income and a deprivation count (the rule both engines implement)."""
    if income <= standard.income_lines[area]:
        return reasons.POOR if deprivation_count >= standard.poor_min_deprivations else reasons.NEAR_POOR
    ceiling = standard.average_ceiling(area)
    if ceiling is not None and income <= ceiling:
        return reasons.AVERAGE
    return reasons.NON_POOR


def assess(facts: HouseholdFacts, standard: Standard) -> Assessment:
    """Classify a household from its income and deprivations under ``standard``."""
    deprived = facts.deprivations
    in_order = tuple(i for i in standard.indicator_ids if i in deprived)
    count = len(in_order)
    area = facts.area
    income = facts.income_per_capita
    category = category_for_income(standard, area, income, count)
    codes = reasons.CODES[category]
    if category == reasons.NON_POOR and standard.average_ceilings is None:
        codes = reasons.NON_POOR_WITHOUT_BAND_CODES
    reason = standard.reason_templates[(category, area)].render(income, count)
    return Assessment(standard.id, category, count, in_order, reason, codes)


def assess_scores(facts: ScoreFacts, standard: Standard) -> Assessment:
    """Classify a household from Phiếu B1/B2 scores using the cut-offs kept in the standard's data."""
    scores = standard.scores
    if scores is None:
        raise InvalidFacts(f"Chuẩn '{standard.id}' không có điểm cắt B1/B2.")
    points = scores.b2_points_per_deprivation
    if facts.b2_score % points or facts.b2_score > points * len(standard.indicators):
        raise InvalidFacts(
            f"Điểm B2 phải là bội số của {points} và không quá {points * len(standard.indicators)}, "
            f"nhận được {facts.b2_score}."
        )
    count = facts.b2_score // points
    b1_cutoff = scores.b1_cutoff(facts.area, facts.region)
    if facts.b1_score > b1_cutoff:
        category = reasons.NON_POOR
    elif count >= standard.poor_min_deprivations:
        category = reasons.POOR
    else:
        category = reasons.NEAR_POOR
    verified = scores.confidence == "confirmed"
    codes = reasons.SCORE_CODES[category] + (() if verified else (reasons.UNVERIFIED_CUTOFFS,))
    reason = reasons.score_reason(
        category, area_name=standard.area_names[facts.area], b1=facts.b1_score, b1_cutoff=b1_cutoff,
        b2=facts.b2_score, count=count, cutoff=standard.poor_min_deprivations, verified=verified,
    )
    return Assessment(standard.id, category, count, (), reason, codes, basis="scores")
