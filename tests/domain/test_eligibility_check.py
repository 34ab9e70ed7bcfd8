"""Rules are checked before they are saved; reduced facts decide exactly like full facts (pure, no database)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from giamngheo.domain.eligibility import (
    COMMUNE_FLAGS,
    HOUSEHOLD_FLAGS,
    MEMBER_FLAGS,
    EligibilityFacts,
    MemberFacts,
    PolicyRule,
    decide_all,
    indicators_by_standard,
)
from giamngheo.domain.eligibility_check import rule_errors, rule_features

KNOWN = indicators_by_standard()


def test_indicator_lists_come_from_the_standards() -> None:
    assert KNOWN["2022-2025"] >= {"telecom", "info_access", "housing_quality"}
    assert "telecom" not in KNOWN["2027-2030"] and {"digital", "waste"} <= KNOWN["2027-2030"]


def test_a_sound_rule_has_no_errors() -> None:
    rule = {"any": [{"category": ["poor"]}, {"all": [{"standard": ["2022-2025"]}, {"deprived": ["telecom"]}]},
                    {"not": {"member": {"age_min": 6, "age_max": 17, "flags": ["student"]}, "at_least": 2}}]}
    assert rule_errors(rule, KNOWN) == []


def test_unknown_indicator_is_named_with_the_valid_ones() -> None:
    assert rule_errors({"deprived": ["internet"]}, KNOWN) == [
        "Chỉ số thiếu hụt 'internet' không có trong chuẩn nghèo 2022-2025, 2027-2030, dong-nai-2022-2025; các chỉ "
        "số hợp lệ: adult_education, child_schooling, dependants, digital, employment, health_insurance, "
        "housing_area, housing_quality, info_access, nutrition, sanitation, telecom, waste, water."
    ]


def test_standard_condition_narrows_the_indicators_a_group_may_name() -> None:
    only_new = {"all": [{"standard": ["2027-2030"]}, {"deprived": ["info_access", "waste"]}]}
    errors = rule_errors(only_new, KNOWN)
    assert len(errors) == 1 and errors[0].startswith("Chỉ số thiếu hụt 'info_access' không có trong chuẩn nghèo "
                                                     "2027-2030;")
    contradictory = {"all": [{"standard": ["2027-2030"]}, {"standard": ["2022-2025"]}]}
    assert rule_errors(contradictory, KNOWN) == [
        "Các điều kiện về chuẩn nghèo trong cùng một nhóm 'all' mâu thuẫn nhau."
    ]


def test_every_kind_of_mistake_is_reported_in_vietnamese() -> None:
    assert rule_errors([], KNOWN) == ["Điều kiện phải là một đối tượng JSON, ví dụ {\"category\": [\"poor\"]}."]
    assert rule_errors({"category": ["rich"]}, KNOWN)[0].startswith("Không có diện hộ 'rich'")
    assert rule_errors({"standard": ["2031-2035"]}, KNOWN)[0].startswith("Không có chuẩn nghèo '2031-2035'")
    assert rule_errors({"member": {"age_min": 18, "age_max": 6}}, KNOWN) == ["'age_min' không được lớn hơn 'age_max'."]
    assert rule_errors({"member": {"flags": ["veteran"]}}, KNOWN)[0].startswith("Không có đặc điểm thành viên")
    assert rule_errors({"household": ["rich"]}, KNOWN)[0].startswith("Không có đặc điểm hộ 'rich'")
    assert rule_errors({"commune": ["capital"]}, KNOWN)[0].startswith("Không có đặc điểm xã 'capital'")
    assert rule_errors({"escaped_within_years": 0}, KNOWN) == [
        "'escaped_within_years' phải là số năm nguyên từ 1 đến 10."
    ]
    assert rule_errors({"category": ["poor"], "commune": ["poor_commune"]}, KNOWN)[0].startswith(
        "Không hiểu điều kiện có khóa category, commune")
    assert rule_errors({"category": ["poor"], "note": "x"}, KNOWN) == [
        "Điều kiện 'category' có khóa không hợp lệ: note."
    ]
    assert rule_errors({"any": []}, KNOWN) == ["Nhóm 'any' cần một danh sách điều kiện không rỗng."]


def test_hostile_rules_are_bounded() -> None:
    deep: dict = {"category": ["poor"]}
    for _ in range(20):
        deep = {"not": deep}
    assert "Điều kiện lồng nhau quá sâu (tối đa 6 tầng)." in rule_errors(deep, KNOWN)
    wide = {"any": [{"category": ["poor"]}] * 200}
    assert "Điều kiện quá dài (tối đa 60 điều kiện)." in rule_errors(wide, KNOWN)


# ---------------------------------------------------------------------------------------------- reduction

RULES = [
    PolicyRule("a", {"all": [{"category": ["poor", "near_poor"]}, {"deprived": ["housing_quality", "water"]}]}),
    PolicyRule("b", {"any": [{"member": {"age_min": 6, "age_max": 17, "flags": ["student"]}},
                             {"member": {"age_min": 60, "sex": "F"}, "at_least": 2}]}),
    PolicyRule("c", {"all": [{"not": {"household": ["received_device"]}}, {"commune": ["poor_commune"]},
                             {"member": {"ethnic_minority": True, "flags": ["higher_student"]}}]}),
    PolicyRule("d", {"escaped_within_years": 3}),
    PolicyRule("e", {"all": [{"standard": ["2027-2030"]}, {"deprived": ["digital"]}]}),
]
INDICATORS = sorted(KNOWN["2022-2025"] | KNOWN["2027-2030"])
members = st.builds(
    MemberFacts, age=st.integers(0, 100), sex=st.sampled_from(["M", "F"]), ethnic_minority=st.booleans(),
    flags=st.frozensets(st.sampled_from(sorted(MEMBER_FLAGS)), max_size=3),
)
households = st.builds(
    EligibilityFacts, category=st.sampled_from(["poor", "near_poor", "average", "non_poor"]),
    standard_id=st.sampled_from(["2022-2025", "2027-2030"]), year=st.integers(2022, 2030),
    deprivations=st.frozensets(st.sampled_from(INDICATORS), max_size=6),
    members=st.lists(members, max_size=6).map(tuple),
    household_flags=st.frozensets(st.sampled_from(sorted(HOUSEHOLD_FLAGS))),
    commune_flags=st.frozensets(st.sampled_from(sorted(COMMUNE_FLAGS))),
    escaped_year=st.one_of(st.none(), st.integers(2020, 2030)),
)


@settings(max_examples=300, deadline=None)
@given(households)
def test_reduced_facts_give_the_same_decisions_and_reasons(facts: EligibilityFacts) -> None:
    features = rule_features(r.rule for r in RULES)
    day = dt.date(2026, 11, 29)
    assert decide_all(RULES, features.reduce(facts), on=day) == decide_all(RULES, facts, on=day)
