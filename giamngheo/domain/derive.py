"""Derive deprivations from raw survey facts, with each rule and threshold taken from the standard's data.

A survey may record facts (ages, insurance, schooling, housing, water, latrine, devices…) instead of, or
as well as, the reviewer's ticks. Each indicator's ``derive`` table names a rule below and its thresholds.
An indicator whose facts were not recorded is left unassessed rather than guessed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from giamngheo.domain.standard import Standard

EDUCATION_RANK = {"none": 0, "primary": 1, "lower_secondary": 2, "upper_secondary": 3, "vocational": 3, "higher": 4}
EMPLOYMENT_STATUSES = ("employed_contract", "wage_no_contract", "self_employed", "unemployed",
                       "not_in_labour_force")


@dataclass(frozen=True, slots=True)
class Person:
    """One household member as the survey records them."""

    age: int
    health_insurance: bool = True
    malnourished: bool = False
    in_school: bool = False
    education: str = "none"
    employment: str = "not_in_labour_force"
    disabled: bool = False
    social_allowance: bool = False

    def __post_init__(self) -> None:
        if not 0 <= self.age <= 150:
            raise ValueError(f"Tuổi phải từ 0 đến 150, nhận được {self.age}.")
        if self.education not in EDUCATION_RANK:
            raise ValueError(f"Trình độ '{self.education}' không hợp lệ; dùng một trong {tuple(EDUCATION_RANK)}.")
        if self.employment not in EMPLOYMENT_STATUSES:
            raise ValueError(f"Việc làm '{self.employment}' không hợp lệ; dùng một trong {EMPLOYMENT_STATUSES}.")


@dataclass(frozen=True)
class SurveyFacts:
    """Household-level survey facts; None means "not recorded" and leaves the indicator unassessed."""

    members: tuple[Person, ...] = ()
    floor_area_m2: float | None = None
    walls_durable: bool | None = None
    columns_durable: bool | None = None
    roof_durable: bool | None = None
    water_source: str | None = None
    latrine_type: str | None = None
    waste_handling: str | None = None
    services_used: frozenset[str] | None = None
    devices: frozenset[str] | None = None


@dataclass(frozen=True)
class Derivation:
    deprived: frozenset[str]
    assessed: frozenset[str]
    not_assessed: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Disagreement:
    indicator: str
    ticked: bool
    derived: bool
    message: str


Rule = Callable[[SurveyFacts, Mapping[str, Any]], bool | None]


def _in_band(person: Person, params: Mapping[str, Any]) -> bool:
    return bool(params.get("age_min", 0) <= person.age < params.get("age_below", 200))


def _member_employment(facts: SurveyFacts, params: Mapping[str, Any]) -> bool | None:
    if not facts.members:
        return None
    deprived_status = set(params["deprived_status"])
    return any(params["age_min"] <= p.age <= params["age_max"] and p.employment in deprived_status
               for p in facts.members)


def _dependant_ratio(facts: SurveyFacts, params: Mapping[str, Any]) -> bool | None:
    if not facts.members:
        return None
    needs_allowance = bool(params.get("allowance_required", False))

    def dependant(person: Person) -> bool:
        if person.age < params["child_age_below"]:
            return True
        elderly_or_disabled = person.age >= params["elderly_age_from"] or (
            bool(params.get("count_disabled", True)) and person.disabled)
        return elderly_or_disabled and (person.social_allowance or not needs_allowance)

    dependants = sum(1 for p in facts.members if dependant(p))
    return dependants / len(facts.members) > float(params["ratio_above"])


def _member_flag(facts: SurveyFacts, params: Mapping[str, Any]) -> bool | None:
    if not facts.members:
        return None
    flag, deprived_when = str(params["flag"]), bool(params["deprived_when"])
    return any(_in_band(p, params) and getattr(p, flag) is deprived_when for p in facts.members)


def _adult_education(facts: SurveyFacts, params: Mapping[str, Any]) -> bool | None:
    if not facts.members:
        return None
    for band in params["bands"]:
        needed = EDUCATION_RANK[band["needs"]]
        if any(_in_band(p, band) and not p.in_school and EDUCATION_RANK[p.education] < needed
               for p in facts.members):
            return True
    return False


def _non_durable_parts(facts: SurveyFacts, params: Mapping[str, Any]) -> bool | None:
    parts = (facts.walls_durable, facts.columns_durable, facts.roof_durable)
    if any(part is None for part in parts):
        return None
    return sum(1 for part in parts if part is False) >= int(params["at_least"])


def _floor_area_per_person(facts: SurveyFacts, params: Mapping[str, Any]) -> bool | None:
    if facts.floor_area_m2 is None or not facts.members:
        return None
    return facts.floor_area_m2 / len(facts.members) < float(params["below_m2"])


def _value_in(facts: SurveyFacts, params: Mapping[str, Any]) -> bool | None:
    value = getattr(facts, str(params["field"]))
    if value is None:
        return None
    return value not in set(params["accepted"])


def _none_of(facts: SurveyFacts, params: Mapping[str, Any]) -> bool | None:
    values = getattr(facts, str(params["field"]))
    if values is None:
        return None
    return not (set(values) & set(params["any_of"]))


RULES: dict[str, Rule] = {
    "member_employment": _member_employment,
    "dependant_ratio": _dependant_ratio,
    "member_flag": _member_flag,
    "adult_education": _adult_education,
    "non_durable_parts": _non_durable_parts,
    "floor_area_per_person": _floor_area_per_person,
    "value_in": _value_in,
    "none_of": _none_of,
}


def derive_deprivations(facts: SurveyFacts, standard: Standard) -> Derivation:
    """Apply each indicator's rule from the standard's data to the recorded facts."""
    deprived, assessed, missing = set(), set(), []
    for indicator in standard.indicators:
        rule = RULES.get(str(indicator.derive.get("rule", "")))
        outcome = rule(facts, indicator.derive) if rule else None
        if outcome is None:
            missing.append(indicator.id)
            continue
        assessed.add(indicator.id)
        if outcome:
            deprived.add(indicator.id)
    return Derivation(frozenset(deprived), frozenset(assessed), tuple(missing))


def tick_disagreements(ticked: frozenset[str], derivation: Derivation, standard: Standard) -> tuple[Disagreement, ...]:
    """Return indicators where the reviewer's tick and the recorded facts say different things."""
    found = []
    for indicator in standard.indicators:
        if indicator.id not in derivation.assessed:
            continue
        was_ticked, is_derived = indicator.id in ticked, indicator.id in derivation.deprived
        if was_ticked != is_derived:
            said = "thiếu hụt" if was_ticked else "không thiếu hụt"
            facts_say = "thiếu hụt" if is_derived else "không thiếu hụt"
            found.append(Disagreement(indicator.id, was_ticked, is_derived,
                                      f"{indicator.name_vi}: phiếu ghi {said} nhưng số liệu điều tra cho thấy "
                                      f"{facts_say}."))
    return tuple(found)
