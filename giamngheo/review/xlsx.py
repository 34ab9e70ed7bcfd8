"""The standard report forms as one styled .xlsx (xlsxwriter): results, dynamics, deprivations, ethnicity, lists."""

from __future__ import annotations

import io
from typing import Any

import xlsxwriter

from giamngheo.assessfile.causes import CAUSES_UNVERIFIED_NOTE
from giamngheo.domain.reasons import CATEGORY_NAMES_VI
from giamngheo.geo.models import AdminUnit
from giamngheo.review.selectors.lists import (
    LISTS,
    YearList,
    agricultural_average_list,
    low_income_worker_list,
    year_list,
)
from giamngheo.review.selectors.reports import (
    CHILD_NOTE,
    DYNAMICS_COLUMNS,
    GROUP_COLUMNS,
    GROUPS,
    Groups,
    cause_form,
    cause_keys,
    child_deprivation_table,
    deprivation_table,
    dynamics_headers,
    dynamics_table,
    ethnicity_table,
    group_form,
    report_communes,
    report_groups,
    results_table,
)

CATEGORY_HEADERS = [("households", "Tổng số hộ"), ("persons", "Tổng số khẩu"), ("poor", "Hộ nghèo"),
                    ("poor_persons", "Khẩu hộ nghèo"), ("poor_rate", "Tỷ lệ hộ nghèo (%)"),
                    ("near_poor", "Hộ cận nghèo"), ("near_poor_persons", "Khẩu hộ cận nghèo"),
                    ("near_poor_rate", "Tỷ lệ hộ cận nghèo (%)"), ("average", "Hộ có mức sống trung bình"),
                    ("agricultural_average", "Hộ làm nông, lâm, ngư, diêm nghiệp có mức sống trung bình"),
                    ("agricultural_average_persons", "Khẩu hộ làm nông, lâm, ngư, diêm nghiệp có mức sống trung bình")]
LIST_HEADERS = ["STT", "Mã hộ", "Họ và tên chủ hộ", "Thôn", "Số nhân khẩu", "Số chỉ số thiếu hụt",
                "Phân loại đầu kỳ", "Kết quả rà soát"]
# A household with no result the year before (new in the commune, or not reviewed then).
NO_START = "Chưa có kết quả năm trước"


def category_label(code: str, *, empty: str = "") -> str:
    """The category's Vietnamese name as the forms print it ("poor" → "Hộ nghèo"); ``empty`` for no result."""
    return CATEGORY_NAMES_VI.get(code, code) if code else empty


class Sheet:
    """One report form: a title block, a header row and numeric cells with the report's formats."""

    def __init__(self, book: xlsxwriter.Workbook, formats: dict[str, Any], name: str, title: str, unit: AdminUnit,
                 year: int, headers: list[str], *, label: str = "Đơn vị") -> None:
        self.ws = book.add_worksheet(name[:31])
        self.f = formats
        width = len(headers) + 1
        self.ws.merge_range(0, 0, 0, width, title.upper(), formats["title"])
        self.ws.merge_range(1, 0, 1, width, f"{unit.name} — năm rà soát {year} (số liệu theo đơn vị hành chính hiện "
                            "nay)", formats["subtitle"])
        self.ws.write_row(3, 0, ["STT", label, *headers], formats["header"])
        self.ws.set_row(3, 48)
        self.ws.set_column(0, 0, 6)
        self.ws.set_column(1, 1, 28)
        self.ws.set_column(2, width, 13)
        self.ws.freeze_panes(4, 2)
        self.row = 4

    def line(self, label: str, values: list[Any], *, total: bool = False, number: int | None = None) -> None:
        style = self.f["total"] if total else self.f["cell"]
        self.ws.write(self.row, 0, "" if number is None else number, style)
        self.ws.write(self.row, 1, label, self.f["total_text"] if total else self.f["text"])
        for col, value in enumerate(values, start=2):
            fmt = (self.f["total_pct"] if total else self.f["pct"]) if isinstance(value, float) else style
            self.ws.write_number(self.row, col, value, fmt) if isinstance(value, int | float) else self.ws.write(
                self.row, col, value, self.f["text"])
        self.row += 1


