"""`giamngheo serve` and `giamngheo worker` for real deployments."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from typing import Any

from giamngheo.cli.bootstrap import django_setup, ensure_database, ensure_port_free, ensure_writable_data_dir
from giamngheo.cli.errors import CLIError


def register(sub: Any) -> None:
    serve = sub.add_parser("serve", help="Phục vụ ứng dụng web (WSGI, waitress).")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--threads", type=int, default=8)
    serve.set_defaults(handler=serve_command)
    worker = sub.add_parser("worker", help="Chạy tiến trình nền Celery (cần REDIS_URL).")
    worker.add_argument("--concurrency", type=int, default=2)
    worker.add_argument("--no-beat", action="store_true",
                        help="Không chạy lịch việc định kỳ trong tiến trình này (khi đã có một tiến trình khác chạy).")
    worker.set_defaults(handler=worker_command)


def serve_command(args: argparse.Namespace) -> int:
    ensure_writable_data_dir()
    ensure_port_free(args.host, args.port)
    django_setup()
    ensure_database()
    collect_static_files()
    serve_http(args.host, args.port, threads=args.threads)
    return 0


def collect_static_files() -> None:
    """Copy the style sheets and scripts into the data directory, where WhiteNoise serves them without DEBUG."""
    from django.conf import settings
    from django.core.management import call_command

    if not settings.DEBUG:
        call_command("collectstatic", interactive=False, verbosity=0)


def serve_http(host: str, port: int, *, threads: int = 8) -> None:
    from waitress import serve

    from config.wsgi import application

    print(f"Đang phục vụ tại http://{host}:{port}/  (Ctrl+C để dừng)", flush=True)
    serve(application, host=host, port=port, threads=threads, ident="giamngheo", _quiet=True)


def worker_command(args: argparse.Namespace) -> int:
    if not os.environ.get("REDIS_URL"):
        raise CLIError("Tiến trình nền cần REDIS_URL (ví dụ redis://127.0.0.1:6379/0). (REDIS_URL is not set.)", 2)
    django_setup()
    ensure_database()
    return subprocess.call(worker_argv(args.concurrency, beat=not args.no_beat))


def worker_argv(concurrency: int, *, beat: bool = True) -> list[str]:
    """The Celery worker; with ``beat`` it also runs the periodic jobs of ``CELERY_BEAT_SCHEDULE`` (run one only)."""
    from django.conf import settings

    argv = [sys.executable, "-m", "celery", "-A", "config.celery", "worker", "--loglevel=INFO",
            f"--concurrency={concurrency}"]
    if beat:
        argv += ["--beat", f"--schedule={settings.DATA_DIR / 'celerybeat-schedule'}"]
    return argv
