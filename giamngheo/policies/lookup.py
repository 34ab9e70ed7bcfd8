"""The resident lookup: household code + second factor → category and policies, and nothing else.

Every failure (unknown code, wrong factor, bad input, rate limit) does the same work and returns the same
``None``: both keyed digests of the factor are computed, the same query runs, the digests are compared in
constant time against a fixed number of slots, the counters move and one log row is written.

A policy's reason is shown as ``public_reason`` words it: a reason resting on a sensitive circumstance (an
accused or disabled member, a pregnancy, ethnicity…) reads neutrally here; staff pages keep the full reason.

Counters: attempts per address (IPv6 addresses grouped by /64, what one subscriber is given) and failures per
household code. A commune official may clear a locked code (``lookup_unlock``), audited.

Second factor: the head's identity number (``Member.id_number_digest``) or the verification code printed under
the QR code of the household's certificate (``Certificate.token``, while it is not revoked).

The lookup is the busiest public endpoint, so its statements are plain SQL built once per process from the
models' table and column names: the ORM would compile the same four statements on every request.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import ipaddress
import time
import unicodedata
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from giamngheo.accounts.access import can
from giamngheo.accounts.models import User
from giamngheo.common.audit import audit_record
from giamngheo.common.crypto import exact_digest, identifier_digest, normalise_identifier
from giamngheo.domain.eligibility import public_reason
from giamngheo.domain.reasons import CATEGORY_NAMES_VI
from giamngheo.geo.models import AdminUnit
from giamngheo.policies.facts import HEAD_RELATIONS, in_force_latest
from giamngheo.policies.models import Entitlement, LookupLog, LookupOutcome, Policy, Scenario
from giamngheo.registry.access import access_household
from giamngheo.registry.models import Household, HouseholdAssessment, Member
from giamngheo.review.models import Certificate

FAILURE_MESSAGE = ("Không tra cứu được. Hãy kiểm tra lại mã hộ và số định danh của chủ hộ (hoặc mã xác minh in "
                   "dưới mã QR của giấy chứng nhận) rồi thử lại sau ít phút. Nếu vẫn không được, hỏi cán bộ chính "
                   "sách ở UBND xã.")
CODE_MAX = 32
FACTOR_RAW_MAX = 40
HEAD_SLOTS = 2
CERTIFICATE_SLOTS = 1
_DUMMY = "0" * 64
_NO_CERTIFICATE = "~" * 22  # digested in an empty certificate slot; no code has "~"
CODE_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_./")
TOKEN_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def limits() -> dict[str, int]:
    """Attempts allowed per address (any outcome) and failures per household code, per window (seconds)."""
    return {
        "per_address": settings.LOOKUP_LIMIT_PER_ADDRESS,
        "address_window": settings.LOOKUP_ADDRESS_WINDOW_SECONDS,
        "per_code": settings.LOOKUP_LIMIT_PER_CODE,
        "code_window": settings.LOOKUP_CODE_WINDOW_SECONDS,
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
    commune_id: int
    commune_name: str
    policies: tuple[PolicyLine, ...]


def normalise_code(value: str) -> str:
    """Return the code as typed, without spaces; "" when it is too long or has characters no code has."""
    text = unicodedata.normalize("NFKC", value or "").strip()
    if not text or len(text) > CODE_MAX or any(ch not in CODE_ALPHABET for ch in text):
        return ""
    return text


def normalise_factor(value: str) -> str:
    """Return the factor read as an identity number (digits and letters, upper-case), or ""."""
    raw = value or ""
    if len(raw) > FACTOR_RAW_MAX:
        return ""
    clean = normalise_identifier(raw)
    return clean if 6 <= len(clean) <= 20 else ""


def normalise_certificate_code(value: str) -> str:
    """Return the factor read as a certificate's verification code (case kept, spaces dropped), or ""."""
    raw = unicodedata.normalize("NFKC", value or "")
    if len(raw) > FACTOR_RAW_MAX:
        return ""
    text = "".join(raw.split())
    return text if 16 <= len(text) <= 32 and all(ch in TOKEN_ALPHABET for ch in text) else ""


def certificate_code_digest(token: str) -> str:
    """A keyed digest of a certificate code, so both sides of the comparison have the same length."""
    return exact_digest("certificate:" + token) if token else _DUMMY


