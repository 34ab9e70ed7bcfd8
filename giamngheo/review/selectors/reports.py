"""Report figures from `YearFact`: results, dynamics, deprivations and ethnicity, commune by commune.

Years before July 2025 come out on today's communes: each fact carries the current commune that succeeded
the commune of the time. Every figure is a GROUP BY on one narrow table, so a province stays fast.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, Sum
from django.db.models.fields.json import KT, KeyTextTransform

from giamngheo.assessfile.causes import POVERTY_CAUSES
from giamngheo.assessfile.columns import CAUSES_COLUMN, MERITORIOUS_COLUMN, NO_LABOUR_COLUMN
from giamngheo.domain.standard import standard_get
from giamngheo.geo.models import AdminUnit
from giamngheo.registry.models import HouseholdAssessment
from giamngheo.review.models import DeprivedCount, FlowCount, RoundHousehold, YearFact
from giamngheo.review.models.facts import flow_parts
from giamngheo.review.selectors.lists import AGRICULTURE_KEYS, _is_agricultural

CATEGORIES = ("poor", "near_poor", "average", "non_poor")
DYNAMICS_COLUMNS = (
    ("start", "Đầu kỳ"),
    ("to_other", "Giảm: chuyển sang {other}"),
    ("above", "Giảm: vượt chuẩn cận nghèo"),
    ("dec_other", "Giảm khác (chuyển đi, chết, nhập hộ)"),
    ("from_other", "Tăng: từ {other}"),
    ("fallback", "Tăng: tái {name}"),
    ("new", "Tăng: phát sinh mới"),
    ("inc_other", "Tăng khác (chuyển đến)"),
    ("end", "Cuối kỳ"),
)


def report_communes(unit: AdminUnit) -> list[AdminUnit]:
    """Return today's communes under ``unit`` (the unit itself when it is a commune), by code."""
    if unit.level == "commune":
        return [unit]
    return list(AdminUnit.objects.filter(level="commune", valid_to__isnull=True, path__startswith=unit.path)
                .order_by("code"))


@dataclass
class Table:
    rows: list[dict[str, Any]] = field(default_factory=list)
    total: dict[str, Any] = field(default_factory=dict)


def _total(rows: list[dict[str, Any]], keys: list[str]) -> dict[str, Any]:
    return {k: sum(r[k] for r in rows) for k in keys}


@dataclass
class Groups:
    """The year's counts of some communes: flows (commune now, commune a year before, flow code) and, for poor and
    near-poor households, the head's ethnicity and per-indicator counts (b0…b15)."""

    flows: list[dict[str, Any]]
    deprived: list[dict[str, Any]]
    # Average-living households working in agriculture, forestry, fishery or salt-making, per commune:
    # {"households", "persons", "unknown"} (unknown: average-living households whose file did not say).
    agricultural: dict[int, dict[str, int]] = field(default_factory=dict)
    # Poor and near-poor households with their group facts (forms 8 and 10): one dict per household with
    # commune, category, members, minority, no_labour / meritorious (True, False or None = unknown) and causes
    # (a tuple of cause codes, or None = unknown).
    poor_households: list[dict[str, Any]] = field(default_factory=list)
    # Children (under 16) of poor and near-poor households per commune, category, standard and deprivation mask
    # (form 11): {"current_commune_id", "category", "standard_id", "mask", "children"}.
    children: list[dict[str, Any]] = field(default_factory=list)


