from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from giamngheo.dashboards.services import aggregates_refresh


class Command(BaseCommand):
    help = "Tổng hợp lại số liệu bảng theo dõi (rebuild the dashboard aggregates) for some years/units or all."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--years", nargs="*", type=int, help="năm rà soát (mặc định: tất cả)")
        parser.add_argument("--units", nargs="*", type=int, help="id đơn vị (mặc định: tất cả)")

    def handle(self, *args: Any, **options: Any) -> None:
        report = aggregates_refresh(years=options["years"] or None, unit_ids=options["units"] or None)
        years = ", ".join(map(str, report.years)) or "—"
        self.stdout.write(
            f"Đã tổng hợp {report.assessments:,} kết quả rà soát, {report.units:,} đơn vị, năm {years} "
            f"trong {report.seconds:.2f} giây."
        )