def address_group(ip: str) -> str:
    """The address a limit counts against: an IPv6 address's /64 (one subscriber's), an IPv4 address itself."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


def _code_key(code: str) -> str:
    return "lookup:code:" + hashlib.sha256(code.upper().encode()).hexdigest()[:32]


def _keys(ip: str, code: str) -> tuple[str, str]:
    address_key = hashlib.sha256(address_group(ip).encode()).hexdigest()[:32]
    return f"lookup:ip:{address_key}", _code_key(code)


def _bump(key: str, window: int) -> int:
    """Count one more attempt and return the new count, with the same cache work whether the key exists or not.

    With Redis, one round trip (``ReusingRedisCache.bump``); otherwise an ``add`` of 0 and an ``incr``.
    """
    bump = getattr(cache, "bump", None)
    if bump is not None:
        return int(bump(key, window))
    cache.add(key, 0, timeout=window)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between the two calls
        cache.set(key, 1, timeout=window)
        return 1


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _column(model: type[Model], field: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(field).column)


@functools.cache
def _statements() -> dict[str, str]:
    """The lookup's SQL, built once per process from the models (same text on SQLite and PostgreSQL)."""
    h, m, c = _table(Household), _table(Member), _table(Certificate)
    a, u, e, p, log = (_table(HouseholdAssessment), _table(AdminUnit), _table(Entitlement), _table(Policy),
                       _table(LookupLog))
    relations = ", ".join(["%s"] * len(HEAD_RELATIONS))
    hid, hcode = _column(Household, "id"), _column(Household, "code")
    policy_columns = ", ".join(f"p.{_column(Policy, f)}" for f in (
        "code", "name", "agency", "benefit", "how_to_claim", "documents", "legal_basis"))
    return {
        # Exactly the same statement, and one row of the same shape, for every attempt: the household, the heads'
        # digests and the live certificate's code, each NULL when there is none.
        "secrets": "SELECT " + ", ".join([
            f"(SELECT h.{hid} FROM {h} h WHERE h.{hcode} = %s)",
            *[f"(SELECT m.{_column(Member, 'id_number_digest')} FROM {m} m JOIN {h} h ON h.{hid} = "
              f"m.{_column(Member, 'household')} WHERE h.{hcode} = %s AND m.{_column(Member, 'relation')} IN "
              f"({relations}) ORDER BY m.{_column(Member, 'id')} LIMIT 1 OFFSET {slot})" for slot in range(HEAD_SLOTS)],
            *[f"(SELECT c.{_column(Certificate, 'token')} FROM {c} c JOIN {h} h ON h.{hid} = "
              f"c.{_column(Certificate, 'household')} WHERE h.{hcode} = %s AND "
              f"c.{_column(Certificate, 'revoked_on')} IS NULL ORDER BY c.{_column(Certificate, 'id')} DESC "
              f"LIMIT 1 OFFSET {slot})" for slot in range(CERTIFICATE_SLOTS)],
        ]),
        "log": (
            f"INSERT INTO {log} ({_column(LookupLog, 'at')}, {_column(LookupLog, 'ip')}, "
            f"{_column(LookupLog, 'channel')}, {_column(LookupLog, 'code_digest')}, "
            f"{_column(LookupLog, 'household')}, {_column(LookupLog, 'outcome')}, "
            f"{_column(LookupLog, 'user_agent')}) VALUES (%s, %s, %s, %s, %s, %s, %s)"
        ),
        # The household, its commune and its results, newest first (the first one in force is the current one).
        "household": (
            f"SELECT h.{hcode}, u.{_column(AdminUnit, 'id')}, u.{_column(AdminUnit, 'name')}, "
            f"a.{_column(HouseholdAssessment, 'year')}, a.{_column(HouseholdAssessment, 'standard_id')}, "
            f"a.{_column(HouseholdAssessment, 'category')} FROM {h} h JOIN {u} u ON u.{_column(AdminUnit, 'id')} = "
            f"h.{_column(Household, 'commune')} LEFT JOIN {a} a ON a.{_column(HouseholdAssessment, 'household')} = "
            f"h.{hid} WHERE h.{hid} = %s ORDER BY a.{_column(HouseholdAssessment, 'year')} DESC, "
            f"a.{_column(HouseholdAssessment, 'id')} DESC"
        ),
        "policies": (
            f"SELECT {policy_columns}, e.{_column(Entitlement, 'reason')}, p.{_column(Policy, 'amount_verified')} "
            f"FROM {e} e JOIN {p} p ON p.{_column(Policy, 'id')} = e.{_column(Entitlement, 'policy')} "
            f"WHERE e.{_column(Entitlement, 'household')} = %s AND e.{_column(Entitlement, 'scenario')} = %s "
            f"AND p.{_column(Policy, 'public')} AND p.{_column(Policy, 'active')} "
            f"ORDER BY p.{_column(Policy, 'position')}, p.{_column(Policy, 'code')}"
        ),
    }


def _cursor() -> Any:
    """A cursor for the lookup's statements; on PostgreSQL each is prepared once per connection.

    Planning these statements cost PostgreSQL five times more CPU than running them (0.29 against 0.05 ms for
    the second-factor query). Django keeps psycopg's automatic preparing off; the connection settings let
    statements that ask for it be prepared (``common.config``), and psycopg forgets them on rollback. Django's
    cursor wrapper stays around the cursor (error translation, the query log that tests read).
    """
    if connection.vendor != "postgresql":
        return connection.cursor()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    raw = _prepared_cursor_class()(connection.connection)
    return connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)


@functools.cache
def _prepared_cursor_class() -> type:
    import psycopg

    class PreparedCursor(psycopg.Cursor):  # type: ignore[type-arg]
        def execute(self, query: Any, params: Any = None, **options: Any) -> Any:
            options["prepare"] = True
            result = super().execute(query, params, **options)
            # What Django's query log reads from a client-side cursor: the statement (without its values).
            self._query = SimpleNamespace(query=str(query).encode())
            return result

    return PreparedCursor