def report_groups(year: int, communes: list[AdminUnit]) -> Groups:
    """Read the year's stored counts of these communes (households that moved out come too, for the dynamics)."""
    ids = [c.pk for c in communes]
    flows = []
    for row in FlowCount.objects.filter(year=year).filter(Q(current_commune_id__in=ids) | Q(start_commune_id__in=ids)):
        start_category, category, prior_poor, prior_near = flow_parts(row.flow)
        flows.append({"current_commune_id": row.current_commune_id, "start_commune_id": row.start_commune_id,
                      "start_category": start_category, "category": category, "prior_poor": prior_poor,
                      "prior_near": prior_near, "n": row.households, "p": row.persons, "sp": row.start_persons})
    deprived = []
    for row in DeprivedCount.objects.filter(year=year, current_commune_id__in=ids):
        deprived.append({"current_commune_id": row.current_commune_id, "category": row.category,
                         "standard_id": row.standard_id, "head_ethnicity": row.head_ethnicity,
                         "minority": row.minority, "n": row.households,
                         **{f"b{i}": n for i, n in enumerate(row.indicators)}})
    return Groups(flows=flows, deprived=deprived, agricultural=agricultural_counts(year, ids),
                  poor_households=poor_household_facts(year, ids), children=child_counts(year, ids))


def child_counts(year: int, commune_ids: list[int]) -> list[dict[str, Any]]:
    """Children under 16 of the year's poor and near-poor households, grouped by commune, category, standard and
    deprivation mask (one GROUP BY on `YearFact`)."""
    rows = (YearFact.objects.filter(year=year, current_commune_id__in=commune_ids, category__in=("poor", "near_poor"),
                                    children__gt=0)
            .values("current_commune_id", "category", "standard_id", "deprivation_mask")
            .annotate(n=Sum("children")).order_by())
    return [{"current_commune_id": r["current_commune_id"], "category": r["category"],
             "standard_id": r["standard_id"], "mask": r["deprivation_mask"], "children": r["n"]} for r in rows]


def result_facts(year: int, households: Any, keys: tuple[str, ...]) -> dict[int, dict[str, Any]]:
    """Read some facts of the assessment behind each household's year result: the one its decided round took
    (the latest decision), or else the latest assessment of the year — as `year_facts_refresh` chooses the result.
    ``households`` is a queryset of household ids. Values come as JSON text (None when the key is absent)."""
    facts: dict[int, dict[str, Any]] = {}
    own = {key: KT(f"facts__{key}") for key in keys}
    for row in (HouseholdAssessment.objects.filter(household_id__in=households, year=year)
                .order_by("id").values("household_id", **own)):
        facts[row["household_id"]] = dict(row)
    decided = {key: KeyTextTransform(key, "assessment__facts") for key in keys}
    for row in (RoundHousehold.objects.filter(household_id__in=households, round__year=year,
                                              round__decided_on__isnull=False, assessment__isnull=False)
                .exclude(category="").order_by("round__decided_on", "round__month", "round_id")
                .values("household_id", **decided)):
        facts[row["household_id"]] = dict(row)
    return facts


def _flag(value: Any) -> bool | None:
    """A 1/0 fact as JSON text ("1", "0", "true") → True/False; missing or null → None (unknown)."""
    if value is None:
        return None
    text = str(value).strip().lower()
    if text in ("1", "true"):
        return True
    if text in ("0", "false"):
        return False
    return None


def _causes(value: Any) -> tuple[str, ...] | None:
    if value is None or not str(value).strip():
        return None
    return tuple(code for code in str(value).split(";") if code in POVERTY_CAUSES)


def poor_household_facts(year: int, commune_ids: list[int]) -> list[dict[str, Any]]:
    """The year's poor and near-poor households of these communes with the group and cause facts of the file's
    optional columns (`no_labour_capacity`, `meritorious`, `poverty_causes`), read from the assessment behind the
    year's result; a file without a column, or a blank cell, leaves the fact unknown (None)."""
    poor = YearFact.objects.filter(year=year, current_commune_id__in=commune_ids,
                                   category__in=("poor", "near_poor"))
    rows = list(poor.values_list("household_id", "current_commune_id", "category", "members", "minority"))
    if not rows:
        return []
    facts = result_facts(year, poor.values("household_id"), (NO_LABOUR_COLUMN, MERITORIOUS_COLUMN, CAUSES_COLUMN))
    out = []
    for hid, commune, category, members, minority in rows:
        known = facts.get(hid, {})
        out.append({"current_commune_id": commune, "category": category, "members": members,
                    "minority": minority, "no_labour": _flag(known.get(NO_LABOUR_COLUMN)),
                    "meritorious": _flag(known.get(MERITORIOUS_COLUMN)),
                    "causes": _causes(known.get(CAUSES_COLUMN))})
    return out


