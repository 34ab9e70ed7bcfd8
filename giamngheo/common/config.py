"""Read settings from the environment with one clear sentence for each mistake."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


class ConfigError(Exception):
    """A setting is missing or malformed; the message is one sentence a person can act on."""


def env_flag(name: str, *, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name} must be 1 or 0, not {raw!r}.")


def database_from_url(url: str, data_dir: Path) -> dict[str, Any]:
    """Return Django's DATABASES entry for DATABASE_URL, or the embedded SQLite file when it is empty."""
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": data_dir / "giamngheo.sqlite3",
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
            # Opening the file and running the PRAGMAs costs more than a whole resident lookup: keep it open.
            "CONN_MAX_AGE": 600,
        }
    parts = urlsplit(url)
    if parts.scheme in {"sqlite", "sqlite3"}:
        path = parts.path[1:] if parts.path.startswith("//") else parts.path
        if not path:
            raise ConfigError(f"DATABASE_URL {url!r} names no SQLite file (use sqlite:////absolute/path.sqlite3).")
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": path}
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        name = parts.path.lstrip("/")
        if not name:
            raise ConfigError(f"DATABASE_URL {_redact(url)!r} names no database (postgres://user@host:5432/name).")
        try:
            port = parts.port
        except ValueError:
            raise ConfigError(f"DATABASE_URL {_redact(url)!r} has a port that is not a number.") from None
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": parts.username or "",
            "PASSWORD": parts.password or "",
            "HOST": parts.hostname or "",
            "PORT": str(port or ""),
            "CONN_MAX_AGE": 60,
            # Django leaves psycopg's prepared statements off (prepare_threshold None, for connection poolers).
            # A threshold no query reaches keeps automatic preparing off while letting the few statements that
            # ask for it (the resident lookup's) be prepared once per connection. Behind a pooler in transaction
            # mode without prepared-statement support, set GIAMNGHEO_DB_PREPARED=0.
            "OPTIONS": {"prepare_threshold": None if os.environ.get("GIAMNGHEO_DB_PREPARED") == "0" else 2**31 - 1},
        }
    raise ConfigError(
        f"DATABASE_URL {_redact(url)!r} is not understood; use postgres://user@host:5432/name or leave it unset "
        "for the embedded SQLite database."
    )


def _redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@")
    return url
