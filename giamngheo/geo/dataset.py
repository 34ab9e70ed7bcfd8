"""Read the administrative units and the 2025 crosswalk shipped inside the `vietnamadminunits` wheel.

Plain records only: no Django models here, so the loader can diff them against the database.

Quirks of the package data (version 1.0.4) and what we do about them:
- Official names are authoritative for the unit type. Seven rows carry a `wardType` that contradicts the name
  (e.g. "Phường Việt Hòa", Hải Phòng, typed "Xã"); ten legacy names capitalise the type ("Thị Trấn Phú Hòa").
  We take the type from the name's prefix and write it in its usual spelling ("Thị trấn Phú Hòa").
- Legacy short names carry disambiguation suffixes ("Yên Viên (Thị trấn)", "Kỳ Anh (Huyện)"); our short
  name is the name without its type prefix ("Yên Viên").
- Crosswalk keys are the package's own ASCII-folded keys, except where folding would make two units
  collide: then the key keeps its diacritics ("xãcẩmgiang" and "xãcẩmgiàng" are two communes of Hải Phòng).
  Keys are therefore matched exactly, never re-folded.
- Five legacy island districts (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo) had no communes: their
  legacy rows have no ward, and the crosswalk key ends in "_" ("thanhphodanang_huyenhoangsa_"). The district
  itself is then the predecessor of the new đặc khu.
- Legacy commune codes are unique (10,035 codes for 10,035 communes); the five ward-less rows above are the
  only rows without a code. Across the reform, 3,316 of the 3,321 new communes reuse an old commune's code
  (not always their namesake's: the new xã Cẩm Duệ has the old xã Cẩm Mỹ's 18739), so units are keyed by
  (level, code, era), never by code alone.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from giamngheo.common.text import nfc

UNIT_TYPES = ("Thành phố", "Thị trấn", "Thị xã", "Đặc khu", "Phường", "Huyện", "Quận", "Tỉnh", "Xã")


@dataclass(frozen=True)
class UnitRecord:
    level: str
    code: str
    name: str
    short_name: str
    unit_type: str
    parent_code: str | None
    latitude: float | None
    longitude: float | None


@dataclass(frozen=True)
class SuccessionRecord:
    predecessor_level: str
    predecessor_code: str
    successor_level: str
    successor_code: str
    is_default: bool


@dataclass(frozen=True)
class Dataset:
    """Units of both eras (each list ordered parents first) and the old → new successions."""

    current: list[UnitRecord]
    legacy: list[UnitRecord]
    successions: list[SuccessionRecord]


def data_dir() -> Path:
    return Path(str(resources.files("vietnamadminunits") / "data"))


def split_type(name: str) -> tuple[str, str, str]:
    """Return (name, type, short name): "Thị Trấn Phú Hòa" → ("Thị trấn Phú Hòa", "Thị trấn", "Phú Hòa")."""
    name = " ".join(nfc(name).split())
    for unit_type in UNIT_TYPES:
        if name.lower().startswith(unit_type.lower() + " "):
            short = name[len(unit_type) + 1:]
            return f"{unit_type} {short}", unit_type, short
    return name, "", name


def _record(level: str, code: str, name: str, parent: str | None, lat: float | None, lon: float | None) -> UnitRecord:
    full, unit_type, short = split_type(name)
    return UnitRecord(level, code, full, short, unit_type, parent, lat, lon)


@cache
def dataset_read() -> Dataset:
    """Read every unit and succession from the package (cached: the package files never change at run time)."""
    folder = data_dir()
    db = sqlite3.connect(f"file:{folder / 'dataset.db'}?mode=ro", uri=True)
    try:
        current, new_keys = _current_units(db)
        legacy, old_keys = _legacy_units(db)
    finally:
        db.close()
    crosswalk = json.loads((folder / "converter_2025.json").read_text(encoding="utf-8"))
    return Dataset(current, legacy, _successions(crosswalk, new_keys, old_keys))


def dataset_for_provinces(provinces: Collection[str] | None) -> Dataset:
    """Keep only the given current provinces (codes), the legacy provinces that merged into them, and their links."""
    data = dataset_read()
    if provinces is None:
        return data
    keep_new = set(provinces)
    unknown = keep_new - {u.code for u in data.current if u.level == "province"}
    if unknown:
        raise ValueError(f"Không có tỉnh/thành phố mã {', '.join(sorted(unknown))}.")
    keep_old = {
        s.predecessor_code for s in data.successions
        if s.predecessor_level == "province" and s.successor_code in keep_new
    }
    current = _within(data.current, keep_new)
    legacy = _within(data.legacy, keep_old)
    new_codes = {(u.level, u.code) for u in current}
    old_codes = {(u.level, u.code) for u in legacy}
    successions = [
        s for s in data.successions
        if (s.predecessor_level, s.predecessor_code) in old_codes and (s.successor_level, s.successor_code) in new_codes
    ]
    return Dataset(current, legacy, successions)


def _within(units: list[UnitRecord], provinces: set[str]) -> list[UnitRecord]:
    kept: set[str] = set(provinces)
    result = []
    for unit in units:  # parents come first, so one pass follows the tree down
        if (unit.level == "province" and unit.code in provinces) or unit.parent_code in kept:
            if unit.level != "province":
                kept.add(unit.code)
            result.append(unit)
    return result


def _current_units(db: sqlite3.Connection) -> tuple[list[UnitRecord], dict[tuple[str, str], tuple[str, str]]]:
    provinces: dict[str, UnitRecord] = {}
    communes: list[UnitRecord] = []
    keys: dict[tuple[str, str], tuple[str, str]] = {}
    rows = db.execute(
        "SELECT provinceCode, province, provinceLat, provinceLon, provinceKey, "
        "wardCode, ward, wardLat, wardLon, wardKey FROM admin_units ORDER BY provinceCode, wardCode"
    )
    for p_code, p_name, p_lat, p_lon, p_key, w_code, w_name, w_lat, w_lon, w_key in rows:
        if p_code not in provinces:
            provinces[p_code] = _record("province", p_code, p_name, None, p_lat, p_lon)
            keys[(p_key, "")] = ("province", p_code)
        communes.append(_record("commune", w_code, w_name, p_code, w_lat, w_lon))
        keys[(p_key, w_key)] = ("commune", w_code)
    return [*provinces.values(), *communes], keys


def _legacy_units(db: sqlite3.Connection) -> tuple[list[UnitRecord], dict[str, tuple[str, str]]]:
    provinces: dict[str, UnitRecord] = {}
    districts: dict[str, UnitRecord] = {}
    communes: list[UnitRecord] = []
    keys: dict[str, tuple[str, str]] = {}
    rows = db.execute(
        "SELECT provinceCode, province, provinceLat, provinceLon, provinceKey, "
        "districtCode, district, districtLat, districtLon, districtKey, "
        "wardCode, ward, wardLat, wardLon, wardKey FROM admin_units_legacy "
        "ORDER BY provinceCode, districtCode, wardCode"
    )
    for (p_code, p_name, p_lat, p_lon, p_key, d_code, d_name, d_lat, d_lon, d_key,
         w_code, w_name, w_lat, w_lon, w_key) in rows:
        if p_code not in provinces:
            provinces[p_code] = _record("province", p_code, p_name, None, p_lat, p_lon)
            keys[p_key] = ("province", p_code)
        if d_code not in districts:
            districts[d_code] = _record("district", d_code, d_name, p_code, d_lat, d_lon)
        if w_code is None:  # an island district without communes: it is its own predecessor
            keys[f"{p_key}_{d_key}_"] = ("district", d_code)
            continue
        communes.append(_record("commune", w_code, w_name, d_code, w_lat, w_lon))
        keys[f"{p_key}_{d_key}_{w_key}"] = ("commune", w_code)
    return [*provinces.values(), *districts.values(), *communes], keys


def _successions(
    crosswalk: dict, new_keys: dict[tuple[str, str], tuple[str, str]], old_keys: dict[str, tuple[str, str]]
) -> list[SuccessionRecord]:
    links: list[SuccessionRecord] = []

    def link(old_key: str, new_key: tuple[str, str], is_default: bool) -> None:
        (old_level, old_code), (new_level, new_code) = old_keys[old_key], new_keys[new_key]
        links.append(SuccessionRecord(old_level, old_code, new_level, new_code, is_default))

    for new_province, old_provinces in crosswalk["DICT_PROVINCE"].items():
        for old_province in old_provinces:
            link(old_province, (new_province, ""), True)
    for new_province, wards in crosswalk["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_ward, old_wards in wards.items():
            for old_ward in old_wards:
                link(old_ward, (new_province, new_ward), True)
    for new_province, old_wards in crosswalk["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_ward, parts in old_wards.items():
            for part in parts:
                link(old_ward, (new_province, part["newWardKey"]), bool(part["isDefaultNewWard"]))
    return links
