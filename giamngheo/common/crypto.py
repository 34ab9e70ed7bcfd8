"""Encrypt personal identifiers at rest, and find them again without decrypting every row."""

from __future__ import annotations

import base64
import hashlib
import hmac
import unicodedata

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _key_material(purpose: str) -> bytes:
    secret = settings.FIELD_ENCRYPTION_KEY or settings.SECRET_KEY
    return hashlib.sha256(f"giamngheo:{purpose}:{secret}".encode()).digest()


def _fernet() -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_key_material("encrypt")))


def normalise_identifier(value: str) -> str:
    """Keep digits and letters only, upper-case: "0 3 8-09.012345" → "03809012345"."""
    text = unicodedata.normalize("NFKC", value)
    return "".join(ch for ch in text if ch.isalnum()).upper()


def identifier_encrypt(value: str) -> str:
    return _fernet().encrypt(normalise_identifier(value).encode()).decode()


def identifier_decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        return ""


def identifier_digest(value: str) -> str:
    """A keyed digest for equality lookups; the same identifier always gives the same digest."""
    return hmac.new(_key_material("digest"), normalise_identifier(value).encode(), hashlib.sha256).hexdigest()


def exact_digest(value: str) -> str:
    """A keyed digest of a value exactly as given (case and punctuation count), e.g. a certificate's code."""
    return hmac.new(_key_material("exact"), value.encode(), hashlib.sha256).hexdigest()


def identifier_mask(value: str) -> str:
    """Show only the last three characters: "038090012345" → "*********345"."""
    return normalised_identifier_mask(normalise_identifier(value))


def normalised_identifier_mask(clean: str) -> str:
    """Mask an identifier that is already normalised (bulk callers skip normalising twice)."""
    return "*" * max(len(clean) - 3, 0) + clean[-3:]


def identifier_keys() -> tuple[bytes, bytes]:
    """Return the (encryption, digest) key material, for callers that protect many identifiers at once."""
    return _key_material("encrypt"), _key_material("digest")
