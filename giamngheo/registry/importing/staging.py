"""Keep an upload between preview and confirmation: encrypted at rest, and only while the batch is pending."""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


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


def _fernet() -> Fernet:
    secret = settings.FIELD_ENCRYPTION_KEY or settings.SECRET_KEY
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(f"giamngheo:import-staging:{secret}".encode()).digest()))


def staged_seal(content: bytes | None) -> bytes:
    return _fernet().encrypt(content) if content else b""


def staged_open(token: bytes | memoryview) -> bytes | None:
    raw = bytes(token)
    if not raw:
        return None
    try:
        return _fernet().decrypt(raw)
    except InvalidToken:
        return None
