"""The members sheet of an import: one row per person, tied to a household of the same file by its code."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from giamngheo.assessfile.columns import fold
from giamngheo.assessfile.read import RawTable, read_table
from giamngheo.domain.derive import EMPLOYMENT_STATUSES
from giamngheo.registry.importing.problems import MEMBERS, ImportProblem
from giamngheo.registry.models import Employment

MEMBER_SHEETS = ("members", "thanh vien", "nhan khau", "danh sach thanh vien")
MEMBER_ALIASES = {
    "household_code": ("household_code", "ma ho", "ma ho gia dinh"),
    "full_name": ("full_name", "ho ten", "ho va ten", "ten"),
    "birth_year": ("birth_year", "nam sinh"),
    "sex": ("sex", "gioi tinh"),
    "ethnicity": ("ethnicity", "dan toc"),
    "relation": ("relation", "quan he", "quan he voi chu ho"),
    "id_number": ("id_number", "so dinh danh", "so dinh danh ca nhan", "cccd", "so cccd", "can cuoc"),
    # Optional, added later (docs/assessment-file-additions.md): blank or absent = not recorded.
    "employment": ("employment", "viec lam", "tinh trang viec lam"),
}
REQUIRED = ("household_code", "full_name", "birth_year", "sex")
SEX_WORDS = {"m": "M", "nam": "M", "male": "M", "f": "F", "nu": "F", "female": "F"}
TEXT_LIMITS = {"full_name": 120, "ethnicity": 40, "relation": 40}
HEAD_RELATIONS = ("chu ho", "head")
# Vietnamese words for each employment status, compared folded (case, diacritics, NFC/NFD, "_" and "-" ignored).
EMPLOYMENT_WORDS = {
    "employed_contract": ("lam cong co hop dong", "lam cong co hop dong lao dong", "co hop dong lao dong",
                          "co hop dong", "lam cong an luong co hop dong", "hop dong lao dong"),
    "wage_no_contract": ("lam cong khong co hop dong", "lam cong khong hop dong", "khong co hop dong lao dong",
                         "khong co hop dong", "khong hop dong", "lam thue", "lam cong an luong khong co hop dong"),
    "self_employed": ("tu lam", "tu kinh doanh", "tu lam, tu kinh doanh", "tu lam tu kinh doanh", "lam nong",
                      "lam ruong", "buon ban", "tu doanh"),
    "unemployed": ("that nghiep", "khong co viec lam", "khong co viec", "dang tim viec"),
    "not_in_labour_force": ("khong tham gia lao dong", "ngoai luc luong lao dong", "khong lao dong",
                            "not in labor force", "hoc sinh", "nghi huu", "mat kha nang lao dong"),
}


def employment_key(text: str) -> str:
    """Fold an employment cell for comparison: "Làm công — có hợp đồng" and "LAM_CONG co hop dong" match."""
    return " ".join(fold(text).replace("_", " ").replace("-", " ").replace("—", " ").split())


def _employment_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for status in EMPLOYMENT_STATUSES:
        table[employment_key(status)] = status
        table[employment_key(Employment(status).label)] = status
        for word in EMPLOYMENT_WORDS.get(status, ()):
            table[employment_key(word)] = status
    return table


EMPLOYMENT = _employment_table()


def members_table(path: Path) -> RawTable | None:
    """Return the members sheet of an .xlsx file, or None when the workbook has none."""
    import fastexcel

    reader = fastexcel.read_excel(str(path))
    names = [n for n in reader.sheet_names if fold(n) in MEMBER_SHEETS]
    if not names:
        return None
    sheet = reader.load_sheet(names[0], dtypes="string", dtype_coercion="coerce")
    frame = sheet.to_polars()
    headers = tuple("" if c.column_name_from == "generated" else c.name for c in sheet.available_columns())
    frame.columns = [f"c{index}" for index in range(frame.width)]
    return RawTable(frame=frame, headers=headers, source_format="xlsx", sheet=sheet.name)


def members_file_table(path: Path) -> RawTable:
    """Read a separate members file (.csv, .xlsx or .parquet) with the assessment file's reader."""
    if path.suffix.lower() == ".xlsx":
        table = members_table(path)
        if table is not None:
            return table
    return read_table(path)


