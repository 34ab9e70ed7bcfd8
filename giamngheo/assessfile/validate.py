"""Check and parse every cell the assessment needs, column at a time, collecting row-level problems."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import polars as pl

from giamngheo.assessfile.columns import INCOME_COLUMN, REQUIRED, SCORE_COLUMNS, canonical_name, fold
from giamngheo.assessfile.problems import AssessFileError, Problem
from giamngheo.assessfile.read import RawTable
from giamngheo.domain.standard import Standard

AREA_WORDS = {"rural": "rural", "nong thon": "rural", "urban": "urban", "thanh thi": "urban", "do thi": "urban"}
TRUE_WORDS = {"1", "co", "yes", "true", "x"}
FALSE_WORDS = {"0", "khong", "no", "false"}
ROW = "_row"
BAD_FLAG = "_bad"

# Whole numbers as people and spreadsheets write them; anything else (1.5, 1,5tr) is ambiguous.
_PLAIN = r"^\d+$"
_DOT_GROUPS = r"^\d{1,3}(\.\d{3})+$"
_COMMA_GROUPS = r"^\d{1,3}(,\d{3})+$"
_DOT_GROUPS_ZERO_DECIMALS = r"^\d{1,3}(\.\d{3})+,0+$"
_COMMA_GROUPS_ZERO_DECIMALS = r"^\d{1,3}(,\d{3})+\.0+$"
_ZERO_FRACTION = r"^\d+\.0+$"


@dataclass(frozen=True)
class Validated:
    """Parsed canonical columns next to the original ones, plus every problem found."""

    frame: pl.DataFrame
    problems: list[Problem]
    basis: str
    headers: tuple[str, ...]
    positions: dict[str, int]

    @property
    def invalid_rows(self) -> int:
        return len({p.row for p in self.problems if p.row is not None})


def column_letter(index: int) -> str:
    """Return the spreadsheet letter of a 0-based column: 0 → A, 27 → AB."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def map_headers(table: RawTable) -> tuple[dict[str, int], list[Problem]]:
    """Return canonical name → column position, and header problems (blank or duplicate headers)."""
    positions: dict[str, int] = {}
    problems = []
    for index, header in enumerate(table.headers):
        if not header.strip():
            if table.frame.get_column(f"c{index}").null_count() < table.frame.height:
                problems.append(Problem(1, column_letter(index), "tiêu đề cột trống (có thể do gộp ô — merged "
                                                                  "cells); mỗi cột cần một tên riêng trên dòng 1."))
            continue
        name = canonical_name(header)
        if name is None:
            continue
        if name in positions:
            first = table.headers[positions[name]]
            problems.append(Problem(1, header, f"cột trùng nghĩa với cột '{first}' ({name}); chỉ giữ một cột."))
            continue
        positions[name] = index
    return positions, problems


def required_columns(standards: Iterable[Standard], basis: str) -> list[str]:
    names = list(REQUIRED)
    names += [INCOME_COLUMN] if basis == "income" else list(SCORE_COLUMNS)
    if basis == "income":
        for standard in standards:
            names += [f"d_{i}" for i in standard.indicator_ids if f"d_{i}" not in names]
    return names


def validate(table: RawTable, standards: list[Standard]) -> Validated:
    """Parse the columns the standards need; raise AssessFileError for whole-file problems."""
    positions, header_problems = map_headers(table)
    basis = "scores" if INCOME_COLUMN not in positions and all(c in positions for c in SCORE_COLUMNS) else "income"
    missing = [name for name in required_columns(standards, basis) if name not in positions]
    fatal = [p for p in header_problems]
    for name in missing:
        hint = " (hoặc hai cột b1_score, b2_score)" if name == INCOME_COLUMN else ""
        fatal.append(Problem(None, name, f"thiếu cột bắt buộc{hint}. (Missing required column.)"))
    if fatal:
        raise AssessFileError(fatal, rows=table.frame.height)
    frame = table.frame.with_row_index(ROW, offset=2)
    parsed, errors = _parse_expressions(frame, positions, standards, basis)
    frame = frame.with_columns(parsed).with_columns(errors)
    problems = _collect(frame, [e.meta.output_name() for e in errors], positions, table.headers)
    bad = pl.any_horizontal([pl.col(e.meta.output_name()).is_not_null() for e in errors])
    frame = frame.with_columns(bad.alias(BAD_FLAG)).drop([e.meta.output_name() for e in errors])
    return Validated(frame, problems, basis, table.headers, positions)


