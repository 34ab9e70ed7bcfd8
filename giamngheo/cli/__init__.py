"""The `giamngheo` command: demo, serve, worker, and the Django management commands."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from giamngheo.cli.errors import CLIError, fail


def _parser() -> argparse.ArgumentParser:
    from giamngheo.cli import assess, demo, entitlements, registry, review, server, verify

    parser = argparse.ArgumentParser(
        prog="giamngheo",
        description="Nền tảng giảm nghèo đa chiều — multidimensional poverty review platform.",
    )
    sub = parser.add_subparsers(dest="command", metavar="LỆNH")
    demo.register(sub)
    assess.register(sub)
    registry.register(sub)
    verify.register(sub)
    review.register(sub)
    entitlements.register(sub)
    server.register(sub)
    manage = sub.add_parser("manage", help="Chạy lệnh quản trị Django (migrate, createsuperuser, …).", add_help=False)
    manage.set_defaults(handler=None)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if args_list[:1] == ["manage"]:
        return _manage(args_list[1:])
    parser = _parser()
    args = parser.parse_args(args_list)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 0
    try:
        return int(args.handler(args) or 0)
    except CLIError as error:
        return fail(str(error), error.status)
    except KeyboardInterrupt:
        return fail("Đã dừng theo yêu cầu. (Stopped.)", 130)


def _manage(argv: list[str]) -> int:
    from giamngheo.cli.bootstrap import django_setup

    try:
        django_setup()
    except CLIError as error:
        return fail(str(error), error.status)
    from django.core.management import execute_from_command_line
    from django.db import OperationalError

    try:
        execute_from_command_line(["giamngheo manage", *argv])
    except OperationalError as error:
        # A wrong or unreachable DATABASE_URL: one sentence, as for every other command, not a traceback.
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else "no answer"
        return fail(f"Cơ sở dữ liệu báo lỗi: {first_line}. (Database error.)", 1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
