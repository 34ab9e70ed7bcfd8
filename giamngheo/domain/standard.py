"""Poverty standards as dated data: load, look up by id or by the date in force, apply provincial overlays.

Each published standard is one TOML file in ``giamngheo/domain/standards/``. A provincial standard is an
overlay: it names a national ``base`` and may raise the income lines, lower the deprivation cut-off and
set its own average-living band, while the indicators and their rules come from the base. An overlay of
kind ``correction`` is how an administrator replaces unverified values (such as the Phiếu B1 cut-offs)
once checked against the legal text; it stands in for its base instead of sitting beside it.
"""

from __future__ import annotations

import datetime
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from giamngheo.domain.reasons import ReasonTemplate, income_templates

AREAS = ("rural", "urban")
CONFIDENCE_LEVELS = ("confirmed", "hint", "unverified")


class UnknownStandard(LookupError):
    """No standard with that id exists, or none is in force on that date."""


class InvalidStandard(ValueError):
    """A standard data file (shipped or supplied as an overlay) is malformed."""


@dataclass(frozen=True)
class LegalReference:
    instrument: str
    date: datetime.date | None = None
    article: str = ""
    annex: str = ""
    note: str = ""


@dataclass(frozen=True)
class Indicator:
    id: str
    dimension: str
    name_vi: str
    name_en: str
    rule_vi: str
    confidence: str
    derive: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}), hash=False, compare=False)


@dataclass(frozen=True)
class ScoreCutoffs:
    """Phiếu B1/B2 cut-offs: B1 at or below the cut-off means income-poor; B2 counts deprivations."""

    b1_max: Mapping[str, int] = field(hash=False)
    b1_max_by_region: Mapping[str, Mapping[str, int]] = field(hash=False)
    b2_points_per_deprivation: int
    confidence: str
    source: str

    def b1_cutoff(self, area: str, region: str | None = None) -> int:
        """Return the B1 cut-off for the area, using the regional one where the data has it."""
        if region and region in self.b1_max_by_region and area in self.b1_max_by_region[region]:
            return self.b1_max_by_region[region][area]
        return self.b1_max[area]


@dataclass(frozen=True)
class Standard:
    id: str
    kind: str
    title: str
    title_en: str
    valid_from: datetime.date
    valid_to: datetime.date
    published: bool
    poor_min_deprivations: int
    rule_confidence: str
    legal: tuple[LegalReference, ...]
    indicators: tuple[Indicator, ...]
    income_lines: Mapping[str, int] = field(hash=False)
    average_ceilings: Mapping[str, int] | None = field(hash=False)
    area_names: Mapping[str, str] = field(hash=False)
    confidence: Mapping[str, str] = field(hash=False)
    scores: ScoreCutoffs | None = None
    base_id: str | None = None
    province: str | None = None
    indicator_ids: tuple[str, ...] = field(init=False, compare=False, repr=False)
    reason_templates: Mapping[tuple[str, str], ReasonTemplate] = field(init=False, hash=False, compare=False,
                                                                        repr=False)

    def __post_init__(self) -> None:
        templates = income_templates(
            area_names=self.area_names, lines=self.income_lines, ceilings=self.average_ceilings,
            total=len(self.indicators), cutoff=self.poor_min_deprivations,
        )
        # Frozen dataclass: the templates are derived once here, never changed afterwards.
        object.__setattr__(self, "reason_templates", MappingProxyType(templates))
        object.__setattr__(self, "indicator_ids", tuple(indicator.id for indicator in self.indicators))

    @property
    def has_average_band(self) -> bool:
        return self.average_ceilings is not None

    def income_line(self, area: str) -> int:
        """Return the poverty income line (VND per person per month) for ``rural`` or ``urban``."""
        return self.income_lines[area]

    def average_ceiling(self, area: str) -> int | None:
        """Return the upper bound of the average-living band, or None when the standard defines none."""
        return None if self.average_ceilings is None else self.average_ceilings[area]

    def area_name(self, area: str) -> str:
        return self.area_names[area]

    def in_force(self, day: datetime.date) -> bool:
        return self.valid_from <= day <= self.valid_to

    def indicator(self, indicator_id: str) -> Indicator:
        for indicator in self.indicators:
            if indicator.id == indicator_id:
                return indicator
        raise KeyError(indicator_id)

    def unverified_items(self) -> tuple[str, ...]:
        """List what in this standard is not confirmed by a source quoting the legal text."""
        items = [f"{name}: {level}" for name, level in self.confidence.items() if level != "confirmed"]
        items += [f"indicator {i.id}: {i.confidence}" for i in self.indicators if i.confidence != "confirmed"]
        return tuple(items)


