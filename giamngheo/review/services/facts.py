"""Rebuild `YearFact` rows: each household's effective result in a year beside the year before it.

The effective result is the one the chairman's decision fixed, where the household was in a decided round of
that year (the latest decision counts); otherwise the latest assessment of the year. An import after the
decision therefore does not move the year's figures; `decision_drift` in the report selectors counts it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.fields.json import KT, KeyTextTransform

from giamngheo.common.text import fold
from giamngheo.domain.standard import standard_get
from giamngheo.geo.models import AdminUnit
from giamngheo.geo.selectors import commune_successor_map
from giamngheo.registry.models import HouseholdAssessment, Member
from giamngheo.review.models import DeprivedCount, FlowCount, RoundHousehold, StandardResult, YearFact
from giamngheo.review.models.facts import flow_code

FIELDS = ("id", "household_id", "year", "commune_id", "standard_id", "category", "deprivations",
          "household__area", "household__village_id")
COLUMNS = ("year", "household_id", "commune_id", "current_commune_id", "start_commune_id", "village_id", "standard_id",
           "area", "category", "start_category", "prior_poor", "prior_near", "members", "start_members",
           "deprivation_mask", "deprivation_count", "head_ethnicity", "minority", "children", "province_id",
           "start_province_id", "flow")


def _mask(standard_id: str, deprivations: str, cache: dict[str, dict[str, int]]) -> int:
    if standard_id not in cache:
        try:
            ids = standard_get(standard_id).indicator_ids
        except LookupError:
            ids = ()
        cache[standard_id] = {indicator: 1 << i for i, indicator in enumerate(ids)}
    bits = cache[standard_id]
    return sum(bits.get(d, 0) for d in deprivations.split(";") if d)


def year_facts_refresh(*, year: int, commune_ids: Iterable[int] | None = None, batch_size: int = 5000) -> int:
    """Recompute the year's facts of every household with a result that year or the year before.

    ``commune_ids`` (today's communes) limits the work to households whose results fall in them; without it
    the whole country is rebuilt. Returns the number of rows written.
    """
    successor = commune_successor_map()
    assessments = HouseholdAssessment.objects.filter(year__in=[year, year - 1])
    if commune_ids is not None:
        wanted = set(commune_ids)
        assessments = assessments.filter(commune_id__in=[c for c, now in successor.items() if now in wanted])
    decided = decided_entries(years=[year, year - 1])
    if commune_ids is not None:
        decided = decided.filter(round__commune_id__in=[c for c, now in successor.items() if now in wanted])
    household_ids = sorted(set(assessments.values_list("household_id", flat=True))
                           | set(decided.values_list("household_id", flat=True)))
    provinces = {pk: int(path.strip("/").split("/")[0]) for pk, path in AdminUnit.objects.filter(
        pk__in=set(successor.values())).values_list("pk", "path")}
    written = 0
    touched: set[int] = set()
    for start in range(0, len(household_ids), batch_size):
        chunk = household_ids[start:start + batch_size]
        with transaction.atomic():
            old = YearFact.objects.filter(year=year, household_id__in=chunk)
            for current, begin in old.values_list("current_commune_id", "start_commune_id").distinct():
                touched.update(c for c in (current, begin) if c is not None)
            old.delete()
            rows = _rows(year, chunk, successor, provinces)
            _insert(rows)
            touched.update(c for row in rows for c in (row[3], row[4]) if c is not None)
            written += len(rows)
    counts_refresh(year=year, commune_ids=touched)
    return written


MAX_INDICATORS = 16


def counts_refresh(*, year: int, commune_ids: set[int]) -> None:
    """Rebuild the year's flow and deprivation counts of these communes from their facts (one transaction)."""
    ids = sorted(commune_ids)
    facts = YearFact.objects.filter(year=year)
    either = Q(current_commune_id__in=ids) | Q(start_commune_id__in=ids)
    sums = {f"b{i}": Sum(F("deprivation_mask").bitand(1 << i)) for i in range(MAX_INDICATORS)}
    with transaction.atomic():
        FlowCount.objects.filter(year=year).filter(either).delete()
        FlowCount.objects.bulk_create([
            FlowCount(year=year, current_commune_id=g["current_commune_id"], start_commune_id=g["start_commune_id"],
                      flow=g["flow"], households=g["n"], persons=g["p"] or 0, start_persons=g["sp"] or 0)
            for g in facts.filter(either).values("current_commune_id", "start_commune_id", "flow")
            .annotate(n=Count("id"), p=Sum("members"), sp=Sum("start_members")).order_by()
        ], batch_size=2000)
        DeprivedCount.objects.filter(year=year, current_commune_id__in=ids).delete()
        DeprivedCount.objects.bulk_create([
            DeprivedCount(year=year, current_commune_id=g["current_commune_id"], category=g["category"],
                          standard_id=g["standard_id"], head_ethnicity=g["head_ethnicity"], minority=g["minority"],
                          households=g["n"], indicators=[(g[f"b{i}"] or 0) >> i for i in range(MAX_INDICATORS)])
            for g in facts.filter(current_commune_id__in=ids, category__in=["poor", "near_poor"])
            .values("current_commune_id", "category", "standard_id", "head_ethnicity", "minority")
            .annotate(n=Count("id"), **sums).order_by()
        ], batch_size=2000)


def _insert(rows: list[tuple]) -> None:
    """Insert fact rows in bulk (COPY on PostgreSQL, executemany on SQLite): the ORM's per-field work is the cost."""
    table = YearFact._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(COLUMNS))
        cursor.executemany(f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES ({marks})", rows)


def decided_entries(*, years: Iterable[int]):  # type: ignore[no-untyped-def]
    """Households of decided rounds of these years, oldest decision first (a later decision overrides)."""
    return (RoundHousehold.objects.filter(round__year__in=list(years), round__decided_on__isnull=False)
            .exclude(category="").order_by("round__decided_on", "round__month", "round_id"))


def decided_results(household_ids: list[int], years: list[int]) -> dict[tuple[int, int], dict]:
    """The result the chairman's decision fixed for each household and year, shaped like an assessment row.

    The category is the decided one (under the round's standard); deprivations come from the round's result
    under that standard; commune, area, village and size from the assessment the round took (or the household).
    """
    entries = list(decided_entries(years=years).filter(household_id__in=household_ids).values(
        "round_id", "household_id", "category", "assessment_id", "round__year", "round__commune_id",
        "round__standard_id", "household__area", "household__village_id", "assessment__commune_id",
        size=KeyTextTransform("members", "assessment__facts")))
    deprivations = {(r, h, s): d for r, h, s, d in StandardResult.objects.filter(
        round_id__in={e["round_id"] for e in entries}, household_id__in=household_ids).values_list(
        "round_id", "household_id", "standard_id", "deprivations")}
    out: dict[tuple[int, int], dict] = {}
    for e in entries:
        standard_id = e["round__standard_id"]
        out[(e["household_id"], e["round__year"])] = {
            "id": e["assessment_id"], "household_id": e["household_id"], "year": e["round__year"],
            "commune_id": e["assessment__commune_id"] or e["round__commune_id"], "standard_id": standard_id,
            "category": e["category"],
            "deprivations": deprivations.get((e["round_id"], e["household_id"], standard_id), ""),
            "household__area": e["household__area"], "household__village_id": e["household__village_id"],
            "size": e["size"],
        }
    return out


def _rows(year: int, household_ids: list[int], successor: dict[int, int],
          provinces: dict[int, int]) -> list[tuple]:
    latest: dict[tuple[int, int], dict] = {}
    for row in (HouseholdAssessment.objects.filter(household_id__in=household_ids, year__in=[year, year - 1])
                .order_by("id").values(*FIELDS, size=KT("facts__members"))):
        latest[(row["household_id"], row["year"])] = row
    # A decided round's result stands over any later import of that year: the reports follow the decision.
    latest.update(decided_results(household_ids, [year, year - 1]))
    prior: dict[int, set[str]] = {}
    for hid, category in (HouseholdAssessment.objects.filter(household_id__in=household_ids, year__lt=year - 1,
                                                               category__in=["poor", "near_poor"])
                          .values_list("household_id", "category").distinct()):
        prior.setdefault(hid, set()).add(category)
    sizes: dict[int, int] = {}
    children: dict[int, int] = {}
    heads: dict[int, str] = {}
    for hid, birth_year, relation, ethnicity in Member.objects.filter(household_id__in=household_ids).values_list(
            "household_id", "birth_year", "relation", "ethnicity"):
        sizes[hid] = sizes.get(hid, 0) + 1
        if year - birth_year < 16:
            children[hid] = children.get(hid, 0) + 1
        if relation == "Chủ hộ":
            heads[hid] = ethnicity
    masks: dict[str, dict[str, int]] = {}
    out = []
    for hid in household_ids:
        end, begin = latest.get((hid, year)), latest.get((hid, year - 1))
        if end is None and begin is None:
            continue
        main = end or begin
        assert main is not None
        ethnicity = heads.get(hid, "")

        def members(row: dict | None, household: int = hid) -> int:
            if row is None:
                return 0
            return int(row["size"] or sizes.get(household, 0))

        current = successor.get(main["commune_id"], main["commune_id"])
        start = successor.get(begin["commune_id"], begin["commune_id"]) if begin else None
        category, start_category = (end["category"] if end else ""), (begin["category"] if begin else "")
        prior_poor, prior_near = "poor" in prior.get(hid, ()), "near_poor" in prior.get(hid, ())
        out.append((
            year, hid, main["commune_id"], current, start,
            main["household__village_id"], main["standard_id"], main["household__area"],
            category, start_category, prior_poor, prior_near, members(end), members(begin),
            _mask(end["standard_id"], end["deprivations"], masks) if end else 0,
            len([d for d in end["deprivations"].split(";") if d]) if end else 0,
            ethnicity, bool(ethnicity) and fold(ethnicity) != "kinh", children.get(hid, 0),
            provinces.get(current), provinces.get(start) if start else None,
            flow_code(start_category, category, prior_poor, prior_near),
        ))
    return out


def report_facts_refresh(*, acting_user: object, unit_id: int, year: int) -> int:
    """Rebuild a unit's year facts for the reports (after an import, or for data loaded outside a round).

    ``acting_user`` None is the operator at the server's command line (sees every unit).
    """
    from giamngheo.accounts.access import access_unit, can
    from giamngheo.common.audit import audit_record
    from giamngheo.geo.models import AdminUnit
    from giamngheo.review.errors import RoundNotFound
    from giamngheo.review.selectors.reports import report_communes

    if acting_user is None:
        unit = AdminUnit.objects.filter(pk=unit_id).first()
    else:
        unit = access_unit(acting_user, unit_id) if can(acting_user, "run_review") else None  # type: ignore[arg-type]
    if unit is None:
        raise RoundNotFound
    written = year_facts_refresh(year=year, commune_ids=[c.pk for c in report_communes(unit)])
    with transaction.atomic():
        audit_record(acting_user=acting_user, action="review.facts_refresh", target=unit, unit_path=unit.path,
                     after={"year": year, "rows": written})
    return written
