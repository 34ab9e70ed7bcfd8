"""Figures from other contexts that the information-poverty panel shows beside the deprivations.

Project 6 communication work (portal visits, SMS/Zalo reach, loudspeaker hours, trained officials) lands here:
add a `FigureSource` whose `collect(years)` yields (commune id, year, value) for today's communes, read through
that context's selectors. `aggregates_refresh` stores the values per commune and sums them up the tree; the
panel shows a column only for keys that have stored values, so nothing appears until a source exists.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class FigureSource:
    key: str
    label: str
    unit: str
    collect: Callable[[tuple[int, ...]], Iterable[tuple[int, int, Decimal | int]]]


FIGURE_SOURCES: tuple[FigureSource, ...] = ()


def figure_labels() -> dict[str, tuple[str, str]]:
    return {s.key: (s.label, s.unit) for s in FIGURE_SOURCES}