def _secret_slots(code: str) -> tuple[int | None, list[str], list[str]]:
    """Return the household id (or None), HEAD_SLOTS identity digests and CERTIFICATE_SLOTS code digests.

    An empty slot holds a dummy digest, and a certificate slot is digested whether it holds a code or not, so the
    comparison below always does the same work.
    """
    with _cursor() as cursor:
        cursor.execute(_statements()["secrets"], [code, *([code, *HEAD_RELATIONS] * HEAD_SLOTS),
                                                  *([code] * CERTIFICATE_SLOTS)])
        household_id, *secrets = cursor.fetchone()
    heads = [secret or _DUMMY for secret in secrets[:HEAD_SLOTS]]
    certificates = [certificate_code_digest(secret or _NO_CERTIFICATE) for secret in secrets[HEAD_SLOTS:]]
    return household_id, heads, certificates


def _log(*, ip: str, channel: str, code: str, household_id: int | None, outcome: str, user_agent: str) -> None:
    with _cursor() as cursor:
        cursor.execute(_statements()["log"], [
            timezone.now(), ip[:64], channel[:8], identifier_digest("household-code:" + code), household_id,
            outcome, user_agent[:200]])


def lookup_perform(*, code: str, factor: str, ip: str, user_agent: str = "",
                   channel: str = "web") -> LookupResult | None:
    """Return what a household may see about itself, or None for every kind of failure alike."""
    started = time.perf_counter()
    clean_code = normalise_code(code)
    identity, certificate_code = normalise_factor(factor), normalise_certificate_code(factor)
    valid = bool(clean_code and (identity or certificate_code))
    identity_digest = identifier_digest(identity or "-")
    code_digest = certificate_code_digest(certificate_code or "-")
    config = limits()
    address_key, code_key = _keys(ip, clean_code)
    # Every attempt counts against the address; failures only against the code (read here, bumped below).
    attempts = _bump(address_key, config["address_window"])
    code_failures = int(cache.get(code_key) or 0)  # read on every attempt, also when the address is over its limit
    blocked = attempts > config["per_address"] or code_failures >= config["per_code"]
    household_id, heads, certificates = _secret_slots(clean_code)
    matched = False
    for slot in heads:  # every slot is compared: no early exit
        matched |= hmac.compare_digest(identity_digest, slot)
    for slot in certificates:
        matched |= hmac.compare_digest(code_digest, slot)
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
    _log(ip=ip, channel=channel, code=clean_code, household_id=household_id, outcome=outcome, user_agent=user_agent)
    if outcome != LookupOutcome.FOUND or household_id is None:
        _wait_for_floor(started)
        return None
    return household_sheet(household_id)


def _wait_for_floor(started: float) -> None:
    """Let every failure take at least LOOKUP_FAILURE_FLOOR_MS, so what is left of the work's differences
    (a known code reads a few more index rows) is hidden under the same wait; it costs wall time, not CPU."""
    remaining = settings.LOOKUP_FAILURE_FLOOR_MS / 1000 - (time.perf_counter() - started)
    if remaining > 0:
        _sleep(remaining)


_sleep = time.sleep  # a seam for tests


def household_sheet(household_id: int) -> LookupResult | None:
    """Return the "Quyền lợi của hộ" sheet: category and the public policies granted, with how to claim them.

    Reasons are the public wording (``public_reason``): this sheet is what residents see and print.
    """
    statements = _statements()
    with _cursor() as cursor:
        cursor.execute(statements["household"], [household_id])
        rows = cursor.fetchall()
        result = in_force_latest([(year, standard, category) for *_, year, standard, category in rows
                                  if year is not None])
        if not rows or result is None:
            return None
        cursor.execute(statements["policies"], [household_id, Scenario.CURRENT.value])
        policies = tuple(PolicyLine(*row[:7], reason=public_reason(row[7]), amount_verified=bool(row[8]))
                         for row in cursor.fetchall())
    code, commune_id, commune_name = rows[0][:3]
    year, _standard, category = result
    return LookupResult(
        household_id=household_id, code=code, category=category,
        category_name=CATEGORY_NAMES_VI.get(category, category), year=year, commune_id=commune_id,
        commune_name=commune_name, policies=policies,
    )


def lookup_locked(code: str) -> bool:
    """Return whether wrong attempts have locked this household code (for everyone, until the window ends)."""
    return int(cache.get(_code_key(normalise_code(code))) or 0) >= limits()["per_code"]


def lookup_unlock(*, acting_user: User, household_id: int) -> Household | None:
    """Clear a household code's failure count, so its residents can look it up again; audited.

    For staff who may edit the household (its commune's officials); None when the user may not.
    """
    if not can(acting_user, "edit_households"):
        return None
    household = access_household(acting_user, household_id)
    if household is None:
        return None
    key = _code_key(normalise_code(household.code))
    failures = int(cache.get(key) or 0)
    with transaction.atomic():
        audit_record(acting_user=acting_user, action="lookup.unlock", target=household,
                     unit_path=household.unit_path, before={"failures": failures}, after={"failures": 0})
    cache.delete(key)
    return household
