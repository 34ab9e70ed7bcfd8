"""Vietnamese formats for documents and reports (Decree 30/2020 date line, numbers, document numbers)."""

from __future__ import annotations

import datetime as dt


def nd30_date(day: dt.date | None, *, year_hint: int | None = None) -> str:
    """Return "ngày 05 tháng 3 năm 2026"; months 1–2 and days < 10 get a leading zero; blank for a draft."""
    if day is None:
        return f"ngày      tháng      năm {year_hint or ''}".rstrip()
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def vn_number(value: int | float, decimals: int = 0) -> str:
    """Return 1.500.000 or 2,80 (grouping '.', decimal ',')."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def vn_percent(part: int, whole: int, decimals: int = 2) -> str:
    return f"{vn_number(100 * part / whole, decimals) if whole else vn_number(0, decimals)}%"


def document_number(number: int | None, symbol: str) -> str:
    """Return "Số: 05/QĐ-UBND" (numbers below 10 get a leading zero); a draft leaves the number blank."""
    if number is None:
        return f"Số:        /{symbol}"
    return f"Số: {number:02d}/{symbol}"


def place_name(commune_name: str) -> str:
    """Return the place of a commune's date line: its name without the generic noun ("Xã Cẩm Xuyên" → "Cẩm Xuyên")."""
    for prefix in ("Xã ", "Phường ", "Đặc khu ", "Thị trấn "):
        if commune_name.startswith(prefix):
            rest = commune_name[len(prefix):]
            return commune_name if rest[:1].isdigit() else rest
    return commune_name


def dmy(day: dt.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def in_text(unit_name: str) -> str:
    """Return a unit's name as running text writes it: generic noun in lower case ("Xã Cẩm Xuyên" → "xã Cẩm Xuyên")."""
    for prefix in ("Xã ", "Phường ", "Đặc khu ", "Thôn ", "Tổ dân phố ", "Tỉnh ", "Thành phố "):
        if unit_name.startswith(prefix) and not unit_name[len(prefix):][:1].isdigit():
            return prefix.lower() + unit_name[len(prefix):]
    return unit_name
