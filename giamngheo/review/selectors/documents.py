"""What the public may see of a certificate when checking its QR code: no identity number, no members."""

from __future__ import annotations

from typing import Any

from giamngheo.domain.reasons import CATEGORY_NAMES_VI
from giamngheo.review.models import Certificate


def masked_name(name: str) -> str:
    """Keep the family and given names, initial the middle ones: "Nguyễn Văn Hùng" → "Nguyễn V. Hùng"."""
    parts = name.split()
    if len(parts) <= 2:
        return name
    return " ".join([parts[0], *[f"{p[0]}." for p in parts[1:-1]], parts[-1]])


def certificate_public(token: str) -> dict[str, Any] | None:
    certificate = (Certificate.objects.filter(token=token).select_related("document", "document__agency",
                                                                         "household").first())
    if certificate is None:
        return None
    document = certificate.document
    return {
        "number": document.number_text, "issued_on": document.issued_on, "agency": document.agency.name,
        "head": masked_name(certificate.household.head_name), "period": certificate.period,
        "years": [{"year": y["year"], "category": CATEGORY_NAMES_VI.get(y["category"], y["category"]),
                   "decision": y["decision"]} for y in certificate.years],
        "valid": certificate.revoked_on is None, "revoked_on": certificate.revoked_on,
        "household_code": certificate.household.code,
    }
