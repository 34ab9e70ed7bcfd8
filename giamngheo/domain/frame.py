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


def vnd_expr(amount: pl.Expr) -> pl.Expr:
    """Format integers with Vietnamese thousands grouping, like ``reasons.vnd``."""
    reversed_digits = amount.cast(pl.String).str.reverse()
    return reversed_digits.str.replace_all(r"(\d{3})", "${1}.").str.strip_chars_end(".").str.reverse()


def _by_area(area: pl.Expr, values: dict[str, object]) -> pl.Expr:
    return pl.when(area == "rural").then(pl.lit(values["rural"])).otherwise(pl.lit(values["urban"]))


def income_assessment(standard: Standard, *, prefix: str = "") -> list[pl.Expr]:
    """Return the output columns (named ``prefix + name``) of assessing each row under ``standard``."""
    area = pl.col("area")
    income = pl.col("income_per_capita")
    flags = [pl.col(f"d_{indicator_id}") for indicator_id in standard.indicator_ids]
    count = pl.sum_horizontal([flag.cast(pl.Int32) for flag in flags]) if flags else pl.lit(0, pl.Int32)
    deprivations = pl.concat_str(
        [pl.when(flag).then(pl.lit(indicator_id)) for flag, indicator_id in zip(flags, standard.indicator_ids,
                                                                                 strict=True)],
        separator=";", ignore_nulls=True,
    ) if flags else pl.lit("")
    line = _by_area(area, dict(standard.income_lines))
    within_line = income <= line
    above_line: pl.Expr = pl.lit(reasons.NON_POOR)
    if standard.average_ceilings is not None:
        ceiling = _by_area(area, dict(standard.average_ceilings))
        above_line = pl.when(income <= ceiling).then(pl.lit(reasons.AVERAGE)).otherwise(above_line)
    category = (
        pl.when(within_line & (count >= standard.poor_min_deprivations)).then(pl.lit(reasons.POOR))
        .when(within_line).then(pl.lit(reasons.NEAR_POOR))
        .otherwise(above_line)
    )
    return [
        pl.lit(standard.id).alias(prefix + "standard"),
        category.alias(prefix + "category"),
        count.alias(prefix + "deprivation_count"),
        deprivations.alias(prefix + "deprivations"),
        _income_reason(standard, pl.col(prefix + "category"), area, income, pl.col(prefix + "deprivation_count"))
        .alias(prefix + "reason"),
    ]


def _income_reason(standard: Standard, category: pl.Expr, area: pl.Expr, income: pl.Expr,
                   count: pl.Expr) -> pl.Expr:
    pieces: dict[str, pl.Expr] = {}
    for part in ("head", "middle", "tail"):
        pieces[part] = pl.when(area == "rural").then(_per_category(
            category, {name: getattr(t, part) for (name, a), t in standard.reason_templates.items() if a == "rural"}
        )).otherwise(_per_category(
            category, {name: getattr(t, part) for (name, a), t in standard.reason_templates.items() if a == "urban"}
        ))
    shows_count = category.is_in([reasons.POOR, reasons.NEAR_POOR])
    count_text = pl.when(shows_count).then(count.cast(pl.String)).otherwise(pl.lit(""))
    return pl.concat_str([pieces["head"], vnd_expr(income), pieces["middle"], count_text, pieces["tail"]])


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


def assess_frame(frame: pl.LazyFrame, standard: Standard, *, prefix: str = "",
                 basis: str = "income") -> pl.LazyFrame:
    """Add the assessment columns to a validated frame (categories first, then the reasons that use them)."""
    columns = income_assessment(standard, prefix=prefix) if basis == "income" else score_assessment(
        standard, prefix=prefix)
    *first, reason = columns
    return frame.with_columns(first).with_columns(reason)


__all__ = ["AREAS", "OUTPUT_COLUMNS", "assess_frame", "income_assessment", "score_assessment", "vnd_expr"]
