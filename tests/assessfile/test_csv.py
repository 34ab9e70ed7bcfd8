"""The assessment file contract for CSV: accepted spellings, exact output, and every bad-input case."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import polars as pl
import pytest

from giamngheo.assessfile.problems import AssessFileError
from giamngheo.assessfile.run import AssessRequest, assess_file
from giamngheo.domain.standard import standard_get
from tests.assessfile.conftest import HEADER, row

OLD = standard_get("2022-2025")


def run(source: Path, target: Path | None = None, **options: object):  # type: ignore[no-untyped-def]
    target = target or source.with_name("out.csv")
    return assess_file(AssessRequest(source, target, options.pop("standard", OLD), **options))  # type: ignore[arg-type]


def problems(source: Path) -> list[str]:
    with pytest.raises(AssessFileError) as caught:
        run(source)
    assert not source.with_name("out.csv").exists()
    return [str(p) for p in caught.value.problems]


def test_output_adds_the_contract_columns_and_keeps_input_untouched(write_csv) -> None:  # type: ignore[no-untyped-def]
    source = write_csv([row("H1", income="1.500.000"), row("H2", area="urban", income="2,000,001", deprived=())])
    summary = run(source)
    out = pl.read_csv(source.with_name("out.csv"), infer_schema=False)
    assert out.columns == [*HEADER, "standard", "category", "deprivation_count", "deprivations", "reason"]
    assert out.row(0, named=True) | {} == {
        **dict(zip(HEADER, row("H1", income="1.500.000"), strict=True)),
        "standard": "2022-2025", "category": "poor", "deprivation_count": "3",
        "deprivations": "employment;water;telecom",
        "reason": "Hộ nghèo: thu nhập 1.500.000 đồng/người/tháng không vượt chuẩn nghèo nông thôn 1.500.000 đồng "
                  "và thiếu hụt 3/12 chỉ số (từ 3 chỉ số trở lên).",
    }
    assert out.row(1, named=True)["income_per_capita"] == "2,000,001"
    assert out.row(1, named=True)["category"] == "average"
    assert out.row(1, named=True)["deprivations"] is None or out.row(1, named=True)["deprivations"] == ""
    assert (summary.rows, summary.written, dict(summary.categories)) == (2, 2, {"poor": 1, "average": 1})


def test_bom_semicolons_and_nfd_vietnamese(write_csv) -> None:  # type: ignore[no-untyped-def]
    nfd = lambda text: unicodedata.normalize("NFD", text)  # noqa: E731
    header = [nfd("Mã hộ"), nfd("Khu Vực"), nfd("Số nhân khẩu"), nfd("Thu nhập bình quân"), *HEADER[4:]]
    rows = [row("H1", area=nfd("Nông thôn")), row("H2", area=nfd("ĐÔ THỊ")), row("H3", area="thanh thi")]
    source = write_csv(rows, header, separator=";", bom=True)
    run(source)
    out = pl.read_csv(source.with_name("out.csv"), infer_schema=False)
    assert out.columns[0] == nfd("Mã hộ")
    assert out.get_column("category").to_list() == ["poor", "poor", "poor"]
    assert "thành thị 2.000.000" in out.get_column("reason")[1]


@pytest.mark.parametrize("income", ["1500000", "1.500.000", "1,500,000", "1500000.0", " 1500000 ", "1.500.000,00",
                                    "1,500,000.00"])
def test_accepted_income_spellings(write_csv, income: str) -> None:  # type: ignore[no-untyped-def]
    source = write_csv([row(income=income)])
    run(source)
    out = pl.read_csv(source.with_name("out.csv"), infer_schema=False)
    assert out.get_column("reason").str.contains("thu nhập 1.500.000 đồng").to_list() == [True]


@pytest.mark.parametrize("word", ["1", "có", "CÓ", "Yes", "TRUE", "x", "1.0"])
def test_accepted_deprived_words(write_csv, word: str) -> None:  # type: ignore[no-untyped-def]
    source = write_csv([row(deprived=("employment", "water"), d_nutrition=word)])
    assert run(source).categories == {"poor": 1}


@pytest.mark.parametrize("word", ["0", "không", "Khong", "no", "False", "0.0"])
def test_accepted_not_deprived_words(write_csv, word: str) -> None:  # type: ignore[no-untyped-def]
    source = write_csv([row(deprived=("employment", "water"), d_nutrition=word)])
    assert run(source).categories == {"near_poor": 1}


@pytest.mark.parametrize(("cells", "expected"), [
    ({"income": "1.5"}, "row 2, column income_per_capita: '1.5' không phải số nguyên rõ nghĩa; ghi như 1500000, "
                        "1.500.000 hoặc 1,500,000."),
    ({"income": "1,5tr"}, "row 2, column income_per_capita: '1,5tr' không phải số nguyên rõ nghĩa; ghi như "
                          "1500000, 1.500.000 hoặc 1,500,000."),
    ({"income": "1500000.5"}, "row 2, column income_per_capita: '1500000.5' không phải số nguyên rõ nghĩa; ghi "
                              "như 1500000, 1.500.000 hoặc 1,500,000."),
    ({"income": "-5"}, "row 2, column income_per_capita: '-5' không được âm."),
    ({"income": ""}, "row 2, column income_per_capita: ô trống (bắt buộc)."),
    ({"income": "99999999999999999999"}, "row 2, column income_per_capita: '99999999999999999999' quá lớn."),
    ({"members": "0"}, "row 2, column members: 0 phải từ 1 trở lên."),
    ({"members": "2.5"}, "row 2, column members: '2.5' không phải số nguyên rõ nghĩa; ghi như 1500000, 1.500.000 "
                         "hoặc 1,500,000."),
    ({"area": "city"}, "row 2, column area: 'city' không hợp lệ: khu vực phải là nông thôn/thành thị/đô thị "
                       "(rural/urban)."),
    ({"area": ""}, "row 2, column area: ô trống (bắt buộc)."),
    ({"d_water": ""}, "row 2, column d_water: ô trống nghĩa là chưa đánh giá; ghi 1 (thiếu hụt) hoặc 0 (không "
                      "thiếu hụt)."),
    ({"d_water": "2"}, "row 2, column d_water: '2' không hợp lệ: phải là 1/0 (có/không)."),
    ({"code": ""}, "row 2, column household_code: mã hộ trống (bắt buộc)."),
])
def test_each_bad_cell_is_named_by_row_and_column(write_csv, cells: dict[str, str], expected: str) -> None:  # type: ignore[no-untyped-def]
    assert problems(write_csv([row(**cells)])) == [expected]


def test_duplicate_household_codes_point_to_the_first(write_csv) -> None:  # type: ignore[no-untyped-def]
    found = problems(write_csv([row("H1"), row("H2"), row("H1"), row("H1")]))
    assert found == ["row 4, column household_code: mã hộ 'H1' trùng với dòng 2.",
                     "row 5, column household_code: mã hộ 'H1' trùng với dòng 2."]


def test_missing_required_columns_are_one_line_each(write_csv) -> None:  # type: ignore[no-untyped-def]
    header = [h for h in HEADER if h not in ("members", "d_water")]
    source = write_csv([[c for h, c in zip(HEADER, row(), strict=True) if h in header]], header)
    assert sorted(problems(source)) == [
        "column d_water: thiếu cột bắt buộc. (Missing required column.)",
        "column members: thiếu cột bắt buộc. (Missing required column.)",
    ]


def test_income_column_may_be_replaced_by_b1_b2_scores(write_csv) -> None:  # type: ignore[no-untyped-def]
    source = write_csv([["H1", "rural", "4", "110", "40"], ["H2", "urban", "2", "200", "30"]],
                       ["Mã hộ", "Khu vực", "Số nhân khẩu", "Phiếu B1", "Phiếu B2"])
    summary = run(source)
    assert summary.basis == "scores"
    out = pl.read_csv(source.with_name("out.csv"), infer_schema=False)
    assert out.get_column("category").to_list() == ["poor", "non_poor"]
    assert out.get_column("deprivation_count").to_list() == ["4", "3"]


def test_b2_must_be_a_multiple_of_ten(write_csv) -> None:  # type: ignore[no-untyped-def]
    source = write_csv([["H1", "rural", "4", "110", "35"]], ["household_code", "area", "members", "b1_score",
                                                              "b2_score"])
    assert problems(source) == ["row 2, column b2_score: điểm B2 35 phải là bội số của 10, tối đa 120."]


def test_commune_code_must_have_five_digits(write_csv) -> None:  # type: ignore[no-untyped-def]
    source = write_csv([[*row("H1"), "01234"], [*row("H2"), "1234"]], [*HEADER, "commune_code"])
    assert problems(source) == ["row 3, column commune_code: mã xã '1234' phải gồm đúng 5 chữ số (định dạng ô là "
                                "Văn bản để giữ số 0 ở đầu)."]


def test_problems_are_ranked_and_counted(write_csv) -> None:  # type: ignore[no-untyped-def]
    rows = [row(f"H{i}", income="1,5tr") for i in range(60)] + [row("H99", d_water="")]
    with pytest.raises(AssessFileError) as caught:
        run(write_csv(rows))
    report = caught.value.report(limit=3).splitlines()
    assert report == [
        "row 2, column income_per_capita: '1,5tr' không phải số nguyên rõ nghĩa; ghi như 1500000, 1.500.000 hoặc "
        "1,500,000.",
        "row 3, column income_per_capita: '1,5tr' không phải số nguyên rõ nghĩa; ghi như 1500000, 1.500.000 hoặc "
        "1,500,000.",
        "row 4, column income_per_capita: '1,5tr' không phải số nguyên rõ nghĩa; ghi như 1500000, 1.500.000 hoặc "
        "1,500,000.",
        "… và 58 lỗi khác (and 58 more).",
        "Tổng cộng 61 lỗi ở 61 dòng (income_per_capita: 60, d_water: 1).",
    ]


def test_skip_invalid_writes_only_good_rows(write_csv) -> None:  # type: ignore[no-untyped-def]
    source = write_csv([row("H1"), row("H2", income="abc"), row("H3", deprived=())])
    summary = run(source, skip_invalid=True)
    assert (summary.rows, summary.written, len(summary.skipped)) == (3, 2, 1)
    out = pl.read_csv(source.with_name("out.csv"), infer_schema=False)
    assert out.get_column("household_code").to_list() == ["H1", "H3"]


@pytest.mark.parametrize(("content", "expected"), [
    (b"", "Tệp 'ho.csv' rỗng. (Empty file.)"),
    (",".join(HEADER).encode() + b"\n", "Tệp 'ho.csv' không có dòng hộ nào dưới dòng tiêu đề. (No data rows.)"),
    ("\n".join([",".join(HEADER), ",".join(row(area="nông thôn"))]).encode("cp1258"),
     "Tệp CSV không phải mã UTF-8 (có thể là Windows-1258 hoặc TCVN3); hãy lưu lại dạng 'CSV UTF-8'."),
    ("\n".join([",".join(HEADER), ",".join(row())]).encode("utf-16"),
     "Tệp CSV đang ở mã UTF-16; hãy lưu lại dạng 'CSV UTF-8'. (UTF-16 is not supported.)"),
    (b"\n\n\n", "Dòng đầu (dòng tiêu đề) trống. (The header row is empty.)"),
])
def test_unreadable_files_are_one_clear_line(tmp_path: Path, content: bytes, expected: str) -> None:
    source = tmp_path / "ho.csv"
    source.write_bytes(content)
    assert problems(source) == [expected]


def test_ragged_row_and_stray_quote_are_located(write_csv) -> None:  # type: ignore[no-untyped-def]
    ragged = write_csv([row("H1"), [*row("H2"), "x", "y"]])
    assert problems(ragged) == ["row 3: dòng có 18 ô nhưng tiêu đề chỉ có 16 cột (thừa dấu ',' hoặc thiếu dấu ngoặc "
                                "kép?)."]
    quoted = ragged.with_name("quoted.csv")
    quoted.write_text(",".join(HEADER) + "\n" + ",".join(row("H1")) + "\n" + ",".join(row('H"2')) + "\n")
    assert problems(quoted) == ['row 3: dấu ngoặc kép (") không khớp; bỏ dấu " trong ô hoặc đặt cả ô trong ngoặc '
                                'kép và viết "" cho mỗi dấu " bên trong.']


def test_unsupported_formats_and_missing_files(tmp_path: Path) -> None:
    with pytest.raises(AssessFileError, match=r"Định dạng '\.txt' không được hỗ trợ"):
        run(tmp_path / "a.txt")
    with pytest.raises(AssessFileError, match="Không tìm thấy tệp"):
        run(tmp_path / "missing.csv")


def test_bad_input_leaves_an_existing_output_untouched(write_csv) -> None:  # type: ignore[no-untyped-def]
    source = write_csv([row(income="1.5")])
    target = source.with_name("previous.csv")
    target.write_text("kết quả cũ\n", encoding="utf-8")
    with pytest.raises(AssessFileError):
        run(source, target)
    assert target.read_text(encoding="utf-8") == "kết quả cũ\n"
    assert sorted(p.name for p in source.parent.iterdir()) == ["ho.csv", "previous.csv"]


def test_reassessing_an_output_replaces_its_columns(write_csv) -> None:  # type: ignore[no-untyped-def]
    source = write_csv([row()])
    first = source.with_name("first.csv")
    run(source, first)
    run(first, source.with_name("second.csv"), standard=standard_get("2022-2025"))
    second = pl.read_csv(source.with_name("second.csv"), infer_schema=False)
    assert second.columns == pl.read_csv(first, infer_schema=False).columns


def test_overlay_and_compare_add_columns_and_moves(write_csv) -> None:  # type: ignore[no-untyped-def]
    header = [*HEADER, "d_waste", "d_digital"]
    rows = [[*row("H1", income="1900000", deprived=("water", "telecom")), "0", "0"],
            [*row("H2", income="1000000", deprived=("water", "telecom", "info_access")), "0", "0"]]
    source = write_csv(rows, header)
    summary = run(source, overlay=standard_get("dong-nai-2022-2025"), compare=standard_get("2027-2030"))
    out = pl.read_csv(source.with_name("out.csv"), infer_schema=False)
    assert out.select("category", "local_category", "compare_category").rows() == [
        ("average", "poor", "near_poor"), ("poor", "poor", "near_poor")]
    assert dict(summary.moves) == {("average", "near_poor"): 1, ("poor", "near_poor"): 1}
    assert dict(summary.local_categories) == {"poor": 2}


@pytest.mark.parametrize("suffix", [".xlsx", ".parquet"])
def test_other_output_formats(write_csv, suffix: str) -> None:  # type: ignore[no-untyped-def]
    source = write_csv([row("H1"), row("H2", income="9000000")])
    target = source.with_name("out" + suffix)
    run(source, target)
    frame = pl.read_excel(target) if suffix == ".xlsx" else pl.read_parquet(target)
    assert frame.get_column("category").to_list() == ["poor", "non_poor"]
