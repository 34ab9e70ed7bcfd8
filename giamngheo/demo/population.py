"""Generate the synthetic population as plain rows: pure, no Django, the same rows for the same seed.

`population_generate(households=40_000, seed=2021)` returns households spread over the villages of the
eight new communes, their members, and one assessment per household and review year 2020–2026. Writing
the rows to the database is `giamngheo.demo.seeding`'s job.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

import polars as pl

from giamngheo.demo.people import (
    SHAPE_WELFARE,
    Circumstances,
    Family,
    circumstances_draw,
    employment_draw,
    facts_work_seed,
    family_make,
    farming_draw,
    groups_seed,
)
from giamngheo.demo.story import (
    BASELINE_INDICATORS,
    BASELINE_STANDARD_ID,
    FIRST_YEAR_NEW_COMMUNES,
    TARGET_BY_YEAR,
    YEARS,
    baseline_assess,
    review_date,
)
from giamngheo.demo.survey import CHANCE_COUNT, ServiceOdds, bands_for, income_draw
from giamngheo.demo.territory import (
    NEW_COMMUNES,
    PROVINCE_CODE,
    LegacyCommune,
    Village,
    apportion,
    household_shares,
    legacy_communes,
    villages,
)
from giamngheo.demo.trajectories import (
    Latent,
    band_positions,
    categories_assign,
    commune_counts,
    escapes_reward,
    latent_make,
)
from giamngheo.domain.frame import assess_frame
from giamngheo.domain.standard import Standard, standard_get


class HouseholdRow(NamedTuple):
    code: str  # "42-18673-000123": province, today's commune, number in the commune
    commune_code: str
    legacy_code: str  # the commune the household's village belonged to before 1/7/2025
    village_name: str
    area: str
    head_name: str
    address: str


class MemberRow(NamedTuple):
    household_code: str
    full_name: str
    birth_year: int
    sex: str
    ethnicity: str
    relation: str
    employment: str = ""  # EMPLOYMENT_STATUSES, "" = not recorded


class AssessmentRow(NamedTuple):
    household_code: str
    year: int
    commune_code: str
    commune_era: str  # "legacy" (an old commune) for reviews before 2025, "current" from 2025
    standard_id: str
    category: str
    income_per_capita: int
    deprivation_count: int
    deprivations: str  # ";"-joined, in the standard's order
    reason: str
    # JSON text: {"area", "members", "income_per_capita", "deprivations"[, "agricultural", "no_labour_capacity",
    # "meritorious", "poverty_causes"]}
    facts: str
    assessed_on: dt.date


@dataclass(frozen=True)
class Population:
    households_requested: int
    seed: int
    villages: tuple[Village, ...]
    households: list[HouseholdRow]
    members: list[MemberRow]
    assessments: list[AssessmentRow]  # year by year, households in code order within a year

    def digest(self) -> str:
        """Return a SHA-256 over every row, in order: equal digests mean byte-identical data."""
        sha = hashlib.sha256()
        for line in population_lines(self.villages, self.households, self.members, self.assessments):
            sha.update(line.encode("utf-8"))
        return sha.hexdigest()


def population_lines(*tables: Any) -> Iterator[str]:
    """Yield one canonical JSON line per row of each table (dates as ISO text, dict keys sorted)."""
    for table in tables:
        for row in table:
            yield json.dumps(row, ensure_ascii=False, sort_keys=True, default=_iso) + "\n"


def _iso(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


@dataclass(slots=True)
class _Household:
    row: HouseholdRow
    legacy: LegacyCommune
    family: Family
    latent: Latent
    chances: list[float]
    farming: int | None = None  # the assessment file's `agricultural` column: 1, 0 or unknown
    # the file's `no_labour_capacity`, `meritorious` and (for poor and near-poor results) `poverty_causes` columns
    circumstances: Circumstances | None = None


@dataclass(frozen=True)
class PopulationStream:
    """The same rows as `Population`, with the results made one review year at a time when iterated.

    The writer uses it so that only one year of results is in memory at once.
    """

    households: list[HouseholdRow]
    members: list[MemberRow]
    yearly_assessments: Iterator[list[AssessmentRow]]


def population_stream(*, households: int, seed: int) -> PopulationStream:
    """Generate the households and members now, and each year's results when the iterator reaches it."""
    if households < 1:
        raise ValueError("Cần ít nhất một hộ.")
    rng = random.Random(seed)
    people = _households_make(rng, households)
    work = random.Random(facts_work_seed(seed))
    for household in people:
        household.farming = farming_draw(work, household.row.area)
    members = [
        MemberRow(h.row.code, p.full_name, p.birth_year, p.sex, p.ethnicity, p.relation,
                  employment_draw(work, p.birth_year, h.farming == 1))
        for h in people for p in h.family.people
    ]
    groups = random.Random(groups_seed(seed))
    for household in people:
        household.circumstances = circumstances_draw(groups, household.family.shape)

    def years() -> Iterator[list[AssessmentRow]]:
        for year_index, year in enumerate(YEARS):
            yield _year_assess(rng, people, year, year_index)

    return PopulationStream([h.row for h in people], members, years())


def population_generate(*, households: int, seed: int) -> Population:
    """Generate `households` synthetic households with members and review results for 2020–2026."""
    stream = population_stream(households=households, seed=seed)
    assessments = [row for year in stream.yearly_assessments for row in year]
    return Population(households, seed, villages(), stream.households, stream.members, assessments)


