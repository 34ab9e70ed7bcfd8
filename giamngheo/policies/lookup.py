"""The resident lookup: household code + second factor → category and policies, and nothing else.

Every failure (unknown code, wrong factor, bad input, rate limit) does the same work and returns the same
``None``: the factor's keyed digest is computed, the same query runs, the digests are compared in constant
time against a fixed number of slots, the counters move and one log row is written.

Second factor: today the head's identity number (``Member.id_number_digest``). A certificate code (issue 4)
becomes one more slot in ``_second_factor_slots`` — the same query shape, still compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from giamngheo.common.crypto import identifier_digest, normalise_identifier
from giamngheo.domain.reasons import CATEGORY_NAMES_VI
from giamngheo.policies.facts import HEAD_RELATIONS, current_result
from giamngheo.policies.models import Entitlement, LookupLog, LookupOutcome, Scenario
from giamngheo.registry.models import Household, Member

FAILURE_MESSAGE = ("Không tra cứu được. Hãy kiểm tra lại mã hộ và số định danh của chủ hộ rồi thử lại sau ít "
                   "phút. Nếu vẫn không được, hỏi cán bộ chính sách ở UBND xã.")
CODE_MAX = 32
FACTOR_RAW_MAX = 40
SLOTS = 2
_DUMMY = "0" * 64
CODE_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_./")


def _limit(name: str, default: int) -> int:
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(f"GIAMNGHEO_{name}", default)
    return int(value)


def limits() -> dict[str, int]:
    """Attempts allowed per address (any outcome) and failures per household code, per window (seconds)."""
    return {
        "per_address": _limit("LOOKUP_LIMIT_PER_ADDRESS", 30),
        "address_window": _limit("LOOKUP_ADDRESS_WINDOW_SECONDS", 10 * 60),
        "per_code": _limit("LOOKUP_LIMIT_PER_CODE", 5),
        "code_window": _limit("LOOKUP_CODE_WINDOW_SECONDS", 60 * 60),
    }


@dataclass(frozen=True)
class PolicyLine:
    code: str
    name: str
    agency: str
    benefit: str
    how_to_claim: str
    documents: str
    legal_basis: str
    reason: str
    amount_verified: bool


@dataclass(frozen=True)
class LookupResult:
    household_id: int
    code: str
    category: str
    category_name: str
    year: int
    commune_name: str
    policies: tuple[PolicyLine, ...]
    news: tuple[str, ...] = ()  # no news model yet: the slot stays empty


def normalise_code(value: str) -> str:
    """Return the code as typed, without spaces; "" when it is too long or has characters no code has."""
    text = unicodedata.normalize("NFKC", value or "").strip()
    if not text or len(text) > CODE_MAX or any(ch not in CODE_ALPHABET for ch in text):
        return ""
    return text


def normalise_factor(value: str) -> str:
    raw = value or ""
    if len(raw) > FACTOR_RAW_MAX:
        return ""
    clean = normalise_identifier(raw)
    return clean if 6 <= len(clean) <= 20 else ""


def _keys(ip: str, code: str) -> tuple[str, str]:
    code_key = hashlib.sha256(code.upper().encode()).hexdigest()[:32]
    address_key = hashlib.sha256(ip.encode()).hexdigest()[:32]
    return f"lookup:ip:{address_key}", f"lookup:code:{code_key}"


def _bump(key: str, window: int) -> int:
    """Count one more attempt and return the new count (one cache round trip while the key lives)."""
    try:
        return int(cache.incr(key))
    except ValueError:  # no such key yet (or it just expired)
        if cache.add(key, 1, timeout=window):
            return 1
    try:  # another worker created it in between
        return int(cache.incr(key))
    except ValueError:
        cache.set(key, 1, timeout=window)
        return 1


def _second_factor_slots(code: str) -> tuple[int | None, list[str]]:
    """Return the household id (or None) and exactly SLOTS digests to compare; padding is a dummy digest."""
    rows = list(
        Member.objects.filter(household__code=code, relation__in=HEAD_RELATIONS)
        .values_list("household_id", "id_number_digest")[:SLOTS]
    )
    household_id = rows[0][0] if rows else None
    slots = [digest for _, digest in rows] + [_DUMMY] * (SLOTS - len(rows))
    return household_id, slots


def lookup_perform(*, code: str, factor: str, ip: str, user_agent: str = "",
                   channel: str = "web") -> LookupResult | None:
    """Return what a household may see about itself, or None for every kind of failure alike."""
    clean_code = normalise_code(code)
    clean_factor = normalise_factor(factor)
    valid = bool(clean_code and clean_factor)
    digest = identifier_digest(clean_factor or "-")
    config = limits()
    address_key, code_key = _keys(ip, clean_code)
    # Every attempt counts against the address; failures only against the code (read here, bumped below).
    attempts = _bump(address_key, config["address_window"])
    blocked = attempts > config["per_address"] or (cache.get(code_key) or 0) >= config["per_code"]
    household_id, slots = _second_factor_slots(clean_code)
    matched = False
    for slot in slots:  # every slot is compared: no early exit
        matched |= hmac.compare_digest(digest, slot or _DUMMY)
    if not valid:
        outcome = LookupOutcome.INVALID
    elif blocked:
        outcome = LookupOutcome.LIMITED
    elif matched:
        outcome = LookupOutcome.FOUND
    else:
        outcome = LookupOutcome.NO_MATCH
    if outcome != LookupOutcome.FOUND:
        _bump(code_key, config["code_window"])
    LookupLog.objects.create(
        ip=ip[:64], channel=channel[:8], code_digest=identifier_digest("household-code:" + clean_code),
        household_id=household_id, outcome=outcome, user_agent=user_agent[:200],
    )
    if outcome != LookupOutcome.FOUND or household_id is None:
        return None
    return household_sheet(household_id)


def household_sheet(household_id: int) -> LookupResult | None:
    """Return the "Quyền lợi của hộ" sheet: category and the public policies granted, with how to claim them."""
    household = Household.objects.filter(pk=household_id).values_list("code", "commune__name").first()
    result = current_result(household_id)
    if household is None or result is None:
        return None
    year, _standard, category = result
    rows = (
        Entitlement.objects.filter(household_id=household_id, scenario=Scenario.CURRENT, policy__public=True,
                                   policy__active=True)
        .order_by("policy__position", "policy__code")
        .values_list("policy__code", "policy__name", "policy__agency", "policy__benefit", "policy__how_to_claim",
                     "policy__documents", "policy__legal_basis", "reason", "policy__amount_verified")
    )
    return LookupResult(
        household_id=household_id, code=household[0], category=category,
        category_name=CATEGORY_NAMES_VI.get(category, category), year=year, commune_name=household[1],
        policies=tuple(PolicyLine(*row) for row in rows),
    )
