"""Column names of the assessment file, their Vietnamese aliases, and header matching."""

from __future__ import annotations

import re
import unicodedata

from giamngheo.domain.standard import standards_all

# Header of the template (Vietnamese) for each canonical column, in template order.
TEMPLATE_HEADERS = {
    "household_code": "Mã hộ",
    "commune_code": "Mã xã",
    "village": "Thôn, tổ dân phố",
    "head_name": "Họ và tên chủ hộ",
    "area": "Khu vực",
    "members": "Số nhân khẩu",
    "income_per_capita": "Thu nhập bình quân (đồng/người/tháng)",
}
SCORE_HEADERS = {"b1_score": "Điểm B1", "b2_score": "Điểm B2", "region": "Vùng"}
# Optional columns added to the contract later (docs/assessment-file-additions.md); the template puts them last.
OPTIONAL_HEADERS = {
    "agricultural": "Hộ làm nông, lâm, ngư, diêm nghiệp",
    "no_labour_capacity": "Hộ không có khả năng lao động",
    "meritorious": "Hộ có người có công với cách mạng",
    "poverty_causes": "Nguyên nhân nghèo",
}
AGRICULTURAL_COLUMN = "agricultural"
NO_LABOUR_COLUMN = "no_labour_capacity"
MERITORIOUS_COLUMN = "meritorious"
CAUSES_COLUMN = "poverty_causes"
# The optional columns the registry keeps in an assessment's facts, only when the file has them.
FACT_COLUMNS = (AGRICULTURAL_COLUMN, NO_LABOUR_COLUMN, MERITORIOUS_COLUMN, CAUSES_COLUMN)

EXTRA_ALIASES = {
    "household_code": ("ma ho gia dinh", "ma so ho"),
    "commune_code": ("ma don vi hanh chinh xa", "ma phuong xa"),
    "village": ("thon", "to dan pho", "thon/to dan pho", "ap", "ban"),
    "head_name": ("chu ho", "ho ten chu ho"),
    "members": ("so thanh vien", "nhan khau"),
    "income_per_capita": ("thu nhap binh quan dau nguoi", "thu nhap binh quan", "thu nhap"),
    "agricultural": ("ho lam nong lam ngu diem nghiep", "ho lam nong, lam, ngu, diem nghiep",
                     "ho lam nong nghiep, lam nghiep, ngu nghiep, diem nghiep", "nong lam ngu diem nghiep",
                     "nong, lam, ngu, diem nghiep"),
    "no_labour_capacity": ("ho khong co kha nang lao dong", "khong co kha nang lao dong", "khong co lao dong",
                           "ho khong co lao dong", "no labour capacity", "no labor capacity"),
    "meritorious": ("ho co nguoi co cong", "nguoi co cong", "nguoi co cong voi cach mang", "ho nguoi co cong",
                    "co cong voi cach mang", "ho co cong"),
    "poverty_causes": ("nguyen nhan ngheo, can ngheo", "nguyen nhan ngheo, can ngheo cua ho"),
    "b1_score": ("phieu b1", "b1"),
    "b2_score": ("phieu b2", "b2"),
}

REQUIRED = ("household_code", "area", "members")
INCOME_COLUMN = "income_per_capita"
SCORE_COLUMNS = ("b1_score", "b2_score")


def fold(text: str) -> str:
    """Return a case-, space- and diacritic-insensitive key: " Mã  Hộ " → "ma ho"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(stripped.replace("\ufeff", "").lower().split())


def _alias_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for name, header in {**TEMPLATE_HEADERS, **SCORE_HEADERS, **OPTIONAL_HEADERS}.items():
        table[fold(name)] = name
        table[fold(header)] = name
    for name, aliases in EXTRA_ALIASES.items():
        for alias in aliases:
            table[alias] = name
    for standard in standards_all():
        for indicator in standard.indicators:
            canonical = f"d_{indicator.id}"
            table[canonical] = canonical
            table[fold(indicator.name_vi)] = canonical
            table[fold(f"Thiếu hụt {indicator.name_vi}")] = canonical
    return table


ALIASES = _alias_table()
_PARENTHESISED = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")


def canonical_name(header: str) -> str | None:
    """Return the canonical column name a header means, or None for a column we carry through."""
    key = fold(header)
    if key in ALIASES:
        return ALIASES[key]
    match = _PARENTHESISED.match(key)
    if match:
        # "Mã hộ (household_code)" and "Thu nhập (đồng/người/tháng)" both resolve.
        for part in (match.group(2), match.group(1)):
            if part.strip() in ALIASES:
                return ALIASES[part.strip()]
    if key.startswith("d_"):
        return key.replace(" ", "_")
    return None
