"""The optional `agricultural` household column (docs/assessment-file-additions.md): added, never required."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from giamngheo.assessfile.problems import AssessFileError
from giamngheo.assessfile.read import read_table
from giamngheo.assessfile.run import AssessRequest, assess_file
from giamngheo.assessfile.template import template_columns, template_write
from giamngheo.assessfile.validate import validate
from giamngheo.domain.standard import standard_get
from tests.assessfile.conftest import HEADER, row

OLD = standard_get("2022-2025")


def parsed(source: Path) -> list[bool | None]:
    checked = validate(read_table(source), [OLD])
    assert checked.problems == []
    return checked.frame.get_column("agricultural").to_list()


@pytest.mark.parametrize("header", ["agricultural", "Agricultural", "Hộ làm nông, lâm, ngư, diêm nghiệp",
                                    "HỘ LÀM NÔNG, LÂM, NGƯ, DIÊM NGHIỆP", "ho lam nong lam ngu diem nghiep",
                                    "Hộ làm nông, lâm, ngư, diêm nghiệp (agricultural)",
                                    unicodedata.normalize("NFD", "Hộ làm nông, lâm, ngư, diêm nghiệp")])
def test_header_aliases(write_csv, header: str) -> None:  # type: ignore[no-untyped-def]
    source = write_csv([[*row("H1"), "1"], [*row("H2"), "0"]], [*HEADER, header])
    assert parsed(source) == [True, False]


def test_values_words_nfd_and_blanks(write_csv) -> None:  # type: ignore[no-untyped-def]
    nfd = unicodedata.normalize("NFD", "Có")
    values = ["1", "0", "có", "KHÔNG", "yes", "No", "true", "FALSE", nfd, "", "  ", "1.0", "Nông nghiệp", "x"]
    source = write_csv([[*row(f"H{i}"), v] for i, v in enumerate(values)], [*HEADER, "agricultural"])
    assert parsed(source) == [True, False, True, False, True, False, True, False, True, None, None, True, True, True]


def test_bad_values_are_row_errors_and_nothing_is_written(write_csv) -> None:  # type: ignore[no-untyped-def]
    source = write_csv([[*row("H1"), "1"], [*row("H2"), "2"], [*row("H3"), "có lẽ"]],
                       [*HEADER, "Hộ làm nông, lâm, ngư, diêm nghiệp"])
    with pytest.raises(AssessFileError) as caught:
        assess_file(AssessRequest(source, source.with_name("out.csv"), OLD))
    assert not source.with_name("out.csv").exists()
    assert [str(p) for p in caught.value.problems] == [
        "row 3, column Hộ làm nông, lâm, ngư, diêm nghiệp: '2' không hợp lệ: ghi 1 (hộ làm nông, lâm, ngư, diêm "
        "nghiệp) hoặc 0 (không); để trống nếu chưa rõ.",
        "row 4, column Hộ làm nông, lâm, ngư, diêm nghiệp: 'có lẽ' không hợp lệ: ghi 1 (hộ làm nông, lâm, ngư, diêm "
        "nghiệp) hoặc 0 (không); để trống nếu chưa rõ.",
    ]


def test_output_keeps_the_column_untouched_and_adds_nothing_else(write_csv) -> None:  # type: ignore[no-untyped-def]
    source = write_csv([[*row("H1"), "có"], [*row("H2"), ""]], [*HEADER, "agricultural"])
    assess_file(AssessRequest(source, source.with_name("out.csv"), OLD))
    out = pl.read_csv(source.with_name("out.csv"), infer_schema=False)
    assert out.columns == [*HEADER, "agricultural", "standard", "category", "deprivation_count", "deprivations",
                           "reason"]
    assert out.get_column("agricultural").to_list() == ["có", None]


def test_files_without_the_column_are_read_as_before(write_csv) -> None:  # type: ignore[no-untyped-def]
    source = write_csv([row("H1")])
    checked = validate(read_table(source), [OLD])
    assert "agricultural" not in checked.frame.columns
    assert checked.problems == []


def test_template_ends_with_the_optional_column_and_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "mau.xlsx"
    template_write(path, OLD)
    names = [name for name, _, _ in template_columns(OLD)]
    # The optional columns come last, `agricultural` first of them (later additions follow it).
    optional = names.index("agricultural")
    assert names[optional:] == ["agricultural", "no_labour_capacity", "meritorious", "poverty_causes"]
    names = names[:optional + 1]
    assert names[:-1] == ["household_code", "commune_code", "village", "head_name", "area", "members",
                          "income_per_capita", *[f"d_{i}" for i in OLD.indicator_ids]]
    book = openpyxl.load_workbook(path)
    sheet = book["households"]
    assert sheet.cell(1, len(names)).value == "Hộ làm nông, lâm, ngư, diêm nghiệp"
    assert "Không bắt buộc" in sheet.cell(1, len(names)).comment.text
    flags = ["1" if i in ("water", "employment", "nutrition") else "0" for i in OLD.indicator_ids]
    sheet.append(["H1", "01234", "Thôn 1", "Nguyễn Văn A", "nông thôn", 4, 1200000, *flags, "1"])
    sheet.append(["H2", "01234", "Thôn 1", "Trần Văn B", "nông thôn", 4, 1200000, *flags])
    book.save(path)
    assert parsed(path) == [True, None]
