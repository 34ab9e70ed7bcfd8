"""The optional household-group columns (`no_labour_capacity`, `meritorious`) and the causes of poverty
(`poverty_causes`) of docs/assessment-file-additions.md: added, never required, blank = unknown."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from giamngheo.assessfile.causes import POVERTY_CAUSES, causes_parse
from giamngheo.assessfile.problems import AssessFileError
from giamngheo.assessfile.read import read_table
from giamngheo.assessfile.run import AssessRequest, assess_file
from giamngheo.assessfile.template import template_columns, template_write
from giamngheo.assessfile.validate import validate
from giamngheo.domain.standard import standard_get
from tests.assessfile.conftest import HEADER, row

OLD = standard_get("2022-2025")


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def parsed(source: Path, column: str) -> list[object]:
    checked = validate(read_table(source), [OLD])
    assert checked.problems == []
    return checked.frame.get_column(column).to_list()


@pytest.mark.parametrize(("header", "column"), [
    ("no_labour_capacity", "no_labour_capacity"), ("Hộ không có khả năng lao động", "no_labour_capacity"),
    (nfd("HỘ KHÔNG CÓ KHẢ NĂNG LAO ĐỘNG"), "no_labour_capacity"),
    ("Hộ không có khả năng lao động (no_labour_capacity)", "no_labour_capacity"),
    ("meritorious", "meritorious"), ("Hộ có người có công với cách mạng", "meritorious"),
    ("người có công", "meritorious"), (nfd("Hộ có người có công"), "meritorious"),
    ("poverty_causes", "poverty_causes"), ("Nguyên nhân nghèo", "poverty_causes"),
    (nfd("nguyên nhân nghèo, cận nghèo"), "poverty_causes"),
])
def test_header_aliases(write_csv, header: str, column: str) -> None:  # type: ignore[no-untyped-def]
    value = "thiếu vốn" if column == "poverty_causes" else "1"
    source = write_csv([[*row("H1"), value]], [*HEADER, header])
    assert parsed(source, column) == ["capital" if column == "poverty_causes" else True]


def test_flag_values_words_nfd_and_blanks(write_csv) -> None:  # type: ignore[no-untyped-def]
    values = ["1", "0", "có", "KHÔNG", "yes", "No", "true", "FALSE", nfd("Có"), "", "  ", "1.0", "x"]
    source = write_csv([[*row(f"H{i}"), v, v] for i, v in enumerate(values)],
                       [*HEADER, "no_labour_capacity", "Hộ có người có công với cách mạng"])
    expected = [True, False, True, False, True, False, True, False, True, None, None, True, True]
    assert parsed(source, "no_labour_capacity") == expected
    assert parsed(source, "meritorious") == expected


def test_causes_codes_aliases_nfd_order_and_blanks(write_csv) -> None:  # type: ignore[no-untyped-def]
    values = ["capital", "Thiếu vốn; thiếu đất", nfd("ĐÔNG NGƯỜI ĂN THEO;Ốm đau"), "no_job ; no-job", "land;capital",
              "", " ", "Thiếu vốn sản xuất, kinh doanh", "khác;", "illness\nthiếu lao động"]
    source = write_csv([[*row(f"H{i}"), v] for i, v in enumerate(values)], [*HEADER, "Nguyên nhân nghèo"])
    assert parsed(source, "poverty_causes") == [
        "capital", "capital;land", "dependants;illness", "no_job", "capital;land", None, None, "capital", "other",
        "labour;illness"]


def test_every_cause_name_and_code_is_understood() -> None:
    for code, (name, aliases) in POVERTY_CAUSES.items():
        assert causes_parse(code) == code
        assert causes_parse(name.upper()) == code
        assert causes_parse(nfd(name)) == code
        for alias in aliases:
            assert causes_parse(alias) == code, alias
    assert causes_parse(";") is None
    assert causes_parse("thiếu vốn; trời mưa") is None


def test_bad_values_are_row_errors_and_nothing_is_written(write_csv) -> None:  # type: ignore[no-untyped-def]
    source = write_csv([[*row("H1"), "1", "0", "thiếu vốn"], [*row("H2"), "2", "có lẽ", "thiếu vốn; trời mưa"]],
                       [*HEADER, "Hộ không có khả năng lao động", "meritorious", "Nguyên nhân nghèo"])
    target = source.with_name("out.csv")
    with pytest.raises(AssessFileError) as caught:
        assess_file(AssessRequest(source, target, OLD))
    assert not target.exists()
    assert [str(p) for p in caught.value.problems] == [
        "row 3, column Hộ không có khả năng lao động: '2' không hợp lệ: ghi 1 (hộ không có khả năng lao động) hoặc 0 "
        "(không); để trống nếu chưa rõ.",
        "row 3, column meritorious: 'có lẽ' không hợp lệ: ghi 1 (hộ có người có công với cách mạng) hoặc 0 "
        "(không); để trống nếu chưa rõ.",
        "row 3, column Nguyên nhân nghèo: 'thiếu vốn; trời mưa' không hợp lệ: ghi một hoặc nhiều nguyên nhân nghèo, "
        "cách nhau bởi dấu ';' (ví dụ: thiếu vốn; thiếu đất; ốm đau), theo danh mục ở trang hướng dẫn của tệp mẫu; "
        "để trống nếu chưa rõ.",
    ]


def test_output_keeps_the_columns_untouched_and_adds_nothing_else(write_csv) -> None:  # type: ignore[no-untyped-def]
    header = [*HEADER, "no_labour_capacity", "meritorious", "poverty_causes"]
    source = write_csv([[*row("H1"), "có", "", "Thiếu vốn;ốm đau"], [*row("H2"), "", "0", ""]], header)
    assess_file(AssessRequest(source, source.with_name("out.csv"), OLD))
    out = pl.read_csv(source.with_name("out.csv"), infer_schema=False)
    assert out.columns == [*header, "standard", "category", "deprivation_count", "deprivations", "reason"]
    assert out.row(0)[len(HEADER):len(header)] == ("có", None, "Thiếu vốn;ốm đau")


def test_files_without_the_columns_are_read_as_before(write_csv) -> None:  # type: ignore[no-untyped-def]
    checked = validate(read_table(write_csv([row("H1")])), [OLD])
    assert not {"no_labour_capacity", "meritorious", "poverty_causes"} & set(checked.frame.columns)
    assert checked.problems == []


def test_template_writes_the_columns_and_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "mau.xlsx"
    template_write(path, OLD)
    names = [name for name, _, _ in template_columns(OLD)]
    assert names[-3:] == ["no_labour_capacity", "meritorious", "poverty_causes"]
    book = openpyxl.load_workbook(path)
    sheet = book["households"]
    assert [c.value for c in sheet[1]][-3:] == ["Hộ không có khả năng lao động", "Hộ có người có công với cách mạng",
                                                "Nguyên nhân nghèo"]
    assert "capital = Thiếu vốn sản xuất, kinh doanh" in sheet.cell(1, len(names)).comment.text
    guide = [[c.value for c in r] for r in book["huong_dan"].iter_rows()]
    assert ["capital", "Thiếu vốn sản xuất, kinh doanh"] in [r[:2] for r in guide]
    assert any("chưa xác minh" in str(r[2]) for r in guide)
    flags = ["1" if i in ("water", "employment", "nutrition") else "0" for i in OLD.indicator_ids]
    sheet.append(["H1", "01234", "Thôn 1", "Nguyễn Văn A", "nông thôn", 4, 1200000, *flags, "1", "1", "0",
                  "thiếu đất; đông người ăn theo"])
    sheet.append(["H2", "01234", "Thôn 1", "Trần Văn B", "nông thôn", 4, 1200000, *flags])
    book.save(path)
    assert parsed(path, "no_labour_capacity") == [True, None]
    assert parsed(path, "poverty_causes") == ["land;dependants", None]
