"""Prepare the demo: administrative units, a synthetic population and demo accounts (idempotent)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from decimal import Decimal

from giamngheo.demo.seeding import SeedReport, population_seed
from giamngheo.demo.story import TARGETS_2025
from giamngheo.demo.territory import NEW_COMMUNE_CODES

REPORT_YEARS = range(2021, 2027)  # report facts compare a year with the one before, so 2020 has none of its own
TARGETS_SOURCE = "Mục tiêu của huyện Cẩm Xuyên cũ đến cuối năm 2025 (theo báo chí; dữ liệu trình diễn)"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    description: str


@dataclass(frozen=True)
class LookupExample:
    """A synthetic poor household a visitor can look up at /tra-cuu/ with the head's identity number."""

    household_code: str
    id_number: str


@dataclass(frozen=True)
class DemoReport:
    logins: list[DemoLogin]
    population: SeedReport | None = None
    lookup: LookupExample | None = None


def demo_prepare(
    *, households: int, seed: int, progress: Callable[[str], None] = print,
    provinces: Collection[str] | None = None,
) -> DemoReport:
    """Load the units, make the synthetic population match (`households`, `seed`), ensure the demo accounts.

    `provinces` limits the unit load to those provinces' codes (tests load only Hà Tĩnh, "42").
    """
    from giamngheo.demo.accounts import demo_accounts_ensure
    from giamngheo.demo.news import demo_news_ensure
    from giamngheo.geo.services import units_load

    progress("Nạp đơn vị hành chính…")
    units_load(provinces=provinces, progress=progress)
    population = population_seed(
        households=households, seed=seed, progress=progress, after_write=lambda: _derived_refresh(progress),
    )
    progress(_population_sentence(population))
    accounts = demo_accounts_ensure()
    _targets_ensure()
    demo_news_ensure()
    logins = [DemoLogin(a.username, a.password or "(đã đổi mật khẩu)", a.description) for a in accounts]
    return DemoReport(logins=logins, population=population, lookup=lookup_example())


def lookup_example() -> LookupExample | None:
    """Pick the first synthetic household that is poor in its latest review, for the resident lookup."""
    from giamngheo.demo.seeding import HEAD_RELATION, demo_head_id_number
    from giamngheo.registry.models import Category, HouseholdAssessment, Member

    latest = HouseholdAssessment.objects.filter(household__is_synthetic=True).order_by("-year").first()
    if latest is None:
        return None
    poor = (HouseholdAssessment.objects.filter(household__is_synthetic=True, year=latest.year, category=Category.POOR)
            .order_by("household__code").select_related("household").first())
    head = poor and Member.objects.filter(household=poor.household, relation=HEAD_RELATION).first()
    if not head:
        return None
    return LookupExample(poor.household.code, demo_head_id_number(poor.household.code, head.sex, head.birth_year))


def _derived_refresh(progress: Callable[[str], None]) -> None:
    """Recompute everything derived from the results: dashboards, report facts, entitlements."""
    from giamngheo.dashboards.services import aggregates_refresh
    from giamngheo.policies.entitlements import entitlements_recompute
    from giamngheo.review.services.facts import year_facts_refresh

    aggregates_refresh()
    progress("Tính số liệu báo cáo rà soát 2021–2026…")
    for year in REPORT_YEARS:
        year_facts_refresh(year=year)
    progress("Tính quyền lợi chính sách của từng hộ…")
    entitlements_recompute()


def _targets_ensure() -> None:
    """Give each of the eight communes the old district's targets for the end of 2025 (2.18% and 2.8%)."""
    from giamngheo.accounts.models import User
    from giamngheo.dashboards.services import target_set
    from giamngheo.geo.models import AdminUnit, UnitLevel

    admin = User.objects.get(username="admin")
    communes = AdminUnit.objects.filter(level=UnitLevel.COMMUNE, code__in=NEW_COMMUNE_CODES, valid_to__isnull=True)
    for commune in communes.order_by("code"):
        target_set(
            acting_user=admin, unit_id=commune.pk, year=2025,
            poor_rate=Decimal(TARGETS_2025["poor"]) / 100, near_poor_rate=Decimal(TARGETS_2025["near_poor"]) / 100,
            source=TARGETS_SOURCE,
        )


def _population_sentence(report: SeedReport) -> str:
    size = f"{report.households:,} hộ".replace(",", ".")
    if report.kept:
        return f"Dân số mô phỏng ({size}, hạt giống {report.seed}) đã có sẵn — không tạo lại."
    replaced = ""
    if report.replaced is not None:
        old = f"{report.replaced[0]:,}".replace(",", ".")
        replaced = f" thay cho dân số cũ ({old} hộ, hạt giống {report.replaced[1]})"
    members = f"{report.members:,}".replace(",", ".")
    results = f"{report.assessments:,}".replace(",", ".")
    return (f"Đã tạo dân số mô phỏng{replaced}: {size}, {members} thành viên, {results} kết quả rà soát "
            f"2020–2026, trong {report.seconds:.1f} giây.")
