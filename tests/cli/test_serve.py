"""`giamngheo serve` with production settings serves the Vietnamese home page and its style sheets."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def production_env(tmp_path):
    clean = {
        k: v for k, v in os.environ.items()
        if not k.startswith(("GIAMNGHEO_", "DJANGO_")) and k not in {"DATABASE_URL", "REDIS_URL"}
    }
    return {
        **clean, "GIAMNGHEO_DATA_DIR": str(tmp_path), "GIAMNGHEO_DEBUG": "0", "GIAMNGHEO_SECRET_KEY": "s" * 60,
        "GIAMNGHEO_ALLOWED_HOSTS": "127.0.0.1", "GIAMNGHEO_SSL_REDIRECT": "0",
    }


def cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "giamngheo.cli", *args], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=300, check=True,
    )


def get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.read().decode()


def wait_until_listening(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert server.poll() is None, server.communicate()[1]
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError("giamngheo serve did not start listening")


def test_serve_with_production_settings(production_env):
    cli("manage", "migrate", "--verbosity", "0", env=production_env)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "giamngheo.cli", "serve", "--port", str(port)], cwd=ROOT, env=production_env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        wait_until_listening(port, server)
        status, page = get(f"http://127.0.0.1:{port}/")
        assert status == 200
        assert "<h1>Nền tảng giảm nghèo đa chiều</h1>" in page
        css = page.split('<link rel="stylesheet" href="')[2].split('"')[0]
        status, sheet = get(f"http://127.0.0.1:{port}{css}")
        assert status == 200
        assert ".synthetic-banner" in sheet
        assert get(f"http://127.0.0.1:{port}/api/v1/openapi.json")[0] == 200
    finally:
        server.terminate()
        server.communicate(timeout=30)