def agricultural_counts(year: int, commune_ids: list[int]) -> dict[int, dict[str, int]]:
    """Count the year's average-living households of these communes that farm (the assessment's `agricultural`
    fact), with their persons, and those whose fact is missing.

    The fact is read from the assessment behind the household's year result: the one its decided round took, or
    else the latest of the year (as `year_facts_refresh` chooses the result).
    """
    average = YearFact.objects.filter(year=year, current_commune_id__in=commune_ids, category="average")
    where = {hid: (commune, members) for hid, commune, members in average.values_list(
        "household_id", "current_commune_id", "members")}
    if not where:
        return {}
    keys = {key: KT(f"facts__{key}") for key in AGRICULTURE_KEYS}
    facts: dict[int, dict[str, Any]] = {}
    for row in (HouseholdAssessment.objects.filter(household_id__in=average.values("household_id"), year=year)
                .order_by("id").values("household_id", **keys)):
        facts[row["household_id"]] = row
    # KT() reads a JSON field of the model itself; through the relation the transform names the field.
    decided = {key: KeyTextTransform(key, "assessment__facts") for key in AGRICULTURE_KEYS}
    for row in (RoundHousehold.objects.filter(household_id__in=average.values("household_id"), round__year=year,
                                              round__decided_on__isnull=False, assessment__isnull=False)
                .exclude(category="").order_by("round__decided_on", "round__month", "round_id")
                .values("household_id", **decided)):
        facts[row["household_id"]] = row
    out: dict[int, dict[str, int]] = {}
    for hid, (commune, members) in where.items():
        slot = out.setdefault(commune, {"households": 0, "persons": 0, "unknown": 0})
        flag = _is_agricultural(facts.get(hid, {}))
        if flag is None:
            slot["unknown"] += 1
        elif flag:
            slot["households"] += 1
            slot["persons"] += members
    return out


def results_table(groups: Groups, communes: list[AdminUnit]) -> Table:
    """Households and persons per category and commune, with poor and near-poor rates (%), and the average-living
    households working in agriculture, forestry, fishery or salt-making (report form 1)."""
    by: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    wanted = {c.pk for c in communes}
    for g in groups.flows:
        if g["category"] == "" or g["current_commune_id"] not in wanted:
            continue
        row = by[g["current_commune_id"]]
        row[g["category"]] += g["n"]
        row[g["category"] + "_persons"] += g["p"]
        row["households"] += g["n"]
        row["persons"] += g["p"]
    for commune_id, counts in groups.agricultural.items():
        if commune_id in wanted:
            by[commune_id]["agricultural_average"] += counts["households"]
            by[commune_id]["agricultural_average_persons"] += counts["persons"]
            by[commune_id]["agricultural_unknown"] += counts["unknown"]
    keys = ["households", "persons"] + [k for c in CATEGORIES for k in (c, c + "_persons")] + [
        "agricultural_average", "agricultural_average_persons", "agricultural_unknown"]
    rows = [{"code": c.code, "name": c.name, **{k: by[c.pk][k] for k in keys}} for c in communes]
    table = Table(rows=rows, total=_total(rows, keys))
    for row in [*rows, table.total]:
        row["poor_rate"] = round(100 * row["poor"] / row["households"], 2) if row["households"] else 0.0
        row["near_poor_rate"] = round(100 * row["near_poor"] / row["households"], 2) if row["households"] else 0.0
    return table


