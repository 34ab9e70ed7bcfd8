"""Turn an uploaded assessment file (plus members) into checked, assessed rows — without writing anything.

Reading, header matching and cell validation are the assessment file's own (`giamngheo.assessfile`), and the
categories come from the vectorised engine (`giamngheo.domain.frame`), so an import classifies exactly as
`giamngheo assess` does. This module adds what only an import needs: the commune, names, members, digests.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from django.conf import settings
from django.core.exceptions import ValidationError

from giamngheo.assessfile.columns import CAUSES_COLUMN, FACT_COLUMNS
from giamngheo.assessfile.columns import fold as header_fold
from giamngheo.assessfile.problems import AssessFileError
from giamngheo.assessfile.read import RawTable, file_format, read_table
from giamngheo.assessfile.validate import BAD_FLAG, ROW, validate
from giamngheo.domain.frame import assess_frame
from giamngheo.domain.standard import Standard
from giamngheo.geo.models import AdminUnit
from giamngheo.geo.services import village_name_clean
from giamngheo.registry.importing import communes
from giamngheo.registry.importing.members import head_names, members_file_table, members_frame, members_table
from giamngheo.registry.importing.problems import HOUSEHOLDS, MEMBERS, ImportProblem

ADDRESS_HEADERS = ("address", "dia chi", "dia chi (xom, so nha)")
CODE_MAX, NAME_MAX, ADDRESS_MAX = 32, 120, 200
_CONTROL = r"[\p{Cc}\p{Cf}\p{Co}]"


@dataclass
class Prepared:
    """Valid, assessed households (one row each) and their members, or the problems that stop the import."""

    households: pl.DataFrame
    members: pl.DataFrame | None
    problems: list[ImportProblem] = field(default_factory=list)
    rows: int = 0
    member_rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def import_prepare(*, content: bytes, filename: str, commune: AdminUnit, year: int, standard: Standard,
                   members_content: bytes | None = None, members_filename: str = "") -> Prepared:
    """Read, validate and assess; every problem is collected, none is raised."""
    with tempfile.TemporaryDirectory(prefix="giamngheo-import-") as folder:
        try:
            path = _spill(Path(folder), "households", filename, content)
            table = read_table(path)
            members_raw = members_table(path) if table.source_format == "xlsx" else None
            if members_content is not None:
                if members_raw is not None:
                    return _fatal("Tệp hộ đã có trang 'members'; không gửi thêm tệp thành viên riêng.")
                members_raw = members_file_table(_spill(Path(folder), "members", members_filename, members_content))
        except AssessFileError as error:
            return Prepared(_nothing(), None, [ImportProblem("", p.row, p.column, p.message) for p in error.problems])
        except Exception as error:  # fastexcel raises its own classes for damaged workbooks
            return _fatal(f"Không đọc được tệp: {str(error).strip().splitlines()[0][:200] if str(error) else error}")
        return _prepare_tables(table, members_raw, commune=commune, year=year, standard=standard)


def _prepare_tables(table: RawTable, members_raw: RawTable | None, *, commune: AdminUnit, year: int,
                    standard: Standard) -> Prepared:
    try:
        validated = validate(table, [standard])
    except AssessFileError as error:
        return Prepared(_nothing(), None, [ImportProblem(HOUSEHOLDS, p.row, p.column, p.message)
                                           for p in error.problems], rows=table.frame.height)
    if validated.basis != "income":
        return _fatal("Nhập vào sổ hộ cần cột thu nhập bình quân (income_per_capita); tệp chỉ có điểm B1/B2.")
    if "commune_code" not in validated.positions:
        return _fatal("Thiếu cột bắt buộc commune_code (mã xã) để nhập vào sổ hộ.")
    problems = [ImportProblem(HOUSEHOLDS, p.row, p.column, p.message) for p in validated.problems]
    positions, headers = validated.positions, table.headers
    address_index = next((i for i, h in enumerate(headers) if header_fold(h) in ADDRESS_HEADERS), None)
    frame = validated.frame.with_columns(
        _text(positions["commune_code"]).alias("commune_code"),
        _text(positions.get("village")).alias("village"),
        _text(positions.get("head_name")).alias("head_name"),
        _text(address_index).alias("address"),
    )
    header = {name: headers[index] for name, index in positions.items()}
    header["address"] = headers[address_index] if address_index is not None else "address"
    problems += communes.commune_problems(frame, commune=commune, column=header["commune_code"])
    problems += _text_problems(frame, header)
    members = None
    member_rows = 0
    if members_raw is not None:
        member_rows = members_raw.frame.height
        members, member_problems = members_frame(members_raw, year=year)
        problems += member_problems
        problems += _membership_problems(frame, members, header)
        heads = head_names(members)
        if heads:
            frame = frame.with_columns(pl.col("head_name").fill_null(
                pl.col("household_code").replace_strict(heads, default=None, return_dtype=pl.String)))
    missing_head = frame.filter(pl.col("head_name").is_null() & pl.col("household_code").is_not_null())
    problems += [ImportProblem(HOUSEHOLDS, row, header.get("head_name", "head_name"),
                               "thiếu tên chủ hộ (ghi ở cột head_name, hoặc một thành viên có quan hệ 'Chủ hộ').")
                 for row in missing_head.get_column(ROW).to_list()]
    if problems:
        return Prepared(_nothing(), members, problems, rows=frame.height, member_rows=member_rows)
    assessed = assess_frame(frame.filter(~pl.col(BAD_FLAG)).lazy(), standard).collect()
    return Prepared(_finish(assessed, members, standard), members, [], rows=frame.height, member_rows=member_rows)


def _finish(frame: pl.DataFrame, members: pl.DataFrame | None, standard: Standard) -> pl.DataFrame:
    """Add facts, digests and the search key; keep only what the registry stores."""
    flags = [f"d_{i}" for i in standard.indicator_ids]
    # The optional columns (`agricultural`, the group flags, the causes of poverty) join the facts only when the
    # file has them, so older files keep exactly the facts (and fact digests) they had: re-importing them adds no
    # new result.
    optional = [pl.col(name) if name == CAUSES_COLUMN else pl.col(name).cast(pl.Int8)
                for name in FACT_COLUMNS if name in frame.columns]
    facts = pl.struct(
        pl.col("area"), pl.col("members"), pl.col("income_per_capita"),
        *[pl.col(f).cast(pl.Int8) for f in flags], *optional,
    ).struct.json_encode()
    frame = frame.with_columns(
        facts.alias("facts"),
        pl.col("village").fill_null(""), pl.col("address").fill_null(""),
        _search_key(["household_code", "head_name", "village", "address"]).alias("search_key"),
    )
    if members is not None:
        # A recorded employment is appended to the member's line; a blank one adds nothing, so files without
        # the column keep the record digests they had.
        employment = pl.col("employment") if "employment" in members.columns else pl.lit("")
        lines = members.sort("_row").select(
            "household_code",
            (pl.concat_str([pl.col(c).cast(pl.String) for c in
                            ("full_name", "birth_year", "sex", "ethnicity", "relation", "id_number")],
                           separator="\x1f")
             + pl.when(employment == "").then(pl.lit("")).otherwise(pl.lit("\x1f") + employment)).alias("line"),
        ).group_by("household_code").agg(pl.col("line").str.join("\x1e").alias("member_lines"))
        frame = frame.join(lines, on="household_code", how="left").with_columns(pl.col("member_lines").fill_null(""))
    else:
        frame = frame.with_columns(pl.lit("\x00no-members").alias("member_lines"))
    record = pl.concat_str([pl.col(c).cast(pl.String) for c in ("head_name", "village", "address", "area",
                                                                 "member_lines")], separator="\x1d")
    key = _digest_key()
    standard_prefix = standard.id.encode() + b"\x1d"
    fact_digests = [hashlib.sha256(standard_prefix + text.encode()).hexdigest()
                    for text in frame.get_column("facts").to_list()]
    mac = hmac.new(key, digestmod=hashlib.sha256)
    record_digests = [_mac_hex(mac, text) for text in frame.select(record).to_series().to_list()]
    return frame.with_columns(
        pl.Series("fact_digest", fact_digests, dtype=pl.String),
        pl.Series("record_digest", record_digests, dtype=pl.String),
    ).select(
        ROW, "household_code", "village", "head_name", "address", "area", "members", "income_per_capita",
        "category", "deprivation_count", "deprivations", "reason", "facts", "fact_digest", "record_digest",
        "search_key",
    )


def _mac_hex(base: hmac.HMAC, text: str) -> str:
    mac = base.copy()
    mac.update(text.encode())
    return mac.hexdigest()


def _text_problems(frame: pl.DataFrame, header: dict[str, str]) -> list[ImportProblem]:
    problems = []
    limits = {"household_code": CODE_MAX, "head_name": NAME_MAX, "address": ADDRESS_MAX}
    for name, limit in limits.items():
        bad = frame.filter(pl.col(name).str.len_chars() > limit).get_column(ROW).to_list()
        problems += [ImportProblem(HOUSEHOLDS, row, header.get(name, name), f"dài quá {limit} ký tự.") for row in bad]
    for name in ("household_code", "head_name", "address"):
        bad = frame.filter(pl.col(name).str.contains(_CONTROL)).get_column(ROW).to_list()
        problems += [ImportProblem(HOUSEHOLDS, row, header.get(name, name), "chứa ký tự điều khiển không hợp lệ.")
                     for row in bad]
    villages = frame.get_column("village").drop_nulls().unique().to_list()
    for village in villages:
        try:
            village_name_clean(village)
        except ValidationError as error:
            message = " ".join(m for messages in error.message_dict.values() for m in messages)
            rows = frame.filter(pl.col("village") == village).get_column(ROW).to_list()
            problems += [ImportProblem(HOUSEHOLDS, row, header.get("village", "village"), message) for row in rows]
    return problems


def _membership_problems(frame: pl.DataFrame, members: pl.DataFrame, header: dict[str, str]) -> list[ImportProblem]:
    codes = frame.get_column("household_code").drop_nulls()
    orphans = members.filter(~pl.col("household_code").is_in(codes.implode()))
    problems = [ImportProblem(MEMBERS, row, "household_code", f"thành viên thuộc hộ '{code}' nhưng bảng hộ gia đình "
                              "không có hộ này.") for row, code in orphans.select("_row", "household_code").iter_rows()]
    counts = members.group_by("household_code").len("listed")
    declared = frame.filter(~pl.col(BAD_FLAG)).select(ROW, "household_code", "members").join(
        counts, on="household_code", how="left").with_columns(pl.col("listed").fill_null(0))
    mismatch = declared.filter(pl.col("members") != pl.col("listed"))
    problems += [ImportProblem(HOUSEHOLDS, row, header.get("members", "members"),
                               f"khai {declared_count} nhân khẩu nhưng bảng thành viên có {listed} người.")
                 for row, _code, declared_count, listed in mismatch.iter_rows()]
    return problems


def _search_key(columns: list[str]) -> pl.Expr:
    """The same key as `giamngheo.common.text.fold`, computed for a whole column at once."""
    joined = pl.concat_str([pl.col(c).fill_null("") for c in columns], separator=" ")
    return (joined.str.replace_all("đ", "d", literal=True).str.replace_all("Đ", "D", literal=True)
            .str.normalize("NFD").str.replace_all(r"\p{Mn}", "").str.to_lowercase()
            .str.replace_all(r"\s+", " ").str.strip_chars())


def _text(index: int | None) -> pl.Expr:
    if index is None:
        return pl.lit(None, pl.String)
    value = pl.col(f"c{index}").cast(pl.String).str.normalize("NFC").str.replace_all(r"\s+", " ").str.strip_chars()
    return pl.when(value == "").then(None).otherwise(value)


def _digest_key() -> bytes:
    secret = settings.FIELD_ENCRYPTION_KEY or settings.SECRET_KEY
    return hashlib.sha256(f"giamngheo:import-record:{secret}".encode()).digest()


def _spill(folder: Path, stem: str, filename: str, content: bytes) -> Path:
    suffix = Path(filename or "").suffix.lower()
    file_format(Path(f"x{suffix}"))  # a one-line error for unsupported formats, before anything is written
    path = folder / f"{stem}{suffix}"
    path.write_bytes(content)
    return path


def _fatal(message: str) -> Prepared:
    return Prepared(_nothing(), None, [ImportProblem("", None, None, message)])


def _nothing() -> pl.DataFrame:
    return pl.DataFrame()


def facts_json(text: str) -> dict[str, object]:
    return json.loads(text)
