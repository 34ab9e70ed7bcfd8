"""A small synthetic population (2,000 households), written once per test module and rolled back after it.

Hà Tĩnh's units come from the real loader. Each test still runs in its own savepoint (the `db` fixture),
so a test that replaces or deletes the population leaves it intact for the next one.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from django.db import transaction

from giamngheo.demo.population import Population, population_generate

HOUSEHOLDS = 2_000
SEED = 7
HA_TINH = "42"


@pytest.fixture(scope="module")
def small_population() -> Population:
    """The rows the database should hold (generated without the database)."""
    return population_generate(households=HOUSEHOLDS, seed=SEED)


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker) -> Iterator[SimpleNamespace]:  # type: ignore[no-untyped-def]
    """Run `demo_prepare` for Hà Tĩnh only and the small population; undo it all after the module."""
    from giamngheo.demo.services import demo_prepare

    messages: list[str] = []
    with django_db_blocker.unblock(), transaction.atomic():
        report = demo_prepare(households=HOUSEHOLDS, seed=SEED, progress=messages.append, provinces=[HA_TINH])
        yield SimpleNamespace(report=report, messages=messages)
        transaction.set_rollback(True)