def _formats(book: xlsxwriter.Workbook) -> dict[str, Any]:
    base = {"font_name": "Times New Roman", "font_size": 11, "border": 1, "valign": "vcenter"}
    return {
        "title": book.add_format({"font_name": "Times New Roman", "bold": True, "font_size": 14, "align": "center"}),
        "subtitle": book.add_format({"font_name": "Times New Roman", "italic": True, "align": "center"}),
        "header": book.add_format({**base, "bold": True, "align": "center", "text_wrap": True, "bg_color": "#DDEBF7"}),
        "text": book.add_format(base),
        "cell": book.add_format({**base, "num_format": "#,##0"}),
        "pct": book.add_format({**base, "num_format": "0.00"}),
        "total": book.add_format({**base, "bold": True, "num_format": "#,##0", "bg_color": "#F2F2F2"}),
        "total_pct": book.add_format({**base, "bold": True, "num_format": "0.00", "bg_color": "#F2F2F2"}),
        "total_text": book.add_format({**base, "bold": True, "bg_color": "#F2F2F2"}),
    }


def _table(sheet: Sheet, rows: list[dict[str, Any]], total: dict[str, Any], keys: list[str]) -> None:
    for i, row in enumerate(rows, start=1):
        sheet.line(f"{row['name']} ({row['code']})", [row[k] for k in keys], number=i)
    sheet.line("Tổng cộng", [total[k] for k in keys], total=True)


def _special_list(book: xlsxwriter.Workbook, f: dict[str, Any], number: int, listed: YearList, year: int,
                  columns: list[tuple[str, str]]) -> None:
    """A list beyond the category lists (agricultural average-living households, low-income workers)."""
    ws = book.add_worksheet(f"{number}. DS {listed.title}"[:31])
    ws.merge_range(0, 0, 0, len(columns), f"DANH SÁCH {listed.title.upper()} NĂM {year}", f["title"])
    ws.write_row(2, 0, ["STT", *[label for label, _ in columns]], f["header"])
    ws.set_column(1, 1, 12)
    ws.set_column(2, len(columns), 22)
    for i, r in enumerate(listed.rows, start=1):
        ws.write_number(2 + i, 0, i, f["cell"])
        for col, (_, key) in enumerate(columns, start=1):
            value = r.get(key, "")
            if isinstance(value, int) and not isinstance(value, bool):
                ws.write_number(2 + i, col, value, f["cell"])
            else:
                ws.write(2 + i, col, value, f["text"])
    if listed.note:
        ws.write(4 + len(listed.rows), 1, listed.note, f["subtitle"])


def _category_list(book: xlsxwriter.Workbook, f: dict[str, Any], number: int, listed: YearList, year: int) -> None:
    """A list of the year by category (poor, near-poor, escaped, new, fallen back), one household a row."""
    name = f"{number}. DS {listed.title}"
    ws = book.add_worksheet(name if len(name) <= 31 else f"{number}. {listed.title}"[:31])
    ws.merge_range(0, 0, 0, len(LIST_HEADERS) - 1, f"DANH SÁCH {listed.title.upper()} NĂM {year}", f["title"])
    ws.write_row(2, 0, LIST_HEADERS, f["header"])
    ws.set_row(2, 32)
    ws.set_column(1, 1, 12)
    ws.set_column(2, 3, 26)
    ws.set_column(4, 5, 14)
    ws.set_column(6, 7, 26)
    for i, r in enumerate(listed.rows, start=1):
        ws.write_number(2 + i, 0, i, f["cell"])
        ws.write_row(2 + i, 1, [r["code"], r["head"], r["village"]], f["text"])
        ws.write_number(2 + i, 4, r["members"], f["cell"])
        ws.write_number(2 + i, 5, r["deprivation_count"], f["cell"])
        ws.write_row(2 + i, 6, [category_label(r["start_category"], empty=NO_START), category_label(r["category"])],
                     f["text"])
    ws.write(4 + len(listed.rows), 1, f"Tổng cộng: {len(listed.rows)} hộ, "
             f"{sum(r['members'] for r in listed.rows)} nhân khẩu.", f["subtitle"])