def members_frame(table: RawTable, *, year: int) -> tuple[pl.DataFrame, list[ImportProblem]]:
    """Parse the members sheet into household_code, full_name, birth_year, sex, ethnicity, relation, id_number,
    employment ("" when not recorded).

    Rows with problems are dropped from the frame and reported; `_row` is the spreadsheet row (header = 1).
    """
    positions: dict[str, int] = {}
    for index, header in enumerate(table.headers):
        key = fold(header)
        for name, aliases in MEMBER_ALIASES.items():
            if key in aliases and name not in positions:
                positions[name] = index
    missing = [name for name in REQUIRED if name not in positions]
    if missing:
        return _empty(), [ImportProblem(MEMBERS, None, name, "thiếu cột bắt buộc của bảng thành viên.")
                          for name in missing]
    frame = table.frame.with_row_index("_row", offset=2)
    text = {name: _text(f"c{positions[name]}") if name in positions else pl.lit(None, pl.String)
            for name in MEMBER_ALIASES}
    sex_map = {v: SEX_WORDS[fold(v)] for v in _distinct(frame, positions["sex"]) if fold(v) in SEX_WORDS}
    id_clean = text["id_number"].str.replace_all(r"[\s.\-]", "")
    work_map = {}
    if "employment" in positions:
        work_map = {v: EMPLOYMENT[employment_key(v)] for v in _distinct(frame, positions["employment"])
                    if employment_key(v) in EMPLOYMENT}
    parsed = frame.select(
        pl.col("_row"),
        text["household_code"].alias("household_code"),
        text["full_name"].alias("full_name"),
        text["birth_year"].str.replace(r"\.0+$", "").cast(pl.Int32, strict=False).alias("birth_year"),
        text["birth_year"].alias("_birth_text"),
        text["sex"].replace_strict(sex_map, default=None, return_dtype=pl.String).alias("sex"),
        text["sex"].alias("_sex_text"),
        text["ethnicity"].fill_null("").alias("ethnicity"),
        text["relation"].fill_null("").alias("relation"),
        id_clean.fill_null("").alias("id_number"),
        _employment(frame, positions, work_map).alias("employment"),
        text["employment"].alias("_employment_text"),
    )
    checks = {
        "household_code": pl.when(pl.col("household_code").is_null()).then(pl.lit("mã hộ trống (bắt buộc).")),
        "full_name": pl.when(pl.col("full_name").is_null()).then(pl.lit("họ tên trống (bắt buộc)."))
        .when(pl.col("full_name").str.len_chars() > TEXT_LIMITS["full_name"]).then(pl.lit("họ tên dài quá 120 ký tự.")),
        "birth_year": pl.when(pl.col("_birth_text").is_null()).then(pl.lit("năm sinh trống (bắt buộc)."))
        .when(pl.col("birth_year").is_null() | (pl.col("birth_year") < 1900) | (pl.col("birth_year") > year))
        .then(pl.concat_str([pl.lit("năm sinh '"), pl.col("_birth_text"), pl.lit(f"' phải từ 1900 đến {year}.")])),
        "sex": pl.when(pl.col("sex").is_null()).then(pl.concat_str(
            [pl.lit("giới tính '"), pl.col("_sex_text").fill_null(""), pl.lit("' phải là Nam hoặc Nữ.")])),
        "ethnicity": pl.when(pl.col("ethnicity").str.len_chars() > TEXT_LIMITS["ethnicity"])
        .then(pl.lit("dân tộc dài quá 40 ký tự.")),
        "relation": pl.when(pl.col("relation").str.len_chars() > TEXT_LIMITS["relation"])
        .then(pl.lit("quan hệ với chủ hộ dài quá 40 ký tự.")),
        "id_number": pl.when((pl.col("id_number") != "") & ~pl.col("id_number").str.contains(r"^(\d{12}|\d{9})$"))
        .then(pl.lit("số định danh phải gồm 12 chữ số (CCCD) hoặc 9 chữ số (CMND cũ).")),
    }
    checks["employment"] = pl.when(pl.col("_employment_text").is_not_null() & pl.col("employment").is_null()).then(
        pl.concat_str([pl.lit("việc làm '"), pl.col("_employment_text"), pl.lit(
            "' không hợp lệ; ghi một trong: làm công có hợp đồng, làm công không có hợp đồng, tự làm, thất nghiệp, "
            "không tham gia lao động (hoặc để trống nếu chưa rõ).")]))
    first = pl.col("_row").min().over("id_number")
    checks["id_number"] = checks["id_number"].when((pl.col("id_number") != "") & (first != pl.col("_row"))).then(
        pl.concat_str([pl.lit("số định danh trùng với dòng "), first.cast(pl.String), pl.lit(".")]))
    parsed = parsed.with_columns([expr.alias(f"!{name}") for name, expr in checks.items()])
    problems = _problems(parsed, table.headers, positions)
    bad = pl.any_horizontal([pl.col(f"!{name}").is_not_null() for name in checks])
    good = parsed.filter(~bad).select("_row", "household_code", "full_name", "birth_year", "sex", "ethnicity",
                                      "relation", "id_number", pl.col("employment").fill_null(""))
    return good, problems


