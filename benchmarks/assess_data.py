"""Generate synthetic household assessment files of any size, fast, with Polars only.

    .venv/bin/python benchmarks/assess_data.py 1000000 /tmp/households-1m.csv

Values are pseudo-random from hashed row numbers (reproducible for a seed): about a quarter of
households sit near the poverty lines, each indicator is deprived for roughly 15% of households.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import polars as pl

from giamngheo.domain.standard import standard_get

INDICATORS = list(dict.fromkeys([*standard_get("2022-2025").indicator_ids, *standard_get("2027-2030").indicator_ids]))
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
GIVEN = ["Văn An", "Thị Bình", "Văn Cường", "Thị Dung", "Đức Hải", "Thị Hoa", "Minh Khoa", "Thị Lan"]


def _random(n: int, seed: int, salt: int) -> pl.Expr:
    return pl.int_range(0, n, dtype=pl.UInt64).hash(seed * 1_000_003 + salt)


def households_frame(n: int, seed: int = 2026) -> pl.DataFrame:
    """Return ``n`` households in the assessment-file layout (all columns the two national standards use)."""
    income_noise = _random(n, seed, 3) % 4_000_000
    near_line = 1_300_000 + _random(n, seed, 4) % 1_600_000
    columns: list[pl.Expr] = [
        pl.format("H{}", pl.int_range(1, n + 1).cast(pl.String).str.zfill(8)).alias("household_code"),
        (10_000 + _random(n, seed, 1) % 3_321).cast(pl.String).str.zfill(5).alias("commune_code"),
        pl.format("Thôn {}", 1 + _random(n, seed, 2) % 12).alias("village"),
        pl.format("{} {}", pl.lit(pl.Series(SURNAMES)).get(_random(n, seed, 5) % len(SURNAMES)),
                  pl.lit(pl.Series(GIVEN)).get(_random(n, seed, 6) % len(GIVEN))).alias("head_name"),
        pl.when(_random(n, seed, 7) % 3 == 0).then(pl.lit("urban")).otherwise(pl.lit("rural")).alias("area"),
        (1 + _random(n, seed, 8) % 7).alias("members"),
        pl.when(_random(n, seed, 9) % 4 == 0).then(near_line).otherwise(income_noise).alias("income_per_capita"),
    ]
    for index, indicator in enumerate(INDICATORS):
        columns.append((_random(n, seed, 100 + index) % 100 < 15).cast(pl.UInt8).alias(f"d_{indicator}"))
    return pl.select(columns)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int)
    parser.add_argument("output", type=Path)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    frame = households_frame(args.rows, args.seed)
    suffix = args.output.suffix
    if suffix == ".parquet":
        frame.write_parquet(args.output)
    elif suffix == ".xlsx":
        frame.write_excel(args.output, worksheet="households")
    else:
        frame.write_csv(args.output)
    print(f"{args.rows} households → {args.output} ({args.output.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
