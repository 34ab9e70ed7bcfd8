"""Read .csv, .xlsx and .parquet assessment files into a Polars frame, or say clearly why not."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from giamngheo.assessfile.columns import fold
from giamngheo.assessfile.problems import AssessFileError, Problem

FORMATS = (".csv", ".xlsx", ".parquet")
SHEET_NAMES = ("households", "ho gia dinh", "danh sach ho")


@dataclass(frozen=True)
class RawTable:
    """The file as read: original columns (CSV and XLSX as text), header as the user wrote it."""

    frame: pl.DataFrame
    headers: tuple[str, ...]
    source_format: str
    sheet: str | None = None


def file_format(path: Path) -> str:
    """Return the format from the file name, or raise a one-line error for anything else."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise _fatal(f"Định dạng '{suffix or path.name}' không được hỗ trợ; dùng .csv, .xlsx hoặc .parquet.")
    return suffix


def read_table(path: Path) -> RawTable:
    """Read the file; raise AssessFileError for unreadable, empty or malformed files."""
    suffix = file_format(path)
    if not path.is_file():
        raise _fatal(f"Không tìm thấy tệp '{path}'. (File not found.)")
    if path.stat().st_size == 0:
        raise _fatal(f"Tệp '{path.name}' rỗng. (Empty file.)")
    try:
        if suffix == ".csv":
            table = _read_csv(path)
        elif suffix == ".xlsx":
            table = _read_xlsx(path)
        else:
            table = _read_parquet(path)
    except AssessFileError:
        raise
    except (pl.exceptions.PolarsError, OSError, ValueError, RuntimeError) as error:
        raise _fatal(f"Không đọc được tệp '{path.name}': {_first_line(error)}") from None
    except Exception as error:  # fastexcel and pyarrow raise their own exception classes
        raise _fatal(f"Không đọc được tệp '{path.name}': {_first_line(error)}") from None
    if table.frame.height == 0:
        raise _fatal(f"Tệp '{path.name}' không có dòng hộ nào dưới dòng tiêu đề. (No data rows.)")
    return table


def _read_csv(path: Path) -> RawTable:
    with path.open("rb") as handle:
        head = handle.read(64 * 1024)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _fatal("Tệp CSV đang ở mã UTF-16; hãy lưu lại dạng 'CSV UTF-8'. (UTF-16 is not supported.)")
    text = _decode_head(head)
    first_line = text.splitlines()[0] if text.strip() else ""
    if not first_line.strip():
        raise _fatal("Dòng đầu (dòng tiêu đề) trống. (The header row is empty.)")
    separator = ";" if first_line.count(";") > first_line.count(",") else ","
    headers = tuple(next(csv.reader(io.StringIO(first_line), delimiter=separator)))
    try:
        frame = pl.read_csv(
            path, separator=separator, infer_schema=False, has_header=True, encoding="utf8",
            raise_if_empty=True, truncate_ragged_lines=False,
        )
    except pl.exceptions.PolarsError as error:
        # Polars says what broke but not where; find the row for the person fixing the file.
        problems = locate_csv_problems(path, separator, len(headers))
        if problems:
            raise AssessFileError(problems) from None
        raise _fatal(f"Không đọc được tệp '{path.name}': {_first_line(error)}") from None
    if len(headers) != frame.width:
        # A quoted header spanning lines: trust the CSV parser's names.
        headers = tuple(frame.columns)
    headers = tuple(h.replace("\ufeff", "").strip() for h in headers)
    return RawTable(frame=_positional(frame), headers=headers, source_format="csv")


def locate_csv_problems(path: Path, separator: str, width: int, limit: int = 20) -> list[Problem]:
    """Return rows whose bytes are not UTF-8 or whose number of cells differs from the header's."""
    problems: list[Problem] = []
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                problems.append(Problem(number, None, "dòng có ký tự không phải UTF-8; hãy lưu tệp dạng 'CSV UTF-8'."))
                if len(problems) >= limit:
                    return problems
    if problems:
        return problems
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if line.count(b'"') % 2:
                problems.append(Problem(number, None, "dấu ngoặc kép (\") không khớp; bỏ dấu \" trong ô hoặc đặt cả ô "
                                                      "trong ngoặc kép và viết \"\" cho mỗi dấu \" bên trong."))
                if len(problems) >= limit:
                    return problems
    if problems:
        return problems
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=separator)
        for number, record in enumerate(reader, start=1):
            if record and len(record) > width:
                problems.append(Problem(number, None, f"dòng có {len(record)} ô nhưng tiêu đề chỉ có {width} cột "
                                                      f"(thừa dấu '{separator}' hoặc thiếu dấu ngoặc kép?)."))
                if len(problems) >= limit:
                    break
    return problems


def _decode_head(head: bytes) -> str:
    raw = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start > len(raw) - 4:
            # A multi-byte character cut by the 64 KiB window, not a real encoding problem.
            return raw[: error.start].decode("utf-8")
        raise _fatal(
            "Tệp CSV không phải mã UTF-8 (có thể là Windows-1258 hoặc TCVN3); hãy lưu lại dạng 'CSV UTF-8'."
        ) from None


def _positional(frame: pl.DataFrame) -> pl.DataFrame:
    """Rename columns to c0, c1, … so duplicate or blank headers cannot collide."""
    frame.columns = [f"c{index}" for index in range(frame.width)]
    return frame


def _read_xlsx(path: Path) -> RawTable:
    import fastexcel

    reader = fastexcel.read_excel(str(path))
    names = list(reader.sheet_names)
    if not names:
        raise _fatal("Tệp Excel không có trang tính nào. (No worksheets.)")
    wanted = [n for n in names if fold(n) in SHEET_NAMES]
    if wanted:
        if reader.load_sheet(wanted[0], n_rows=0).visible != "visible":
            raise _fatal(f"Trang tính '{wanted[0]}' đang bị ẩn; hãy hiện (unhide) nó hoặc đổi tên. (Hidden sheet.)")
        chosen = wanted[0]
    else:
        # "The first sheet" is the first one a person sees: hidden sheets are skipped.
        visible = [name for name in names if reader.load_sheet(name, n_rows=0).visible == "visible"]
        if not visible:
            raise _fatal("Mọi trang tính đều bị ẩn. (All worksheets are hidden.)")
        chosen = visible[0]
    sheet = reader.load_sheet(chosen, dtypes="string", dtype_coercion="coerce")
    frame = sheet.to_polars()
    headers = tuple("" if c.column_name_from == "generated" else c.name for c in sheet.available_columns())
    if len(headers) != frame.width:
        headers = tuple(frame.columns)
    return RawTable(frame=_positional(frame), headers=headers, source_format="xlsx", sheet=sheet.name)


def _read_parquet(path: Path) -> RawTable:
    frame = pl.read_parquet(path)
    nested = [name for name, dtype in frame.schema.items() if dtype.is_nested()]
    if nested:
        raise _fatal(f"Cột {', '.join(nested)} có kiểu lồng nhau (list/struct); cần giá trị đơn.")
    headers = tuple(frame.columns)
    return RawTable(frame=_positional(frame), headers=headers, source_format="parquet")


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0][:300] if text else type(error).__name__


def _fatal(message: str) -> AssessFileError:
    return AssessFileError([Problem(None, None, message)])