def _text(index: int) -> pl.Expr:
    text = pl.col(f"c{index}").cast(pl.String).str.strip_chars()
    return pl.when(text == "").then(None).otherwise(text)


def _parse_expressions(frame: pl.DataFrame, positions: dict[str, int], standards: list[Standard],
                       basis: str) -> tuple[list[pl.Expr], list[pl.Expr]]:
    parsed: list[pl.Expr] = []
    errors: list[pl.Expr] = []
    code = _text(positions["household_code"])
    first_row = pl.col(ROW).min().over(code)
    parsed.append(code.alias("household_code"))
    errors.append(pl.when(code.is_null()).then(pl.lit("mã hộ trống (bắt buộc)."))
                  .when(first_row != pl.col(ROW)).then(pl.concat_str(
                      [pl.lit("mã hộ '"), code, pl.lit("' trùng với dòng "), first_row.cast(pl.String),
                       pl.lit(".")])).alias("!household_code"))
    area = _text(positions["area"])
    area_map = _word_map(frame, positions["area"], lambda key: AREA_WORDS.get(key))
    parsed.append(area.replace_strict(area_map, default=None, return_dtype=pl.String).alias("area"))
    errors.append(_blank_or(area, pl.col("area").is_null(), "khu vực phải là nông thôn/thành thị/đô thị "
                            "(rural/urban)").alias("!area"))
    parsed.append(_whole_number(_text(positions["members"]), grouped=False).alias("members"))
    errors.append(_number_error(_text(positions["members"]), pl.col("members"), minimum=1).alias("!members"))
    numeric = [INCOME_COLUMN] if basis == "income" else list(SCORE_COLUMNS)
    for name in numeric:
        text = _text(positions[name])
        parsed.append(_whole_number(text, grouped=name == INCOME_COLUMN).alias(name))
        errors.append(_number_error(text, pl.col(name), minimum=0).alias(f"!{name}"))
    if basis == "scores":
        errors.append(_b2_error(standards).alias("!b2_score_range"))
        region = _text(positions["region"]) if "region" in positions else pl.lit(None, pl.String)
        parsed.append(region.alias("region"))
    if "commune_code" in positions:
        commune = _text(positions["commune_code"])
        errors.append(pl.when(commune.is_not_null() & ~commune.str.contains(r"^\d{5}$")).then(pl.concat_str(
            [pl.lit("mã xã '"), commune, pl.lit("' phải gồm đúng 5 chữ số (định dạng ô là Văn bản để giữ số 0 "
                                                "ở đầu).")])).alias("!commune_code"))
    if basis == "income":
        for name in required_columns(standards, basis):
            if name.startswith("d_"):
                text = _text(positions[name])
                flag_map = _word_map(frame, positions[name], _flag_word)
                parsed.append(text.replace_strict(flag_map, default=None, return_dtype=pl.Boolean).alias(name))
                errors.append(_blank_or(text, pl.col(name).is_null(), "phải là 1/0 (có/không)", blank=(
                    "ô trống nghĩa là chưa đánh giá; ghi 1 (thiếu hụt) hoặc 0 (không thiếu hụt).")).alias(f"!{name}"))
    return parsed, errors


def _flag_word(key: str) -> bool | None:
    if key in TRUE_WORDS or re.fullmatch(r"1(\.0+)?", key):
        return True
    if key in FALSE_WORDS or re.fullmatch(r"0(\.0+)?", key):
        return False
    return None


