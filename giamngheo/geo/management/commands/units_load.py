"""`giamngheo manage units_load`: load the administrative units of Vietnam (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from giamngheo.geo.services import units_load

LABELS = {
    "province": "Tỉnh/thành phố hiện hành",
    "commune": "Xã/phường/đặc khu hiện hành",
    "legacy_province": "Tỉnh/thành phố trước 01/07/2025",
    "legacy_district": "Huyện/quận trước 01/07/2025",
    "legacy_commune": "Xã/phường/thị trấn trước 01/07/2025",
    "village": "Thôn/tổ dân phố",
    "succession": "Liên kết sáp nhập/chia tách",
}


class Command(BaseCommand):
    help = "Nạp đơn vị hành chính (34 tỉnh, 3.321 xã từ 01/07/2025 và đơn vị cũ) từ gói vietnamadminunits."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--province", action="append", dest="provinces", metavar="MÃ",
            help="chỉ nạp tỉnh/thành phố hiện hành có mã này (lặp lại được), ví dụ --province 42",
        )

    def handle(self, *args: Any, provinces: list[str] | None, verbosity: int, **options: Any) -> None:
        try:
            report = units_load(provinces=provinces, progress=self.stdout.write if verbosity > 1 else None)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{'Loại':40} {'mới tạo':>8} {'tổng':>8}")
        for kind, label in LABELS.items():
            self.stdout.write(f"{label:40} {report.created.get(kind, 0):>8} {report.totals.get(kind, 0):>8}")
        self.stdout.write(self.style.SUCCESS("Đã nạp xong." if report.changed else "Không có gì mới: đã nạp từ trước."))
