"""`giamngheo review-facts` (rebuild the report facts of a year) and `giamngheo review-report` (.xlsx)."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from giamngheo.cli.bootstrap import django_setup, ensure_database
from giamngheo.cli.errors import CLIError


def register(sub: Any) -> None:
    facts = sub.add_parser("review-facts", help="Tính lại số liệu báo cáo rà soát của một năm (sau khi nhập dữ liệu).")
    facts.add_argument("--year", type=int, required=True, metavar="NĂM")
    facts.add_argument("--unit", metavar="MÃ", help="mã tỉnh hoặc xã hiện hành (mặc định: cả nước)")
    facts.set_defaults(handler=facts_command)
    report = sub.add_parser("review-report", help="Xuất báo cáo rà soát (.xlsx) của một tỉnh hoặc xã.")
    report.add_argument("--unit", required=True, metavar="MÃ", help="mã tỉnh hoặc xã hiện hành")
    report.add_argument("--year", type=int, required=True, metavar="NĂM")
    report.add_argument("--out", type=Path, required=True, metavar="TỆP.xlsx")
    report.set_defaults(handler=report_command)


def _unit(code: str) -> Any:
    from giamngheo.geo.models import AdminUnit

    unit = AdminUnit.objects.filter(code=code, level__in=["province", "commune"], valid_to__isnull=True).first()
    if unit is None:
        raise CLIError(f"Không có tỉnh hoặc xã hiện hành mã '{code}'. (Unknown unit code.)", 2)
    return unit


def facts_command(args: argparse.Namespace) -> int:
    django_setup()
    ensure_database()
    from giamngheo.review.services.facts import report_facts_refresh, year_facts_refresh

    started = time.perf_counter()
    if args.unit:
        written = report_facts_refresh(acting_user=None, unit_id=_unit(args.unit).pk, year=args.year)
    else:
        written = year_facts_refresh(year=args.year)
    print(f"Đã tính lại {written:,} hộ cho năm {args.year} trong {time.perf_counter() - started:.1f} giây.".replace(
        ",", "."))
    return 0


def report_command(args: argparse.Namespace) -> int:
    django_setup()
    ensure_database()
    from giamngheo.review.xlsx import report_workbook

    unit = _unit(args.unit)
    args.out.write_bytes(report_workbook(unit, args.year))
    print(f"Đã ghi {args.out} ({unit.name}, năm {args.year}).")
    return 0