def dynamics_table(groups: Groups, communes: list[AdminUnit], kind: str = "poor", *,
                   persons: bool = False) -> Table:
    """Start → end of the poor (or near-poor) list per commune: end = start − decreases + increases."""
    other = "near_poor" if kind == "poor" else "poor"
    prior = "prior_poor" if kind == "poor" else "prior_near"
    rows: dict[int, dict[str, int]] = {c.pk: dict.fromkeys([k for k, _ in DYNAMICS_COLUMNS], 0) for c in communes}
    for g in groups.flows:
        start_commune, end_commune = g["start_commune_id"], g["current_commune_id"]
        if g["start_category"] == kind and start_commune in rows:
            row, n = rows[start_commune], g["sp"] if persons else g["n"]
            row["start"] += n
            if g["category"] == "" or end_commune != start_commune:
                row["dec_other"] += n
            elif g["category"] == other:
                row["to_other"] += n
            elif g["category"] in ("average", "non_poor"):
                row["above"] += n
        if g["category"] == kind and end_commune in rows:
            row, n = rows[end_commune], g["p"] if persons else g["n"]
            row["end"] += n
            same = start_commune == end_commune
            if g["start_category"] == kind and same:
                continue
            if start_commune is not None and not same:
                row["inc_other"] += n
            elif g["start_category"] == other:
                row["from_other"] += n
            elif g[prior]:
                row["fallback"] += n
            else:
                row["new"] += n
    out = [{"code": c.code, "name": c.name, **rows[c.pk]} for c in communes]
    return Table(rows=out, total=_total(out, [k for k, _ in DYNAMICS_COLUMNS]))


def dynamics_headers(kind: str) -> list[str]:
    names = {"poor": ("hộ nghèo", "cận nghèo"), "near_poor": ("hộ cận nghèo", "hộ nghèo")}
    name, other = names[kind]
    return [label.format(other=other, name=name.replace("hộ ", "")) for _, label in DYNAMICS_COLUMNS]


def deprivation_table(groups: Groups, communes: list[AdminUnit],
                      category: str = "poor") -> tuple[list[dict], Table]:
    """Households of a category deprived in each indicator (count and %), per commune, under the year's standard."""
    wanted = {c.pk for c in communes}
    mine = [g for g in groups.deprived if g["category"] == category and g["current_commune_id"] in wanted]
    per_standard: dict[str, int] = defaultdict(int)
    for g in mine:
        per_standard[g["standard_id"]] += g["n"]
    standard_id = max(per_standard, key=lambda k: per_standard[k]) if per_standard else "2022-2025"
    indicators = standard_get(standard_id).indicators
    by: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for g in mine:
        if g["standard_id"] != standard_id:
            continue
        row = by[g["current_commune_id"]]
        row["households"] += g["n"]
        for i in range(len(indicators)):
            row[f"i{i}"] += g[f"b{i}"]
    keys = ["households"] + [f"i{i}" for i in range(len(indicators))]
    rows = [{"code": c.code, "name": c.name, **{k: by[c.pk][k] for k in keys}} for c in communes]
    table = Table(rows=rows, total=_total(rows, keys))
    for row in [*rows, table.total]:
        for i in range(len(indicators)):
            row[f"p{i}"] = round(100 * row[f"i{i}"] / row["households"], 2) if row["households"] else 0.0
    columns = [{"id": ind.id, "name": ind.name_vi, "n": i + 1, "total": table.total[f"i{i}"]}
               for i, ind in enumerate(indicators)]
    return columns, table


def ethnicity_table(groups: Groups, communes: list[AdminUnit]) -> list[dict[str, Any]]:
    """Poor and near-poor households by the head's ethnicity."""
    wanted = {c.pk for c in communes}
    by: dict[str, dict[str, int]] = defaultdict(lambda: {"households": 0, "poor": 0, "near_poor": 0})
    for g in groups.deprived:
        if g["current_commune_id"] not in wanted:
            continue
        row = by[g["head_ethnicity"] or "(chưa rõ)"]
        row["households"] += g["n"]
        row[g["category"]] += g["n"]
    return sorted(({"ethnicity": k, **v} for k, v in by.items()), key=lambda r: -r["households"])


