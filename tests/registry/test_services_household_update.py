"""household_update: one transaction, one audit event with before/after values, actor, address and channel."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.test import RequestFactory

from giamngheo.accounts.models import User
from giamngheo.common.middleware import RequestContextMiddleware
from giamngheo.common.models import AuditEvent
from giamngheo.registry.models import Household
from giamngheo.registry.services import HouseholdNotFound, household_update


def test_update_records_before_and_after_values(official_cam_xuyen, households, units):
    household_update(
        acting_user=official_cam_xuyen, household_id=households.an.id,
        head_name="Nguyễn Văn Ân", address="Xóm 4", village_id=units.quyet_tien.id,
    )
    event = AuditEvent.objects.get()
    assert event.action == "household.update"
    assert event.object_type == "registry.household"
    assert event.object_id == str(households.an.id)
    assert event.object_label == "CX-0001 — Nguyễn Văn Ân"
    assert event.before == {"head_name": "Nguyễn Văn An", "address": "Xóm 3", "village_id": units.trung_hoa.id}
    assert event.after == {"head_name": "Nguyễn Văn Ân", "address": "Xóm 4", "village_id": units.quyet_tien.id}
    assert event.actor == official_cam_xuyen
    assert event.actor_label == "canbo.camxuyen"
    assert event.unit_path == units.quyet_tien.path


def test_update_through_a_request_records_its_address_and_channel(official_cam_xuyen, households):
    def view(request):
        household_update(acting_user=official_cam_xuyen, household_id=households.an.id, area="urban")
        return HttpResponse("ok")

    request = RequestFactory().post("/api/v1/households", REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Firefox/140")
    RequestContextMiddleware(view)(request)
    event = AuditEvent.objects.get()
    assert (event.ip, event.user_agent, event.channel) == ("203.0.113.7", "Firefox/140", "api")
    assert (event.before, event.after) == ({"area": "rural"}, {"area": "urban"})


def test_update_through_a_web_page_is_recorded_as_web(official_cam_xuyen, households):
    def view(request):
        household_update(acting_user=official_cam_xuyen, household_id=households.an.id, address="Xóm 9")
        return HttpResponse("ok")

    RequestContextMiddleware(view)(RequestFactory().post("/ho/1/", REMOTE_ADDR="198.51.100.20"))
    event = AuditEvent.objects.get()
    assert (event.ip, event.channel) == ("198.51.100.20", "web")


def test_update_outside_a_request_is_recorded_as_system(official_cam_xuyen, households):
    household_update(acting_user=official_cam_xuyen, household_id=households.an.id, address="Xóm 9")
    event = AuditEvent.objects.get()
    assert (event.ip, event.channel) == ("", "system")


def test_update_without_changes_records_nothing(official_cam_xuyen, households):
    household_update(acting_user=official_cam_xuyen, household_id=households.an.id, head_name="Nguyễn Văn An")
    assert AuditEvent.objects.count() == 0


def test_invalid_update_changes_nothing_and_records_nothing(official_cam_xuyen, households):
    with pytest.raises(ValidationError) as error:
        household_update(acting_user=official_cam_xuyen, household_id=households.an.id, head_name="  ")
    assert error.value.message_dict == {"head_name": ["Tên chủ hộ không được để trống."]}
    assert Household.objects.get(pk=households.an.id).head_name == "Nguyễn Văn An"
    assert AuditEvent.objects.count() == 0


def test_village_of_another_commune_is_refused(official_cam_xuyen, households, units):
    with pytest.raises(ValidationError) as error:
        household_update(acting_user=official_cam_xuyen, household_id=households.an.id, village_id=units.tan_phu.id)
    assert error.value.message_dict == {"village_id": ["Thôn không thuộc xã của hộ."]}
    assert AuditEvent.objects.count() == 0


def test_unknown_field_is_refused(official_cam_xuyen, households):
    with pytest.raises(ValidationError) as error:
        household_update(acting_user=official_cam_xuyen, household_id=households.an.id, code="X")
    assert error.value.messages == ["Không sửa được trường: code."]


def test_official_of_another_commune_cannot_update(official_thien_cam, households):
    with pytest.raises(HouseholdNotFound):
        household_update(acting_user=official_thien_cam, household_id=households.an.id, head_name="X")
    assert Household.objects.get(pk=households.an.id).head_name == "Nguyễn Văn An"
    assert AuditEvent.objects.count() == 0


def test_auditor_cannot_update(auditor, households):
    with pytest.raises(HouseholdNotFound):
        household_update(acting_user=auditor, household_id=households.an.id, head_name="X")


def test_change_and_audit_event_are_undone_together(official_cam_xuyen, households):
    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        household_update(acting_user=official_cam_xuyen, household_id=households.an.id, head_name="Nguyễn Văn Ân")
        assert AuditEvent.objects.count() == 1
        raise Abort
    assert Household.objects.get(pk=households.an.id).head_name == "Nguyễn Văn An"
    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_update_is_not_stored_when_its_audit_event_cannot_be(households):
    # An account object that is not in the database: the audit row's reference to it fails when the
    # transaction commits, so the household change made in the same transaction must not be stored either.
    ghost = User(pk=987_654, username="ma", is_superuser=True, is_active=True)
    with pytest.raises(IntegrityError):
        household_update(acting_user=ghost, household_id=households.an.id, head_name="Nguyễn Văn Ân")
    assert Household.objects.get(pk=households.an.id).head_name == "Nguyễn Văn An"
    assert AuditEvent.objects.count() == 0
