"""Write the synthetic population to the database: all of it in one transaction, never twice.

The rows come from `population_generate` (pure); this module only maps codes to units and inserts in
batches. An existing synthetic population of the same size and seed is kept as it is; any other is
replaced, in the same transaction as the new one is written.
"""

from __future__ import annotations

import gc
import hashlib
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import transaction

from giamngheo.common.audit import audit_record
from giamngheo.common.models import AuditEvent
from giamngheo.demo.inserts import table_insert
from giamngheo.demo.population import PopulationStream, population_stream
from giamngheo.demo.territory import NEW_COMMUNE_CODES, PROVINCE_CODE, legacy_communes, villages
from giamngheo.geo.models import AdminUnit, UnitLevel
from giamngheo.geo.services import villages_bulk_create
from giamngheo.registry.models import Household, HouseholdAssessment, Member
from giamngheo.registry.services import household_search_key, member_identity_fields

SEED_ACTION = "demo.population_seed"
HEAD_RELATION = "Chủ hộ"
BATCH = 2_000


class DemoUnitsMissing(Exception):
    """The administrative units the demo needs are not in the database (load them first)."""


@dataclass(frozen=True)
class SeedReport:
    households: int
    seed: int
    members: int
    assessments: int
    villages: int
    kept: bool  # the same population was already there: nothing written
    replaced: tuple[int, int] | None  # (households, seed) of the population this run replaced
    seconds: float


def population_seeded() -> tuple[int, int] | None:
    """Return (households, seed) of the synthetic population in the database, or None when there is none whole."""
    event = AuditEvent.objects.filter(action=SEED_ACTION).order_by("-id").first()
    present = Household.objects.filter(is_synthetic=True).count()
    if event is None or not event.after or event.after.get("households") != present:
        return None
    return int(event.after["households"]), int(event.after["seed"])


def population_seed(
    *, households: int, seed: int, progress: Callable[[str], None] = print,
    after_write: Callable[[], object] | None = None,
) -> SeedReport:
    """Make the database hold exactly the synthetic population of `households` and `seed`; report what was done.

    `after_write` runs inside the same transaction once the rows are in (the demo refreshes the dashboards'
    stored figures there, so they can never describe a population that is not there).
    """
    started = time.perf_counter()
    before = population_seeded()
    if before == (households, seed):
        counts = _synthetic_counts()
        return SeedReport(households, seed, counts[0], counts[1], len(villages()), True, None,
                          time.perf_counter() - started)
    communes, legacy = _units()
    progress(f"Sinh {households:,} hộ mô phỏng (hạt giống {seed})…".replace(",", "."))
    with _collector_paused():
        population = population_stream(households=households, seed=seed)
        with transaction.atomic():
            replaced = _synthetic_delete(progress)
            progress("Ghi thôn, hộ, thành viên và kết quả rà soát 2020–2026…")
            village_units = _villages_ensure(communes)
            written = _population_write(population, communes, legacy, village_units)
            audit_record(
                acting_user=None, action=SEED_ACTION, object_type="registry.household",
                object_label="Dân số mô phỏng 8 xã (huyện Cẩm Xuyên cũ)", unit_path=_province_path(communes),
                before=None if replaced is None else {"households": replaced[0], "seed": replaced[1]},
                after={"households": households, "seed": seed, "members": written.members,
                       "assessments": written.assessments, "villages": len(village_units)},
            )
            if after_write is not None:
                progress("Tính lại số liệu tổng hợp cho bảng điều khiển…")
                after_write()
    return SeedReport(households, seed, written.members, written.assessments, len(village_units), False, replaced,
                      time.perf_counter() - started)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector: the rows hold no cycles, and its passes over a million new objects
    cost a fifth of the seeding time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _units() -> tuple[dict[str, AdminUnit], dict[str, AdminUnit]]:
    """Return today's eight communes and the old communes they came from, by code."""
    communes = {u.code: u for u in AdminUnit.objects.filter(
        level=UnitLevel.COMMUNE, code__in=NEW_COMMUNE_CODES, valid_to__isnull=True, parent__code=PROVINCE_CODE)}
    legacy_codes = [c.code for c in legacy_communes()]
    legacy = {u.code: u for u in AdminUnit.objects.filter(
        level=UnitLevel.COMMUNE, code__in=legacy_codes, valid_from__isnull=True, valid_to__isnull=False)}
    missing = sorted(set(NEW_COMMUNE_CODES) - set(communes)) + sorted(set(legacy_codes) - set(legacy))
    if missing:
        raise DemoUnitsMissing(
            f"Thiếu đơn vị hành chính mã {', '.join(missing)} của Hà Tĩnh; hãy nạp đơn vị hành chính trước "
            "(giamngheo demo làm việc này, hoặc manage.py units_load)."
        )
    return communes, legacy


