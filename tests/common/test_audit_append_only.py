"""Nobody can edit the audit log: the database refuses UPDATE and DELETE, the admin offers neither."""

import pytest
from django.db import DatabaseError, connection, transaction

from giamngheo.common.audit import audit_record
from giamngheo.common.models import AuditEvent
from giamngheo.registry.services import household_update


@pytest.fixture
def event(official_cam_xuyen, households):
    household_update(acting_user=official_cam_xuyen, household_id=households.an.id, address="Xóm 4")
    return AuditEvent.objects.get()


def refused(operation):
    with pytest.raises(DatabaseError) as error, transaction.atomic():
        operation()
    assert "audit log is append-only" in str(error.value)


def test_orm_update_is_refused(event):
    refused(lambda: AuditEvent.objects.filter(pk=event.pk).update(after={"address": "Xóm 5"}))
    assert AuditEvent.objects.get(pk=event.pk).after == {"address": "Xóm 4"}


def test_save_of_a_changed_event_is_refused(event):
    event.actor_label = "người khác"
    refused(event.save)
    assert AuditEvent.objects.get(pk=event.pk).actor_label == "canbo.camxuyen"


def test_orm_delete_is_refused(event):
    refused(lambda: AuditEvent.objects.filter(pk=event.pk).delete())
    assert AuditEvent.objects.count() == 1


def test_raw_sql_update_and_delete_are_refused(event):
    def raw(sql):
        def run():
            with connection.cursor() as cursor:
                cursor.execute(sql, [event.pk])

        return run

    refused(raw("UPDATE common_auditevent SET action = 'x' WHERE id = %s"))
    refused(raw("DELETE FROM common_auditevent WHERE id = %s"))
    assert AuditEvent.objects.get(pk=event.pk).action == "household.update"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE exists on PostgreSQL only")
def test_truncate_is_refused_on_postgresql(transactional_db, event):
    # Committed rows, so that TRUNCATE meets the trigger and not the insert's pending foreign-key checks.
    def truncate():
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE common_auditevent")

    refused(truncate)
    assert AuditEvent.objects.count() == 1


def test_audit_record_refuses_to_run_outside_a_transaction(transactional_db, official_cam_xuyen):
    with pytest.raises(RuntimeError) as error:
        audit_record(acting_user=official_cam_xuyen, action="household.update", object_type="x", object_id="1")
    assert str(error.value) == "audit_record must run inside the transaction that makes the change"
    assert AuditEvent.objects.count() == 0
