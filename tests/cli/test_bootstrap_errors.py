"""Every set-up mistake gets one clear sentence on stderr and a non-zero exit, never a traceback."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from giamngheo.cli import main

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {"GIAMNGHEO_DEBUG": "0", "GIAMNGHEO_SECRET_KEY": "k" * 60}


def run_cli(*args: str, **env: str) -> subprocess.CompletedProcess:
    """Run `giamngheo …` in a fresh process with only the given settings (none inherited from the test run)."""
    clean = {
        k: v for k, v in os.environ.items()
        if not k.startswith(("GIAMNGHEO_", "DJANGO_")) and k not in {"DATABASE_URL", "REDIS_URL"}
    }
    return subprocess.run(
        [sys.executable, "-m", "giamngheo.cli", *args], cwd=ROOT, env={**clean, **env},
        capture_output=True, text=True, timeout=120,
    )


def one_sentence(result: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://root@127.0.0.1/giamngheo",
         "DATABASE_URL 'mysql://root@127.0.0.1/giamngheo' is not understood; use postgres://user@host:5432/name "
         "or leave it unset for the embedded SQLite database."),
        ("postgres://postgres@127.0.0.1:5432",
         "DATABASE_URL 'postgres://postgres@127.0.0.1:5432' names no database (postgres://user@host:5432/name)."),
        ("postgres://postgres:bi-mat@127.0.0.1:cong/giamngheo",
         "DATABASE_URL 'postgres://postgres:***@127.0.0.1:cong/giamngheo' has a port that is not a number."),
        ("sqlite://", "DATABASE_URL 'sqlite://' names no SQLite file (use sqlite:////absolute/path.sqlite3)."),
    ],
)
def test_malformed_database_url(tmp_path, url, message):
    result = run_cli("demo", "--no-serve", "--households", "100", DATABASE_URL=url, GIAMNGHEO_DATA_DIR=str(tmp_path))
    assert result.returncode == 2
    assert one_sentence(result) == f"giamngheo: {message}"
    assert list(tmp_path.iterdir()) == []


def test_malformed_database_url_for_a_management_command(tmp_path):
    result = run_cli(
        "manage", "migrate", DATABASE_URL="mysql://root@127.0.0.1/x", GIAMNGHEO_DATA_DIR=str(tmp_path), **PRODUCTION
    )
    assert result.returncode == 2
    assert one_sentence(result).startswith("giamngheo: DATABASE_URL 'mysql://root@127.0.0.1/x' is not understood")


def test_unreachable_postgresql(tmp_path):
    url = f"postgres://postgres@127.0.0.1:{free_port()}/giamngheo"
    result = run_cli("demo", "--no-serve", "--households", "100", DATABASE_URL=url, GIAMNGHEO_DATA_DIR=str(tmp_path))
    assert result.returncode == 1
    sentence = one_sentence(result)
    assert sentence.startswith("giamngheo: Không kết nối được cơ sở dữ liệu: ")
    assert sentence.endswith("(Cannot reach the database.)")


def test_unreachable_postgresql_for_a_management_command(tmp_path):
    url = f"postgres://postgres@127.0.0.1:{free_port()}/giamngheo"
    result = run_cli("manage", "migrate", DATABASE_URL=url, GIAMNGHEO_DATA_DIR=str(tmp_path), **PRODUCTION)
    assert result.returncode == 1
    sentence = one_sentence(result)
    assert sentence.startswith("giamngheo: Cơ sở dữ liệu báo lỗi: ")
    assert sentence.endswith("(Database error.)")


def test_port_in_use(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("demo", "--port", str(port), "--households", "100", GIAMNGHEO_DATA_DIR=str(tmp_path))
    assert result.returncode == 1
    assert one_sentence(result) == (
        f"giamngheo: Cổng {port} trên 127.0.0.1 đang được dùng; chọn cổng khác với --port. (Port {port} is in use.)"
    )
    assert list(tmp_path.iterdir()) == []


def test_data_directory_under_a_regular_file(tmp_path):
    # Tests run as root, for whom a read-only directory is still writable; a path under a file never is.
    (tmp_path / "tep").write_text("")
    result = run_cli("demo", "--no-serve", "--households", "100", GIAMNGHEO_DATA_DIR=str(tmp_path / "tep" / "data"))
    assert result.returncode == 1
    assert one_sentence(result) == (
        f"giamngheo: Không ghi được vào thư mục dữ liệu {tmp_path}/tep/data (Not a directory); đặt "
        "GIAMNGHEO_DATA_DIR tới một thư mục ghi được. (The data directory is not writable.)"
    )


def test_data_directory_that_cannot_exist():
    result = run_cli("serve", "--port", str(free_port()), GIAMNGHEO_DATA_DIR="/proc/nope", **PRODUCTION)
    assert result.returncode == 1
    assert one_sentence(result) == (
        "giamngheo: Không ghi được vào thư mục dữ liệu /proc/nope (No such file or directory); đặt "
        "GIAMNGHEO_DATA_DIR tới một thư mục ghi được. (The data directory is not writable.)"
    )


def test_production_without_secret_key(tmp_path):
    result = run_cli("serve", "--port", str(free_port()), GIAMNGHEO_DEBUG="0", GIAMNGHEO_DATA_DIR=str(tmp_path))
    assert result.returncode == 2
    assert one_sentence(result) == "giamngheo: GIAMNGHEO_SECRET_KEY must be set when GIAMNGHEO_DEBUG is off."


def test_malformed_debug_flag(tmp_path):
    result = run_cli("manage", "check", GIAMNGHEO_DEBUG="co", GIAMNGHEO_DATA_DIR=str(tmp_path))
    assert result.returncode == 2
    assert one_sentence(result) == "giamngheo: GIAMNGHEO_DEBUG must be 1 or 0, not 'co'."


def test_worker_needs_redis(tmp_path):
    result = run_cli("worker", GIAMNGHEO_DATA_DIR=str(tmp_path), **PRODUCTION)
    assert result.returncode == 2
    assert one_sentence(result) == (
        "giamngheo: Tiến trình nền cần REDIS_URL (ví dụ redis://127.0.0.1:6379/0). (REDIS_URL is not set.)"
    )


def test_too_few_demo_households(capsys):
    assert main(["demo", "--households", "5"]) == 2
    assert capsys.readouterr().err == (
        "giamngheo: --households phải từ 100 đến 2.000.000. (--households must be 100…2,000,000.)\n"
    )


def test_port_out_of_range(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("GIAMNGHEO_DATA_DIR", str(tmp_path))
    assert main(["demo", "--port", "70000", "--households", "100"]) == 2
    assert capsys.readouterr().err == "giamngheo: Cổng 70000 không hợp lệ; chọn từ 1 đến 65535. (Invalid port.)\n"


def test_check_deploy_passes_with_production_settings(tmp_path):
    result = run_cli(
        "manage", "check", "--deploy", "--fail-level", "WARNING",
        GIAMNGHEO_DEBUG="0", GIAMNGHEO_SECRET_KEY="q7Lr-" + "Zx9vT2mWc8" * 6,
        GIAMNGHEO_ALLOWED_HOSTS="example.gov.vn", GIAMNGHEO_DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "System check identified no issues (0 silenced).\n"