def _province_path(communes: dict[str, AdminUnit]) -> str:
    return "/" + next(iter(communes.values())).path.strip("/").split("/")[0] + "/"


def _synthetic_counts() -> tuple[int, int]:
    synthetic = Household.objects.filter(is_synthetic=True)
    return (Member.objects.filter(household__in=synthetic).count(),
            HouseholdAssessment.objects.filter(household__in=synthetic).count())


def _synthetic_delete(progress: Callable[[str], None]) -> tuple[int, int] | None:
    """Delete every synthetic household (with members and results); return what it was, if anything."""
    synthetic = Household.objects.filter(is_synthetic=True)
    if not synthetic.exists():
        return None
    event = AuditEvent.objects.filter(action=SEED_ACTION).order_by("-id").first()
    was = (synthetic.count(), int(event.after.get("seed", -1)) if event and event.after else -1)
    progress(f"Thay dân số mô phỏng cũ ({was[0]:,} hộ) bằng dân số mới…".replace(",", "."))
    HouseholdAssessment.objects.filter(household__is_synthetic=True).delete()
    Member.objects.filter(household__is_synthetic=True).delete()
    synthetic.delete()
    return was


def _villages_ensure(communes: dict[str, AdminUnit]) -> dict[tuple[str, str], AdminUnit]:
    """Create the demo's villages that are missing (kept across seeds) and return all of them by (commune, name)."""
    by_commune: dict[str, list[str]] = {}
    for village in villages():
        by_commune.setdefault(village.commune_code, []).append(village.name)
    result: dict[tuple[str, str], AdminUnit] = {}
    for code, names in by_commune.items():
        for unit in villages_bulk_create(commune=communes[code], names=names):
            result[(code, unit.name)] = unit
    return result


def demo_head_id_number(household_code: str, sex: str, birth_year: int) -> str:
    """A synthetic 12-digit CCCD for a head of household: Hà Tĩnh's 042, century/sex digit, year, serial.

    Derived from the household code, so the same seed always gives the same numbers (and the resident lookup
    can be tried with the number the demo prints).
    """
    century_sex = (0 if birth_year < 2000 else 2) + (1 if sex == "F" else 0)
    serial = int(hashlib.sha256(household_code.encode()).hexdigest(), 16) % 1_000_000
    return f"042{century_sex}{birth_year % 100:02d}{serial:06d}"


def _head_identity(household_code: str, relation: str, sex: str, birth_year: int) -> tuple[str, str, str]:
    if relation != HEAD_RELATION:
        return ("", "", "")
    fields = member_identity_fields(demo_head_id_number(household_code, sex, birth_year))
    return (fields["id_number_cipher"], fields["id_number_digest"], fields["id_number_masked"])


@dataclass(frozen=True)
class _Written:
    members: int
    assessments: int


def _population_write(
    population: PopulationStream, communes: dict[str, AdminUnit], legacy: dict[str, AdminUnit],
    village_units: dict[tuple[str, str], AdminUnit],
) -> _Written:
    def households() -> Iterator[tuple[object, ...]]:
        for row in population.households:
            village = village_units[(row.commune_code, row.village_name)]
            key = household_search_key(Household(code=row.code, head_name=row.head_name, village=village,
                                                 address=row.address))
            yield (row.code, communes[row.commune_code].pk, village.pk, village.path, row.area, row.head_name,
                   row.address, key, True)

    table_insert(Household, ("code", "commune_id", "village_id", "unit_path", "area", "head_name", "address",
                             "search_key", "is_synthetic"), households())
    ids = dict(Household.objects.filter(is_synthetic=True).values_list("code", "id"))
    members = table_insert(Member, (
        "household_id", "full_name", "birth_year", "sex", "ethnicity", "relation", "employment",
        "id_number_cipher", "id_number_digest", "id_number_masked",
    ), (
        (ids[m.household_code], m.full_name, m.birth_year, m.sex, m.ethnicity, m.relation, m.employment,
         *_head_identity(m.household_code, m.relation, m.sex, m.birth_year))
        for m in population.members
    ))
    unit_ids = {("legacy", code): unit.pk for code, unit in legacy.items()}
    unit_ids |= {("current", code): unit.pk for code, unit in communes.items()}
    assessments = 0
    for year in population.yearly_assessments:
        assessments += table_insert(HouseholdAssessment, (
            "household_id", "year", "commune_id", "standard_id", "category", "income_per_capita",
            "deprivation_count", "deprivations", "reason", "facts", "assessed_on",
        ), (
            (ids[a.household_code], a.year, unit_ids[(a.commune_era, a.commune_code)], a.standard_id, a.category,
             a.income_per_capita, a.deprivation_count, a.deprivations, a.reason, a.facts, a.assessed_on)
            for a in year
        ), json_text=("facts",))
    return _Written(members, assessments)