STANDARD_FILES = ("2022-2025.toml", "2027-2030.toml", "dong-nai-2022-2025.toml")


def standard_file_bytes(filename: str) -> bytes:
    """Return the raw bytes of a shipped standard file (used to prove published files never change)."""
    return resources.files("giamngheo.domain").joinpath("standards", filename).read_bytes()


@cache
def _shipped() -> Mapping[str, Standard]:
    raw = {name: tomllib.loads(standard_file_bytes(name).decode("utf-8")) for name in STANDARD_FILES}
    loaded: dict[str, Standard] = {}
    for data in sorted(raw.values(), key=lambda d: "base" in d):
        standard = standard_from_data(data, loaded)
        loaded[standard.id] = standard
    return MappingProxyType(loaded)


def standards_all() -> tuple[Standard, ...]:
    """Return every shipped standard, national ones first, each group by start date."""
    return tuple(sorted(_shipped().values(), key=lambda s: (s.kind != "national", s.valid_from, s.id)))


def standard_get(standard_id: str) -> Standard:
    """Return the shipped standard with this id or raise UnknownStandard."""
    try:
        return _shipped()[standard_id]
    except KeyError:
        known = ", ".join(sorted(_shipped()))
        raise UnknownStandard(f"Không có chuẩn nghèo '{standard_id}' (có: {known}).") from None


def standard_in_force(day: datetime.date, *, province: str | None = None) -> Standard:
    """Return the national standard in force on ``day`` (or the province's own one, when it has one)."""
    candidates = [s for s in standards_all() if s.in_force(day)]
    if province is not None:
        local = [s for s in candidates if s.kind == "provincial" and s.province == province]
        if local:
            return local[0]
    national = [s for s in candidates if s.kind == "national"]
    if not national:
        raise UnknownStandard(f"Không có chuẩn nghèo quốc gia nào có hiệu lực ngày {day.isoformat()}.")
    return national[0]


