"""Background writes racing each other (a redelivered task, a second checker) in real threads: written once."""

from __future__ import annotations

from typing import Any

import pytest

from giamngheo.registry.importing import household_import_confirm, services
from giamngheo.registry.models import Household, HouseholdAssessment, ImportBatch, ImportStatus, Member
from giamngheo.registry.tasks import import_confirm_task
from tests.registry.conftest import race

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def held(monkeypatch) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(services, "BACKGROUND_ROWS", 0)
    sent: list[dict[str, Any]] = []
    monkeypatch.setattr(import_confirm_task, "delay", lambda **kwargs: sent.append(kwargs))
    return sent


def test_two_deliveries_of_one_task_at_once_write_the_batch_once(held, stage, official_cam_xuyen, second_official,
                                                                 two_households):
    batch = stage(official_cam_xuyen, two_households)
    household_import_confirm(acting_user=second_official, batch_id=batch.pk, background=True)
    assert len(held) == 1

    results = race(lambda: import_confirm_task(**held[0]), lambda: import_confirm_task(**held[0]))

    assert results == ["confirmed", "confirmed"]
    batch.refresh_from_db()
    assert batch.status == ImportStatus.CONFIRMED and batch.failure_reason == ""
    assert (Household.objects.count(), Member.objects.count(), HouseholdAssessment.objects.count()) == (2, 3, 2)


def test_a_background_write_racing_a_confirmation_from_the_command_line_writes_once(
        held, stage, official_cam_xuyen, second_official, province_admin, two_households):
    batch = stage(official_cam_xuyen, two_households)
    household_import_confirm(acting_user=second_official, batch_id=batch.pk, background=True)

    results = race(lambda: import_confirm_task(**held[0]),
                   lambda: household_import_confirm(acting_user=province_admin, batch_id=batch.pk))

    # The batch is "writing" (or already written): the command line is refused, and the task writes it once.
    # SQLite (one writer at a time) may instead refuse the command line as busy.
    refusals = [f"Lô #{batch.pk} đang được ghi vào sổ hộ; hãy chờ kết quả trên trang của lô.",
                f"Lô #{batch.pk} không còn chờ xác nhận (đã xác nhận và ghi vào sổ hộ).", services.BUSY]
    assert results in [sorted(["confirmed", refusal]) for refusal in refusals]
    assert ImportBatch.objects.get().status == ImportStatus.CONFIRMED
    assert (Household.objects.count(), HouseholdAssessment.objects.count()) == (2, 2)