# Report form 8 (domain.md §3.4): poor / near-poor households by group. A household may be in several groups.
GROUPS = (
    ("all", "Tổng số"),
    ("minority", "Hộ dân tộc thiểu số"),
    ("no_labour", "Hộ không có khả năng lao động"),
    ("meritorious", "Hộ có người có công với cách mạng"),
    ("other", "Hộ khác (không thuộc các nhóm trên)"),
    ("unknown", "Chưa có dữ liệu (chưa ghi khả năng lao động hoặc người có công)"),
)
GROUP_COLUMNS = ("poor", "poor_persons", "near_poor", "near_poor_persons")
UNKNOWN_CAUSE = ("unknown", "Chưa có dữ liệu (chưa ghi nguyên nhân nghèo)")


def _groups_of(h: dict[str, Any]) -> list[str]:
    """The groups of form 8 a poor or near-poor household counts in."""
    found = ["all"]
    if h["minority"]:
        found.append("minority")
    if h["no_labour"]:
        found.append("no_labour")
    if h["meritorious"]:
        found.append("meritorious")
    if h["no_labour"] is None or h["meritorious"] is None:
        found.append("unknown")
    elif len(found) == 1:
        found.append("other")
    return found


def group_form(groups: Groups, communes: list[AdminUnit]) -> Table:
    """Form 8: poor and near-poor households and persons by group, per commune (keys `<group>_<column>`).

    "Hộ khác" are the households known to be in none of the groups; households whose file left the labour-capacity
    or meritorious-service column blank (or had no such column) are counted under "chưa có dữ liệu" instead.
    """
    keys = [f"{g}_{c}" for g, _ in GROUPS for c in GROUP_COLUMNS]
    by: dict[int, dict[str, int]] = {c.pk: dict.fromkeys(keys, 0) for c in communes}
    for h in groups.poor_households:
        row = by.get(h["current_commune_id"])
        if row is None:
            continue
        for g in _groups_of(h):
            row[f"{g}_{h['category']}"] += 1
            row[f"{g}_{h['category']}_persons"] += h["members"]
    rows = [{"code": c.code, "name": c.name, **by[c.pk]} for c in communes]
    return Table(rows=rows, total=_total(rows, keys))


def group_lines(table: Table) -> list[dict[str, Any]]:
    """The total of form 8 as one line per group (the unit's summary on the report page)."""
    return [{"key": g, "group": label, **{c: table.total[f"{g}_{c}"] for c in GROUP_COLUMNS}} for g, label in GROUPS]


def cause_keys() -> list[tuple[str, str]]:
    return [*((code, name) for code, (name, _aliases) in POVERTY_CAUSES.items()), UNKNOWN_CAUSE]


def cause_form(groups: Groups, communes: list[AdminUnit]) -> Table:
    """Form 10: poor and near-poor households by cause of poverty, per commune (keys `<cause>_<category>`, plus
    `households_<category>`). A household with several causes counts under each; one whose file gave none (blank
    cell or no column) counts under "unknown"."""
    keys = [f"{k}_{c}" for k in ["households", *(code for code, _ in cause_keys())] for c in ("poor", "near_poor")]
    by: dict[int, dict[str, int]] = {c.pk: dict.fromkeys(keys, 0) for c in communes}
    for h in groups.poor_households:
        row = by.get(h["current_commune_id"])
        if row is None:
            continue
        row[f"households_{h['category']}"] += 1
        for code in h["causes"] or ("unknown",):
            row[f"{code}_{h['category']}"] += 1
    rows = [{"code": c.code, "name": c.name, **by[c.pk]} for c in communes]
    return Table(rows=rows, total=_total(rows, keys))


def cause_lines(table: Table) -> list[dict[str, Any]]:
    """The total of form 10 as one line per cause, with the share of the category's households (%)."""
    out = []
    for code, label in cause_keys():
        line: dict[str, Any] = {"key": code, "cause": label}
        for c in ("poor", "near_poor"):
            n, of = table.total[f"{code}_{c}"], table.total[f"households_{c}"]
            line[c], line[f"{c}_pct"] = n, round(100 * n / of, 2) if of else 0.0
        out.append(line)
    return out


