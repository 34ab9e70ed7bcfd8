"""The demo's territory: the eight new communes of the old Cẩm Xuyên district and the communes they came from.

Plain data, no Django. Codes are the official ones (see `docs/shared/spec/domain.md` §7 and the
`vietnamadminunits` crosswalk). Population weights are estimates (the sources give only the district
total, 149,313 people on 1/4/2019); they set how the synthetic households spread over the communes.

Groups nest, so that every way of adding the communes up shows the story's figures:
- "core": the 21 units the package lists under Huyện Cẩm Xuyên (district code 446);
- "moved": xã Cẩm Bình and xã Cẩm Vịnh, part of Cẩm Xuyên through the 2024 review, listed by the package
  under Thành phố Hà Tĩnh (they joined the city on 1/1/2025);
- "city": xã Thạch Bình of Thành phố Hà Tĩnh, which joined the new xã Cẩm Bình on 1/7/2025.
"core" + "moved" is the old district of the newspaper story; all three together are today's eight communes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

PROVINCE_CODE = "42"
OLD_DISTRICT_CODE = "446"
GROUPS = ("core", "moved", "city")
# Nested populations whose rates must each equal the story's figures (see the module docstring).
NESTED_GROUPS: tuple[tuple[str, ...], ...] = (("core",), ("core", "moved"), ("core", "moved", "city"))
STORY_GROUPS = ("core", "moved")


@dataclass(frozen=True)
class LegacyCommune:
    code: str
    name: str
    group: str
    weight: int  # estimated residents, only the proportions matter
    urban: bool  # a thị trấn until 1/7/2025: its households stay on the urban income lines
    poverty: float  # poverty relative to the district average (1.0 = average)
    pace: float  # faster (> 0) or slower (< 0) poverty reduction than the district over 2020–2026


@dataclass(frozen=True)
class NewCommune:
    code: str
    name: str
    predecessors: tuple[LegacyCommune, ...]


def _c(code: str, name: str, group: str, weight: int, poverty: float, pace: float,
       urban: bool = False) -> LegacyCommune:
    return LegacyCommune(code, name, group, weight, urban, poverty, pace)


NEW_COMMUNES: tuple[NewCommune, ...] = (
    NewCommune("18673", "Xã Cẩm Xuyên", (
        _c("18673", "Thị trấn Cẩm Xuyên", "core", 15200, 0.45, 0.10, urban=True),
        _c("18697", "Xã Cẩm Quang", "core", 6400, 0.85, 0.05),
        _c("18724", "Xã Cẩm Quan", "core", 7300, 1.20, -0.05),
    )),
    NewCommune("18676", "Xã Thiên Cầm", (
        _c("18676", "Thị trấn Thiên Cầm", "core", 5600, 0.60, 0.05, urban=True),
        _c("18709", "Xã Cẩm Nhượng", "core", 9800, 1.10, -0.10),
        _c("18712", "Xã Nam Phúc Thăng", "core", 9200, 0.90, 0.00),
    )),
    NewCommune("18682", "Xã Yên Hòa", (
        _c("18682", "Xã Cẩm Dương", "core", 5700, 0.95, 0.05),
        _c("18679", "Xã Yên Hòa", "core", 9100, 0.90, 0.10),
    )),
    NewCommune("18685", "Xã Cẩm Bình", (
        _c("18694", "Xã Cẩm Thành", "core", 8600, 0.70, 0.05),
        _c("18685", "Xã Cẩm Bình", "moved", 7000, 0.75, 0.05),
        _c("18691", "Xã Cẩm Vịnh", "moved", 4200, 0.70, 0.00),
        _c("18112", "Xã Thạch Bình", "city", 5500, 0.80, 0.00),
    )),
    NewCommune("18736", "Xã Cẩm Hưng", (
        _c("18736", "Xã Cẩm Thịnh", "core", 6600, 1.60, -0.10),
        _c("18727", "Xã Cẩm Hà", "core", 4300, 1.15, 0.05),
        _c("18733", "Xã Cẩm Hưng", "core", 6900, 1.10, 0.00),
    )),
    NewCommune("18739", "Xã Cẩm Duệ", (
        _c("18739", "Xã Cẩm Mỹ", "core", 7800, 1.30, -0.05),
        _c("18706", "Xã Cẩm Thạch", "core", 6300, 0.95, 0.05),
        _c("18715", "Xã Cẩm Duệ", "core", 4900, 1.05, 0.00),
    )),
    NewCommune("18742", "Xã Cẩm Trung", (
        _c("18742", "Xã Cẩm Trung", "core", 5300, 1.00, 0.00),
        _c("18721", "Xã Cẩm Lĩnh", "core", 7000, 1.10, 0.05),
        _c("18730", "Xã Cẩm Lộc", "core", 5400, 0.95, 0.10),
    )),
    NewCommune("18748", "Xã Cẩm Lạc", (
        _c("18748", "Xã Cẩm Lạc", "core", 5000, 1.35, -0.05),
        _c("18745", "Xã Cẩm Sơn", "core", 6100, 1.40, 0.00),
        _c("18751", "Xã Cẩm Minh", "core", 6400, 1.30, 0.05),
    )),
)

NEW_COMMUNE_CODES = tuple(c.code for c in NEW_COMMUNES)
PEOPLE_PER_VILLAGE = 850

# Village names in use across Hà Tĩnh; each is used once in the district (folded spellings are distinct).
VILLAGE_NAMES = (
    "Trung Hòa", "Quyết Tiến", "Tân Phú", "Đông Hà", "Tây Sơn", "Nam Hà", "Bắc Hà", "Xuân Sơn", "Xuân Hòa",
    "Xuân Thắng", "Phúc Lộc", "Phúc Thịnh", "Phúc Sơn", "Hòa Bình", "Hòa Lạc", "Hòa Thuận", "Thắng Lợi",
    "Tiến Bộ", "Tân Tiến", "Tân Thành", "Tân Hưng", "Tân Long", "Tân Mỹ", "Tân An", "Trung Sơn",
    "Trung Thành", "Trung Tiến", "Trung Đông", "Trung Nam", "Trung Phú", "Đông Thịnh", "Đông Vinh",
    "Đông Lộc", "Đông Tiến", "Tây Hòa", "Tây Lộc", "Nam Sơn", "Nam Thành", "Nam Tiến", "Bắc Sơn",
    "Bắc Thịnh", "Thượng Phú", "Hạ Phú", "Thượng Long", "Yên Thịnh", "Yên Bình", "Yên Lạc", "Yên Phú",
    "Minh Tiến", "Minh Châu", "Minh Hòa", "Minh Quang", "Quang Trung", "Quang Phúc", "Quang Vinh",
    "Hưng Phú", "Hưng Thịnh", "Hưng Lộc", "Hưng Long", "Vĩnh Phúc", "Vĩnh Thịnh", "Vĩnh Lộc", "Thịnh Lạc",
    "Thịnh Phú", "Long Hải", "Hải Hà", "Hải Thanh", "Hải Đông", "Hải Nam", "Thanh Sơn", "Thanh Long",
    "Thanh Bình", "Thanh Hà", "Thanh Tân", "Kim Sơn", "Kim Thành", "Kim Liên", "Liên Hương", "Liên Sơn",
    "Liên Phú", "Phú Hòa", "Phú Lộc", "Phú Sơn", "Phú Thượng", "Phú Thịnh", "An Lạc", "An Phú", "An Hòa",
    "An Bình", "Bình Minh", "Bình Sơn", "Bình An", "Đồng Tâm", "Đồng Lạc", "Đồng Phú", "Đồng Xuân",
    "Cầu Đông", "Cầu Trù", "Khe Giao", "Khe Cò", "Mỹ Hòa", "Mỹ Lộc", "Mỹ Thịnh", "Mỹ Thành", "Lộc Yên",
    "Lộc Thịnh", "Lộc Hà", "Sơn Hà", "Sơn Thủy", "Sơn Trung", "Thủy Lợi", "Tiến Thành", "Tiến Hưng",
    "Tiến Phong", "Phong Lạc", "Phong Phú", "Đức Vinh", "Đức Thịnh", "Đức Phú", "Thái Hòa", "Thái Bình",
    "Thái Sơn", "Thành Công", "Thống Nhất", "Đoàn Kết", "Độc Lập", "Hợp Tiến", "Hợp Thành", "Nhân Hòa",
    "Nhân Hậu", "Nghĩa Hòa", "Nghĩa Thành", "Văn Thịnh", "Văn Lâm", "Văn Sơn", "Quý Linh", "Hà Thanh",
    "Hà Dương", "Dương Phú", "Dương Hòa", "Hồng Lạc", "Hồng Phúc", "Hồng Sơn", "Lạc Thiện", "Lạc Sơn",
    "Phương Giai", "Phương Trứ", "Vân Tập", "Vân Nam", "Châu Sơn", "Châu Phố", "Tri Lễ", "Tri Phương",
    "Nhật Tân", "Nhật Quang", "Ngọc Sơn", "Ngọc Hà", "Cửa Nhượng", "Thiên Ích", "Thiên Phú", "Hòa Hải",
)


class Village(NamedTuple):
    commune_code: str  # today's commune
    legacy_code: str  # the commune the village belonged to before 1/7/2025
    name: str  # "Thôn Trung Hòa", "Tổ dân phố 3"
    kind: str  # "Thôn" or "Tổ dân phố"


def legacy_communes() -> tuple[LegacyCommune, ...]:
    return tuple(p for c in NEW_COMMUNES for p in c.predecessors)


def successor_of(legacy_code: str) -> NewCommune:
    for commune in NEW_COMMUNES:
        if any(p.code == legacy_code for p in commune.predecessors):
            return commune
    raise KeyError(legacy_code)


@cache
def villages() -> tuple[Village, ...]:
    """Return the villages of the eight communes, the same for every seed (they are territory, not people).

    The seat of each new commune (the old unit whose code it kept) numbers its villages ("Thôn 3",
    "Tổ dân phố 3" in a former town); the other old communes name theirs, so names stay unique in a commune.
    """
    names = iter(VILLAGE_NAMES)
    result: list[Village] = []
    for commune in NEW_COMMUNES:
        for legacy in commune.predecessors:
            kind = "Tổ dân phố" if legacy.urban else "Thôn"
            count = max(3, round(legacy.weight / PEOPLE_PER_VILLAGE))
            if legacy.code == commune.code:
                labels = [str(n) for n in range(1, count + 1)]
            else:
                labels = [next(names) for _ in range(count)]
            result += [Village(commune.code, legacy.code, f"{kind} {label}", kind) for label in labels]
    return tuple(result)


def village_count_by_commune() -> dict[str, int]:
    counts = dict.fromkeys(NEW_COMMUNE_CODES, 0)
    for village in villages():
        counts[village.commune_code] += 1
    return counts


def household_shares(households: int) -> dict[str, int]:
    """Split `households` over the old communes in proportion to their weights (largest remainder)."""
    communes = legacy_communes()
    return apportion(households, {c.code: c.weight for c in communes})


def apportion(total: int, weights: dict[str, float], caps: dict[str, int] | None = None) -> dict[str, int]:
    """Split `total` into integers proportional to `weights` (largest remainder), never above `caps`.

    Ties break on the key, so the result depends only on the arguments.
    """
    result = dict.fromkeys(weights, 0)
    remaining = total
    open_keys = [k for k, w in weights.items() if w > 0 and (caps is None or caps[k] > 0)]
    while remaining > 0 and open_keys:
        weight_sum = sum(weights[k] for k in open_keys)
        exact = {k: remaining * weights[k] / weight_sum for k in open_keys}
        share = {k: int(exact[k]) for k in open_keys}
        leftover = remaining - sum(share.values())
        for key in sorted(open_keys, key=lambda k: (-(exact[k] - share[k]), k))[:leftover]:
            share[key] += 1
        for key in open_keys:
            room = share[key] if caps is None else min(share[key], caps[key] - result[key])
            result[key] += room
            remaining -= room
        open_keys = [k for k in open_keys if caps is None or result[k] < caps[k]]
    if remaining > 0:
        raise ValueError(f"Không chia được {total} vào các nhóm có sức chứa {caps}.")
    return result