def _households_make(rng: random.Random, households: int) -> list[_Household]:
    shares = household_shares(households)
    by_legacy: dict[str, list[Village]] = {}
    for village in villages():
        by_legacy.setdefault(village.legacy_code, []).append(village)
    # Village sizes vary but are territory: the same for every seed.
    sizes = random.Random(1665)
    result: list[_Household] = []
    for commune in NEW_COMMUNES:
        number = 0
        commune_label = commune.name[0].lower() + commune.name[1:]
        for legacy in commune.predecessors:
            weights = {v.name: sizes.uniform(0.6, 1.4) for v in by_legacy[legacy.code]}
            spread = apportion(shares[legacy.code], weights)
            for village in by_legacy[legacy.code]:
                for _ in range(spread[village.name]):
                    number += 1
                    family = family_make(rng)
                    row = HouseholdRow(
                        code=f"{PROVINCE_CODE}-{commune.code}-{number:06d}", commune_code=commune.code,
                        legacy_code=legacy.code, village_name=village.name,
                        area="urban" if legacy.urban else "rural", head_name=family.head.full_name,
                        address=f"{village.name}, {commune_label}, tỉnh Hà Tĩnh",
                    )
                    latent = latent_make(rng, legacy.code, SHAPE_WELFARE[family.shape])
                    chances = [rng.random() for _ in range(CHANCE_COUNT)]
                    result.append(_Household(row, legacy, family, latent, chances))
    return result


def _year_assess(rng: random.Random, people: list[_Household], year: int, year_index: int) -> list[AssessmentRow]:
    latents = [h.latent for h in people]
    counts = commune_counts(household_shares(len(people)), legacy_communes(), year, rng)
    categories = categories_assign(latents, counts, year_index)
    if year_index:
        escapes_reward(latents, categories, year_index)
    positions = band_positions(latents, categories, year_index)
    standard_id = TARGET_BY_YEAR[year].standard_id
    standard = None if standard_id == BASELINE_STANDARD_ID else standard_get(standard_id)
    odds = ServiceOdds(BASELINE_INDICATORS if standard is None else standard.indicator_ids, year)
    bands = {
        area: bands_for(standard_id, area, year, standard.income_line(area), standard.average_ceiling(area) or 0)
        if standard else bands_for(standard_id, area, year)
        for area in ("rural", "urban")
    }
    sizes, incomes, lacking = [], [], []
    for index, household in enumerate(people):
        makeup = household.family.makeup_in(year)
        services = odds.lacking(
            makeup=makeup, lack=household.latent.deprivation[year_index], commune_poverty=household.legacy.poverty,
            chances=household.chances, category=categories[index], need_three=standard is not None,
        )
        sizes.append(makeup.size)
        lacking.append(services)
        incomes.append(income_draw(rng, categories[index], positions[index], bands[household.row.area],
                                   poor_by_count=len(services) >= 3))
    areas = [h.row.area for h in people]
    found = _assess_all(standard, areas, incomes, lacking)
    new_era = year >= FIRST_YEAR_NEW_COMMUNES
    closed_on: dict[str, dt.date] = {}
    rows: list[AssessmentRow] = []
    for index, household in enumerate(people):
        row = household.row
        category, in_order, reason = found[index]
        if category != categories[index]:
            raise AssertionError(f"{row.code} {year}: drew facts for {categories[index]}, the standard says {category}")
        commune_code = row.commune_code if new_era else row.legacy_code
        if commune_code not in closed_on:
            closed_on[commune_code] = review_date(year, int(commune_code) + year)
        rows.append(AssessmentRow(
            row.code, year, commune_code, "current" if new_era else "legacy", standard_id, category,
            incomes[index], len(in_order), ";".join(in_order), reason,
            facts_json(row.area, sizes[index], incomes[index], in_order, household.farming,
                       circumstances=household.circumstances, poor_or_near=category in ("poor", "near_poor")),
            closed_on[commune_code],
        ))
    return rows


def facts_json(area: str, members: int, income: int, deprivations: tuple[str, ...],
               agricultural: int | None = None, *, circumstances: Circumstances | None = None,
               poor_or_near: bool = False) -> str:
    """Encode the engine's inputs exactly as `json.dumps` would (several times faster; the shape never varies),
    with the `agricultural` flag, the group flags and (for a poor or near-poor result) the causes of poverty when
    the survey recorded them."""
    deprived = ", ".join(f'"{d}"' for d in deprivations)
    extra = "" if agricultural is None else f', "agricultural": {agricultural}'
    if circumstances is not None:
        if circumstances.no_labour is not None:
            extra += f', "no_labour_capacity": {circumstances.no_labour}'
        if circumstances.meritorious is not None:
            extra += f', "meritorious": {circumstances.meritorious}'
        if poor_or_near and circumstances.causes is not None:
            extra += f', "poverty_causes": "{circumstances.causes}"'
    return (f'{{"area": "{area}", "members": {members}, "income_per_capita": {income}, '
            f'"deprivations": [{deprived}]{extra}}}')


def _assess_all(
    standard: Standard | None, areas: list[str], incomes: list[int], lacking: list[frozenset[str]]
) -> list[tuple[str, tuple[str, ...], str]]:
    """Return (category, deprivations in order, reason) per household, from the engine a whole year at a time."""
    if standard is None:
        results = [baseline_assess(a, i, d) for a, i, d in zip(areas, incomes, lacking, strict=True)]
        return [(r.category, r.deprivations, r.reason) for r in results]
    columns: dict[str, list[object]] = {"area": list(areas), "income_per_capita": list(incomes)}
    for indicator in standard.indicator_ids:
        columns[f"d_{indicator}"] = [indicator in services for services in lacking]
    frame = assess_frame(pl.DataFrame(columns).lazy(), standard).collect()
    return [
        (category, tuple(deprived.split(";")) if deprived else (), reason)
        for category, deprived, reason in zip(
            frame["category"].to_list(), frame["deprivations"].to_list(), frame["reason"].to_list(), strict=True
        )
    ]
