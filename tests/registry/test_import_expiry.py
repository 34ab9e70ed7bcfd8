"""A staged batch waits REGISTRY_IMPORT_PENDING_DAYS for its checker; then it cannot be confirmed and is wiped."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from giamngheo.cli import main
from giamngheo.common.models import AuditEvent
from giamngheo.registry.importing import ImportRefused, household_import_confirm
from giamngheo.registry.importing.services import household_import_expire
from giamngheo.registry.models import Household, ImportBatch, ImportStatus
from giamngheo.registry.tasks import import_expire_task
from tests.registry.conftest import household_row, member_row, xlsx_bytes

pytestmark = pytest.mark.django_db


def one(code: str) -> bytes:
    return xlsx_bytes([household_row(code, members=1)], [member_row(code, "Lê Văn Bình")])


def age(batch, days: float) -> ImportBatch:  # type: ignore[no-untyped-def]
    """Make the batch as if uploaded `days` ago."""
    ImportBatch.objects.filter(pk=batch.pk).update(created_at=timezone.now() - dt.timedelta(days=days))
    batch.refresh_from_db()
    return batch


def test_both_import_settings_are_declared_from_the_environment():
    from config import settings as config

    assert int(os.environ.get("GIAMNGHEO_IMPORT_PENDING_DAYS", "14")) == config.REGISTRY_IMPORT_PENDING_DAYS
    assert int(os.environ.get("GIAMNGHEO_IMPORT_MAX_BYTES", 50 * 1024 * 1024)) == config.REGISTRY_IMPORT_MAX_BYTES


def test_an_expired_batch_cannot_be_confirmed(settings, stage, client_for, official_cam_xuyen, second_official,
                                              two_households):
    settings.REGISTRY_IMPORT_PENDING_DAYS = 3
    batch = age(stage(official_cam_xuyen, two_households), 3.01)
    expires_at = timezone.localtime(batch.created_at + dt.timedelta(days=3))

    with pytest.raises(ImportRefused) as refused:
        household_import_confirm(acting_user=second_official, batch_id=batch.pk)

    assert str(refused.value) == (
        f"Lô #{batch.pk} đã quá hạn xác nhận (3 ngày kể từ khi tải lên, hết hạn lúc {expires_at:%H:%M %d/%m/%Y}); "
        "không ghi được nữa. Hãy tải tệp lên lại để kiểm tra với sổ hộ hiện nay.")
    with pytest.raises(ImportRefused, match="đã quá hạn xác nhận"):
        household_import_confirm(acting_user=second_official, batch_id=batch.pk, background=True)
    checker = client_for(second_official)
    response = checker.post(f"/so-ho/nhap/{batch.pk}/xac-nhan/")
    page = checker.get(response["Location"]).content.decode()
    assert "đã quá hạn xác nhận (3 ngày kể từ khi tải lên" in page
    assert 'id="expired"' in page and 'id="confirm"' not in page
    assert (ImportBatch.objects.get().status, Household.objects.count()) == (ImportStatus.PENDING, 0)


def test_the_list_and_the_batch_page_show_when_a_pending_batch_expires(
        settings, stage, client_for, official_cam_xuyen, two_households):
    settings.REGISTRY_IMPORT_PENDING_DAYS = 14
    batch = stage(official_cam_xuyen, two_households)
    old = age(stage(official_cam_xuyen, one("CX-0900")), 20)
    invalid = stage(official_cam_xuyen, xlsx_bytes([household_row("CX-1", income="không rõ")], []))
    client = client_for(official_cam_xuyen)

    listing = client.get("/so-ho/nhap/").content.decode()

    until = timezone.localtime(batch.created_at + dt.timedelta(days=14))
    assert "trong vòng 14 ngày" in listing
    assert "<th>Hạn xác nhận</th>" in listing
    assert f'<td class="expires">{until:%d/%m/%Y %H:%M}</td>' in listing
    assert '<td class="expires"><span class="error">đã quá hạn</span></td>' in listing
    assert invalid.status == ImportStatus.INVALID and '<td class="expires">—</td>' in listing
    page = client.get(f"/so-ho/nhap/{batch.pk}/").content.decode()
    assert f'<span id="expires">Hạn xác nhận: {until:%H:%M %d/%m/%Y}</span>' in page
    assert "Đã quá hạn xác nhận từ" in client.get(f"/so-ho/nhap/{old.pk}/").content.decode()


def test_import_expire_marks_expired_batches_and_wipes_their_staged_rows(
        capsys, stage, official_cam_xuyen, second_official, two_households):
    fresh = stage(official_cam_xuyen, two_households)
    old = age(stage(official_cam_xuyen, one("CX-0900")), 15)
    done = stage(official_cam_xuyen, one("CX-0901"))
    household_import_confirm(acting_user=second_official, batch_id=done.pk)
    age(done, 30)  # decided long ago: not touched

    status = main(["import-expire"])

    assert status == 0
    assert capsys.readouterr().out == (f"Đã cho hết hạn 1 lô nhập chờ xác nhận quá 14 ngày và xóa dữ liệu đã kiểm "
                                       f"tra: #{old.pk}.\n")
    old.refresh_from_db()
    assert old.status == ImportStatus.EXPIRED
    assert (bytes(old.staged_content), bytes(old.staged_members)) == (b"", b"")
    assert old.decided_at is not None and old.decision_note.startswith("Hết hạn: quá 14 ngày không được xác nhận")
    event = AuditEvent.objects.get(action="household_import.expire")
    assert (event.object_id, event.channel, event.actor_label, event.unit_path) == (
        str(old.pk), "cli", "hệ thống", old.unit_path)
    assert event.before == {"status": "pending"} and event.after["staged_wiped"] is True
    assert ImportBatch.objects.get(pk=fresh.pk).status == ImportStatus.PENDING
    assert bytes(ImportBatch.objects.get(pk=fresh.pk).staged_content) != b""
    assert ImportBatch.objects.get(pk=done.pk).status == ImportStatus.CONFIRMED
    with pytest.raises(ImportRefused, match=r"không còn chờ xác nhận \(đã hết hạn xác nhận\)"):
        household_import_confirm(acting_user=second_official, batch_id=old.pk)

    assert main(["import-expire"]) == 0
    assert capsys.readouterr().out == "Không có lô nhập nào chờ xác nhận quá 14 ngày.\n"
    assert AuditEvent.objects.filter(action="household_import.expire").count() == 1


def test_a_failed_batch_expires_too_and_the_beat_task_does_the_same(monkeypatch, stage, official_cam_xuyen,
                                                                    two_households):
    batch = stage(official_cam_xuyen, two_households)
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.FAILED, failure_reason="RuntimeError")
    age(batch, 15)

    assert import_expire_task() == {"expired": [batch.pk]}
    assert import_expire_task() == {"expired": []}
    assert ImportBatch.objects.get().status == ImportStatus.EXPIRED


def test_expire_with_a_given_time(stage, official_cam_xuyen, two_households):
    batch = stage(official_cam_xuyen, two_households)

    assert household_import_expire(now=timezone.now() + dt.timedelta(days=13, hours=23)) == []
    assert household_import_expire(now=timezone.now() + dt.timedelta(days=14, minutes=1)) == [batch.pk]


def test_uploading_the_same_file_again_after_expiry_stages_a_new_batch(
        client_for, units, official_cam_xuyen, two_households):
    client = client_for(official_cam_xuyen)

    def upload():  # type: ignore[no-untyped-def]
        return client.post("/so-ho/nhap/", {
            "commune": units.cam_xuyen.id, "year": 2026, "standard_id": "2022-2025", "assessed_on": "2026-11-20",
            "file": SimpleUploadedFile("ket-qua.xlsx", two_households)})

    first = upload()
    assert upload()["Location"] == first["Location"]  # still pending: the same batch
    age(ImportBatch.objects.get(), 15)

    again = upload()

    assert again["Location"] != first["Location"] and ImportBatch.objects.count() == 2
    assert ImportBatch.objects.order_by("-id").first().status == ImportStatus.PENDING
