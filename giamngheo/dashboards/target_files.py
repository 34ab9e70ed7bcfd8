"""Read People's Council targets from an .xlsx or .csv file into rows (no database access)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from giamngheo.common.text import fold, nfc

MAX_ROWS = 5000

# Folded header prefixes → field. Longer prefixes first so "ty le ho can ngheo" is not read as "ty le ho ngheo".
_HEADERS = (
    ("ty le ho can ngheo", "near_poor_rate"), ("ty le can ngheo", "near_poor_rate"),
    ("ty le ho ngheo", "poor_rate"), ("ty le ngheo", "poor_rate"),
    ("so ho thoat ngheo", "households_out"), ("ho thoat ngheo", "households_out"),
    ("ma don vi", "code"), ("ma", "code"), ("ten don vi", "name"), ("don vi", "name"),
    ("nam", "year"), ("can cu", "source"), ("nghi quyet", "source"),
)
COLUMN_TITLES = {
    "code": "Mã đơn vị", "name": "Tên đơn vị", "year": "Năm", "poor_rate": "Tỷ lệ hộ nghèo (%)",
    "near_poor_rate": "Tỷ lệ hộ cận nghèo (%)", "households_out": "Số hộ thoát nghèo", "source": "Căn cứ (nghị quyết)",
}


class TargetFileError(ValueError):
    """The file cannot be read as a target table at all (format, encoding, missing columns)."""


@dataclass(frozen=True)
class TargetRow:
    row: int
    code: str
    year: Any
    poor_rate: Any
    near_poor_rate: Any
    households_out: Any
    source: str


def parse_rate(value: Any) -> Decimal | None:
    """Read a percentage written as 2.18, "2,18", "2,18%"; None when empty. Raises ValueError when unreadable."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int | float):
        return Decimal(str(round(float(value), 4)))
    text = str(value).strip().replace("%", "").replace(" ", "").replace(",", ".")
    try:
        rate = Decimal(text)
    except InvalidOperation:
        raise ValueError(value) from None
    if not rate.is_finite():
        raise ValueError(value)
    return rate


def parse_count(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    text = str(value).strip().replace(".", "").replace(" ", "")
    if not text.lstrip("-").isdigit():
        raise ValueError(value)
    return int(text)


def target_rows_read(file_name: str, content: bytes) -> list[TargetRow]:
    """Return the non-empty rows of the first sheet (or the CSV), numbered as the spreadsheet numbers them."""
    name = file_name.lower()
    if name.endswith(".xlsx"):
        table = _xlsx_table(content)
    elif name.endswith(".csv"):
        table = _csv_table(content)
    else:
        raise TargetFileError("Chỉ nhận tệp .xlsx hoặc .csv.")
    if not table:
        raise TargetFileError("Tệp không có dữ liệu.")
    columns = _columns(table[0])
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        value = {f: (cells[i] if i < len(cells) else None) for f, i in columns.items()}
        rows.append(TargetRow(
            row=number, code=_code(value.get("code")), year=value.get("year"), poor_rate=value.get("poor_rate"),
            near_poor_rate=value.get("near_poor_rate"), households_out=value.get("households_out"),
            source=nfc(str(value.get("source") or "")).strip()[:200],
        ))
    if len(rows) > MAX_ROWS:
        raise TargetFileError(f"Tệp có quá {MAX_ROWS} dòng; hãy chia nhỏ.")
    return rows


def _columns(header: list[Any]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        key = fold(str(title or "")).replace("(%)", "").strip()
        for prefix, field_name in _HEADERS:
            if key.startswith(prefix) and field_name not in columns:
                columns[field_name] = index
                break
    missing = [COLUMN_TITLES[f] for f in ("code", "year") if f not in columns]
    if missing:
        raise TargetFileError("Thiếu cột: " + ", ".join(f"«{m}»" for m in missing) + ". Hãy dùng tệp mẫu.")
    if not {"poor_rate", "near_poor_rate", "households_out"} & set(columns):
        raise TargetFileError(
            "Tệp cần ít nhất một cột chỉ tiêu: tỷ lệ hộ nghèo, tỷ lệ hộ cận nghèo hoặc số hộ thoát nghèo."
        )
    return columns


def _code(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value or "").strip()


def _xlsx_table(content: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise TargetFileError("Không đọc được tệp .xlsx (tệp hỏng hoặc không phải Excel).") from exc
    sheet = book.worksheets[0]
    table = [list(r) for r in sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 2)]
    book.close()
    return table


def _csv_table(content: bytes) -> list[list[Any]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TargetFileError("Tệp CSV phải mã hóa UTF-8.") from exc
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = max(";,\t", key=first.count)
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
