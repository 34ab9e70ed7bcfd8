"""After a transfer or a closure: restoring a household, imports refusing closed households, entitlements following."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from giamngheo.common.models import AuditEvent
from giamngheo.registry.models import Household, ImportStatus
from giamngheo.registry.selectors import household_search
from giamngheo.registry.services import household_close, household_reopen, household_transfer
from tests.registry.conftest import household_row, member_row, xlsx_bytes

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 1, 15)


def close(user, household) -> None:  # type: ignore[no-untyped-def]
    household_close(acting_user=user, household_id=household.id, on=ON, reason_kind="died_out")


def test_a_closed_household_is_restored_with_a_reason_and_audited(official_cam_xuyen, households):
    close(official_cam_xuyen, households.binh)
    with pytest.raises(ValidationError) as missing:
        household_reopen(acting_user=official_cam_xuyen, household_id=households.binh.id, reason=" ")
    assert missing.value.messages[0] == "Cần ghi lý do khôi phục tên hộ trong sổ."

    household_reopen(acting_user=official_cam_xuyen, household_id=households.binh.id, reason="Xóa nhầm")

    restored = Household.objects.get(pk=households.binh.id)
    assert (restored.closed_on, restored.closed_reason, restored.closed_note) == (None, "", "")
    assert "CX-0002" in [h.code for h in household_search(Household.objects.all())]
    event = AuditEvent.objects.get(action="household.reopen")
    assert event.before["closed_on"] == ON.isoformat() and event.after["reason"] == "Xóa nhầm"
    with pytest.raises(ValidationError) as again:
        household_reopen(acting_user=official_cam_xuyen, household_id=households.binh.id, reason="Lần nữa")
    assert "đang có tên trong sổ" in again.value.messages[0]


def test_an_import_refuses_a_closed_household_and_says_how_to_restore_it(stage, official_cam_xuyen, households):
    close(official_cam_xuyen, households.an)
    content = xlsx_bytes([household_row("CX-0001", members=1)], [member_row("CX-0001", "Nguyễn Văn An")])
    batch = stage(official_cam_xuyen, content)
    assert batch.status == ImportStatus.INVALID
    assert batch.errors[0]["message"].startswith("hộ 'CX-0001' đã được xóa tên khỏi sổ hộ từ ngày 15/01/2026")
    assert "Khôi phục tên trong sổ" in batch.errors[0]["message"]


def test_the_household_page_offers_restoring_only_for_a_closed_household(client_for, official_cam_xuyen, households):
    client = client_for(official_cam_xuyen)
    assert 'id="reopen"' not in client.get(f"/ho/{households.binh.id}/").content.decode()
    close(official_cam_xuyen, households.binh)
    page = client.get(f"/ho/{households.binh.id}/").content.decode()
    assert 'id="reopen"' in page and 'id="close"' not in page
    refused = client.post(f"/ho/{households.binh.id}/khoi-phuc/", {"reason": ""})
    assert refused.status_code == 400
    done = client.post(f"/ho/{households.binh.id}/khoi-phuc/", {"reason": "Hộ quay về sinh sống"}, follow=True)
    assert "Đã khôi phục tên hộ CX-0002" in done.content.decode()
    assert Household.objects.get(pk=households.binh.id).closed_on is None


def test_entitlements_follow_a_closure_and_a_transfer(official_cam_xuyen, official_thien_cam, households, units,
                                                      celery_eager, django_capture_on_commit_callbacks):
    from giamngheo.policies.models import Entitlement
    from giamngheo.policies.services import entitlements_recompute

    entitlements_recompute()
    assert Entitlement.objects.filter(household=households.an).exists()  # near-poor in 2025
    with django_capture_on_commit_callbacks(execute=True):
        household_transfer(acting_user=official_cam_xuyen, household_id=households.an.id, on=ON,
                           reason="Chuyển hộ khẩu", village_id=units.tan_phu.id)
    rows = Entitlement.objects.filter(household=households.an)
    assert rows.exists() and {(r.commune_id, r.unit_path) for r in rows} == {(units.thien_cam.id, units.tan_phu.path)}

    assert Entitlement.objects.filter(household=households.duc).exists()  # poor in 2025
    with django_capture_on_commit_callbacks(execute=True):
        close(official_thien_cam, households.duc)
    assert not Entitlement.objects.filter(household=households.duc).exists()
