"""Vietnamese number and date formats (1.500.000 · 2,80% · ngày 05 tháng 3 năm 2026)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal


def vn_number(value: int | Decimal | None, decimals: int = 0) -> str:
    """Group thousands with "." and write decimals with ","; "—" for a missing value."""
    if value is None:
        return "—"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def vn_rate(value: Decimal | None) -> str:
    return "—" if value is None else vn_number(value, 2)


def vn_percent(value: Decimal | None) -> str:
    return "—" if value is None else f"{vn_number(value, 2)}%"


def vn_document_date(day: dt.date) -> str:
    """The ND 30/2020 date: day < 10 and months 1–2 get a leading zero."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


_GENERIC = ("Thành phố", "Tổ dân phố", "Khu phố", "Đặc khu", "Thị trấn", "Tỉnh", "Xã", "Phường", "Thôn", "Xóm", "Bản",
            "Ấp", "Huyện", "Quận", "Thị xã")


def unit_in_text(name: str) -> str:
    """Write a unit name inside a sentence: generic noun in lower case ("tỉnh Hà Tĩnh", "xã Cẩm Xuyên")."""
    for generic in _GENERIC:
        rest = name[len(generic):]
        if name.startswith(generic + " ") and not rest.strip()[:1].isdigit():
            return generic.lower() + rest
    return name
