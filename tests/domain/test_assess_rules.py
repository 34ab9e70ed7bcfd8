"""Worked examples at every rule boundary of both national standards and the Đồng Nai overlay."""

from __future__ import annotations

import pytest

from giamngheo.domain.assess import Assessment, assess, assess_scores
from giamngheo.domain.facts import HouseholdFacts, InvalidFacts, ScoreFacts
from giamngheo.domain.standard import standard_get

THREE = frozenset({"water", "employment", "nutrition"})
TWO = frozenset({"water", "employment"})


def category(standard_id: str, area: str, income: int, deprived: frozenset[str]) -> str:
    return assess(HouseholdFacts(area, 4, income, deprived), standard_get(standard_id)).category


# (standard, area, line, average ceiling or None, deprivations needed to be poor)
BOUNDARIES = [
    ("2022-2025", "rural", 1_500_000, 2_250_000, 3),
    ("2022-2025", "urban", 2_000_000, 3_000_000, 3),
    ("2027-2030", "rural", 2_200_000, None, 3),
    ("2027-2030", "urban", 2_800_000, None, 3),
    ("dong-nai-2022-2025", "rural", 2_000_000, 3_000_000, 2),
    ("dong-nai-2022-2025", "urban", 2_500_000, 3_750_000, 2),
]
INDICATORS = ["employment", "dependants", "nutrition", "health_insurance", "water"]


@pytest.mark.parametrize(("standard_id", "area", "line", "ceiling", "cutoff"), BOUNDARIES)
def test_every_boundary(standard_id: str, area: str, line: int, ceiling: int | None, cutoff: int) -> None:
    at_cutoff = frozenset(INDICATORS[:cutoff])
    below_cutoff = frozenset(INDICATORS[: cutoff - 1])
    assert category(standard_id, area, line, at_cutoff) == "poor"
    assert category(standard_id, area, line, below_cutoff) == "near_poor"
    assert category(standard_id, area, 0, frozenset()) == "near_poor"
    assert category(standard_id, area, 0, frozenset(INDICATORS)) == "poor"
    above = "average" if ceiling is not None else "non_poor"
    assert category(standard_id, area, line + 1, at_cutoff) == above
    assert category(standard_id, area, line + 1, frozenset(INDICATORS)) == above
    if ceiling is not None:
        assert category(standard_id, area, ceiling, at_cutoff) == "average"
        assert category(standard_id, area, ceiling + 1, at_cutoff) == "non_poor"


def test_urban_and_rural_lines_differ_for_the_same_income() -> None:
    assert category("2022-2025", "rural", 1_800_000, THREE) == "average"
    assert category("2022-2025", "urban", 1_800_000, THREE) == "poor"
    assert category("2027-2030", "rural", 2_500_000, THREE) == "non_poor"
    assert category("2027-2030", "urban", 2_500_000, THREE) == "poor"


def test_poor_household_reason_and_codes() -> None:
    result = assess(HouseholdFacts("rural", 4, 1_500_000, THREE | {"waste", "unknown"}), standard_get("2022-2025"))
    assert result == Assessment(
        standard_id="2022-2025", category="poor", deprivation_count=3,
        deprivations=("employment", "nutrition", "water"),
        reason="Hộ nghèo: thu nhập 1.500.000 đồng/người/tháng không vượt chuẩn nghèo nông thôn 1.500.000 đồng "
               "và thiếu hụt 3/12 chỉ số (từ 3 chỉ số trở lên).",
        reason_codes=("income_at_or_below_line", "deprivations_at_or_above_cutoff"),
    )


def test_near_poor_with_zero_deprivations_reason() -> None:
    result = assess(HouseholdFacts("urban", 2, 0, frozenset()), standard_get("2022-2025"))
    assert result.category == "near_poor"
    assert result.deprivations == ()
    assert result.reason == ("Hộ cận nghèo: thu nhập 0 đồng/người/tháng không vượt chuẩn nghèo thành thị 2.000.000 "
                             "đồng, thiếu hụt 0/12 chỉ số (dưới 3).")
    assert result.reason_codes == ("income_at_or_below_line", "deprivations_below_cutoff")


def test_average_and_non_poor_reasons() -> None:
    average = assess(HouseholdFacts("urban", 2, 3_000_000, THREE), standard_get("2022-2025"))
    assert average.reason == ("Hộ có mức sống trung bình: thu nhập 3.000.000 đồng/người/tháng trên chuẩn nghèo "
                              "thành thị 2.000.000 đồng và không vượt 3.000.000 đồng.")
    assert average.reason_codes == ("income_above_line", "income_at_or_below_average_ceiling")
    non_poor = assess(HouseholdFacts("rural", 2, 2_250_001, THREE), standard_get("2022-2025"))
    assert non_poor.reason == ("Hộ không nghèo: thu nhập 2.250.001 đồng/người/tháng trên mức sống trung bình "
                               "nông thôn 2.250.000 đồng.")
    assert non_poor.reason_codes == ("income_above_line", "income_above_average_ceiling")