def _word_map(frame: pl.DataFrame, index: int, meaning: object) -> dict[str, object]:
    """Map each distinct cell text to its meaning; folding only the distinct values keeps this fast."""
    assert callable(meaning)
    values = frame.get_column(f"c{index}").cast(pl.String).str.strip_chars().unique().drop_nulls()
    mapping = {}
    for value in values.to_list():
        understood = meaning(fold(value))
        if understood is not None:
            mapping[value] = understood
    return mapping


def _blank_or(text: pl.Expr, unparsed: pl.Expr, wrong: str, *, blank: str = "ô trống (bắt buộc).") -> pl.Expr:
    return pl.when(text.is_null()).then(pl.lit(blank)).when(unparsed).then(
        pl.concat_str([pl.lit("'"), text, pl.lit(f"' không hợp lệ: {wrong}.")]))


def _whole_number(text: pl.Expr, *, grouped: bool) -> pl.Expr:
    digits = pl.when(text.str.contains(_PLAIN)).then(text)
    if grouped:
        digits = (
            digits.when(text.str.contains(_DOT_GROUPS)).then(text.str.replace_all(".", "", literal=True))
            .when(text.str.contains(_COMMA_GROUPS)).then(text.str.replace_all(",", "", literal=True))
            .when(text.str.contains(_DOT_GROUPS_ZERO_DECIMALS)).then(
                text.str.replace(r",0+$", "").str.replace_all(".", "", literal=True))
            .when(text.str.contains(_COMMA_GROUPS_ZERO_DECIMALS)).then(
                text.str.replace(r"\.0+$", "").str.replace_all(",", "", literal=True))
        )
    digits = digits.when(text.str.contains(_ZERO_FRACTION)).then(text.str.replace(r"\.0+$", ""))
    return digits.cast(pl.Int64, strict=False)


def _number_error(text: pl.Expr, value: pl.Expr, *, minimum: int) -> pl.Expr:
    return (
        pl.when(text.is_null()).then(pl.lit("ô trống (bắt buộc)."))
        .when(text.str.starts_with("-")).then(pl.concat_str([pl.lit("'"), text, pl.lit("' không được âm.")]))
        .when(value.is_null() & text.str.contains(r"^[\d.,]+$") & (text.str.len_chars() > 15)).then(
            pl.concat_str([pl.lit("'"), text, pl.lit("' quá lớn.")]))
        .when(value.is_null()).then(pl.concat_str([pl.lit("'"), text, pl.lit(
            "' không phải số nguyên rõ nghĩa; ghi như 1500000, 1.500.000 hoặc 1,500,000.")]))
        .when(value < minimum).then(pl.concat_str([value.cast(pl.String), pl.lit(f" phải từ {minimum} trở lên.")]))
    )


def _b2_error(standards: list[Standard]) -> pl.Expr:
    scores = standards[0].scores
    if scores is None:
        return pl.lit("chuẩn này không có điểm cắt B1/B2.")
    points = scores.b2_points_per_deprivation
    top = points * len(standards[0].indicators)
    b2 = pl.col("b2_score")
    return pl.when(b2.is_not_null() & ((b2 % points != 0) | (b2 > top))).then(
        pl.concat_str([pl.lit("điểm B2 "), b2.cast(pl.String), pl.lit(f" phải là bội số của {points}, tối đa {top}.")]))


def _collect(frame: pl.DataFrame, error_columns: list[str], positions: dict[str, int],
             headers: tuple[str, ...]) -> list[Problem]:
    long = frame.select([ROW, *error_columns]).unpivot(index=ROW, variable_name="column", value_name="message")
    long = long.drop_nulls("message")
    problems = []
    for row, column, message in long.iter_rows():
        name = column[1:].removesuffix("_range")
        header = headers[positions[name]] if name in positions else name
        problems.append(Problem(row, header or name, message))
    return problems
