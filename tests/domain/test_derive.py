"""Deriving deprivations from raw survey facts with the thresholds kept in the standards' data."""

from __future__ import annotations

import pytest

from giamngheo.domain.derive import Disagreement, Person, SurveyFacts, derive_deprivations, tick_disagreements
from giamngheo.domain.standard import standard_get

OLD = standard_get("2022-2025")
NEW = standard_get("2027-2030")

COMFORTABLE = SurveyFacts(
    members=(Person(40, employment="employed_contract", education="upper_secondary"),
             Person(38, employment="self_employed", education="higher"),
             Person(10, in_school=True)),
    floor_area_m2=60, walls_durable=True, columns_durable=True, roof_durable=True,
    water_source="piped", latrine_type="septic", waste_handling="collected",
    services_used=frozenset({"phone", "internet"}), devices=frozenset({"tv", "smartphone"}),
)


def derived(facts: SurveyFacts, standard=OLD) -> list[str]:  # type: ignore[no-untyped-def]
    result = derive_deprivations(facts, standard)
    return [i for i in standard.indicator_ids if i in result.deprived]


def with_(**changes: object) -> SurveyFacts:
    from dataclasses import replace

    return replace(COMFORTABLE, **changes)  # type: ignore[arg-type]


def test_a_comfortable_household_has_no_deprivation_under_either_standard() -> None:
    assert derived(COMFORTABLE) == []
    assert derived(COMFORTABLE, NEW) == []
    assert derive_deprivations(COMFORTABLE, NEW).not_assessed == ()


def test_nothing_recorded_means_nothing_assessed() -> None:
    result = derive_deprivations(SurveyFacts(), OLD)
    assert result.deprived == frozenset() and result.assessed == frozenset()
    assert result.not_assessed == OLD.indicator_ids


@pytest.mark.parametrize(("members", "expected"), [
    ((Person(30, employment="unemployed"),), ["employment"]),
    ((Person(30, employment="wage_no_contract"),), ["employment"]),
    ((Person(61, employment="unemployed"), Person(30, employment="employed_contract")), []),
])
def test_employment_within_working_age(members: tuple[Person, ...], expected: list[str]) -> None:
    facts = with_(members=members, floor_area_m2=100)
    assert [i for i in derived(facts) if i == "employment"] == expected


def test_dependants_above_half_of_members() -> None:
    half = (Person(40, employment="employed_contract"), Person(5, health_insurance=True))
    assert "dependants" not in derived(with_(members=half))
    more = (*half, Person(70))
    assert "dependants" in derived(with_(members=more))
    # 2027–2030 counts elderly people only when they receive the monthly social allowance.
    assert "dependants" not in derived(with_(members=more), NEW)
    assert "dependants" in derived(with_(members=(*half, Person(70, social_allowance=True))), NEW)


def test_health_insurance_from_age_six_and_nutrition_below_sixteen() -> None:
    base = (Person(40, employment="employed_contract", education="higher"),
            Person(35, employment="employed_contract", education="higher"))
    assert "health_insurance" not in derived(with_(members=(*base, Person(5, health_insurance=False))))
    assert "health_insurance" in derived(with_(members=(*base, Person(6, health_insurance=False, in_school=True))))
    assert "nutrition" in derived(with_(members=(*base, Person(15, malnourished=True, in_school=True))))
    assert "nutrition" not in derived(with_(members=(*base, Person(16, malnourished=True, in_school=True))))


def test_schooling_and_adult_education_by_age_band() -> None:
    adults = (Person(40, employment="employed_contract", education="higher"),
              Person(45, employment="employed_contract", education="higher"))
    assert "child_schooling" in derived(with_(members=(*adults, Person(3))))
    assert "child_schooling" not in derived(with_(members=(*adults, Person(2))))
    assert "adult_education" in derived(with_(members=(*adults, Person(17, education="primary"))))
    assert "adult_education" not in derived(with_(members=(*adults, Person(17, education="lower_secondary"))))
    assert "adult_education" in derived(with_(members=(*adults, Person(25, education="lower_secondary"))))
    assert "adult_education" not in derived(with_(members=(*adults, Person(25, education="vocational"))))
    assert "adult_education" not in derived(with_(members=(*adults, Person(25, in_school=True))))
    assert "adult_education" not in derived(with_(members=(*adults, Person(31, education="none"))))


def test_housing_quality_area_water_latrine_waste_and_information() -> None:
    assert "housing_quality" in derived(with_(walls_durable=False, roof_durable=False))
    assert "housing_quality" not in derived(with_(walls_durable=False))
    assert "housing_area" in derived(with_(floor_area_m2=23.9))  # 3 members: 7.97 m² each
    assert "housing_area" not in derived(with_(floor_area_m2=24))
    assert "water" in derived(with_(water_source="river"))
    assert "sanitation" in derived(with_(latrine_type="open"))
    assert "waste" in derived(with_(waste_handling="dumped"), NEW)
    assert "telecom" in derived(with_(services_used=frozenset()))
    assert "digital" in derived(with_(services_used=frozenset({"phone"})), NEW)
    assert "info_access" in derived(with_(devices=frozenset()))
    assert "info_access" not in derived(with_(devices=frozenset({"loudspeaker_reach"})))


def test_disagreement_between_tick_and_facts_is_reported() -> None:
    facts = with_(water_source="river")
    result = derive_deprivations(facts, OLD)
    assert tick_disagreements(frozenset({"water"}), result, OLD) == ()
    assert tick_disagreements(frozenset({"sanitation"}), result, OLD) == (
        Disagreement("water", False, True, "Nguồn nước sinh hoạt: phiếu ghi không thiếu hụt nhưng số liệu điều tra "
                                           "cho thấy thiếu hụt."),
        Disagreement("sanitation", True, False, "Nhà tiêu hợp vệ sinh: phiếu ghi thiếu hụt nhưng số liệu điều tra "
                                                "cho thấy không thiếu hụt."),
    )


def test_unassessed_indicators_never_disagree() -> None:
    result = derive_deprivations(SurveyFacts(water_source="piped"), OLD)
    assert tick_disagreements(frozenset({"employment", "telecom"}), result, OLD) == ()


@pytest.mark.parametrize(("fields", "message"), [
    ({"age": -1}, "Tuổi"), ({"age": 20, "education": "phd"}, "Trình độ"), ({"age": 20, "employment": "x"}, "Việc làm"),
])
def test_person_facts_are_checked(fields: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Person(**fields)  # type: ignore[arg-type]
