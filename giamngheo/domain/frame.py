"""Vectorised assessment of whole files with Polars: the same answers as ``assess``, column at a time.

Inputs are already validated columns: ``area`` ("rural"/"urban"), ``income_per_capita`` (integer) and one
Boolean ``d_<indicator>`` column per indicator of the standard; for score files ``b1_score``, ``b2_score``
(integers) and optionally ``region``. The functions return expressions, so callers decide between eager
frames and lazy or streaming plans.
"""

from __future__ import annotations

import polars as pl

from giamngheo.domain import reasons
from giamngheo.domain.standard import AREAS, Standard

OUTPUT_COLUMNS = ("standard", "category", "deprivation_count", "deprivations", "reason")


def vnd_expr(amount: pl.Expr, *, groups: int = 7) -> pl.Expr:
    """Format non-negative integers with Vietnamese thousands grouping, like ``reasons.vnd``.

    ``groups`` is how many groups of three digits the largest value needs (7 covers every Int64); the
    caller passes fewer when it knows the maximum, which makes formatting several times cheaper.
    """
    if groups <= 1:
        return amount.cast(pl.String)
    parts = [((amount // 1000**power) % 1000).cast(pl.String).str.zfill(3) for power in range(groups - 1, -1, -1)]
    # "000.001.500.000" → "1.500.000": strip the zero padding of the leading groups.
    grouped = pl.concat_str(parts, separator=".").str.strip_chars_start("0.")
    return pl.when(amount == 0).then(pl.lit("0")).otherwise(grouped)


def groups_needed(largest: int | None) -> int:
    """Return how many groups of three digits ``vnd_expr`` needs for values up to ``largest``."""
    return 7 if largest is None else max(1, (len(str(max(largest, 0))) + 2) // 3)


def _by_area(area: pl.Expr, values: dict[str, object]) -> pl.Expr:
    return pl.when(area == "rural").then(pl.lit(values["rural"])).otherwise(pl.lit(values["urban"]))


def _table(values: list[str]) -> pl.Expr:
    return pl.lit(pl.Series(values, dtype=pl.String))


def income_assessment(standard: Standard, *, prefix: str = "", largest_income: int | None = None) -> list[pl.Expr]:
    """Return the output columns (named ``prefix + name``) of assessing each row under ``standard``.

    The category is computed as a small integer (index into ``reasons.CATEGORIES``) so that the category
    name and every reason piece are cheap lookups by (category, area) instead of string comparisons.
    """
    area = pl.col("area")
    income = pl.col("income_per_capita")
    count, deprivations = _deprivation_columns(standard)
    within_line = income <= _by_area(area, dict(standard.income_lines))
    above_line: pl.Expr = pl.lit(3, pl.UInt32)
    if standard.average_ceilings is not None:
        ceiling = _by_area(area, dict(standard.average_ceilings))
        above_line = pl.when(income <= ceiling).then(pl.lit(2, pl.UInt32)).otherwise(above_line)
    code = (
        pl.when(within_line & (pl.col(prefix + "deprivation_count") >= standard.poor_min_deprivations))
        .then(pl.lit(0, pl.UInt32)).when(within_line).then(pl.lit(1, pl.UInt32)).otherwise(above_line)
    )
    key = pl.col(_CODE) * 2 + (area == "urban").cast(pl.UInt32)
    pieces = {part: [getattr(standard.reason_templates[(category, a)], part)
                     for category in reasons.CATEGORIES for a in AREAS] for part in ("head", "middle", "tail")}
    count_text = pl.when(pl.col(_CODE) <= 1).then(pl.col(prefix + "deprivation_count").cast(pl.String))
    reason = pl.concat_str([
        _table(pieces["head"]).gather(key), vnd_expr(income, groups=groups_needed(largest_income)),
        _table(pieces["middle"]).gather(key), count_text.fill_null(""), _table(pieces["tail"]).gather(key),
    ])
    return [
        pl.lit(standard.id).alias(prefix + "standard"),
        count.alias(prefix + "deprivation_count"),
        deprivations.alias(prefix + "deprivations"),
        code.alias(_CODE),
        _table(list(reasons.CATEGORIES)).gather(pl.col(_CODE)).alias(prefix + "category"),
        reason.alias(prefix + "reason"),
    ]


_CODE = "_category_code"
_LOOKUP_LIMIT = 16  # up to 2**16 combinations, the deprived-set text is a table lookup


def _deprivation_columns(standard: Standard) -> tuple[pl.Expr, pl.Expr]:
    """Return (count, ";"-joined deprived ids in the standard's order) for every row.

    With few indicators, each row's flags form a bit pattern and both answers are looked up in tables
    built once from the standard, which is much cheaper than joining strings row by row.
    """
    ids = standard.indicator_ids
    flags = [pl.col(f"d_{indicator_id}") for indicator_id in ids]
    if not flags:
        return pl.lit(0, pl.Int32), pl.lit("")
    if len(ids) > _LOOKUP_LIMIT:
        count = pl.sum_horizontal([flag.cast(pl.Int32) for flag in flags])
        joined = pl.concat_str([pl.when(flag).then(pl.lit(i)) for flag, i in zip(flags, ids, strict=True)],
                               separator=";", ignore_nulls=True)
        return count, joined
    pattern = pl.sum_horizontal([flag.cast(pl.UInt32) * (1 << bit) for bit, flag in enumerate(flags)])
    patterns = range(1 << len(ids))
    texts = [";".join(i for bit, i in enumerate(ids) if p >> bit & 1) for p in patterns]
    counts = pl.Series([p.bit_count() for p in patterns], dtype=pl.Int32)
    return pl.lit(counts).gather(pattern), _table(texts).gather(pattern)


def score_assessment(standard: Standard, *, prefix: str = "") -> list[pl.Expr]:
    """Return the output columns of classifying rows from Phiếu B1/B2 scores (``b1_score``, ``b2_score``)."""
    scores = standard.scores
    if scores is None:
        raise ValueError(f"Chuẩn '{standard.id}' không có điểm cắt B1/B2.")
    area = pl.col("area")
    b1 = pl.col("b1_score")
    b2 = pl.col("b2_score")
    cutoff = _by_area(area, dict(scores.b1_max))
    if scores.b1_max_by_region:
        region = pl.col("region")
        for region_id, by_area in scores.b1_max_by_region.items():
            cutoff = pl.when(region == region_id).then(_by_area(area, dict(by_area))).otherwise(cutoff)
    count = (b2 // scores.b2_points_per_deprivation).cast(pl.Int32)
    category = (
        pl.when(b1 > cutoff).then(pl.lit(reasons.NON_POOR))
        .when(count >= standard.poor_min_deprivations).then(pl.lit(reasons.POOR))
        .otherwise(pl.lit(reasons.NEAR_POOR))
    )
    verified = scores.confidence == "confirmed"
    return [
        pl.lit(standard.id).alias(prefix + "standard"),
        category.alias(prefix + "category"),
        count.alias(prefix + "deprivation_count"),
        pl.lit("").alias(prefix + "deprivations"),
        _score_reason(standard, pl.col(prefix + "category"), area, b1, b2, cutoff, count, verified)
        .alias(prefix + "reason"),
    ]


def _score_reason(standard: Standard, category: pl.Expr, area: pl.Expr, b1: pl.Expr, b2: pl.Expr,
                  cutoff: pl.Expr, count: pl.Expr, verified: bool) -> pl.Expr:
    head = _per_category(category, {c: reasons.score_head(c) for c in reasons.SCORE_CODES})
    middle = pl.when(area == "rural").then(
        _per_category(category, {c: reasons.score_middle(c, standard.area_names["rural"]) for c in reasons.SCORE_CODES})
    ).otherwise(
        _per_category(category, {c: reasons.score_middle(c, standard.area_names["urban"]) for c in reasons.SCORE_CODES})
    )
    marker_b2, marker_count = "\x00B2\x00", "\x00N\x00"
    tails = {
        c: reasons.score_tail(c, b2=marker_b2, count=marker_count, cutoff=standard.poor_min_deprivations,
                              verified=verified)
        for c in reasons.SCORE_CODES
    }
    tail_parts: list[pl.Expr] = []
    # Split each tail at the markers once, so the expression only concatenates literals and numbers.
    for c, text in tails.items():
        if marker_b2 not in text:
            tail_parts.append(pl.when(category == c).then(pl.lit(text)))
            continue
        before, rest = text.split(marker_b2)
        between, after = rest.split(marker_count)
        tail_parts.append(pl.when(category == c).then(pl.concat_str(
            [pl.lit(before), b2.cast(pl.String), pl.lit(between), count.cast(pl.String), pl.lit(after)])))
    tail = pl.coalesce(tail_parts)
    return pl.concat_str([head, b1.cast(pl.String), middle, cutoff.cast(pl.String), tail])


def _per_category(category: pl.Expr, texts: dict[str, str]) -> pl.Expr:
    chain: pl.Expr = pl.lit("")
    # Built inside-out so every step is a plain expression (keeps the types simple for mypy).
    for name, text in reversed(list(texts.items())):
        chain = pl.when(category == name).then(pl.lit(text)).otherwise(chain)
    return chain


def assess_frame(frame: pl.LazyFrame, standard: Standard, *, prefix: str = "", basis: str = "income",
                 largest_income: int | None = None) -> pl.LazyFrame:
    """Add the assessment columns, in the contract's order, to a validated frame."""
    names = [prefix + name for name in OUTPUT_COLUMNS]
    if basis != "income":
        *first, reason = score_assessment(standard, prefix=prefix)
        return frame.with_columns(first).with_columns(reason).select(pl.exclude(names), *names)
    standard_id, count, deprivations, code, category, reason = income_assessment(
        standard, prefix=prefix, largest_income=largest_income)
    # Each step uses the columns the previous one made: count → category code → category and reason.
    return (frame.with_columns(standard_id, count, deprivations).with_columns(code)
            .with_columns(category, reason).drop(_CODE).select(pl.exclude(names), *names))


__all__ = ["AREAS", "OUTPUT_COLUMNS", "assess_frame", "income_assessment", "score_assessment", "vnd_expr"]