CHILD_NOTE = ("Trẻ em: thành viên dưới 16 tuổi trong năm rà soát (theo năm sinh trong sổ hộ). Một trẻ được tính ở "
              "mỗi chỉ số mà hộ của trẻ thiếu hụt. Cách lập biểu 11 theo cách hiểu của hệ thống, chưa đối chiếu mẫu "
              "biểu của Thông tư 07/2021/TT-BLĐTBXH.")


def child_deprivation_table(groups: Groups, communes: list[AdminUnit]) -> tuple[list[dict[str, Any]], Table]:
    """Form 11: children (under 16) of poor and near-poor households, and how many of them live in a household
    deprived in each indicator (count and %), per commune, under the year's main standard."""
    wanted = {c.pk for c in communes}
    mine = [g for g in groups.children if g["current_commune_id"] in wanted]
    per_standard: dict[str, int] = defaultdict(int)
    for g in mine:
        per_standard[g["standard_id"]] += g["children"]
    standard_id = max(per_standard, key=lambda k: per_standard[k]) if per_standard else "2022-2025"
    indicators = standard_get(standard_id).indicators
    keys = ["children", "children_poor", "children_near_poor"] + [f"i{i}" for i in range(len(indicators))]
    by: dict[int, dict[str, Any]] = {c.pk: dict.fromkeys(keys, 0) for c in communes}
    for g in mine:
        if g["standard_id"] != standard_id:
            continue
        row, n = by[g["current_commune_id"]], g["children"]
        row["children"] += n
        row[f"children_{g['category']}"] += n
        for i in range(len(indicators)):
            if g["mask"] >> i & 1:
                row[f"i{i}"] += n
    rows = [{"code": c.code, "name": c.name, **by[c.pk]} for c in communes]
    table = Table(rows=rows, total=_total(rows, keys))
    for row in [*rows, table.total]:
        for i in range(len(indicators)):
            row[f"p{i}"] = round(100 * row[f"i{i}"] / row["children"], 2) if row["children"] else 0.0
    columns = [{"id": ind.id, "name": ind.name_vi, "n": i + 1, "total": table.total[f"i{i}"],
                "pct": table.total[f"p{i}"]} for i, ind in enumerate(indicators)]
    return columns, table


def report_years(unit: AdminUnit) -> list[int]:
    ids = [c.pk for c in report_communes(unit)]
    years = FlowCount.objects.filter(current_commune_id__in=ids).order_by().values_list("year", flat=True).distinct()
    return sorted(years, reverse=True)


def decision_drift(year: int, communes: list[AdminUnit]) -> int:
    """Count households whose result imported after their round's decision differs from the decided one.

    The figures keep the decided result (see `year_facts_refresh`); the count tells the commune that the registry
    now says otherwise, so a new round (or a correction of the decision) is due rather than a silent change.
    """
    decided: dict[int, tuple[int | None, str, Any]] = {}
    for hid, assessment_id, category, decided_on in (
            RoundHousehold.objects.filter(round__year=year, round__decided_on__isnull=False,
                                          round__commune_id__in=[c.pk for c in communes]).exclude(category="")
            .order_by("round__decided_on", "round__month", "round_id")
            .values_list("household_id", "assessment_id", "category", "round__decided_on")):
        decided[hid] = (assessment_id, category, decided_on)
    if not decided:
        return 0
    latest: dict[int, tuple[int, str, Any]] = {}
    for hid, pk, category, created in (HouseholdAssessment.objects.filter(household_id__in=list(decided), year=year)
                                       .order_by("id").values_list("household_id", "id", "category", "created_at")):
        latest[hid] = (pk, category, created)
    drift = 0
    for hid, (pk, category, created) in latest.items():
        taken, decided_category, decided_on = decided[hid]
        # Later than the decision: a newer assessment than the one the round took (or, for a household the round
        # stopped after Phiếu A, one recorded after the decision's date).
        later = pk > taken if taken else created.date() > decided_on
        drift += later and category != decided_category
    return drift