def head_names(members: pl.DataFrame) -> dict[str, str]:
    """Return household code → the name of the member whose relation is "Chủ hộ" (first one wins)."""
    heads = [v for v in members.get_column("relation").unique().to_list() if fold(v) in HEAD_RELATIONS]
    rows = members.filter(pl.col("relation").is_in(heads))
    return dict(rows.group_by("household_code", maintain_order=True).agg(pl.col("full_name").first()).iter_rows())


def _employment(frame: pl.DataFrame, positions: dict[str, int], work_map: dict[str, str]) -> pl.Expr:
    """The status of each row: "" for a blank cell or no column, null (an error) for a word we do not know."""
    if "employment" not in positions:
        return pl.lit("", pl.String)
    raw = pl.col(f"c{positions['employment']}").cast(pl.String).str.strip_chars()
    return pl.when(raw.is_null() | (raw == "")).then(pl.lit("")).otherwise(
        raw.replace_strict(work_map, default=None, return_dtype=pl.String))


def _text(column: str) -> pl.Expr:
    value = pl.col(column).cast(pl.String).str.normalize("NFC").str.replace_all(r"\s+", " ").str.strip_chars()
    return pl.when(value == "").then(None).otherwise(value)


def _distinct(frame: pl.DataFrame, index: int) -> list[str]:
    return frame.get_column(f"c{index}").cast(pl.String).str.strip_chars().unique().drop_nulls().to_list()


def _problems(frame: pl.DataFrame, headers: tuple[str, ...], positions: dict[str, int]) -> list[ImportProblem]:
    columns = [c for c in frame.columns if c.startswith("!")]
    long = frame.select(["_row", *columns]).unpivot(index="_row", variable_name="column", value_name="message")
    problems = []
    for row, column, message in long.drop_nulls("message").iter_rows():
        name = column[1:]
        header = headers[positions[name]] if name in positions else name
        problems.append(ImportProblem(MEMBERS, row, header or name, message))
    return problems


def _empty() -> pl.DataFrame:
    return pl.DataFrame(schema={
        "_row": pl.UInt32, "household_code": pl.String, "full_name": pl.String, "birth_year": pl.Int32,
        "sex": pl.String, "ethnicity": pl.String, "relation": pl.String, "id_number": pl.String,
        "employment": pl.String,
    })
