"""Confirmations racing each other in real threads, each with its own database connection."""

from __future__ import annotations

import pytest

from giamngheo.registry.importing import household_import_confirm
from giamngheo.registry.models import Household, HouseholdAssessment, ImportStatus, Member
from tests.registry.conftest import household_row, member_row, race, xlsx_bytes

pytestmark = pytest.mark.django_db(transaction=True)
# PostgreSQL queues the second confirmation behind the commune lock; SQLite (one writer at a time) may instead
# refuse it whole with this sentence. Either way nothing is written twice and nothing is half-written.
BUSY = "Cơ sở dữ liệu đang ghi một lô khác; không có gì được ghi — hãy xác nhận lại sau ít phút."


def test_two_checkers_confirming_one_batch_at_once_write_it_once(stage, official_cam_xuyen, second_official,
                                                                 province_admin, two_households):
    batch = stage(official_cam_xuyen, two_households)

    results = race(lambda: household_import_confirm(acting_user=second_official, batch_id=batch.id),
                   lambda: household_import_confirm(acting_user=province_admin, batch_id=batch.id))

    already = f"Lô #{batch.pk} không còn chờ xác nhận (đã xác nhận và ghi vào sổ hộ)."
    assert results in ([already, "ok"], [BUSY, "ok"])
    batch.refresh_from_db()
    assert batch.status == ImportStatus.CONFIRMED
    assert (Household.objects.count(), Member.objects.count(), HouseholdAssessment.objects.count()) == (2, 3, 2)


def test_two_batches_with_the_same_new_household_confirmed_at_once(stage, official_cam_xuyen, second_official,
                                                                   province_admin, two_households):
    other = xlsx_bytes([household_row("CX-0101", head="Nguyễn Văn Đức", members=1, income=2_000_000)],
                       [member_row("CX-0101", "Nguyễn Văn Đức")])
    first, second = stage(official_cam_xuyen, two_households), stage(official_cam_xuyen, other)

    results = race(lambda: household_import_confirm(acting_user=second_official, batch_id=first.id),
                   lambda: household_import_confirm(acting_user=province_admin, batch_id=second.id))

    # The commune lock runs them one after the other; whichever came second saw CX-0101 and added a result.
    assert results in (["ok", "ok"], [BUSY, "ok"])
    for batch in (first, second):  # what SQLite refused can simply be confirmed again
        batch.refresh_from_db()
        if batch.status == ImportStatus.PENDING:
            household_import_confirm(acting_user=second_official, batch_id=batch.id)
    assert Household.objects.filter(code="CX-0101").count() == 1
    assert sorted(HouseholdAssessment.objects.filter(household__code="CX-0101").values_list("category", flat=True)) \
        == ["average", "poor"]
    assert set(first.__class__.objects.values_list("status", flat=True)) == {ImportStatus.CONFIRMED}
