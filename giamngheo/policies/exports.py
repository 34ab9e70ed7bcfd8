"""Lists of entitled households per policy and commune, as .xlsx (xlsxwriter) or CSV.

Both start with a title row naming the policy (and the place and day), then the column headers. The lists name
people: the view that serves them records an audit event with the row count (``Counted``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

import xlsxwriter

from giamngheo.domain.reasons import CATEGORY_NAMES_VI
from giamngheo.policies.models import Entitlement, Policy

HEADERS = ("STT", "Mã hộ", "Chủ hộ", "Xã", "Thôn", "Phân loại", "Năm rà soát", "Chuẩn", "Lý do được hưởng",
           "Phiên bản chính sách")
WIDTHS = (6, 14, 26, 22, 20, 24, 11, 11, 80, 10)


def _cell(value: str) -> str:
    # A cell starting with = + - @ would run as a formula in a spreadsheet: keep it text.
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


class Counted:
    """Pass rows through once, counting them (the lists stream from the database, so no len())."""

    def __init__(self, rows: Iterable[Entitlement]) -> None:
        self.rows = rows
        self.count = 0

    def __iter__(self) -> Iterator[Entitlement]:
        for row in self.rows:
            self.count += 1
            yield row


def _lines(rows: Iterable[Entitlement]) -> Iterable[tuple[object, ...]]:
    for number, row in enumerate(rows, start=1):
        household = row.household
        yield (
            number, _cell(household.code), _cell(household.head_name), row.commune.name,
            household.village.name if household.village else "", CATEGORY_NAMES_VI.get(row.category, row.category),
            row.assessment_year, row.standard_id, row.reason, row.policy_version,
        )


def entitlements_csv(policy: Policy, rows: Iterable[Entitlement], *, title: str | None = None) -> bytes:
    """Return UTF-8 CSV with a BOM so that Excel shows Vietnamese letters: a title row, then the headers."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_cell(title or f"Danh sách hộ được hưởng — {policy.name}")])
    writer.writerow(HEADERS)
    writer.writerows(_lines(rows))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def entitlements_xlsx(policy: Policy, rows: Iterable[Entitlement], *, title: str) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    sheet = book.add_worksheet("Danh sách")
    bold = book.add_format({"bold": True, "font_name": "Times New Roman", "font_size": 13})
    head = book.add_format({"bold": True, "border": 1, "bg_color": "#EEEEEE", "text_wrap": True,
                            "font_name": "Times New Roman"})
    cell = book.add_format({"border": 1, "text_wrap": True, "valign": "top", "font_name": "Times New Roman"})
    sheet.write(0, 0, title, bold)
    sheet.write(1, 0, f"Chính sách: {policy.name} (phiên bản {policy.version}). Căn cứ: {policy.legal_basis}")
    for column, (header, width) in enumerate(zip(HEADERS, WIDTHS, strict=True)):
        sheet.write(3, column, header, head)
        sheet.set_column(column, column, width)
    row_number = 4
    for row_number, line in enumerate(_lines(rows), start=4):
        sheet.write_row(row_number, 0, line, cell)
    sheet.freeze_panes(4, 0)
    sheet.autofilter(3, 0, max(row_number, 4), len(HEADERS) - 1)
    book.close()
    return buffer.getvalue()
