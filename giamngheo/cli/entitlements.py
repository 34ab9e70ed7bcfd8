"""`giamngheo entitlements-refresh [--all]`: recompute the entitlements that the calendar has made stale."""

from __future__ import annotations

import argparse
import time
from typing import Any

from giamngheo.cli.bootstrap import django_setup, ensure_database


def register(sub: Any) -> None:
    refresh = sub.add_parser(
        "entitlements-refresh",
        help="Tính lại quyền lợi của các chính sách vừa bắt đầu hoặc hết hiệu lực từ lần chạy trước "
             "(như tác vụ hằng ngày policies.entitlements_dated_refresh).",
    )
    refresh.add_argument("--all", action="store_true", dest="everything",
                         help="tính lại mọi chính sách cho mọi hộ")
    refresh.set_defaults(handler=refresh_command)


def refresh_command(args: argparse.Namespace) -> int:
    django_setup()
    ensure_database()
    from giamngheo.common.request_context import RequestOrigin, reset_origin, set_origin
    from giamngheo.policies.tasks import entitlements_dated_refresh

    started = time.perf_counter()
    token = set_origin(RequestOrigin(channel="cli"))
    try:
        summary = entitlements_dated_refresh(everything=args.everything)
    finally:
        reset_origin(token)
    seconds = time.perf_counter() - started
    for reason in summary["reasons"]:
        print(f"- {reason}")
    if summary["all"]:
        what = "mọi chính sách"
    elif summary["policy_codes"]:
        what = ", ".join(summary["policy_codes"])
    else:
        print(f"Không có chính sách nào bắt đầu hoặc hết hiệu lực từ ngày {summary['since']}; không tính lại.")
        return 0
    print(f"Đã tính lại {what}: {summary['households']:,} hộ, ghi {summary['written']:,} dòng, "
          f"xóa {summary['removed']:,} dòng trong {seconds:.1f} giây.".replace(",", "."))
    return 0