def test_standard_without_average_band_says_so() -> None:
    result = assess(HouseholdFacts("urban", 2, 2_800_001, THREE), standard_get("2027-2030"))
    assert result.category == "non_poor"
    assert result.reason == ("Hộ không nghèo: thu nhập 2.800.001 đồng/người/tháng trên chuẩn nghèo đô thị "
                             "2.800.000 đồng (chuẩn này không có mức sống trung bình).")
    assert result.reason_codes == ("income_above_line", "no_average_band")


def test_indicators_of_another_standard_do_not_count() -> None:
    # 'telecom' and 'info_access' left the standard in 2027; 'waste' and 'digital' joined it.
    old_only = frozenset({"telecom", "info_access", "water"})
    assert assess(HouseholdFacts("rural", 3, 1_000_000, old_only), standard_get("2022-2025")).category == "poor"
    later = assess(HouseholdFacts("rural", 3, 1_000_000, old_only), standard_get("2027-2030"))
    assert (later.category, later.deprivations) == ("near_poor", ("water",))


def test_both_results_kept_under_national_and_provincial() -> None:
    facts = HouseholdFacts("urban", 5, 2_400_000, TWO)
    national = assess(facts, standard_get("2022-2025"))
    local = assess(facts, standard_get("dong-nai-2022-2025"))
    assert (national.category, local.category) == ("average", "poor")
    assert local.reason == ("Hộ nghèo: thu nhập 2.400.000 đồng/người/tháng không vượt chuẩn nghèo thành thị "
                            "2.500.000 đồng và thiếu hụt 2/12 chỉ số (từ 2 chỉ số trở lên).")


@pytest.mark.parametrize(("area", "members", "income", "message"), [
    ("city", 1, 0, "Khu vực"), ("rural", 0, 0, "Số nhân khẩu"), ("urban", 1, -1, "không được âm"),
])
def test_invalid_facts_are_refused(area: str, members: int, income: int, message: str) -> None:
    with pytest.raises(InvalidFacts, match=message):
        HouseholdFacts(area, members, income)


@pytest.mark.parametrize(("area", "b1", "b2", "expected"), [
    ("rural", 140, 30, "poor"), ("rural", 140, 20, "near_poor"), ("rural", 141, 120, "non_poor"),
    ("urban", 175, 30, "poor"), ("urban", 176, 30, "non_poor"), ("urban", 0, 0, "near_poor"),
])
def test_scores_against_cutoffs(area: str, b1: int, b2: int, expected: str) -> None:
    assert assess_scores(ScoreFacts(area, b1, b2), standard_get("2022-2025")).category == expected


def test_score_reason_flags_unverified_cutoffs() -> None:
    result = assess_scores(ScoreFacts("rural", 110, 40), standard_get("2022-2025"))
    assert result.basis == "scores"
    assert result.deprivation_count == 4
    assert result.reason == ("Hộ nghèo: điểm B1 110 không vượt điểm cắt nông thôn 140, điểm B2 40 tức thiếu hụt "
                             "4 chỉ số (từ 3 trở lên; điểm cắt chưa được kiểm chứng).")
    assert result.reason_codes == ("b1_at_or_below_cutoff", "b2_at_or_above_cutoff", "unverified_score_cutoffs")
    above = assess_scores(ScoreFacts("rural", 150, 20), standard_get("2022-2025"))
    assert above.reason == ("Hộ không nghèo: điểm B1 150 trên điểm cắt nông thôn 140 (không xác định mức sống "
                            "trung bình theo điểm; điểm cắt chưa được kiểm chứng).")


def test_provincial_score_cutoff_counts_deprivations_from_two() -> None:
    assert assess_scores(ScoreFacts("rural", 100, 20), standard_get("dong-nai-2022-2025")).category == "poor"


def test_corrected_regional_cutoffs_come_from_data() -> None:
    from giamngheo.domain.standard import standard_from_toml

    corrected = standard_from_toml(
        'id = "tay-nguyen-b1"\nbase = "2022-2025"\ntitle = "Điểm cắt B1 đã đối chiếu"\n'
        '[scores]\nconfidence = "confirmed"\n[scores.b1_max]\nrural = 140\nurban = 175\n'
        '[scores.b1_max_by_region.central_highlands]\nrural = 150\nurban = 180\n'
    )
    assert assess_scores(ScoreFacts("rural", 145, 30, "central_highlands"), corrected).category == "poor"
    assert assess_scores(ScoreFacts("rural", 145, 30, "mekong_delta"), corrected).category == "non_poor"
    assert "unverified_score_cutoffs" not in assess_scores(ScoreFacts("rural", 1, 0), corrected).reason_codes


@pytest.mark.parametrize("b2", [15, 130])
def test_b2_must_be_whole_deprivations_within_the_standard(b2: int) -> None:
    with pytest.raises(InvalidFacts, match="Điểm B2"):
        assess_scores(ScoreFacts("rural", 100, b2), standard_get("2022-2025"))
