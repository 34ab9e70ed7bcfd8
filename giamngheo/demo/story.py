"""The district story the demo reproduces, year by year, and the 2016–2020 baseline standard it starts from.

`year` is the review year: the periodic review of autumn `year`, whose list applies from 1 January `year + 1`.
So the review of 2020 is "the start of 2021" (5.13% poor) and the review of 2023 is "the end of 2023" (2.80%).
Rates are in basis points of households (513 = 5.13%) for the old Cẩm Xuyên district; every nested
population of `territory.NESTED_GROUPS` hits them to the household.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from giamngheo.domain.reasons import vnd

YEARS = tuple(range(2020, 2027))
FIRST_YEAR_NEW_COMMUNES = 2025  # reviews from autumn 2025 are run by the new communes


@dataclass(frozen=True)
class YearTarget:
    year: int
    standard_id: str
    poor_bp: int
    near_poor_bp: int
    average_bp: int


# Published figures: 5.13% (review 2020), 2.80% (review 2023); targets for 2025: 2.18% poor, 2.8% near-poor
# (met: 2.15% and 2.78%). The other years are plausible steps between them; 2026 is the review now running.
TARGETS: tuple[YearTarget, ...] = (
    YearTarget(2020, "2016-2020", 513, 562, 790),
    YearTarget(2021, "2022-2025", 421, 505, 1040),
    YearTarget(2022, "2022-2025", 349, 441, 960),
    YearTarget(2023, "2022-2025", 280, 369, 880),
    YearTarget(2024, "2022-2025", 246, 321, 810),
    YearTarget(2025, "2022-2025", 215, 278, 740),
    YearTarget(2026, "2022-2025", 191, 252, 680),
)
TARGET_BY_YEAR = {t.year: t for t in TARGETS}
# The People's Council's targets for the end of 2025 (basis points), for dashboards to compare against.
TARGETS_2025 = {"poor": 218, "near_poor": 280}


def count_for(rate_bp: int, households: int) -> int:
    """Return the number of households that makes `rate_bp` of `households`, rounding halves up."""
    return (rate_bp * households + 5_000) // 10_000


def review_date(year: int, day: int) -> dt.date:
    """Return the day a commune closed its review: 1–14 December, or late November for the running 2026 one."""
    if year == 2026:
        return dt.date(2026, 11, 13 + day % 14)
    return dt.date(year, 12, 1 + day % 14)


# ------------------------------------------------------------------------------------------------ 2016–2020

BASELINE_STANDARD_ID = "2016-2020"
BASELINE_TITLE = "chuẩn nghèo đa chiều giai đoạn 2016–2020 (Quyết định 59/2015/QĐ-TTg)"
# QĐ 59/2015/QĐ-TTg Art. 1–2: poverty line and minimum living standard (VND/person/month), average band.
BASELINE_POVERTY_LINE = {"rural": 700_000, "urban": 900_000}
BASELINE_MINIMUM_LIVING = {"rural": 1_000_000, "urban": 1_300_000}
BASELINE_AVERAGE_CEILING = {"rural": 1_500_000, "urban": 1_950_000}
# The ten indicators of 2016–2020 (five services), in the decision's order.
BASELINE_INDICATORS = (
    "health_access", "health_insurance", "adult_education", "child_schooling", "housing_quality",
    "housing_area", "water", "sanitation", "telecom", "info_access",
)
AREA_NAMES = {"rural": "nông thôn", "urban": "thành thị"}


@dataclass(frozen=True)
class BaselineResult:
    category: str
    deprivations: tuple[str, ...]
    reason: str


def baseline_assess(area: str, income: int, deprivations: frozenset[str]) -> BaselineResult:
    """Classify under QĐ 59/2015: poor at or below the poverty line, or up to the minimum living standard
    with 3 or more of the 10 deprivations; near-poor up to the minimum living standard with fewer."""
    in_order = tuple(i for i in BASELINE_INDICATORS if i in deprivations)
    count = len(in_order)
    line, minimum, ceiling = (BASELINE_POVERTY_LINE[area], BASELINE_MINIMUM_LIVING[area],
                              BASELINE_AVERAGE_CEILING[area])
    where = AREA_NAMES[area]
    head = f": thu nhập {vnd(income)} đồng/người/tháng "
    tail = f", theo {BASELINE_TITLE}."
    if income <= line:
        category = "poor"
        reason = f"Hộ nghèo{head}không vượt chuẩn nghèo {where} {vnd(line)} đồng{tail}"
    elif income <= minimum and count >= 3:
        category = "poor"
        reason = (f"Hộ nghèo{head}không vượt mức sống tối thiểu {where} {vnd(minimum)} đồng và thiếu hụt "
                  f"{count}/10 chỉ số (từ 3 chỉ số trở lên){tail}")
    elif income <= minimum:
        category = "near_poor"
        reason = (f"Hộ cận nghèo{head}trên chuẩn nghèo {vnd(line)} đồng, không vượt mức sống tối thiểu {where} "
                  f"{vnd(minimum)} đồng, thiếu hụt {count}/10 chỉ số (dưới 3){tail}")
    elif income <= ceiling:
        category = "average"
        reason = (f"Hộ có mức sống trung bình{head}trên mức sống tối thiểu {where} {vnd(minimum)} đồng và "
                  f"không vượt {vnd(ceiling)} đồng{tail}")
    else:
        category = "non_poor"
        reason = f"Hộ không nghèo{head}trên mức sống trung bình {where} {vnd(ceiling)} đồng{tail}"
    return BaselineResult(category, in_order, reason)
