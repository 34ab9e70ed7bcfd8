"""Prepare the demo: administrative units, a synthetic population and demo accounts (idempotent)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

from giamngheo.demo.seeding import SeedReport, population_seed


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    description: str


@dataclass(frozen=True)
class DemoReport:
    logins: list[DemoLogin]
    population: SeedReport | None = None


def demo_prepare(
    *, households: int, seed: int, progress: Callable[[str], None] = print,
    provinces: Collection[str] | None = None,
) -> DemoReport:
    """Load the units, make the synthetic population match (`households`, `seed`), ensure the demo accounts.

    `provinces` limits the unit load to those provinces' codes (tests load only Hà Tĩnh, "42").
    """
    from giamngheo.dashboards.services import aggregates_refresh
    from giamngheo.demo.accounts import demo_accounts_ensure
    from giamngheo.geo.services import units_load

    progress("Nạp đơn vị hành chính…")
    units_load(provinces=provinces, progress=progress)
    population = population_seed(
        households=households, seed=seed, progress=progress,
        after_write=lambda: aggregates_refresh(),
    )
    progress(_population_sentence(population))
    logins = [
        DemoLogin(a.username, a.password or "(đã đổi mật khẩu)", a.description) for a in demo_accounts_ensure()
    ]
    return DemoReport(logins=logins, population=population)


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