GROUP_COLUMN_LABELS = {"poor": "hộ nghèo", "poor_persons": "khẩu hộ nghèo", "near_poor": "hộ cận nghèo",
                       "near_poor_persons": "khẩu hộ cận nghèo"}


def _group_sheet(book: xlsxwriter.Workbook, f: dict[str, Any], groups: Groups, communes: list[AdminUnit],
                 unit: AdminUnit, year: int) -> None:
    """Form 8: poor / near-poor households and persons by group, per commune."""
    table = group_form(groups, communes)
    headers = [f"{label}: {GROUP_COLUMN_LABELS[c]}" for _, label in GROUPS for c in GROUP_COLUMNS]
    sheet = Sheet(book, f, "6b. Nhóm hộ", "Hộ nghèo, hộ cận nghèo theo nhóm hộ", unit, year, headers)
    sheet.ws.set_row(3, 90)
    _table(sheet, table.rows, table.total, [f"{g}_{c}" for g, _ in GROUPS for c in GROUP_COLUMNS])
    sheet.ws.write(sheet.row + 1, 1, "Một hộ có thể thuộc nhiều nhóm. «Chưa có dữ liệu»: hộ mà tệp rà soát để trống "
                   "(hoặc không có) cột «Hộ không có khả năng lao động» hoặc «Hộ có người có công với cách mạng»; "
                   "«Hộ khác»: hộ đã ghi đủ và không thuộc nhóm nào.", f["subtitle"])


def _cause_sheet(book: xlsxwriter.Workbook, f: dict[str, Any], groups: Groups, communes: list[AdminUnit],
                 unit: AdminUnit, year: int) -> None:
    """Form 10: poor / near-poor households by cause of poverty, per commune (a household may have several)."""
    table = cause_form(groups, communes)
    causes = [("households", "Tổng số hộ"), *cause_keys()]
    headers = [f"{label}: {what}" for _, label in causes for what in ("hộ nghèo", "hộ cận nghèo")]
    sheet = Sheet(book, f, "6c. Nguyên nhân nghèo", "Hộ nghèo, hộ cận nghèo theo nguyên nhân nghèo", unit, year,
                  headers)
    sheet.ws.set_row(3, 90)
    _table(sheet, table.rows, table.total, [f"{k}_{c}" for k, _ in causes for c in ("poor", "near_poor")])
    sheet.ws.write(sheet.row + 1, 1, "Một hộ có thể có nhiều nguyên nhân. «Chưa có dữ liệu»: hộ mà tệp rà soát để "
                   "trống (hoặc không có) cột «Nguyên nhân nghèo».", f["subtitle"])
    sheet.ws.write(sheet.row + 2, 1, CAUSES_UNVERIFIED_NOTE, f["subtitle"])


def _child_sheet(book: xlsxwriter.Workbook, f: dict[str, Any], groups: Groups, communes: list[AdminUnit],
                 unit: AdminUnit, year: int) -> None:
    """Form 11: children of poor and near-poor households deprived in each indicator, per commune."""
    columns, table = child_deprivation_table(groups, communes)
    headers = ["Số trẻ em trong hộ nghèo, cận nghèo", "Trong hộ nghèo", "Trong hộ cận nghèo"] + [
        h for c in columns for h in (f"{c['n']}. {c['name']}", f"{c['n']}. %")]
    sheet = Sheet(book, f, "6d. Thiếu hụt của trẻ em",
                  "Trẻ em trong hộ nghèo, hộ cận nghèo theo chỉ số thiếu hụt", unit, year, headers)
    _table(sheet, table.rows, table.total, ["children", "children_poor", "children_near_poor"]
           + [k for i in range(len(columns)) for k in (f"i{i}", f"p{i}")])
    sheet.ws.write(sheet.row + 1, 1, CHILD_NOTE, f["subtitle"])


