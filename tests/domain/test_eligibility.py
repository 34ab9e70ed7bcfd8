"""Eligibility rules as data: evaluation and the reasons it gives (pure, no database)."""

from __future__ import annotations

import datetime as dt

from giamngheo.domain.eligibility import Decision, EligibilityFacts, MemberFacts, PolicyRule, decide, evaluate

TODAY = dt.date(2026, 11, 29)


def facts(**changes) -> EligibilityFacts:  # type: ignore[no-untyped-def]
    base = {"category": "poor", "standard_id": "2022-2025", "year": 2025}
    base.update(changes)
    return EligibilityFacts(**base)


def test_category_condition_says_why_in_both_directions() -> None:
    rule = {"category": ["poor"]}
    assert evaluate(rule, facts()) == (True, ("hộ là hộ nghèo",))
    assert evaluate(rule, facts(category="near_poor")) == (
        False, ("hộ là hộ cận nghèo, không phải hộ nghèo",)
    )


def test_decision_joins_the_deciding_facts_into_one_sentence() -> None:
    policy = PolicyRule("bhyt", {"all": [{"category": ["near_poor"]}, {"commune": ["poor_commune"]}]})
    assert decide(policy, facts(category="near_poor", commune_flags=frozenset({"poor_commune"})), on=TODAY) == (
        Decision("bhyt", True, "Được hưởng vì: hộ là hộ cận nghèo; hộ ở xã nghèo (xã đặc biệt khó khăn, "
                               "trước là huyện nghèo).")
    )
    assert decide(policy, facts(category="near_poor"), on=TODAY) == Decision(
        "bhyt", False, "Không được hưởng vì: xã của hộ không phải xã nghèo (xã đặc biệt khó khăn, trước là "
                       "huyện nghèo)."
    )


def test_any_group_reports_the_branch_that_applies_or_every_branch_that_failed() -> None:
    rule = {"any": [{"category": ["poor"]}, {"household": ["agricultural"]}]}
    assert evaluate(rule, facts(category="average", household_flags=frozenset({"agricultural"}))) == (
        True, ("hộ hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp, diêm nghiệp",)
    )
    assert evaluate(rule, facts(category="average")) == (
        False,
        ("hộ là hộ có mức sống trung bình, không phải hộ nghèo hoặc hộ chưa được ghi nhận là hộ làm nông nghiệp, "
         "lâm nghiệp, ngư nghiệp, diêm nghiệp",),
    )


def test_not_inverts_the_outcome_and_keeps_the_fact() -> None:
    rule = {"not": {"household": ["received_device"]}}
    assert evaluate(rule, facts()) == (
        True, ("hộ chưa được ghi nhận là đã được hỗ trợ máy tính bảng hoặc điện thoại thông minh trước đây",)
    )
    assert evaluate(rule, facts(household_flags=frozenset({"received_device"})))[0] is False


def test_deprivation_condition_names_indicators_in_vietnamese() -> None:
    rule = {"deprived": ["housing_quality", "housing_area"]}
    assert evaluate(rule, facts(deprivations=frozenset({"housing_area", "water"}))) == (
        True, ("hộ thiếu hụt chỉ số Diện tích nhà ở bình quân đầu người",)
    )
    assert evaluate(rule, facts())[1] == (
        "hộ không thiếu hụt chỉ số Chất lượng nhà ở, Diện tích nhà ở bình quân đầu người",
    )
    both = {"deprived": ["housing_quality", "housing_area"], "match": "all"}
    assert evaluate(both, facts(deprivations=frozenset({"housing_area"})))[0] is False
    assert evaluate(both, facts(deprivations=frozenset({"housing_area", "housing_quality"})))[0] is True


def test_member_condition_uses_inclusive_age_bounds_flags_and_ethnicity() -> None:
    rule = {"member": {"age_min": 6, "age_max": 17, "flags": ["student"], "ethnic_minority": True}}
    pupil = MemberFacts(age=17, ethnic_minority=True, flags=frozenset({"student"}))
    assert evaluate(rule, facts(members=(pupil,))) == (
        True, ("hộ có thành viên từ 6 đến 17 tuổi là người dân tộc thiểu số là học sinh phổ thông",)
    )
    too_old = MemberFacts(age=18, ethnic_minority=True, flags=frozenset({"student"}))
    kinh = MemberFacts(age=10, ethnic_minority=False, flags=frozenset({"student"}))
    assert evaluate(rule, facts(members=(too_old, kinh)))[0] is False


def test_member_count_condition_reports_how_many_matched() -> None:
    rule = {"member": {"age_min": 60}, "at_least": 2}
    assert evaluate(rule, facts(members=(MemberFacts(age=70), MemberFacts(age=30)))) == (
        False, ("hộ chỉ có 1 thành viên từ 60 tuổi trở lên, cần từ 2",)
    )
    assert evaluate(rule, facts(members=(MemberFacts(age=70), MemberFacts(age=60)))) == (
        True, ("hộ có ít nhất 2 thành viên từ 60 tuổi trở lên",)
    )


def test_newly_escaped_households_keep_the_policy_for_three_review_years() -> None:
    rule = {"escaped_within_years": 3}
    escaped_2024 = {"category": "non_poor", "escaped_year": 2024}
    assert evaluate(rule, facts(year=2026, **escaped_2024)) == (
        True, ("hộ thoát nghèo, thoát cận nghèo năm 2024, còn trong 3 năm (đến hết năm 2026)",)
    )
    assert evaluate(rule, facts(year=2027, **escaped_2024)) == (
        False, ("hộ thoát nghèo, thoát cận nghèo năm 2024, đã quá 3 năm (hết năm 2026)",)
    )
    assert evaluate(rule, facts(category="near_poor", escaped_year=2024)) == (
        False, ("hộ đang là hộ cận nghèo, chưa thoát nghèo",)
    )
    assert evaluate(rule, facts(category="non_poor")) == (
        False, ("hộ không có kết quả thoát nghèo, thoát cận nghèo",)
    )


def test_standard_condition_separates_the_2027_period() -> None:
    rule = {"all": [{"standard": ["2022-2025"]}, {"deprived": ["telecom", "info_access"]}]}
    assert evaluate(rule, facts(deprivations=frozenset({"telecom"})))[0] is True
    assert evaluate(rule, facts(standard_id="2027-2030", deprivations=frozenset({"digital"}))) == (
        False, ("kết quả rà soát theo chuẩn 2027–2030, không phải chuẩn 2022–2025",
                "hộ không thiếu hụt chỉ số Sử dụng dịch vụ viễn thông, Phương tiện phục vụ tiếp cận thông tin"),
    )


def test_policy_outside_its_dates_is_not_granted() -> None:
    policy = PolicyRule("old", {"category": ["poor"]}, valid_from=dt.date(2022, 12, 12), valid_to=dt.date(2025, 12, 31))
    assert decide(policy, facts(), on=TODAY) == Decision(
        "old", False, "Không được hưởng vì: chính sách hết hiệu lực sau ngày 31/12/2025."
    )
    assert decide(policy, facts(), on=dt.date(2022, 1, 1)) == Decision(
        "old", False, "Không được hưởng vì: chính sách áp dụng từ 12/12/2022."
    )
    assert decide(policy, facts(), on=dt.date(2025, 12, 31)).eligible is True
