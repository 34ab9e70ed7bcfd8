"""Build real assessment files (CSV text, .xlsx via xlsxwriter/openpyxl, Parquet) for the tests."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from giamngheo.domain.standard import standard_get

INDICATORS_2022 = standard_get("2022-2025").indicator_ids
HEADER = ["household_code", "area", "members", "income_per_capita", *[f"d_{i}" for i in INDICATORS_2022]]


def row(code: str = "H1", area: str = "rural", members: str = "3", income: str = "1500000",
        deprived: tuple[str, ...] = ("employment", "water", "telecom"), **cells: str) -> list[str]:
    """Return one valid CSV row for the 2022-2025 header, with cells overridden by column name."""
    values = [code, area, members, income, *["1" if i in deprived else "0" for i in INDICATORS_2022]]
    for name, value in cells.items():
        values[HEADER.index(name)] = value
    return values


def csv_text(rows: list[list[str]], header: list[str] | None = None, separator: str = ",") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\n")
    writer.writerow(header or HEADER)
    writer.writerows(rows)
    return buffer.getvalue()


@pytest.fixture
def write_csv(tmp_path: Path):  # type: ignore[no-untyped-def]
    def write(rows: list[list[str]], header: list[str] | None = None, *, separator: str = ",", bom: bool = False,
              name: str = "ho.csv") -> Path:
        path = tmp_path / name
        data = csv_text(rows, header, separator).encode("utf-8")
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
        return path

    return write
