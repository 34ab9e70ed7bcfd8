"""Reason sentences and codes, shared by the row-wise and the vectorised assessment so both say the same.

A reason is ``head + income + middle + count + tail``: the literal pieces depend only on the standard,
the category and the area, so they are rendered once per standard and reused for every household.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

POOR = "poor"
NEAR_POOR = "near_poor"
AVERAGE = "average"
NON_POOR = "non_poor"
CATEGORIES = (POOR, NEAR_POOR, AVERAGE, NON_POOR)

CATEGORY_NAMES_VI = {
    POOR: "Hộ nghèo",
    NEAR_POOR: "Hộ cận nghèo",
    AVERAGE: "Hộ có mức sống trung bình",
    NON_POOR: "Hộ không nghèo",
}

CODES = {
    POOR: ("income_at_or_below_line", "deprivations_at_or_above_cutoff"),
    NEAR_POOR: ("income_at_or_below_line", "deprivations_below_cutoff"),
    AVERAGE: ("income_above_line", "income_at_or_below_average_ceiling"),
    NON_POOR: ("income_above_line", "income_above_average_ceiling"),
}
NON_POOR_WITHOUT_BAND_CODES = ("income_above_line", "no_average_band")

SCORE_CODES = {
    POOR: ("b1_at_or_below_cutoff", "b2_at_or_above_cutoff"),
    NEAR_POOR: ("b1_at_or_below_cutoff", "b2_below_cutoff"),
    NON_POOR: ("b1_above_cutoff",),
}
UNVERIFIED_CUTOFFS = "unverified_score_cutoffs"


class ReasonTemplate(NamedTuple):
    head: str
    middle: str
    tail: str
    shows_count: bool

    def render(self, income: int, count: int) -> str:
        if self.shows_count:
            return f"{self.head}{vnd(income)}{self.middle}{count}{self.tail}"
        return f"{self.head}{vnd(income)}{self.middle}{self.tail}"


def vnd(amount: int) -> str:
    """Format whole đồng with Vietnamese thousands grouping: 1500000 → "1.500.000"."""
    return f"{amount:,}".replace(",", ".")


def income_templates(*, area_names: Mapping[str, str], lines: Mapping[str, int],
                     ceilings: Mapping[str, int] | None, total: int,
                     cutoff: int) -> dict[tuple[str, str], ReasonTemplate]:
    """Render the literal pieces of every (category, area) reason of one standard."""
    templates = {}
    for area, area_name in area_names.items():
        line = f"{area_name} {vnd(lines[area])} đồng"
        ceiling = None if ceilings is None else ceilings[area]
        per_month = " đồng/người/tháng "
        pieces = {
            POOR: (f"{per_month}không vượt chuẩn nghèo {line} và thiếu hụt ",
                   f"/{total} chỉ số (từ {cutoff} chỉ số trở lên).", True),
            NEAR_POOR: (f"{per_month}không vượt chuẩn nghèo {line}, thiếu hụt ", f"/{total} chỉ số (dưới {cutoff}).",
                        True),
            AVERAGE: (f"{per_month}trên chuẩn nghèo {line} và không vượt {vnd(ceiling or 0)} đồng", ".", False),
            NON_POOR: (
                (f"{per_month}trên mức sống trung bình {area_name} {vnd(ceiling)} đồng", ".", False)
                if ceiling is not None
                else (f"{per_month}trên chuẩn nghèo {line}", " (chuẩn này không có mức sống trung bình).", False)
            ),
        }
        for category, (middle, tail, shows_count) in pieces.items():
            head = f"{CATEGORY_NAMES_VI[category]}: thu nhập "
            templates[(category, area)] = ReasonTemplate(head, middle, tail, shows_count)
    return templates


def score_reason(category: str, *, area_name: str, b1: int, b1_cutoff: int, b2: int, count: int,
                 cutoff: int, verified: bool) -> str:
    """Return the one-sentence Vietnamese reason for a category decided from Phiếu B1/B2 scores."""
    return (score_head(category) + str(b1) + score_middle(category, area_name) + str(b1_cutoff)
            + score_tail(category, b2=str(b2), count=str(count), cutoff=cutoff, verified=verified))


def score_head(category: str) -> str:
    return f"{CATEGORY_NAMES_VI[category]}: điểm B1 "


def score_middle(category: str, area_name: str) -> str:
    return f" trên điểm cắt {area_name} " if category == NON_POOR else f" không vượt điểm cắt {area_name} "


def score_tail(category: str, *, b2: str, count: str, cutoff: int, verified: bool) -> str:
    """Return the end of a score reason; b2 and count are text so the vectorised engine can pass markers."""
    caveat = "" if verified else "; điểm cắt chưa được kiểm chứng"
    if category == NON_POOR:
        return f" (không xác định mức sống trung bình theo điểm{caveat})."
    relation = f"từ {cutoff} trở lên" if category == POOR else f"dưới {cutoff}"
    return f", điểm B2 {b2} tức thiếu hụt {count} chỉ số ({relation}{caveat})."