def standard_from_toml(text: str, shipped: Mapping[str, Standard] | None = None) -> Standard:
    """Parse a standard or provincial overlay from TOML text (an overlay's base must be shipped)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidStandard(f"Tệp chuẩn nghèo không đúng TOML: {error}") from None
    return standard_from_data(data, _shipped() if shipped is None else shipped)


def standard_from_data(data: Mapping[str, Any], shipped: Mapping[str, Standard]) -> Standard:
    """Build a Standard from parsed TOML, resolving ``base`` against the already loaded standards."""
    try:
        if "base" in data:
            return _overlay(data, shipped)
        return _national(data)
    except (KeyError, TypeError, ValueError) as error:
        if isinstance(error, InvalidStandard):
            raise
        raise InvalidStandard(f"Tệp chuẩn nghèo thiếu hoặc sai trường: {error}") from None


def _national(data: Mapping[str, Any]) -> Standard:
    indicators = tuple(_indicator(item) for item in data["indicators"])
    income = _by_area(data["income_line"])
    average = _by_area(data["average_ceiling"]) if "average_ceiling" in data else None
    if average is not None and any(average[a] <= income[a] for a in AREAS):
        raise InvalidStandard("Mức sống trung bình phải cao hơn chuẩn nghèo.")
    return Standard(
        id=str(data["id"]), kind=str(data.get("kind", "national")), title=str(data["title"]),
        title_en=str(data.get("title_en", "")), valid_from=_date(data["valid_from"]),
        valid_to=_date(data["valid_to"]), published=bool(data.get("published", False)),
        poor_min_deprivations=_positive(data["poor_min_deprivations"]),
        rule_confidence=_level(data.get("rule_confidence", "unverified")),
        legal=tuple(_legal(item) for item in data.get("legal", ())), indicators=indicators,
        income_lines=income, average_ceilings=average, area_names=_area_names(data["area_names"]),
        confidence=_confidence(data), scores=_scores(data["scores"]) if "scores" in data else None,
        province=data.get("province"),
    )


def _overlay(data: Mapping[str, Any], shipped: Mapping[str, Standard]) -> Standard:
    base_id = str(data["base"])
    if base_id not in shipped:
        raise InvalidStandard(f"Chuẩn nền '{base_id}' của chuẩn địa phương không tồn tại.")
    base = shipped[base_id]
    income = _by_area(data["income_line"]) if "income_line" in data else base.income_lines
    if any(income[a] < base.income_lines[a] for a in AREAS):
        raise InvalidStandard("Chuẩn địa phương không được thấp hơn chuẩn nghèo quốc gia.")
    cutoff = _positive(data.get("poor_min_deprivations", base.poor_min_deprivations))
    if cutoff > base.poor_min_deprivations:
        raise InvalidStandard("Chuẩn địa phương không được nâng số chỉ số thiếu hụt để là hộ nghèo.")
    average = _by_area(data["average_ceiling"]) if "average_ceiling" in data else base.average_ceilings
    if average is not None and any(average[a] <= income[a] for a in AREAS):
        raise InvalidStandard("Mức sống trung bình phải cao hơn chuẩn nghèo.")
    confidence = dict(base.confidence)
    confidence.update(_confidence(data))
    valid_from = _date(data.get("valid_from", base.valid_from))
    valid_to = _date(data.get("valid_to", base.valid_to))
    if valid_from < base.valid_from or valid_to > base.valid_to:
        raise InvalidStandard("Thời gian hiệu lực của chuẩn địa phương phải nằm trong thời gian của chuẩn nền.")
    kind = str(data.get("kind", "provincial"))
    if kind not in ("provincial", "correction"):
        raise InvalidStandard(f"Loại chuẩn có chuẩn nền phải là 'provincial' hoặc 'correction', không phải {kind!r}.")
    return replace(
        base, id=str(data["id"]), kind=kind, title=str(data["title"]),
        title_en=str(data.get("title_en", "")), valid_from=valid_from, valid_to=valid_to,
        published=bool(data.get("published", False)), poor_min_deprivations=cutoff,
        rule_confidence=_level(data.get("rule_confidence", base.rule_confidence)),
        legal=tuple(_legal(item) for item in data.get("legal", ())) + base.legal,
        income_lines=income, average_ceilings=average, confidence=MappingProxyType(confidence),
        scores=_scores(data["scores"]) if "scores" in data else base.scores,
        base_id=base_id, province=data.get("province", base.province),
    )


def _indicator(item: Mapping[str, Any]) -> Indicator:
    return Indicator(
        id=str(item["id"]), dimension=str(item["dimension"]), name_vi=str(item["name_vi"]),
        name_en=str(item["name_en"]), rule_vi=str(item["rule_vi"]), confidence=_level(item["confidence"]),
        derive=MappingProxyType(dict(item.get("derive", {}))),
    )


def _scores(item: Mapping[str, Any]) -> ScoreCutoffs:
    regions = {str(r): _by_area(v) for r, v in item.get("b1_max_by_region", {}).items()}
    return ScoreCutoffs(
        b1_max=_by_area(item["b1_max"]), b1_max_by_region=MappingProxyType(regions),
        b2_points_per_deprivation=_positive(item.get("b2_points_per_deprivation", 10)),
        confidence=_level(item.get("confidence", "unverified")), source=str(item.get("source", "")),
    )


def _legal(item: Mapping[str, Any]) -> LegalReference:
    day = item.get("date")
    return LegalReference(
        instrument=str(item["instrument"]), date=_date(day) if day is not None else None,
        article=str(item.get("article", "")), annex=str(item.get("annex", "")), note=str(item.get("note", "")),
    )


def _confidence(data: Mapping[str, Any]) -> Mapping[str, str]:
    levels = {key: _level(data[key]["confidence"]) for key in ("income_line", "average_ceiling", "scores")
              if key in data and "confidence" in data[key]}
    if "rule_confidence" in data:
        levels["rule"] = _level(data["rule_confidence"])
    return MappingProxyType(levels)


def _by_area(table: Mapping[str, Any]) -> Mapping[str, int]:
    values = {area: table[area] for area in AREAS}
    for area, value in values.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise InvalidStandard(f"Giá trị cho '{area}' phải là số nguyên không âm.")
    return MappingProxyType(values)


def _area_names(table: Mapping[str, Any]) -> Mapping[str, str]:
    return MappingProxyType({area: str(table[area]) for area in AREAS})


def _positive(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise InvalidStandard(f"Cần số nguyên dương, nhận được {value!r}.")
    return value


def _level(value: Any) -> str:
    if value not in CONFIDENCE_LEVELS:
        raise InvalidStandard(f"Mức tin cậy phải là một trong {CONFIDENCE_LEVELS}, nhận được {value!r}.")
    return str(value)


def _date(value: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    raise InvalidStandard(f"Cần ngày dạng YYYY-MM-DD, nhận được {value!r}.")
