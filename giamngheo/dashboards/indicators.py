"""The deprivation indicators the dashboards count, read from the published standards (the law as data)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

# Information poverty (Project 6 baseline): telecom use and information devices to 2026, digital services from 2027.
INFORMATION_INDICATORS = ("telecom", "info_access", "digital")

# Column order of the heat map: the order of the standards' annexes, with the 2027 additions last.
_ORDER = (
    "employment", "dependants", "nutrition", "health_insurance", "adult_education", "child_schooling",
    "housing_quality", "housing_area", "water", "sanitation", "waste", "telecom", "info_access", "digital",
)

# Short headings for narrow heat-map columns; the full name comes from the standard.
_SHORT = {
    "employment": "Việc làm", "dependants": "Người phụ thuộc", "nutrition": "Dinh dưỡng",
    "health_insurance": "BHYT", "adult_education": "GD người lớn", "child_schooling": "Trẻ đi học",
    "housing_quality": "Chất lượng nhà", "housing_area": "Diện tích nhà", "water": "Nước sạch",
    "sanitation": "Nhà tiêu", "waste": "Rác thải", "telecom": "Viễn thông", "info_access": "Phương tiện TT",
    "digital": "Dịch vụ số",
}


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    short: str


@cache
def _standards() -> tuple[dict, ...]:
    folder = resources.files("giamngheo.domain").joinpath("standards")
    return tuple(
        tomllib.loads(entry.read_text(encoding="utf-8"))
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".toml")
    )


@cache
def indicators() -> tuple[Indicator, ...]:
    """Return every indicator of every shipped standard, once, in heat-map order."""
    names: dict[str, str] = {}
    for data in _standards():
        for item in data.get("indicators", []):
            names.setdefault(item["id"], item.get("name_vi", item["id"]))
    ordered = sorted(names, key=lambda i: (_ORDER.index(i) if i in _ORDER else len(_ORDER), i))
    return tuple(Indicator(id=i, name=names[i], short=_SHORT.get(i, names[i])) for i in ordered)


def indicator_ids() -> tuple[str, ...]:
    return tuple(i.id for i in indicators())


def indicator_ids_for_year(year: int) -> frozenset[str]:
    """Return the indicators of the national standard(s) whose validity covers the review `year`."""
    ids: set[str] = set()
    for data in _standards():
        start, end = data.get("valid_from"), data.get("valid_to")
        if data.get("kind") == "national" and start and end and start.year <= year <= end.year:
            ids.update(item["id"] for item in data.get("indicators", []))
    return frozenset(ids)
