"""The pure generator: deterministic rows that tell the district's story and explain themselves."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter

import pytest

from giamngheo.common.text import fold
from giamngheo.demo.population import Population, facts_json, population_generate
from giamngheo.demo.story import TARGET_BY_YEAR, TARGETS_2025, YEARS, baseline_assess, count_for
from giamngheo.demo.territory import (
    NESTED_GROUPS,
    NEW_COMMUNES,
    apportion,
    legacy_communes,
    successor_of,
    village_count_by_commune,
    villages,
)
from giamngheo.domain.assess import assess
from giamngheo.domain.facts import HouseholdFacts
from giamngheo.domain.standard import standard_get

FULL = 40_000


@pytest.fixture(scope="module")
def full_population() -> Population:
    return population_generate(households=FULL, seed=2021)


def _rates(population: Population, groups: tuple[str, ...]) -> dict[int, dict[str, int]]:
    group_of = {c.code: c.group for c in legacy_communes()}
    inside = {h.code for h in population.households if group_of[h.legacy_code] in groups}
    counts: dict[int, Counter[str]] = {year: Counter() for year in YEARS}
    for a in population.assessments:
        if a.household_code in inside:
            counts[a.year][a.category] += 1
    return {year: {"households": len(inside), **c} for year, c in counts.items()}


def test_the_same_seed_gives_byte_identical_rows_and_another_seed_other_rows(small_population) -> None:
    again = population_generate(households=small_population.households_requested, seed=small_population.seed)
    other = population_generate(households=small_population.households_requested, seed=small_population.seed + 1)

    assert again.digest() == small_population.digest()
    assert other.digest() != small_population.digest()
    # Territory does not depend on the seed: same villages and household codes, other people.
    assert other.villages == small_population.villages
    assert [h.code for h in other.households] == [h.code for h in small_population.households]
    assert [h.head_name for h in other.households] != [h.head_name for h in small_population.households]


@pytest.mark.slow
def test_at_full_size_the_old_district_shows_the_published_figures_to_two_decimals(full_population) -> None:
    for groups in NESTED_GROUPS:  # the 21 units under Huyện Cẩm Xuyên, the 23 of the story, the 8 new communes
        by_year = _rates(full_population, groups)
        shown = {y: (round(100 * c["poor"] / c["households"], 2), round(100 * c["near_poor"] / c["households"], 2))
                 for y, c in by_year.items()}
        assert shown[2020][0] == 5.13  # start of 2021
        assert shown[2023][0] == 2.80  # end of 2023
        assert shown[2025][0] == 2.15 <= TARGETS_2025["poor"] / 100  # 2.18% target met
        assert shown[2025][1] == 2.78 <= TARGETS_2025["near_poor"] / 100  # 2.8% target met
        for year, (poor, near_poor) in shown.items():
            assert (round(poor * 100), round(near_poor * 100)) == (
                TARGET_BY_YEAR[year].poor_bp, TARGET_BY_YEAR[year].near_poor_bp), (groups, year)


def test_counts_are_exact_per_nested_group_at_any_size(small_population) -> None:
    for groups in NESTED_GROUPS:
        for year, counts in _rates(small_population, groups).items():
            target = TARGET_BY_YEAR[year]
            assert counts["poor"] == count_for(target.poor_bp, counts["households"])
            assert counts["near_poor"] == count_for(target.near_poor_bp, counts["households"])
            assert counts["average"] == count_for(target.average_bp, counts["households"])


@pytest.mark.slow
def test_communes_vary_around_the_district_rate(full_population) -> None:
    legacy_of = {h.code: h.legacy_code for h in full_population.households}
    poor: Counter[str] = Counter(legacy_of[a.household_code] for a in full_population.assessments
                                 if a.year == 2023 and a.category == "poor")
    size = Counter(legacy_of.values())
    rates = {code: 100 * poor[code] / size[code] for code in size}
    assert rates["18736"] > 4.0  # Cẩm Thịnh, hilly and poorest
    assert rates["18673"] < 1.8  # the old town of Cẩm Xuyên
    assert len({round(r, 1) for r in rates.values()}) > 15


@pytest.mark.slow
def test_households_move_between_categories_as_reviews_report(full_population) -> None:
    category = {(a.household_code, a.year): a.category for a in full_population.assessments}
    codes = [h.code for h in full_population.households]
    for year in range(2022, 2027):
        was_poor = [c for c in codes if category[(c, year - 1)] == "poor"]
        escaped = [c for c in was_poor if category[(c, year)] != "poor"]
        newly = [c for c in codes if category[(c, year)] == "poor" and category[(c, year - 1)] != "poor"]
        fell_back = [c for c in newly if any(category[(c, y)] == "poor" for y in range(2020, year - 1))]
        assert 0.25 < len(escaped) / len(was_poor) < 0.55, year
        assert 0.1 < len(newly) / len(was_poor) < 0.35, year
        assert 0 < len(fell_back) < len(newly) / 2, year


@pytest.mark.slow
def test_every_result_is_what_the_engine_says_of_its_own_facts(full_population) -> None:
    standard = standard_get("2022-2025")
    for a in full_population.assessments:
        facts = json.loads(a.facts)
        if a.year == 2020:
            assert a.standard_id == "2016-2020"
            result = baseline_assess(facts["area"], facts["income_per_capita"], frozenset(facts["deprivations"]))
            assert (result.category, result.reason) == (a.category, a.reason)
            assert "Quyết định 59/2015/QĐ-TTg" in a.reason
            continue
        outcome = assess(HouseholdFacts(facts["area"], facts["members"], facts["income_per_capita"],
                                        frozenset(facts["deprivations"])), standard)
        assert (a.standard_id, a.category, a.deprivation_count, a.deprivations, a.reason) == (
            outcome.standard_id, outcome.category, outcome.deprivation_count, ";".join(outcome.deprivations),
            outcome.reason)


def test_results_before_2025_name_the_old_commune_and_from_2025_the_new_one(small_population) -> None:
    household = {h.code: h for h in small_population.households}
    for a in small_population.assessments:
        h = household[a.household_code]
        if a.year < 2025:
            assert (a.commune_era, a.commune_code) == ("legacy", h.legacy_code)
            assert successor_of(a.commune_code).code == h.commune_code
        else:
            assert (a.commune_era, a.commune_code) == ("current", h.commune_code)
        assert a.assessed_on.year == a.year


def test_households_members_and_villages_look_real(small_population) -> None:
    codes = [h.code for h in small_population.households]
    assert len(set(codes)) == len(codes) == 2_000
    assert all(re.fullmatch(r"42-18\d{3}-\d{6}", c) for c in codes)
    texts = [h.head_name for h in small_population.households] + [m.full_name for m in small_population.members]
    assert all(unicodedata.is_normalized("NFC", t) and len(t.split()) >= 3 for t in texts)
    heads = Counter(m.household_code for m in small_population.members if m.relation == "Chủ hộ")
    assert set(heads.values()) == {1} and len(heads) == 2_000
    assert 3.3 < len(small_population.members) / 2_000 < 4.0
    ethnicities = Counter(m.ethnicity for m in small_population.members)
    assert ethnicities.most_common(1)[0][0] == "Kinh"
    assert {h.area for h in small_population.households if h.legacy_code in ("18673", "18676")} == {"urban"}
    assert "Thôn Trung Hòa, xã Cẩm Xuyên, tỉnh Hà Tĩnh" in {h.address for h in small_population.households}


def test_villages_are_unique_in_their_commune_and_15_to_35_each() -> None:
    counts = village_count_by_commune()
    assert set(counts) == {c.code for c in NEW_COMMUNES}
    assert all(15 <= n <= 35 for n in counts.values()), counts
    keys = [(v.commune_code, fold(v.name)) for v in villages()]
    assert len(set(keys)) == len(keys)
    assert {"Thôn 3", "Tổ dân phố 3", "Thôn Trung Hòa"} <= {v.name for v in villages()}


def test_facts_are_encoded_exactly_as_json_dumps_would() -> None:
    for args in [("rural", 4, 1_230_000, ("water", "telecom")), ("urban", 1, 5_000_000, ())]:
        text = facts_json(*args)
        assert text == json.dumps({"area": args[0], "members": args[1], "income_per_capita": args[2],
                                   "deprivations": list(args[3])})


def test_apportion_is_exact_and_respects_caps() -> None:
    assert apportion(10, {"a": 1, "b": 1, "c": 1}) == {"a": 4, "b": 3, "c": 3}
    assert apportion(5, {"a": 10, "b": 1}, caps={"a": 2, "b": 5}) == {"a": 2, "b": 3}
    with pytest.raises(ValueError):
        apportion(5, {"a": 1}, caps={"a": 4})