def report_workbook(unit: AdminUnit, year: int) -> bytes:
    """Write every report form of a unit and year; a commune's workbook adds the detailed lists."""
    communes = report_communes(unit)
    groups = report_groups(year, communes)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    f = _formats(book)
    results = results_table(groups, communes)
    sheet = Sheet(book, f, "1. Kết quả rà soát", "Kết quả rà soát hộ nghèo, hộ cận nghèo", unit, year,
                  [label for _, label in CATEGORY_HEADERS])
    _table(sheet, results.rows, results.total, [k for k, _ in CATEGORY_HEADERS])
    if results.total["agricultural_unknown"]:
        sheet.ws.write(sheet.row + 1, 1, f"{results.total['agricultural_unknown']} hộ có mức sống trung bình chưa có "
                       "dữ kiện ngành nghề (cột 'agricultural' của tệp rà soát để trống hoặc không có), chưa tính vào "
                       "số hộ làm nông, lâm, ngư, diêm nghiệp.", f["subtitle"])
    keys = [k for k, _ in DYNAMICS_COLUMNS]
    for number, kind, title in ((2, "poor", "Diễn biến hộ nghèo"), (3, "near_poor", "Diễn biến hộ cận nghèo")):
        for persons in (False, True):
            table = dynamics_table(groups, communes, kind, persons=persons)
            what = "khẩu" if persons else "hộ"
            sheet = Sheet(book, f, f"{number}{'b' if persons else 'a'}. {title} ({what})"[:31],
                          f"{title} đầu kỳ – cuối kỳ (đơn vị: {what})", unit, year, dynamics_headers(kind))
            _table(sheet, table.rows, table.total, keys)
            sheet.ws.write(sheet.row + 1, 1, "Cuối kỳ = Đầu kỳ − các cột giảm + các cột tăng.", f["subtitle"])
    for number, category, title in ((4, "poor", "hộ nghèo"), (5, "near_poor", "hộ cận nghèo")):
        columns, table = deprivation_table(groups, communes, category)
        headers = ["Số hộ"] + [h for c in columns for h in (f"{c['n']}. {c['name']}", f"{c['n']}. %")]
        sheet = Sheet(book, f, f"{number}. Thiếu hụt {title}", f"Phân tích thiếu hụt dịch vụ xã hội cơ bản của {title}",
                      unit, year, headers)
        value_keys = ["households"] + [k for i in range(len(columns)) for k in (f"i{i}", f"p{i}")]
        _table(sheet, table.rows, table.total, value_keys)
    sheet = Sheet(book, f, "6. Dân tộc và nhóm", "Hộ nghèo, hộ cận nghèo theo dân tộc của chủ hộ", unit, year,
                  ["Hộ nghèo và cận nghèo", "Hộ nghèo", "Hộ cận nghèo"], label="Dân tộc của chủ hộ / nhóm hộ")
    for i, row in enumerate(ethnicity_table(groups, communes), start=1):
        sheet.line(row["ethnicity"], [row["households"], row["poor"], row["near_poor"]], number=i)
    sheet.ws.write(sheet.row + 1, 1, "Theo nhóm hộ (dân tộc thiểu số, không có khả năng lao động, người có công): "
                   "xem trang 6b; theo nguyên nhân nghèo: trang 6c.", f["subtitle"])
    _group_sheet(book, f, groups, communes, unit, year)
    _cause_sheet(book, f, groups, communes, unit, year)
    _child_sheet(book, f, groups, communes, unit, year)
    if unit.level == "commune":
        for number, key in enumerate(LISTS, start=7):
            _category_list(book, f, number, year_list(year, unit, key), year)
        number = 7 + len(LISTS)
        _special_list(book, f, number, agricultural_average_list(year, unit), year,
                      [("Mã hộ", "code"), ("Họ và tên chủ hộ", "head"), ("Thôn", "village"),
                       ("Số nhân khẩu", "members"), ("Thu nhập bình quân (đồng/người/tháng)", "income")])
        _special_list(book, f, number + 1, low_income_worker_list(year, unit), year,
                      [("Mã hộ", "code"), ("Họ và tên chủ hộ", "head"), ("Thôn", "village"), ("Họ và tên", "name"),
                       ("Năm sinh", "birth_year"), ("Giới tính", "sex"), ("Việc làm", "employment_label")])
    book.close()
    return buffer.getvalue()
