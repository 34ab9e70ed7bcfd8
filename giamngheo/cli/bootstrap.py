"""Start Django for a command, turning every set-up mistake into one sentence."""

from __future__ import annotations

import os
import socket
import tempfile
from pathlib import Path

from giamngheo.cli.errors import CLIError


def data_dir() -> Path:
    return Path(os.environ.get("GIAMNGHEO_DATA_DIR", Path.cwd() / "var")).resolve()


def ensure_writable_data_dir() -> Path:
    """Create the data directory if needed and prove we can write into it."""
    path = data_dir()
    if os.environ.get("DATABASE_URL"):
        return path
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path, prefix=".write-test-"):
            pass
    except OSError as error:
        raise CLIError(
            f"Không ghi được vào thư mục dữ liệu {path} ({error.strerror}); đặt GIAMNGHEO_DATA_DIR tới một thư mục "
            "ghi được. (The data directory is not writable.)"
        ) from None
    os.environ["GIAMNGHEO_DATA_DIR"] = str(path)
    return path


def ensure_port_free(host: str, port: int) -> None:
    if not 1 <= port <= 65535:
        raise CLIError(f"Cổng {port} không hợp lệ; chọn từ 1 đến 65535. (Invalid port.)", 2)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            raise CLIError(
                f"Cổng {port} trên {host} đang được dùng; chọn cổng khác với --port. (Port {port} is in use.)"
            ) from None


def django_setup() -> None:
    from giamngheo.common.config import ConfigError

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    try:
        import django

        django.setup()
    except ConfigError as error:
        raise CLIError(str(error), 2) from None


def ensure_database() -> None:
    """Connect once so a wrong or unreachable DATABASE_URL fails here with one sentence."""
    from django.db import OperationalError, connection

    try:
        connection.ensure_connection()
    except OperationalError as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else "no answer"
        raise CLIError(f"Không kết nối được cơ sở dữ liệu: {first_line}. (Cannot reach the database.)") from None


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
