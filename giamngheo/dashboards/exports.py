"""Every chart's data as a table, written as CSV (UTF-8 with BOM, ";" and decimal comma) or .xlsx (numbers)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from giamngheo.dashboards.selectors import Dashboard

Cell = str | int | Decimal | None


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


TABLE_TITLES = {
    "xu-huong": "Tỷ lệ hộ nghèo, cận nghèo theo năm và mục tiêu",
    "bien-dong": "Biến động: thoát nghèo, phát sinh mới, tái nghèo",
    "don-vi": "Tỷ lệ theo đơn vị trực thuộc",
    "thieu-hut": "Tỷ lệ hộ thiếu hụt theo chỉ số",
    "thong-tin": "Thiếu hụt thông tin theo năm",
}


def dashboard_tables(d: Dashboard) -> tuple[Table, ...]:
    series = Table("xu-huong", TABLE_TITLES["xu-huong"], (
        "Năm", "Tổng số hộ", "Hộ nghèo", "Tỷ lệ hộ nghèo (%)", "Mục tiêu tỷ lệ hộ nghèo (%)", "Hộ cận nghèo",
        "Tỷ lệ hộ cận nghèo (%)", "Mục tiêu tỷ lệ hộ cận nghèo (%)",
    ), tuple(
        (r.year, r.households, r.poor, r.poor_rate, r.target_poor_rate, r.near_poor, r.near_poor_rate,
         r.target_near_poor_rate) for r in d.series
    ))
    flows = Table("bien-dong", TABLE_TITLES["bien-dong"], (
        "Năm", "Hộ thoát nghèo", "Mục tiêu hộ thoát nghèo", "Hộ thoát cận nghèo", "Hộ nghèo phát sinh mới",
        "Hộ tái nghèo", "Hộ cận nghèo phát sinh mới",
    ), tuple(
        (r.year, r.escaped_poor, r.target_households_out, r.escaped_near_poor, r.newly_poor, r.fallen_back,
         r.newly_near_poor) for r in d.series if r.has_flows
    ))
    children = Table("don-vi", f"{TABLE_TITLES['don-vi']} — năm {d.year}", (
        "Mã", "Đơn vị", "Tổng số hộ", "Hộ nghèo", "Tỷ lệ hộ nghèo (%)", "Mục tiêu tỷ lệ hộ nghèo (%)",
        "Hộ cận nghèo", "Tỷ lệ hộ cận nghèo (%)", "Hộ thoát nghèo", "Hộ nghèo phát sinh mới", "Hộ tái nghèo",
        "Vĩ độ", "Kinh độ",
    ), tuple(
        (c.unit.code, c.unit.name, c.row.households, c.row.poor, c.row.poor_rate, c.row.target_poor_rate,
         c.row.near_poor, c.row.near_poor_rate, c.row.escaped_poor, c.row.newly_poor, c.row.fallen_back,
         c.unit.latitude, c.unit.longitude) for c in d.children
    ))
    heat = Table("thieu-hut", f"{TABLE_TITLES['thieu-hut']} — năm {d.year}", (
        "Mã", "Đơn vị", "Tổng số hộ", *(f"{i.name} (%)" for i in d.heat_indicators),
    ), tuple((h.unit.code, h.unit.name, h.households, *h.rates) for h in d.heat_rows))
    info_columns = ["Chỉ số", "Mã", "Đơn vị"]
    info_rows: list[tuple[Cell, ...]] = []
    info_years = sorted({y for s in d.info for y in s.years})
    info_columns += [f"{y}: số hộ" for y in info_years] + [f"{y}: tỷ lệ (%)" for y in info_years]
    for s in d.info:
        for unit, cells in s.rows:
            by_year = dict(zip(s.years, cells, strict=True))
            info_rows.append((
                s.indicator.name, unit.code, unit.name,
                *(by_year.get(y, (None, None))[0] for y in info_years),
                *(by_year.get(y, (None, None))[1] for y in info_years),
            ))
    info = Table("thong-tin", TABLE_TITLES["thong-tin"], tuple(info_columns), tuple(info_rows))
    return (series, flows, children, heat, info)


def table_csv(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([_csv_cell(c) for c in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def tables_xlsx(tables: tuple[Table, ...], *, heading: str) -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#e8eef6", "border": 1})
    title = book.add_format({"bold": True, "font_size": 13})
    rate = book.add_format({"num_format": "0.00"})
    count = book.add_format({"num_format": "#,##0"})
    for table in tables:
        sheet = book.add_worksheet(table.key)
        sheet.write(0, 0, f"{heading} — {table.title}", title)
        sheet.write_row(2, 0, table.columns, bold)
        for r, row in enumerate(table.rows, start=3):
            for c, cell in enumerate(row):
                if isinstance(cell, Decimal):
                    sheet.write_number(r, c, float(cell), rate)
                elif isinstance(cell, int | float) and not isinstance(cell, bool):
                    sheet.write_number(r, c, cell, count if isinstance(cell, int) else None)
                elif cell is None:
                    sheet.write_blank(r, c, None)
                else:
                    sheet.write_string(r, c, str(cell))
        sheet.set_column(0, len(table.columns) - 1, 14)
        sheet.freeze_panes(3, 0)
    book.close()
    return out.getvalue()


def _csv_cell(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, Decimal):
        return str(cell).replace(".", ",")
    if isinstance(cell, float):
        return str(cell).replace(".", ",")
    return str(cell)
