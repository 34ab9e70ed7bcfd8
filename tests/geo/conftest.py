"""Units loaded by the real loader: Hà Tĩnh alone per test, or the whole country once per test module.

These fixtures do not combine with the hand-built `units` tree of tests/conftest.py (same codes, other eras).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction

from giamngheo.geo.models import AdminUnit
from giamngheo.geo.services import UnitsLoadReport, units_load

HA_TINH = "42"


@pytest.fixture
def hatinh(db) -> UnitsLoadReport:  # type: ignore[no-untyped-def]
    """Load today's Hà Tĩnh and the old Hà Tĩnh it came from (69 + 209 communes)."""
    return units_load(provinces=[HA_TINH])


@pytest.fixture(scope="module")
def nation(django_db_setup, django_db_blocker) -> Iterator[UnitsLoadReport]:  # type: ignore[no-untyped-def]
    """Load the whole country once for a test module, inside a transaction rolled back after the module.

    Each test still runs in its own savepoint (the `db` fixture), so tests stay independent of each other.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield units_load()
        transaction.set_rollback(True)


def current(level: str, code: str) -> AdminUnit:
    return AdminUnit.objects.get(level=level, code=code, valid_to__isnull=True)


def legacy(level: str, code: str) -> AdminUnit:
    return AdminUnit.objects.get(level=level, code=code, valid_from__isnull=True)
