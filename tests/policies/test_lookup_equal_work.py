"""Failures do the same work whatever made them fail: the same statement with one row of one shape, the same
cache calls, and a floor on their duration (the wait itself is checked here, never timed)."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from giamngheo.policies import lookup

from .conftest import HAI_ID, HOA_ID

pytestmark = pytest.mark.django_db


@pytest.fixture
def waits(monkeypatch) -> list[float]:  # type: ignore[no-untyped-def]
    recorded: list[float] = []
    monkeypatch.setattr(lookup, "_sleep", recorded.append)
    return recorded


def attempt(code: str, factor: str, ip: str) -> object:
    return lookup.lookup_perform(code=code, factor=factor, ip=ip)


def test_every_failure_waits_up_to_the_floor_and_a_success_does_not(computed, waits) -> None:  # type: ignore[no-untyped-def]
    with override_settings(LOOKUP_FAILURE_FLOOR_MS=50):
        assert attempt("CX-9999", HAI_ID, "10.30.0.1") is None
        assert attempt("CX-0101", HOA_ID, "10.30.0.2") is None
        assert attempt("", "", "10.30.0.3") is None
        assert len(waits) == 3 and all(0 < wait <= 0.05 for wait in waits)
        assert attempt("CX-0101", HAI_ID, "10.30.0.4") is not None
    assert len(waits) == 3
    with override_settings(LOOKUP_FAILURE_FLOOR_MS=0):
        attempt("CX-9999", HAI_ID, "10.30.0.5")
    assert len(waits) == 3


def test_the_second_factor_query_returns_one_row_of_one_shape(computed) -> None:  # type: ignore[no-untyped-def]
    unknown = lookup._secret_slots("CX-9999")
    known = lookup._secret_slots("CX-0101")
    assert unknown[0] is None and known[0] == computed.hai.pk
    assert [len(unknown[1]), len(unknown[2])] == [len(known[1]), len(known[2])] == [lookup.HEAD_SLOTS,
                                                                                    lookup.CERTIFICATE_SLOTS]
    assert all(len(digest) == 64 for digest in [*unknown[1], *unknown[2], *known[1], *known[2]])


def test_the_counters_do_the_same_cache_work_for_new_and_existing_keys() -> None:
    cache.clear()
    assert lookup._bump("lookup:test:counter", 60) == 1
    assert lookup._bump("lookup:test:counter", 60) == 2
    assert cache.get("lookup:test:counter") == 2


def test_an_address_over_its_limit_still_reads_the_code_counter(computed) -> None:  # type: ignore[no-untyped-def]
    reads: list[str] = []
    original = cache.get

    def counting_get(key, *args, **kwargs):  # type: ignore[no-untyped-def]
        reads.append(key)
        return original(key, *args, **kwargs)

    with override_settings(LOOKUP_LIMIT_PER_ADDRESS=0, LOOKUP_FAILURE_FLOOR_MS=0):
        cache.get = counting_get  # type: ignore[method-assign]
        try:
            attempt("CX-0101", HAI_ID, "10.31.0.1")
        finally:
            cache.get = original  # type: ignore[method-assign]
    assert any(key.startswith("lookup:code:") for key in reads)


def test_failures_on_known_and_unknown_codes_run_the_same_statements(computed) -> None:  # type: ignore[no-untyped-def]
    def statements(code: str, factor: str, ip: str) -> list[str]:
        with CaptureQueriesContext(connection) as captured, override_settings(LOOKUP_FAILURE_FLOOR_MS=0):
            attempt(code, factor, ip)
        # The statements without their values (SQLite's log shows them inlined).
        return [re.sub(r"'[^']*'", "?", q["sql"]).split(" VALUES ")[0] for q in captured.captured_queries]

    assert statements("CX-9999", HAI_ID, "10.32.0.1") == statements("CX-0101", HOA_ID, "10.32.0.2")
