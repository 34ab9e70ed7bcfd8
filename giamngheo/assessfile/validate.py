"""Check and parse every cell the assessment needs, column at a time, collecting row-level problems."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import polars as pl

from giamngheo.assessfile.causes import causes_parse
from giamngheo.assessfile.columns import (
    AGRICULTURAL_COLUMN,
    CAUSES_COLUMN,
    INCOME_COLUMN,
    MERITORIOUS_COLUMN,
    NO_LABOUR_COLUMN,
    REQUIRED,
    SCORE_COLUMNS,
    canonical_name,
    fold,
)
from giamngheo.assessfile.problems import AssessFileError, Problem
from giamngheo.assessfile.read import RawTable
from giamngheo.domain.standard import Standard

AREA_WORDS = {"rural": "rural", "nong thon": "rural", "urban": "urban", "thanh thi": "urban", "do thi": "urban"}
TRUE_WORDS = {"1", "co", "yes", "true", "x"}
FALSE_WORDS = {"0", "khong", "no", "false"}
# The optional `agricultural` column also understands the occupation itself written out.
OCCUPATION_WORDS = {"nong nghiep", "lam nghiep", "ngu nghiep", "diem nghiep", "lam nong", "nong, lam, ngu, diem nghiep"}
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
    rules = _rules(frame, positions, standards, basis)
    # One parallel pass parses every column and flags bad cells; messages are built for bad rows only.
    masks = [f"!{rule.column}" for rule in rules]
    checked = (
        frame.lazy().with_columns([rule.parsed for rule in rules if rule.parsed is not None])
        .with_columns([rule.bad.alias(mask) for rule, mask in zip(rules, masks, strict=True)])
        .with_columns(pl.any_horizontal(masks).alias(BAD_FLAG)).collect()
    )
    problems: list[Problem] = []
    if checked.get_column(BAD_FLAG).any():
        problems = _problems(checked, rules, positions, table.headers)
    return Validated(checked.drop(masks), problems, basis, table.headers, positions)


@dataclass(frozen=True)
class _Rule:
    """How one column is parsed, when a cell is bad (cheap, every row) and what to say (bad rows only)."""

    column: str
    parsed: pl.Expr | None
    bad: pl.Expr
    message: pl.Expr


_FIRST = "_first_row"


def _text(index: int) -> pl.Expr:
    text = pl.col(f"c{index}").cast(pl.String).str.strip_chars()
    return pl.when(text == "").then(None).otherwise(text)


def _raw(index: int) -> pl.Expr:
    return pl.col(f"c{index}").cast(pl.String)


def _number_rule(frame: pl.DataFrame, positions: dict[str, int], name: str, *, minimum: int) -> _Rule:
    """Parse whole numbers: a plain integer cast when every cell is plain digits, else the full grammar."""
    raw = _raw(positions[name])
    fast = raw.cast(pl.Int64, strict=False)
    unusual = frame.select((fast.is_null() | (fast < 0) | raw.str.starts_with("+")).any()).item()
    text = _text(positions[name])
    parsed = _whole_number(text, grouped=name == INCOME_COLUMN) if unusual else fast
    column = pl.col(name)
    return _Rule(name, parsed.alias(name), column.is_null() | (column < minimum),
                 _number_error(text, column, minimum=minimum))


def _rules(frame: pl.DataFrame, positions: dict[str, int], standards: list[Standard], basis: str) -> list[_Rule]:
    code = pl.col("household_code")
    rules = [_Rule(
        "household_code", _text(positions["household_code"]).alias("household_code"),
        code.is_null() | ~code.is_first_distinct(),
        pl.when(code.is_null()).then(pl.lit("mã hộ trống (bắt buộc).")).otherwise(pl.concat_str(
            [pl.lit("mã hộ '"), code, pl.lit("' trùng với dòng "), pl.col(_FIRST).cast(pl.String), pl.lit(".")])),
    )]
    flag_columns = [n for n in required_columns(standards, basis) if n.startswith("d_")] if basis == "income" else []
    optional = [n for n in (AGRICULTURAL_COLUMN, NO_LABOUR_COLUMN, MERITORIOUS_COLUMN, CAUSES_COLUMN)
                if n in positions]
    distinct = _distinct(frame, [positions[n] for n in ["area", *flag_columns, *optional]])
    area_map = _word_map(distinct[positions["area"]], lambda key: AREA_WORDS.get(key))
    rules.append(_Rule(
        "area", _raw(positions["area"]).replace_strict(area_map, default=None, return_dtype=pl.String).alias("area"),
        pl.col("area").is_null(),
        _blank_or(_text(positions["area"]), "khu vực phải là nông thôn/thành thị/đô thị (rural/urban)"),
    ))
    rules.append(_number_rule(frame, positions, "members", minimum=1))
    for name in [INCOME_COLUMN] if basis == "income" else list(SCORE_COLUMNS):
        rules.append(_number_rule(frame, positions, name, minimum=0))
    if basis == "scores":
        b2_bad, b2_message = _b2_check(standards)
        rules.append(_Rule("b2_score_range", None, b2_bad, b2_message))
        region = _text(positions["region"]) if "region" in positions else pl.lit(None, pl.String)
        rules.append(_Rule("region", region.alias("region"), pl.lit(False), pl.lit(None, pl.String)))
    if "commune_code" in positions:
        commune = _text(positions["commune_code"])
        five_digits = (commune.str.len_bytes() == 5) & commune.cast(pl.Int32, strict=False).is_between(0, 99999) & (
            ~commune.str.starts_with("+"))
        rules.append(_Rule("commune_code", None, commune.is_not_null() & ~five_digits,
                           pl.concat_str([pl.lit("mã xã '"), commune, pl.lit(
                               "' phải gồm đúng 5 chữ số (định dạng ô là Văn bản để giữ số 0 ở đầu).")])))
    if basis == "income":
        for name in required_columns(standards, basis):
            if name.startswith("d_"):
                flag_map = _word_map(distinct[positions[name]], _flag_word)
                raw = _raw(positions[name])
                if flag_map == {"1": True, "0": False} or flag_map in ({"1": True}, {"0": False}):
                    # The usual 0/1 column: two comparisons instead of a lookup per cell.
                    parsed: pl.Expr = pl.when(raw == "1").then(True).when(raw == "0").then(False)
                else:
                    parsed = raw.replace_strict(flag_map, default=None, return_dtype=pl.Boolean)
                rules.append(_Rule(
                    name, parsed.alias(name),
                    pl.col(name).is_null(),
                    _blank_or(_text(positions[name]), "phải là 1/0 (có/không)", blank=(
                        "ô trống nghĩa là chưa đánh giá; ghi 1 (thiếu hụt) hoặc 0 (không thiếu hụt).")),
                ))
    if AGRICULTURAL_COLUMN in positions:
        rules.append(_flag_rule(AGRICULTURAL_COLUMN, "hộ làm nông, lâm, ngư, diêm nghiệp",
                                positions[AGRICULTURAL_COLUMN], distinct[positions[AGRICULTURAL_COLUMN]],
                                word=_occupation_or_flag_word))
    for name, meaning in GROUP_FLAGS.items():
        if name in positions:
            rules.append(_flag_rule(name, meaning, positions[name], distinct[positions[name]]))
    if CAUSES_COLUMN in positions:
        rules.append(_causes_rule(positions[CAUSES_COLUMN], distinct[positions[CAUSES_COLUMN]]))
    return rules


# The optional household-group flags (report form 8) and what `1` means, for the row error.
GROUP_FLAGS = {NO_LABOUR_COLUMN: "hộ không có khả năng lao động",
               MERITORIOUS_COLUMN: "hộ có người có công với cách mạng"}


def _flag_rule(name: str, meaning: str, index: int, values: list[str],
               word: Callable[[str], bool | None] | None = None) -> _Rule:
    """An optional 1/0 household flag; a blank cell means "not known" and is no error."""
    flag_map = _word_map(values, word or _flag_word)
    text = _text(index)
    parsed = _raw(index).replace_strict(flag_map, default=None, return_dtype=pl.Boolean)
    return _Rule(
        name, parsed.alias(name),
        text.is_not_null() & pl.col(name).is_null(),
        pl.concat_str([pl.lit("'"), text, pl.lit(
            f"' không hợp lệ: ghi 1 ({meaning}) hoặc 0 (không); để trống nếu chưa rõ.")]),
    )


def _causes_rule(index: int, values: list[str]) -> _Rule:
    """The optional causes of poverty: codes or Vietnamese names separated by `;`, kept as `capital;land`; a blank
    cell means "not known" and is no error."""
    mapping = {value: codes for value in values if (codes := causes_parse(value)) is not None}
    text = _text(index)
    parsed = _raw(index).replace_strict(mapping, default=None, return_dtype=pl.String)
    return _Rule(
        CAUSES_COLUMN, pl.when(text.is_null()).then(None).otherwise(parsed).alias(CAUSES_COLUMN),
        text.is_not_null() & pl.col(CAUSES_COLUMN).is_null(),
        pl.concat_str([pl.lit("'"), text, pl.lit(
            "' không hợp lệ: ghi một hoặc nhiều nguyên nhân nghèo, cách nhau bởi dấu ';' (ví dụ: thiếu vốn; "
            "thiếu đất; ốm đau), theo danh mục ở trang hướng dẫn của tệp mẫu; để trống nếu chưa rõ.")]),
    )


def _occupation_or_flag_word(key: str) -> bool | None:
    """The farming flag also takes the occupations written out ("nông nghiệp", "ngư nghiệp"…)."""
    return True if key in OCCUPATION_WORDS else _flag_word(key)


def _problems(checked: pl.DataFrame, rules: list[_Rule], positions: dict[str, int],
              headers: tuple[str, ...]) -> list[Problem]:
    firsts = (checked.filter(pl.col("household_code").is_duplicated()).group_by("household_code")
              .agg(pl.col(ROW).min().alias(_FIRST)))
    bad = checked.filter(pl.col(BAD_FLAG)).join(firsts, on="household_code", how="left")
    messages = bad.select(ROW, *[pl.when(pl.col(f"!{rule.column}")).then(rule.message).alias(rule.column)
                                 for rule in rules])
    long = messages.unpivot(index=ROW, variable_name="column", value_name="message").drop_nulls("message")
    problems = []
    for row, rule, message in long.sort(ROW, maintain_order=True).iter_rows():
        column = rule.removesuffix("_range")
        header = headers[positions[column]] if column in positions else column
        problems.append(Problem(row, header or column, message))
    return problems


def _flag_word(key: str) -> bool | None:
    if key in TRUE_WORDS or re.fullmatch(r"1(\.0+)?", key):
        return True
    if key in FALSE_WORDS or re.fullmatch(r"0(\.0+)?", key):
        return False
    return None


def _distinct(frame: pl.DataFrame, indices: list[int]) -> dict[int, list[str]]:
    """Return the distinct texts of several columns, computed in one parallel pass."""
    found = frame.lazy().select([_raw(i).unique().drop_nulls().implode().alias(str(i)) for i in indices]).collect()
    return {i: found.get_column(str(i))[0].to_list() for i in indices}


def _word_map(values: list[str], meaning: object) -> dict[str, object]:
    """Map each distinct cell text to its meaning; folding only the distinct values keeps this fast."""
    assert callable(meaning)
    mapping = {}
    for value in values:
        understood = meaning(fold(value))
        if understood is not None:
            mapping[value] = understood
    return mapping


def _blank_or(text: pl.Expr, wrong: str, *, blank: str = "ô trống (bắt buộc).") -> pl.Expr:
    return pl.when(text.is_null()).then(pl.lit(blank)).otherwise(
        pl.concat_str([pl.lit("'"), text, pl.lit(f"' không hợp lệ: {wrong}.")]))


def _whole_number(text: pl.Expr, *, grouped: bool) -> pl.Expr:
    """Parse the whole-number spellings the contract allows; anything else becomes null (an error)."""
    spellings = [(_PLAIN, text), (_ZERO_FRACTION, text.str.replace(r"\.0+$", ""))]
    if grouped:
        spellings = [
            (_PLAIN, text),
            (_DOT_GROUPS, text.str.replace_all(".", "", literal=True)),
            (_COMMA_GROUPS, text.str.replace_all(",", "", literal=True)),
            (_DOT_GROUPS_ZERO_DECIMALS, text.str.replace(r",0+$", "").str.replace_all(".", "", literal=True)),
            (_COMMA_GROUPS_ZERO_DECIMALS, text.str.replace(r"\.0+$", "").str.replace_all(",", "", literal=True)),
            (_ZERO_FRACTION, text.str.replace(r"\.0+$", "")),
        ]
    digits: pl.Expr = pl.lit(None, pl.String)
    # Built from the last spelling inwards, so the first matching pattern wins (1.000 is one thousand).
    for pattern, cleaned in reversed(spellings):
        digits = pl.when(text.str.contains(pattern)).then(cleaned).otherwise(digits)
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


def _b2_check(standards: list[Standard]) -> tuple[pl.Expr, pl.Expr]:
    scores = standards[0].scores
    if scores is None:
        return pl.lit(True), pl.lit(f"chuẩn {standards[0].id} không có điểm cắt B1/B2.")
    points = scores.b2_points_per_deprivation
    top = points * len(standards[0].indicators)
    b2 = pl.col("b2_score")
    bad = b2.is_not_null() & ((b2 % points != 0) | (b2 > top))
    return bad, pl.concat_str([pl.lit("điểm B2 "), b2.cast(pl.String),
                               pl.lit(f" phải là bội số của {points}, tối đa {top}.")])
