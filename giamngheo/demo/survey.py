"""What a household's yearly survey says: income per person and the basic services it lacks.

The facts are drawn to fit the category the trajectory gave the household, so that assessing the stored
facts gives that category back and every result explains itself.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from giamngheo.demo.people import Makeup
from giamngheo.demo.story import BASELINE_AVERAGE_CEILING, BASELINE_MINIMUM_LIVING, BASELINE_POVERTY_LINE

# Share of households of average deprivation propensity lacking each service in 2020, and the yearly
# factor by which that share shrinks (health insurance and information improve fastest: Project 6).
PREVALENCE = {
    "employment": (0.05, 0.95),
    "nutrition": (0.04, 0.92),
    "health_access": (0.03, 0.9),
    "health_insurance": (0.07, 0.86),
    "adult_education": (0.06, 0.93),
    "child_schooling": (0.02, 0.92),
    "housing_quality": (0.04, 0.86),
    "housing_area": (0.025, 0.93),
    "water": (0.04, 0.9),
    "sanitation": (0.09, 0.9),
    "telecom": (0.035, 0.85),
    "info_access": (0.06, 0.8),
}
CHANCE_COUNT = len(PREVALENCE)
LACK_STRENGTH = 0.9  # how strongly the deprivation propensity raises every indicator's chance
# Who must live in the household for it to be able to lack the indicator at all (a Makeup field).
NEEDS = {
    "nutrition": Makeup._fields.index("child"),
    "child_schooling": Makeup._fields.index("school_age"),
    "adult_education": Makeup._fields.index("young_adult"),
    "employment": Makeup._fields.index("working_age"),
    "health_insurance": Makeup._fields.index("over_six"),
}
ALWAYS = Makeup._fields.index("size")  # every household has a size ≥ 1: a need always met


@dataclass(frozen=True, slots=True)
class Bands:
    """Income bands of one standard and area (VND/person/month)."""

    line: int  # poor and near-poor at or below (2016–2020: the minimum living standard)
    ceiling: int  # average at or below
    floor: int  # lowest income drawn
    top: int  # highest income drawn
    hard_line: int = 0  # 2016–2020 only: at or below it a household is poor whatever it lacks


def bands_for(standard_id: str, area: str, year: int, line: int = 0, ceiling: int = 0) -> Bands:
    if standard_id == "2016-2020":
        minimum, top_ceiling = BASELINE_MINIMUM_LIVING[area], BASELINE_AVERAGE_CEILING[area]
        return Bands(minimum, top_ceiling, BASELINE_POVERTY_LINE[area] // 2, int(top_ceiling * 3.4),
                     BASELINE_POVERTY_LINE[area])
    return Bands(line, ceiling, int(line * 0.4), int(ceiling * 3.6 * 1.07 ** (year - 2021)))


def income_draw(rng: random.Random, category: str, position: float, bands: Bands, poor_by_count: bool) -> int:
    """Return a whole-thousand income per person inside the category's band, higher for higher `position`."""
    place = min(1.0, max(0.0, position + rng.uniform(-0.04, 0.04)))
    if category in ("poor", "near_poor"):
        low = bands.floor if category == "poor" else int(bands.line * 0.55)
        high = bands.line
        if bands.hard_line:
            # Under QĐ 59/2015 a household at or below the poverty line is poor whatever it lacks, so the
            # near-poor sit above that line, and the poor above it must lack three services or more.
            if category == "near_poor":
                low = bands.hard_line + 1_000
            elif not poor_by_count:
                high = bands.hard_line
        return max(low, min(high, int(low + (high - low) * place) // 1_000 * 1_000))
    if category == "average":
        amount = bands.line + (bands.ceiling - bands.line) * place
        return max(bands.line + 1_000, min(bands.ceiling, int(amount) // 1_000 * 1_000))
    amount = bands.ceiling + (bands.top - bands.ceiling) * place**2.2
    return max(bands.ceiling + 1_000, int(amount) // 1_000 * 1_000)


class ServiceOdds:
    """The chances of lacking each indicator of one standard in one year (before the household's own pull)."""

    def __init__(self, indicator_ids: Sequence[str], year: int) -> None:
        index = {name: i for i, name in enumerate(PREVALENCE)}
        self.has_dependants = "dependants" in indicator_ids
        self.items = tuple(
            (name, index[name], PREVALENCE[name][0] * PREVALENCE[name][1] ** (year - 2020), NEEDS.get(name, ALWAYS))
            for name in indicator_ids if name != "dependants"
        )

    def lacking(
        self, *, makeup: Makeup, lack: float, commune_poverty: float, chances: Sequence[float], category: str,
        need_three: bool,
    ) -> frozenset[str]:
        """Return the services the household lacks: its persistent draws, then fitted to the category.

        `chances` holds the household's own fixed uniform numbers (one per PREVALENCE entry), so it lacks the
        same services from year to year until conditions improve. Dependants follow from who lives there.
        """
        pull = math.exp(LACK_STRENGTH * lack) * commune_poverty**0.7
        fixed = ["dependants"] if self.has_dependants and makeup.mostly_dependants else []
        if category not in ("poor", "near_poor"):
            found = [name for name, i, share, need in self.items if makeup[need] and chances[i] < share * pull]
            return frozenset(found + fixed)
        scored = sorted(
            (chances[i] / (share * pull), name) for name, i, share, need in self.items if makeup[need]
        )
        found = [name for score, name in scored if score < 1.0]
        if category == "poor" and need_three and len(found) + len(fixed) < 3:
            found = [name for _, name in scored[: 3 - len(fixed)]]
        elif category == "near_poor":
            found = found[: 2 - len(fixed)]
        return frozenset(found + fixed)
