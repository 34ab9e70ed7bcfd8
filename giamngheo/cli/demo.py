"""`giamngheo demo`: migrate, load units, seed a synthetic population, create demo accounts, serve."""

from __future__ import annotations

import argparse
import os
import subprocess
import time
from typing import Any

from giamngheo.cli.bootstrap import (
    django_setup,
    ensure_database,
    ensure_port_free,
    ensure_writable_data_dir,
    migrate,
)
from giamngheo.cli.errors import CLIError

DEFAULT_HOUSEHOLDS = 40_000


def register(sub: Any) -> None:
    demo = sub.add_parser("demo", help="Chạy bản trình diễn với dữ liệu mô phỏng (SQLite) và phục vụ web.")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--households", type=int, default=DEFAULT_HOUSEHOLDS,
                      help=f"số hộ mô phỏng (mặc định {DEFAULT_HOUSEHOLDS:,})")
    demo.add_argument("--seed", type=int, default=2021, help="hạt giống ngẫu nhiên (mặc định 2021)")
    demo.add_argument("--no-serve", action="store_true", help="chỉ chuẩn bị dữ liệu, không phục vụ web")
    demo.set_defaults(handler=demo_command)


def demo_command(args: argparse.Namespace) -> int:
    if not 100 <= args.households <= 2_000_000:
        raise CLIError("--households phải từ 100 đến 2.000.000. (--households must be 100…2,000,000.)", 2)
    os.environ.setdefault("GIAMNGHEO_DEBUG", "1")
    started = time.monotonic()
    ensure_writable_data_dir()
    if not args.no_serve:
        ensure_port_free("127.0.0.1", args.port)
    django_setup()
    ensure_database()
    migrate()

    from giamngheo.demo.services import demo_prepare

    report = demo_prepare(households=args.households, seed=args.seed, progress=_say)
    _say(f"Sẵn sàng sau {time.monotonic() - started:.1f} giây.")
    print("\nTài khoản trình diễn (demo logins):")
    for login in report.logins:
        print(f"  {login.username:<16} {login.password:<20} {login.description}")
    if report.lookup is not None:
        print(f"\nTra cứu thử của người dân (resident lookup) tại /tra-cuu/: mã hộ {report.lookup.household_code}, "
              f"số định danh chủ hộ {report.lookup.id_number}")
    if args.no_serve:
        return 0

    from giamngheo.cli.server import serve_http, worker_argv

    worker = subprocess.Popen(worker_argv(1)) if os.environ.get("REDIS_URL") else None
    try:
        serve_http("127.0.0.1", args.port)
    finally:
        if worker is not None:
            worker.terminate()
    return 0


def _say(message: str) -> None:
    print(message, flush=True)
