"""Commune codes in an import: every row must name the commune being imported, by its code in force today."""

from __future__ import annotations

import polars as pl

from giamngheo.assessfile.validate import ROW
from giamngheo.geo.models import AdminUnit, UnitLevel
from giamngheo.geo.selectors import successor_on
from giamngheo.registry.importing.problems import HOUSEHOLDS, ImportProblem


def commune_problems(frame: pl.DataFrame, *, commune: AdminUnit, column: str) -> list[ImportProblem]:
    """Return one problem per row whose commune_code is blank, unknown, retired or another commune's."""
    codes = frame.get_column("commune_code").unique().to_list()
    messages = {code: _message(code, commune) for code in codes if code != commune.code}
    problems = []
    for code, message in messages.items():
        if message is None:
            continue
        selector = pl.col("commune_code").is_null() if code is None else pl.col("commune_code") == code
        rows = frame.filter(selector).get_column(ROW).to_list()
        problems += [ImportProblem(HOUSEHOLDS, row, column, message) for row in rows]
    return problems


def _message(code: str | None, commune: AdminUnit) -> str | None:
    target = f"{commune.name} (mã {commune.code})"
    if code is None:
        return f"mã xã trống; cần mã {commune.code} của {commune.name}."
    if not (len(code) == 5 and code.isdigit()):
        return None  # the assessment file's own check already says what is wrong with the format
    units = AdminUnit.objects.filter(level=UnitLevel.COMMUNE, code=code)
    current = units.filter(valid_to__isnull=True).first()
    if current is not None:
        return (f"mã xã {code} là của {current.name}, không phải xã đang nhập {target}; "
                "mỗi lần nhập chỉ cho một xã.")
    retired = units.order_by("-valid_to").first()
    if retired is not None:
        successor = successor_on(retired)
        now = f", nay thuộc {successor.name} (mã {successor.code})" if successor else ""
        return (f"mã xã {code} là của {retired.name} cũ, đã hết hiệu lực từ {retired.valid_to:%d/%m/%Y}{now}; "
                "hãy dùng mã xã hiện hành.")
    return f"mã xã {code} không tồn tại trong danh mục đơn vị hành chính hiện hành."
