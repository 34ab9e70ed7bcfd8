"""The admin shows the audit log read-only: no add, change or delete, not even for a superuser."""

import pytest

from giamngheo.common.models import AuditEvent
from giamngheo.registry.services import household_update


@pytest.fixture
def admin_client_with_event(client_for, superuser, official_cam_xuyen, households):
    household_update(acting_user=official_cam_xuyen, household_id=households.an.id, address="Xóm 4")
    return client_for(superuser), AuditEvent.objects.get()


def test_list_shows_the_event(admin_client_with_event):
    client, _event = admin_client_with_event
    response = client.get("/admin/common/auditevent/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "canbo.camxuyen" in page
    assert "household.update" in page
    assert "Thêm nhật ký thay đổi" not in page


def test_event_page_is_view_only(admin_client_with_event):
    client, event = admin_client_with_event
    response = client.get(f"/admin/common/auditevent/{event.pk}/change/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="_save"' not in page
    assert "/delete/" not in page


def test_change_add_and_delete_are_forbidden(admin_client_with_event):
    client, event = admin_client_with_event
    assert client.post(f"/admin/common/auditevent/{event.pk}/change/", {"action": "x"}).status_code == 403
    assert client.post(f"/admin/common/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get("/admin/common/auditevent/add/").status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).action == "household.update"


def test_bulk_delete_action_is_not_offered(admin_client_with_event):
    client, event = admin_client_with_event
    response = client.post(
        "/admin/common/auditevent/", {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"}
    )
    assert AuditEvent.objects.count() == 1
    assert "delete_selected" not in client.get("/admin/common/auditevent/").content.decode()
    assert response.status_code == 200
