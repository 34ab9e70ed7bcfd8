"""A 200 MB file with two bad rows deep inside: row-and-column errors, exit status 2, nothing written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from giamngheo.domain.standard import standard_get

INDICATORS = standard_get("2022-2025").indicator_ids


def big_csv(path: Path, rows: int, bad_row: int) -> None:
    index = pl.int_range(0, rows, dtype=pl.UInt64)
    columns = [
        pl.format("H{}", pl.int_range(0, rows).cast(pl.String).str.zfill(9)).alias("household_code"),
        pl.lit("Nguyễn Thị Hoa, thôn Đông").alias("head_name"),
        pl.when(index % 3 == 0).then(pl.lit("thành thị")).otherwise(pl.lit("nông thôn")).alias("area"),
        (1 + index % 7).alias("members"),
        pl.when(index == bad_row).then(pl.lit("1,5tr")).otherwise((index * 7919 % 4_000_000).cast(pl.String))
        .alias("income_per_capita"),
    ]
    columns += [(index.hash(i) % 7 == 0).cast(pl.UInt8).alias(f"d_{name}") for i, name in enumerate(INDICATORS)]
    frame = pl.select(columns)
    # The last household repeats the code of the first one.
    frame = frame.with_columns(pl.when(pl.int_range(0, rows) == rows - 1).then(pl.lit("H000000000"))
                               .otherwise(pl.col("household_code")).alias("household_code"))
    frame.write_csv(path)


@pytest.mark.slow
def test_a_200_megabyte_file_with_bad_rows(tmp_path: Path) -> None:
    source = tmp_path / "tinh.csv"
    rows = 2_700_000
    big_csv(source, rows, bad_row=2_000_000)
    assert source.stat().st_size > 200_000_000
    target = tmp_path / "ket-qua.csv"
    done = subprocess.run([sys.executable, "-m", "giamngheo.cli", "assess", str(source), "-o", str(target),
                           "--standard", "2022-2025"], capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert done.stderr.splitlines()[1:] == [
        "row 2000002, column income_per_capita: '1,5tr' không phải số nguyên rõ nghĩa; ghi như 1500000, "
        "1.500.000 hoặc 1,500,000.",
        f"row {rows + 1}, column household_code: mã hộ 'H000000000' trùng với dòng 2.",
        "Tổng cộng 2 lỗi ở 2 dòng (income_per_capita: 1, household_code: 1).",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tinh.csv"]
