"""Real .xlsx files (xlsxwriter/openpyxl) and Parquet: numbers as text or floats, merged headers, hidden sheets."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import polars as pl
import pytest
import xlsxwriter

from giamngheo.assessfile.problems import AssessFileError
from giamngheo.assessfile.run import AssessRequest, assess_file
from giamngheo.assessfile.template import template_columns, template_write
from giamngheo.domain.standard import standard_get
from tests.assessfile.conftest import HEADER, INDICATORS_2022

OLD = standard_get("2022-2025")


def assess_to_frame(source: Path, **options: object) -> pl.DataFrame:
    target = source.with_name("out.csv")
    assess_file(AssessRequest(source, target, OLD, **options))  # type: ignore[arg-type]
    return pl.read_csv(target, infer_schema=False)


def flags(deprived: tuple[str, ...]) -> list[int]:
    return [1 if i in deprived else 0 for i in INDICATORS_2022]


def test_numbers_as_numbers_as_text_and_as_floats(tmp_path: Path) -> None:
    path = tmp_path / "ho.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Sheet1")
    sheet.write_row(0, 0, HEADER)
    sheet.write_row(1, 0, ["H1", "nông thôn", 3, 1500000, *flags(("water", "telecom", "employment"))])
    sheet.write_row(2, 0, ["H2", "thành thị", "4", "1.500.000", *[str(f) for f in flags(("water",))]])
    sheet.write_row(3, 0, ["H3", "Đô thị", 4.0, 1500000.0, *[float(f) for f in flags(())]])
    sheet.write_row(4, 0, [1234, "rural", 2, 2250000, *[bool(f) for f in flags(("water",))]])
    book.close()
    out = assess_to_frame(path)
    assert out.get_column("household_code").to_list() == ["H1", "H2", "H3", "1234"]
    assert out.get_column("category").to_list() == ["poor", "near_poor", "near_poor", "average"]


def test_bad_cells_name_spreadsheet_rows(tmp_path: Path) -> None:
    path = tmp_path / "ho.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["H1", "rural", 3, 1500000, *flags(())])
    sheet.append(["H2", "rural", 3, 1500000.5, *flags(())])
    sheet.append(["H3", "rural", 3, 1500000, *flags(())[:-1], None])
    book.save(path)
    with pytest.raises(AssessFileError) as caught:
        assess_to_frame(path)
    assert [str(p) for p in caught.value.problems] == [
        "row 3, column income_per_capita: '1500000.5' không phải số nguyên rõ nghĩa; ghi như 1500000, 1.500.000 "
        "hoặc 1,500,000.",
        "row 4, column d_info_access: ô trống nghĩa là chưa đánh giá; ghi 1 (thiếu hụt) hoặc 0 (không thiếu hụt).",
    ]
    assert not (tmp_path / "out.csv").exists()


def test_merged_header_cells_are_reported_by_column_letter(tmp_path: Path) -> None:
    path = tmp_path / "ho.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet()
    sheet.merge_range(0, 0, 0, 1, "Mã hộ và khu vực")
    sheet.write_row(0, 2, HEADER[2:])
    sheet.write_row(1, 0, ["H1", "rural", 3, 1500000, *flags(())])
    book.close()
    with pytest.raises(AssessFileError) as caught:
        assess_to_frame(path)
    assert caught.value.report().splitlines() == [
        "row 1, column B: tiêu đề cột trống (có thể do gộp ô — merged cells); mỗi cột cần một tên riêng trên dòng 1.",
        "column household_code: thiếu cột bắt buộc. (Missing required column.)",
        "column area: thiếu cột bắt buộc. (Missing required column.)",
        "Tổng cộng 3 lỗi.",
    ]


def test_hidden_first_sheet_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "ho.xlsx"
    book = xlsxwriter.Workbook(path)
    hidden = book.add_worksheet("cu")
    hidden.write_row(0, 0, ["old", "data"])
    visible = book.add_worksheet("Danh sách")
    visible.write_row(0, 0, HEADER)
    visible.write_row(1, 0, ["H1", "rural", 3, 1500000, *flags(())])
    visible.activate()
    hidden.hide()
    book.close()
    target = tmp_path / "out.csv"
    summary = assess_file(AssessRequest(path, target, OLD))
    assert summary.sheet == "Danh sách"


def test_sheet_named_households_wins_and_must_be_visible(tmp_path: Path) -> None:
    path = tmp_path / "ho.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "ghi chu"
    book.active.append(["nothing here"])
    households = book.create_sheet("households")
    households.append(HEADER)
    households.append(["H1", "rural", 3, 1500000, *flags(())])
    book.save(path)
    assert assess_file(AssessRequest(path, tmp_path / "out.csv", OLD)).sheet == "households"
    households.sheet_state = "hidden"
    book.save(path)
    with pytest.raises(AssessFileError, match="Trang tính 'households' đang bị ẩn"):
        assess_file(AssessRequest(path, tmp_path / "out2.csv", OLD))


def test_not_really_an_xlsx_file(tmp_path: Path) -> None:
    path = tmp_path / "ho.xlsx"
    path.write_text("household_code,area\n", encoding="utf-8")
    with pytest.raises(AssessFileError, match=r"Không đọc được tệp 'ho\.xlsx'"):
        assess_to_frame(path)


def test_template_has_vietnamese_headers_validation_and_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "mau.xlsx"
    template_write(path, OLD)
    book = openpyxl.load_workbook(path)
    sheet = book["households"]
    headers = [cell.value for cell in sheet[1]]
    assert headers == [title for _, title, _ in template_columns(OLD)]
    assert headers[:7] == ["Mã hộ", "Mã xã", "Thôn, tổ dân phố", "Họ và tên chủ hộ", "Khu vực", "Số nhân khẩu",
                           "Thu nhập bình quân (đồng/người/tháng)"]
    assert headers[7] == "Việc làm"
    validations = {str(v.sqref): v.type for v in sheet.data_validations.dataValidation}
    assert validations["E2:E5001"] == "list"
    assert validations["F2:F5001"] == "whole"
    assert "[Mức tin cậy: unverified]" in sheet.cell(1, 18).comment.text
    sheet.append(["H1", "01234", "Thôn 1", "Nguyễn Văn A", "nông thôn", 4, 1200000, *flags(("water", "employment",
                                                                                           "nutrition"))])
    book.save(path)
    out = assess_to_frame(path)
    assert out.get_column("category").to_list() == ["poor"]
    assert out.columns[:2] == ["Mã hộ", "Mã xã"]


def test_parquet_with_typed_columns(tmp_path: Path) -> None:
    path = tmp_path / "ho.parquet"
    data: dict[str, list[object]] = {"household_code": ["H1", "H2"], "area": ["rural", "urban"], "members": [3, 2],
                                     "income_per_capita": [1_500_000, 2_000_001]}
    for indicator in INDICATORS_2022:
        data[f"d_{indicator}"] = [indicator in ("water", "employment", "telecom"), False]
    pl.DataFrame(data).write_parquet(path)
    out = assess_to_frame(path)
    assert out.get_column("category").to_list() == ["poor", "average"]


def test_parquet_with_nested_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ho.parquet"
    pl.DataFrame({"household_code": ["H1"], "members": [[1, 2]]}).write_parquet(path)
    with pytest.raises(AssessFileError, match="Cột members có kiểu lồng nhau"):
        assess_to_frame(path)
