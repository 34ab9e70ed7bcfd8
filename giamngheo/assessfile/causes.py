"""Causes of poverty (nguyên nhân nghèo) for the optional `poverty_causes` column and report form 10.

domain.md §3.4 names the form ("by cause of poverty") but gives no list; this is the list commonly used in the
MOLISA review forms and provincial reports. It is NOT verified against the annexes of TT 07/2021 (VBHN 1315):
the report says so next to the figures.
"""

from __future__ import annotations

from giamngheo.assessfile.columns import fold

# code → (Vietnamese name, extra spellings accepted in the file, folded: lower case, no diacritics, đ → d).
POVERTY_CAUSES: dict[str, tuple[str, tuple[str, ...]]] = {
    "capital": ("Thiếu vốn sản xuất, kinh doanh", ("thieu von", "von", "thieu von san xuat", "lack of capital")),
    "land": ("Thiếu đất sản xuất", ("thieu dat", "dat", "thieu dat canh tac", "thieu dat san xuat kinh doanh",
                                    "lack of land")),
    "means": ("Thiếu phương tiện sản xuất, kinh doanh", ("thieu phuong tien", "phuong tien",
                                                          "thieu phuong tien san xuat", "thieu cong cu san xuat")),
    "labour": ("Thiếu lao động", ("thieu lao dong", "thieu suc lao dong", "lack of labour", "lack of labor")),
    "skills": ("Không biết cách làm ăn, không có tay nghề", (
        "khong biet cach lam an", "khong co tay nghe", "thieu kien thuc", "thieu ky nang", "thieu ki nang",
        "thieu kien thuc, ky nang", "thieu kien thuc ky nang san xuat", "tay nghe", "lack of skills")),
    "no_job": ("Có lao động nhưng không có việc làm", ("khong co viec lam", "thieu viec lam", "khong viec lam",
                                                       "no job", "unemployment")),
    "dependants": ("Đông người ăn theo", ("dong nguoi an theo", "dong con", "nhieu nguoi phu thuoc",
                                          "nguoi an theo", "dependents")),
    "illness": ("Có người ốm đau, bệnh nặng, tai nạn", (
        "om dau", "benh tat", "om dau benh tat", "om dau, benh tat", "benh nang", "benh hiem ngheo", "tai nan",
        "co nguoi om dau", "co nguoi om dau, benh nang")),
    "policy_access": ("Không tiếp cận được chính sách hỗ trợ", (
        "khong tiep can duoc chinh sach", "khong tiep can chinh sach", "khong tiep can duoc chinh sach ho tro",
        "policy")),
    "idleness": ("Chây lười lao động", ("chay luoi", "luoi lao dong", "chay luoi lao dong")),
    "social_evils": ("Mắc tệ nạn xã hội", ("te nan xa hoi", "mac te nan xa hoi", "te nan")),
    "other": ("Nguyên nhân khác", ("khac", "nguyen nhan khac")),
}
CAUSES_UNVERIFIED_NOTE = ("Danh mục nguyên nhân nghèo theo mẫu phiếu thường dùng của Bộ LĐTBXH, chưa đối chiếu "
                          "với phụ lục Thông tư 07/2021/TT-BLĐTBXH (chưa xác minh).")


def cause_name(code: str) -> str:
    return POVERTY_CAUSES[code][0] if code in POVERTY_CAUSES else code


def _cause_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for code, (name, aliases) in POVERTY_CAUSES.items():
        table[code] = code
        table[code.replace("_", " ")] = code
        table[fold(name)] = code
        for alias in aliases:
            table[alias] = code
    return table


CAUSE_WORDS = _cause_table()


def causes_parse(text: str) -> str | None:
    """Return the causes a cell names as codes `;`-joined in the list's order, or None when one is not understood.

    "Thiếu vốn; đông người ăn theo" → "capital;dependants". Case, diacritics (NFC or NFD), `_` and `-` are ignored;
    causes may be separated by `;` or by new lines. A cell of separators only is not understood.
    """
    found: set[str] = set()
    for part in text.replace("\n", ";").split(";"):
        key = fold(part.replace("_", " ").replace("-", " ")).strip(" .")
        if not key:
            continue
        code = CAUSE_WORDS.get(key)
        if code is None:
            return None
        found.add(code)
    if not found:
        return None
    return ";".join(code for code in POVERTY_CAUSES if code in found)
