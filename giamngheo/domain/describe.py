"""Describe a standard as plain data (JSON-ready) for the CLI, the API and people checking the law."""

from __future__ import annotations

from typing import Any

from giamngheo.domain.standard import Standard


def standard_describe(standard: Standard, *, indicators: bool = True) -> dict[str, Any]:
    """Return everything a reader needs to check the standard, with the confidence of each value."""
    described: dict[str, Any] = {
        "id": standard.id,
        "kind": standard.kind,
        "base": standard.base_id,
        "province": standard.province,
        "title": standard.title,
        "title_en": standard.title_en,
        "valid_from": standard.valid_from.isoformat(),
        "valid_to": standard.valid_to.isoformat(),
        "published": standard.published,
        "legal": [
            {"instrument": ref.instrument, "date": ref.date.isoformat() if ref.date else None,
             "article": ref.article, "annex": ref.annex, "note": ref.note}
            for ref in standard.legal
        ],
        "area_names": dict(standard.area_names),
        "income_line": dict(standard.income_lines),
        "average_ceiling": dict(standard.average_ceilings) if standard.average_ceilings is not None else None,
        "poor_min_deprivations": standard.poor_min_deprivations,
        "confidence": dict(standard.confidence),
        "scores": None,
        "indicator_ids": list(standard.indicator_ids),
        "unverified": list(standard.unverified_items()),
    }
    if standard.scores is not None:
        described["scores"] = {
            "b1_max": dict(standard.scores.b1_max),
            "b1_max_by_region": {r: dict(v) for r, v in standard.scores.b1_max_by_region.items()},
            "b2_points_per_deprivation": standard.scores.b2_points_per_deprivation,
            "confidence": standard.scores.confidence,
            "source": standard.scores.source,
        }
    if indicators:
        described["indicators"] = [
            {"id": i.id, "column": f"d_{i.id}", "dimension": i.dimension, "name_vi": i.name_vi, "name_en": i.name_en,
             "rule_vi": i.rule_vi, "confidence": i.confidence, "derive": dict(i.derive)}
            for i in standard.indicators
        ]
    return described
