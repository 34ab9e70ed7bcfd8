"""Reason sentences and codes, shared by the row-wise and the vectorised assessment so both say the same."""

from __future__ import annotations

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

# Sentence pieces; the vectorised engine concatenates exactly these.
INCOME = ": thu nhập "
PER_MONTH = " đồng/người/tháng "
NOT_ABOVE_LINE = "không vượt chuẩn nghèo "
ABOVE_LINE = "trên chuẩn nghèo "
ABOVE_AVERAGE = "trên mức sống trung bình "
DONG = " đồng"


def vnd(amount: int) -> str:
    """Format whole đồng with Vietnamese thousands grouping: 1500000 → "1.500.000"."""
    return f"{amount:,}".replace(",", ".")


def income_reason(category: str, *, area_name: str, income: int, line: int, ceiling: int | None,
                  count: int, total: int, cutoff: int) -> str:
    """Return the one-sentence Vietnamese reason for an income-based category."""
    head = CATEGORY_NAMES_VI[category] + INCOME + vnd(income) + PER_MONTH
    if category == POOR:
        return (f"{head}{NOT_ABOVE_LINE}{area_name} {vnd(line)}{DONG} và thiếu hụt {count}/{total} chỉ số "
                f"(từ {cutoff} chỉ số trở lên).")
    if category == NEAR_POOR:
        return (f"{head}{NOT_ABOVE_LINE}{area_name} {vnd(line)}{DONG}, thiếu hụt {count}/{total} chỉ số "
                f"(dưới {cutoff}).")
    if category == AVERAGE:
        return f"{head}{ABOVE_LINE}{area_name} {vnd(line)}{DONG} và không vượt {vnd(ceiling or 0)}{DONG}."
    if ceiling is not None:
        return f"{head}{ABOVE_AVERAGE}{area_name} {vnd(ceiling)}{DONG}."
    return f"{head}{ABOVE_LINE}{area_name} {vnd(line)}{DONG} (chuẩn này không có mức sống trung bình)."


def score_reason(category: str, *, area_name: str, b1: int, b1_cutoff: int, b2: int, count: int,
                 cutoff: int, verified: bool) -> str:
    """Return the one-sentence Vietnamese reason for a category decided from Phiếu B1/B2 scores."""
    caveat = "" if verified else "; điểm cắt chưa được kiểm chứng"
    head = f"{CATEGORY_NAMES_VI[category]}: điểm B1 {b1} "
    if category == NON_POOR:
        return f"{head}trên điểm cắt {area_name} {b1_cutoff} (không xác định mức sống trung bình theo điểm{caveat})."
    relation = f"từ {cutoff} trở lên" if category == POOR else f"dưới {cutoff}"
    return (f"{head}không vượt điểm cắt {area_name} {b1_cutoff}, điểm B2 {b2} tức thiếu hụt {count} chỉ số "
            f"({relation}{caveat}).")
