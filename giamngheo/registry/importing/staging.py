"""Keep a checked import between preview and confirmation: encrypted at rest, and only while it is pending.

What is kept is not the upload but the checked, assessed rows (Parquet): confirming then skips reading and
validating the spreadsheet again and only compares with the registry as it is at that moment.
"""

from __future__ import annotations

import hashlib
import io
import os

import polars as pl
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
NONCE = 12


def max_upload_bytes() -> int:
    """The largest file an import accepts (settings.REGISTRY_IMPORT_MAX_BYTES, 50 MB when unset)."""
    return int(getattr(settings, "REGISTRY_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",") + " MB"


def file_digest(content: bytes, members_content: bytes | None) -> str:
    digest = hashlib.sha256(content)
    if members_content is not None:
        digest.update(b"\x00members\x00")
        digest.update(members_content)
    return digest.hexdigest()


def frame_seal(frame: pl.DataFrame | None) -> bytes:
    """Return the frame as encrypted Parquet (b"" for None)."""
    if frame is None:
        return b""
    buffer = io.BytesIO()
    frame.write_parquet(buffer, compression="zstd", compression_level=1)
    nonce = os.urandom(NONCE)
    return nonce + _aead().encrypt(nonce, buffer.getvalue(), b"giamngheo-import")


def frame_open(token: bytes | memoryview | None) -> pl.DataFrame | None:
    """Return the frame sealed by frame_seal, or None when there is none (or the key has changed)."""
    raw = bytes(token or b"")
    if not raw:
        return None
    try:
        plain = _aead().decrypt(raw[:NONCE], raw[NONCE:], b"giamngheo-import")
    except InvalidTag:
        return None
    return pl.read_parquet(io.BytesIO(plain))


def _aead() -> AESGCM:
    secret = settings.FIELD_ENCRYPTION_KEY or settings.SECRET_KEY
    return AESGCM(hashlib.sha256(f"giamngheo:import-staging:{secret}".encode()).digest())
