"""Who is poor, near-poor, average or not poor in each review year: exact counts, realistic movement.

Each household carries a persistent welfare level plus a slowly changing part (AR(1)), and a propensity
to lack basic services. Each year, in each old commune, the households with the lowest welfare fall
below the income line (as many as the year's target asks), and among those the most deprived are poor.
Because welfare drifts, some poor households escape, some non-poor ones become poor, and some that had
escaped fall back (tái nghèo), at rates like those the province reports.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from giamngheo.demo.story import TARGET_BY_YEAR, YEARS, count_for
from giamngheo.demo.territory import NESTED_GROUPS, LegacyCommune, apportion

WELFARE_PERSISTENCE = 0.80  # year-to-year correlation of the changing part of welfare
WELFARE_CHANGING_SD = 0.75
DEPRIVATION_PERSISTENCE = 0.85
DEPRIVATION_CHANGING_SD = 0.6
ESCAPE_REWARD = 0.8
CATEGORIES = ("poor", "near_poor", "average", "non_poor")


@dataclass(slots=True)
class Latent:
    """The hidden state of one household that the yearly facts are drawn from."""

    legacy_code: str
    welfare: list[float] = field(default_factory=list)  # one per year of YEARS
    deprivation: list[float] = field(default_factory=list)
    below_line: list[bool] = field(default_factory=list)  # filled in year by year


def latent_make(rng: random.Random, legacy_code: str, shape_effect: float) -> Latent:
    """Draw one household's welfare and deprivation paths over the review years."""
    level = shape_effect + rng.gauss(0.0, 0.8)
    lack = -0.5 * level + rng.gauss(0.0, 0.7)
    changing = rng.gauss(0.0, WELFARE_CHANGING_SD)
    lack_changing = rng.gauss(0.0, DEPRIVATION_CHANGING_SD)
    latent = Latent(legacy_code)
    spread = math.sqrt(1 - WELFARE_PERSISTENCE**2) * WELFARE_CHANGING_SD
    lack_spread = math.sqrt(1 - DEPRIVATION_PERSISTENCE**2) * DEPRIVATION_CHANGING_SD
    for index in range(len(YEARS)):
        if index:
            changing = WELFARE_PERSISTENCE * changing + rng.gauss(0.0, spread)
            lack_changing = DEPRIVATION_PERSISTENCE * lack_changing + rng.gauss(0.0, lack_spread)
        latent.welfare.append(level + changing)
        latent.deprivation.append(lack + lack_changing)
    return latent


def commune_counts(
    shares: dict[str, int], communes: Sequence[LegacyCommune], year: int, rng: random.Random
) -> dict[str, dict[str, int]]:
    """Return, per old commune, how many households are poor, near-poor and average in `year`.

    Each nested population (see `territory.NESTED_GROUPS`) gets exactly the year's rate; inside a group
    the count spreads over communes by their size, relative poverty and pace, with a little noise.
    """
    target = TARGET_BY_YEAR[year]
    drift = (year - 2023) / 3
    wobble = {c.code: 1 + 0.06 * rng.gauss(0.0, 1.0) for c in communes}
    result: dict[str, dict[str, int]] = {c.code: {} for c in communes}
    for category, rate_bp, power in (("poor", target.poor_bp, 1.0), ("near_poor", target.near_poor_bp, 0.7),
                                     ("average", target.average_bp, 0.4)):
        counted_groups: set[str] = set()
        counted = 0
        for groups in NESTED_GROUPS:
            layer = [c for c in communes if c.group in groups and c.group not in counted_groups]
            cumulative = sum(shares[c.code] for c in communes if c.group in groups)
            total = count_for(rate_bp, cumulative) - counted
            weights = {
                c.code: shares[c.code] * max(0.05, c.poverty ** power * (1 - c.pace * drift)) * wobble[c.code]
                for c in layer
            }
            room = {c.code: shares[c.code] - sum(result[c.code].values()) for c in layer}
            for code, count in apportion(total, weights, room).items():
                result[code][category] = count
            counted += total
            counted_groups.update(groups)
    return result


def categories_assign(
    latents: Sequence[Latent], counts: dict[str, dict[str, int]], year_index: int
) -> list[str]:
    """Return each household's category for one year, meeting `counts` exactly in every old commune."""
    by_commune: dict[str, list[int]] = {}
    for index, latent in enumerate(latents):
        by_commune.setdefault(latent.legacy_code, []).append(index)
    categories = ["non_poor"] * len(latents)
    for code, members in by_commune.items():
        want = counts[code]
        ranked = sorted(members, key=lambda i: (latents[i].welfare[year_index], i))
        below = want["poor"] + want["near_poor"]
        low = sorted(ranked[:below], key=lambda i: (-latents[i].deprivation[year_index], i))
        for i in low[: want["poor"]]:
            categories[i] = "poor"
        for i in low[want["poor"]:]:
            categories[i] = "near_poor"
        for i in ranked[below: below + want["average"]]:
            categories[i] = "average"
    for latent, category in zip(latents, categories, strict=True):
        latent.below_line.append(category in ("poor", "near_poor"))
    return categories


def escapes_reward(latents: Sequence[Latent], categories: Sequence[str], year_index: int) -> None:
    """Raise the later welfare of households that rose above the income line this year.

    Escaping is usually earned (a job, a house, a loan repaid) and support continues for a while, so an
    escaped household rarely falls straight back; without this, households near the line would bounce.
    """
    for latent, category in zip(latents, categories, strict=True):
        if category in ("average", "non_poor") and latent.below_line[year_index - 1]:
            for later in range(year_index + 1, len(latent.welfare)):
                latent.welfare[later] += ESCAPE_REWARD


def band_positions(latents: Sequence[Latent], categories: Sequence[str], year_index: int) -> list[float]:
    """Return each household's place (0–1) within its category and old commune, poorest first.

    Incomes are laid out along these places, so a household's income follows its welfare.
    """
    groups: dict[tuple[str, str], list[int]] = {}
    for index, latent in enumerate(latents):
        groups.setdefault((latent.legacy_code, categories[index]), []).append(index)
    positions = [0.0] * len(latents)
    for members in groups.values():
        ranked = sorted(members, key=lambda i: (latents[i].welfare[year_index], i))
        for rank, i in enumerate(ranked):
            positions[i] = (rank + 0.5) / len(ranked)
    return positions
