"""Write the blank .xlsx template communes fill in: Vietnamese headers, notes and data validation."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from giamngheo.assessfile.causes import CAUSES_UNVERIFIED_NOTE, POVERTY_CAUSES
from giamngheo.assessfile.columns import CAUSES_COLUMN, OPTIONAL_HEADERS, TEMPLATE_HEADERS
from giamngheo.domain.standard import Standard

TEMPLATE_ROWS = 5000  # rows prepared with validation; a commune rarely has more households


def template_columns(standard: Standard) -> list[tuple[str, str, str]]:
    """Return (canonical name, Vietnamese header, note) for every column of the template, in order."""
    notes = {
        "household_code": "Bắt buộc, không trùng trong tệp.",
        "commune_code": "Mã xã 5 chữ số (sau 1/7/2025); ô dạng Văn bản để giữ số 0 ở đầu.",
        "village": "Không bắt buộc.",
        "head_name": "Không bắt buộc.",
        "area": f"nông thôn hoặc {standard.area_names['urban']}.",
        "members": "Số nguyên từ 1 trở lên.",
        "income_per_capita": "Đồng/người/tháng, số nguyên (ví dụ 1500000).",
    }
    columns = [(name, header, notes[name]) for name, header in TEMPLATE_HEADERS.items()]
    for indicator in standard.indicators:
        note = f"1 = thiếu hụt, 0 = không. {indicator.rule_vi}"
        if indicator.confidence != "confirmed":
            note += f" [Mức tin cậy: {indicator.confidence}]"
        columns.append((f"d_{indicator.id}", indicator.name_vi, note))
    optional = {
        "agricultural": "Không bắt buộc. 1 = hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp hoặc diêm nghiệp; 0 = không; "
                        "để trống nếu chưa rõ. Dùng để lập danh sách hộ làm nông, lâm, ngư, diêm nghiệp có mức sống "
                        "trung bình.",
        "no_labour_capacity": "Không bắt buộc. 1 = hộ không có khả năng lao động; 0 = không; để trống nếu chưa rõ. "
                              "Dùng cho biểu hộ nghèo, hộ cận nghèo theo nhóm hộ.",
        "meritorious": "Không bắt buộc. 1 = hộ có người có công với cách mạng; 0 = không; để trống nếu chưa rõ. "
                       "Dùng cho biểu hộ nghèo, hộ cận nghèo theo nhóm hộ.",
        "poverty_causes": "Không bắt buộc (ghi cho hộ nghèo, hộ cận nghèo). Một hoặc nhiều nguyên nhân, cách nhau bởi "
                          "dấu ';', ghi mã hoặc tên: " + "; ".join(
                              f"{code} = {name}" for code, (name, _aliases) in POVERTY_CAUSES.items())
                          + ". Để trống nếu chưa rõ. " + CAUSES_UNVERIFIED_NOTE,
    }
    columns += [(name, header, optional[name]) for name, header in OPTIONAL_HEADERS.items()]
    return columns


def template_write(target: Path, standard: Standard) -> None:
    """Write the template for ``standard`` to ``target`` (atomically, like every output)."""
    import xlsxwriter

    directory = target.resolve().parent
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    os.close(handle)
    try:
        workbook = xlsxwriter.Workbook(temporary)
        _households_sheet(workbook, standard)
        _guide_sheet(workbook, standard)
        workbook.close()
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _households_sheet(workbook: object, standard: Standard) -> None:
    sheet = workbook.add_worksheet("households")  # type: ignore[attr-defined]
    header = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDEBF7",  # type: ignore[attr-defined]
                                  "border": 1})
    text = workbook.add_format({"num_format": "@"})  # type: ignore[attr-defined]
    money = workbook.add_format({"num_format": "#,##0"})  # type: ignore[attr-defined]
    last = TEMPLATE_ROWS
    for index, (name, title, note) in enumerate(template_columns(standard)):
        sheet.write(0, index, title, header)
        sheet.write_comment(0, index, f"{name}: {note}", {"x_scale": 2, "y_scale": 2})
        if name in ("household_code", "commune_code", "village", "head_name"):
            sheet.set_column(index, index, 16 if name != "head_name" else 24, text)
        elif name == "area":
            sheet.set_column(index, index, 12)
            sheet.data_validation(1, index, last, index, {
                "validate": "list", "source": ["nông thôn", standard.area_names["urban"]],
                "error_message": "Chọn nông thôn hoặc thành thị/đô thị."})
        elif name == "members":
            sheet.set_column(index, index, 10)
            sheet.data_validation(1, index, last, index, {
                "validate": "integer", "criteria": ">=", "value": 1,
                "error_message": "Số nhân khẩu là số nguyên từ 1 trở lên."})
        elif name == "income_per_capita":
            sheet.set_column(index, index, 16, money)
            sheet.data_validation(1, index, last, index, {
                "validate": "integer", "criteria": ">=", "value": 0,
                "error_message": "Thu nhập là số đồng nguyên, không âm."})
        elif name == CAUSES_COLUMN:
            sheet.set_column(index, index, 30)  # several causes per cell: no list validation
        elif name in OPTIONAL_HEADERS:
            sheet.set_column(index, index, 16)
            sheet.data_validation(1, index, last, index, {
                "validate": "list", "source": ["1", "0"], "ignore_blank": True,
                "error_message": f"Ghi 1 ({title.lower()}), 0 (không), hoặc để trống nếu chưa rõ."[:255]})
        else:
            sheet.set_column(index, index, 11)
            sheet.data_validation(1, index, last, index, {
                "validate": "list", "source": ["1", "0"], "error_message": "Ghi 1 (thiếu hụt) hoặc 0 (không)."})
    sheet.set_row(0, 60)
    sheet.freeze_panes(1, 1)


def _guide_sheet(workbook: object, standard: Standard) -> None:
    sheet = workbook.add_worksheet("huong_dan")  # type: ignore[attr-defined]
    bold = workbook.add_format({"bold": True})  # type: ignore[attr-defined]
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 1, 30)
    sheet.set_column(2, 2, 100)
    sheet.write_row(0, 0, ["Chuẩn nghèo", standard.id, standard.title], bold)
    sheet.write_row(1, 0, ["Cột (tên tiếng Anh)", "Tiêu đề", "Ghi chú"], bold)
    row = 1
    for row, (name, title, note) in enumerate(template_columns(standard), start=2):
        sheet.write_row(row, 0, [name, title, note])
    sheet.write_row(row + 2, 0, ["Nguyên nhân nghèo (mã)", "Tên", "Cách ghi khác được chấp nhận"], bold)
    for offset, (code, (cause, aliases)) in enumerate(POVERTY_CAUSES.items(), start=3):
        sheet.write_row(row + offset, 0, [code, cause, "; ".join(aliases)])
    sheet.write(row + 3 + len(POVERTY_CAUSES), 2, CAUSES_UNVERIFIED_NOTE)
