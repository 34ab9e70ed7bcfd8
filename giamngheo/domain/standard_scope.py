"""Where a standard applies: a provincial standard only in its own province.

A provincial standard's TOML names its province by its short name (``province = "Đồng Nai"``). Units carry
full names ("Tỉnh Đồng Nai", "Thành phố Hồ Chí Minh"), so both sides are compared as folded keys without the
unit type. Which provinces count for a commune (today's, or the one it belonged to before the 2025 merger) is
the caller's to say; see `giamngheo.geo.standards.standard_refusal_for_commune`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from giamngheo.domain.standard import Standard

UNIT_TYPES = ("thanh pho ", "tinh ", "tp. ", "tp ")


def province_key(name: str) -> str:
    """Return a comparable key of a province name: "Tỉnh Đồng Nai" and "Đồng Nai" → "dong nai"."""
    decomposed = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    key = " ".join("".join(c for c in decomposed if unicodedata.category(c) != "Mn").lower().split())
    for prefix in UNIT_TYPES:
        if key.startswith(prefix):
            return key[len(prefix):]
    return key


def standard_applies_in(standard: Standard, province_names: Iterable[str]) -> bool:
    """Whether ``standard`` may be applied in a place of these provinces (a national standard applies anywhere)."""
    if standard.kind != "provincial" or not standard.province:
        return True
    return province_key(standard.province) in {province_key(n) for n in province_names if n}


def standard_province_refusal(standard: Standard, *, unit_name: str, province_names: Iterable[str]) -> str | None:
    """Return why ``standard`` cannot be applied in ``unit_name`` (of these provinces), or None when it can."""
    names = [n for n in dict.fromkeys(province_names) if n]
    if standard_applies_in(standard, names):
        return None
    where = f" ({', '.join(names)})" if names else ""
    return (f"Chuẩn «{standard.title}» ({standard.id}) là chuẩn riêng của tỉnh {standard.province}, không áp dụng "
            f"cho {unit_name}{where}. Chọn chuẩn nghèo quốc gia hoặc chuẩn riêng của tỉnh nơi xã thuộc về.")
