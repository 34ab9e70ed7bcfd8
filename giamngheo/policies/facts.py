"""Read what the eligibility rules need about households, in bulk, from the registry and our own tables.

For each household: its current result (the latest review under the standard in force that year), when it
left the poor/near-poor lists, its members (age in the review year, minority ethnicity, circumstances),
its recorded circumstances and its commune's designations — and the same under the 2027–2030 standard:
the household's own 2027–2030 result when the review produced one, otherwise its current income and
deprivations re-classified under the new lines (new indicators unknown, so not counted).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from django.db.models.fields.json import KT

from giamngheo.common.text import fold
from giamngheo.domain.assess import category_for_income
from giamngheo.domain.eligibility import ESCAPED_FROM, EligibilityFacts, MemberFacts
from giamngheo.domain.eligibility_check import RuleFeatures
from giamngheo.domain.standard import UnknownStandard, standard_get
from giamngheo.policies.member_counts import member_counts, minority_names
from giamngheo.policies.models import CommuneDesignation, HouseholdCircumstance, MemberCircumstance, Scenario
from giamngheo.registry.models import Household, HouseholdAssessment, Member

NEW_STANDARD = "2027-2030"
NEW_PERIOD_YEAR = 2027
CHUNK = 5000
CURRENT, PROJECTED = Scenario.CURRENT.value, Scenario.STANDARD_2027.value  # plain str: compared a million times
EMPTY: frozenset[str] = frozenset()
# How the registry names the head of household (the person whose identity number opens the resident lookup).
HEAD_RELATIONS = ("Chủ hộ", "chủ hộ", "Chu ho", "chu ho")
# The assessment facts' `agricultural` flag (1 in the file) adds this household circumstance.
AGRICULTURAL = frozenset({"agricultural"})
FARMING = ("1", "true")


Person = tuple[int, str, bool, frozenset[str]]  # birth year, sex, ethnic minority, circumstances


class HouseholdRow(NamedTuple):  # a tuple: a million of them are made per full recompute
    household_id: int
    commune_id: int
    unit_path: str
    year: int
    standard_id: str
    category: str
    scenario: str
    deprivations: frozenset[str]
    people: list[Person]
    household_flags: frozenset[str]
    commune_flags: frozenset[str]
    escaped_year: int | None
    member_counts: tuple[int, ...] | None = None  # matches per member condition, when counted in the database

    def facts(self) -> EligibilityFacts:
        """Return the full facts (every member with an age in the review year)."""
        return EligibilityFacts(
            category=self.category, standard_id=self.standard_id, year=self.year, deprivations=self.deprivations,
            members=tuple(MemberFacts(age=self.year - birth, sex=sex, ethnic_minority=minor, flags=flags)
                          for birth, sex, minor, flags in self.people),
            household_flags=self.household_flags, commune_flags=self.commune_flags, escaped_year=self.escaped_year,
        )


def chunks(ids: Sequence[int], size: int = CHUNK) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield list(ids[start:start + size])


def _in_force(standard_id: str, year: int, cache: dict[tuple[str, int], bool]) -> bool:
    key = (standard_id, year)
    if key not in cache:
        try:
            standard = standard_get(standard_id)
            cache[key] = standard.valid_from.year <= year <= standard.valid_to.year
        except UnknownStandard:
            cache[key] = standard_id != NEW_STANDARD  # results under other standards (imports) count as current
    return cache[key]


@functools.lru_cache(maxsize=65536)
def _split(values: str) -> frozenset[str]:
    return frozenset(v for v in values.split(";") if v)


Block = tuple[int, int] | list[int]  # household ids: a half-open range, or a list


def household_rows(household_ids: Sequence[int] | None, scenarios: Sequence[str],
                   features: RuleFeatures | None = None) -> Iterator[HouseholdRow]:
    """Yield one row per household with a review result and per scenario, in household-id order.

    With ``features`` the members are not read: each row carries the database's count of members matching
    each of the rules' member conditions instead (``member_counts``), which is all the rules can see.
    """
    for _block_ids, rows in household_blocks(household_ids, scenarios, features):
        yield from rows


def household_blocks(household_ids: Sequence[int] | None, scenarios: Sequence[str],
                     features: RuleFeatures | None = None) -> Iterator[tuple[Block, Iterator[HouseholdRow]]]:
    """Yield (block, its rows) for blocks of households that together cover the given ones (all when None).

    A block's rows must be consumed before asking for the next block.
    """
    if household_ids is None:
        first = Household.objects.order_by("id").values_list("id", flat=True).first()
        if first is None:
            return
        last = Household.objects.order_by("-id").values_list("id", flat=True).first() or first
        ranges: Iterator[tuple[int, int] | list[int]] = ((low, low + 50_000) for low in range(first, last + 1, 50_000))
    else:
        ranges = chunks(sorted(set(household_ids)))
    designations: dict[int, set[str]] = {}
    for commune_id, flag in CommuneDesignation.objects.values_list("commune_id", "flag"):
        designations.setdefault(commune_id, set()).add(flag)
    communes = {k: frozenset(v) for k, v in designations.items()}
    in_force: dict[tuple[str, int], bool] = {}
    minorities = minority_names() if features is not None else []
    for block in ranges:
        yield block, _block(block, scenarios, communes, in_force, features, minorities)


def _filter(block: tuple[int, int] | list[int], field: str) -> dict[str, object]:
    if isinstance(block, tuple):
        return {f"{field}__gte": block[0], f"{field}__lt": block[1]}
    return {f"{field}__in": block}


def _block(block: tuple[int, int] | list[int], scenarios: Sequence[str], communes: dict[int, frozenset[str]],
           in_force: dict[tuple[str, int], bool], features: RuleFeatures | None,
           minorities: list[str]) -> Iterator[HouseholdRow]:
    households = {
        hid: (commune_id, path, area)
        for hid, commune_id, path, area in Household.objects.filter(**_filter(block, "id"), closed_on__isnull=True)
        .values_list("id", "commune_id", "unit_path", "area")  # struck off the register: entitled to nothing
    }
    if not households:
        return
    history: dict[int, list[tuple[int, str, str, str, int]]] = {}
    farming: set[tuple[int, int, str]] = set()  # (household, year, standard) whose latest result says "agricultural"
    for hid, year, std, cat, deprivations, income, farm in (
        HouseholdAssessment.objects.filter(**_filter(block, "household_id"))
        .order_by("household_id", "year", "id")
        .values_list("household_id", "year", "standard_id", "category", "deprivations", "income_per_capita",
                     KT("facts__agricultural"))
    ):
        history.setdefault(hid, []).append((year, std, cat, deprivations, income))
        if farm is not None and str(farm).lower() in FARMING:
            farming.add((hid, year, std))
        else:
            farming.discard((hid, year, std))
    member_flags = {} if features is not None else dict(
        MemberCircumstance.objects.filter(**_filter(block, "household_id")).values_list("member_id", "flags")
    )
    household_flags = dict(
        HouseholdCircumstance.objects.filter(**_filter(block, "household_id")).values_list("household_id", "flags")
    )
    members: dict[int, list[Person]] = {}
    minority: dict[str, bool] = {}
    people_rows = Member.objects.none() if features is not None else Member.objects.filter(
        **_filter(block, "household_id")).values_list("household_id", "id", "birth_year", "sex", "ethnicity")
    counts_by_year: dict[int, dict[int, tuple[int, ...]]] = {}
    no_counts = tuple(0 for _ in features.member_specs) if features is not None else ()

    def counts(hid: int, year: int) -> tuple[int, ...] | None:
        if features is None:
            return None
        if year not in counts_by_year:
            counts_by_year[year] = member_counts(features, year, block, minorities)
        return counts_by_year[year].get(hid, no_counts)

    for hid, mid, birth_year, sex, ethnicity in people_rows:
        if ethnicity not in minority:
            minority[ethnicity] = fold(ethnicity) not in ("", "kinh")
        flags = _split(member_flags[mid]) if mid in member_flags else EMPTY
        members.setdefault(hid, []).append((birth_year, sex, minority[ethnicity], flags))
    new_standard = standard_get(NEW_STANDARD)
    new_indicators = frozenset(new_standard.indicator_ids)
    want_current = CURRENT in scenarios
    want_projection = PROJECTED in scenarios
    for hid, results in history.items():
        if hid not in households:
            continue
        commune_id, path, area = households[hid]
        current = [r for r in results if in_force.get((r[1], r[0])) or _in_force(r[1], r[0], in_force)]
        if not current:
            continue
        escaped_year = _escape(current)
        hflags = _split(household_flags.get(hid, ""))
        cflags = communes.get(commune_id, EMPTY)
        people = members.get(hid, [])
        year, std, cat, deprivations, income = current[-1]
        if (hid, year, std) in farming:  # the imported assessment file's `agricultural` column
            hflags = hflags | AGRICULTURAL
        if want_current:
            yield HouseholdRow(hid, commune_id, path, year, std, cat, CURRENT, _split(deprivations), people,
                               hflags, cflags, escaped_year, counts(hid, year))
        if want_projection:
            own = [r for r in results if r[1] == NEW_STANDARD]
            if own:
                p_year, p_std, p_cat, p_deprivations, _ = own[-1]
                p_set = _split(p_deprivations)
            else:
                p_year, p_std = NEW_PERIOD_YEAR, NEW_STANDARD
                p_set = _split(deprivations) & new_indicators
                p_cat = category_for_income(new_standard, area, income, len(p_set))
            p_escaped = escaped_year
            if p_cat in ESCAPED_FROM:
                p_escaped = None
            elif cat in ESCAPED_FROM:  # leaves the lists when the new lines apply
                p_escaped = p_year
            yield HouseholdRow(hid, commune_id, path, p_year, p_std, p_cat, PROJECTED, p_set, people,
                               hflags, cflags, p_escaped, counts(hid, p_year))


def current_result(household_id: int) -> tuple[int, str, str] | None:
    """Return (year, standard, category) of the household's current result, as the entitlements use it."""
    rows = (HouseholdAssessment.objects.filter(household_id=household_id).order_by("-year", "-id")
            .values_list("year", "standard_id", "category"))
    return in_force_latest(rows)


def in_force_latest(results: Iterable[tuple[int, str, str]]) -> tuple[int, str, str] | None:
    """Return the first (year, standard, category), newest first, whose standard was in force that year."""
    in_force: dict[tuple[str, int], bool] = {}
    for year, standard_id, category in results:
        if _in_force(standard_id, year, in_force):
            return year, standard_id, category
    return None


def _escape(results: list[tuple[int, str, str, str, int]]) -> int | None:
    """Return the first review year off the poor/near-poor lists after the last year on them."""
    escaped: int | None = None
    on_list = False
    for year, _std, category, _dep, _inc in results:
        if category in ESCAPED_FROM:
            on_list, escaped = True, None
        elif on_list and escaped is None:
            escaped = year
    return escaped
