"""Large confirmations are written by the background task: writing → confirmed, or failed with the reason.

The two-household fixture stands for a large file by lowering BACKGROUND_ROWS. Celery runs eagerly without
REDIS_URL; the `eager` fixture makes it so with Redis too, and `queued` keeps the task for the test to run.
"""

from __future__ import annotations

from typing import Any

import pytest

from giamngheo.common.models import AuditEvent
from giamngheo.registry.importing import ImportRefused, household_import_confirm, services
from giamngheo.registry.models import Household, HouseholdAssessment, ImportBatch, ImportStatus, Member
from giamngheo.registry.tasks import import_confirm_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def large(monkeypatch):  # type: ignore[no-untyped-def]
    """Every batch counts as large: confirmations from the web and the API go to the background task."""
    monkeypatch.setattr(services, "BACKGROUND_ROWS", 0)


@pytest.fixture
def eager(large, celery_eager) -> None:  # type: ignore[no-untyped-def]
    """The task runs in the process right after the commit, as without REDIS_URL (also when the suite has Redis)."""


@pytest.fixture
def queued(monkeypatch, large) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """The task is only recorded, as a broker would hold it until a worker takes it; the test runs it."""
    sent: list[dict[str, Any]] = []
    monkeypatch.setattr(import_confirm_task, "delay", lambda **kwargs: sent.append(kwargs))
    return sent


def run(sent: list[dict[str, Any]]) -> Any:
    """Run every task the broker holds (as a worker would) and return the last result."""
    result = None
    for kwargs in sent:
        result = import_confirm_task(**kwargs)
    return result


def confirm(client, batch, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(f"/so-ho/nhap/{batch.pk}/xac-nhan/", HTTP_USER_AGENT="Trinh-duyet-thu")


def registry_counts() -> tuple[int, int, int]:
    return Household.objects.count(), Member.objects.count(), HouseholdAssessment.objects.count()


def actions(batch) -> list[str]:  # type: ignore[no-untyped-def]
    return list(AuditEvent.objects.filter(object_type="registry.importbatch", object_id=str(batch.pk))
                .order_by("id").values_list("action", flat=True))


@pytest.mark.django_db(transaction=True)  # real commits: the task runs right after the confirmation commits
def test_a_web_confirmation_is_queued_and_written_by_the_task(
        eager, stage, client_for, official_cam_xuyen, second_official, two_households):
    batch = stage(official_cam_xuyen, two_households)
    checker = client_for(second_official)

    response = checker.post(f"/so-ho/nhap/{batch.pk}/xac-nhan/", HTTP_USER_AGENT="Trinh-duyet-thu")

    batch.refresh_from_db()
    assert response.status_code == 302 and response["Location"] == f"/so-ho/nhap/{batch.pk}/"
    assert batch.status == ImportStatus.CONFIRMED and batch.checker == second_official
    assert (batch.attempts, batch.failure_reason, bytes(batch.staged_content)) == (1, "", b"")
    assert batch.queued_at <= batch.started_at <= batch.decided_at
    assert registry_counts() == (2, 3, 2)
    assert actions(batch) == ["household_import.stage", "household_import.queue", "household_import.confirm"]
    written = AuditEvent.objects.get(action="household_import.confirm")
    # The write is audited as the checker's, from the request that confirmed it.
    assert (written.actor, written.channel, written.user_agent) == (second_official, "web", "Trinh-duyet-thu")
    page = checker.get(response["Location"]).content.decode()
    assert 'data-status="confirmed"' in page and "<h2>Đã ghi vào sổ hộ</h2>" in page
    assert f"Đã ghi lô #{batch.pk} vào sổ hộ: 2 hộ mới" in page and 'id="write-progress"' not in page


def test_the_page_shows_writing_with_a_polled_status_line_then_the_result(
        queued, stage, client_for, official_cam_xuyen, second_official, two_households,
        django_capture_on_commit_callbacks):
    batch = stage(official_cam_xuyen, two_households)
    checker = client_for(second_official)

    response = confirm(checker, batch, django_capture_on_commit_callbacks)

    batch.refresh_from_db()
    assert batch.status == ImportStatus.WRITING and len(queued) == 1 and registry_counts() == (0, 0, 0)
    page = checker.get(response["Location"]).content.decode()
    assert 'data-status="writing"' in page
    assert f"Đã nhận xác nhận. Lô #{batch.pk} đang được ghi vào sổ hộ ở tiến trình nền" in page
    assert f'hx-get="/so-ho/nhap/{batch.pk}/trang-thai/" hx-trigger="every 2s"' in page
    assert "đang chờ tiến trình nền nhận việc" in page
    assert f'<a href="/so-ho/nhap/{batch.pk}/" id="reload">Tải lại trang</a>' in page  # without JavaScript
    assert 'id="confirm"' not in page and 'id="reject"' not in page
    polled = checker.get(f"/so-ho/nhap/{batch.pk}/trang-thai/", HTTP_HX_REQUEST="true")
    assert polled.status_code == 200 and 'id="write-progress"' in polled.content.decode()
    # A second click while it is being written queues nothing more.
    again = confirm(checker, batch, django_capture_on_commit_callbacks)
    assert "đang được ghi vào sổ hộ; hãy chờ kết quả" in checker.get(again["Location"]).content.decode()
    assert len(queued) == 1

    result = run(queued)

    assert result == {"batch": batch.pk, "status": "confirmed", "reason": ""}
    done = checker.get(f"/so-ho/nhap/{batch.pk}/trang-thai/", HTTP_HX_REQUEST="true")
    assert done.status_code == 204 and done["HX-Refresh"] == "true"
    plain = checker.get(f"/so-ho/nhap/{batch.pk}/trang-thai/")
    assert plain.status_code == 302 and plain["Location"] == f"/so-ho/nhap/{batch.pk}/"
    page = checker.get(f"/so-ho/nhap/{batch.pk}/").content.decode()
    assert 'data-status="confirmed"' in page and "<h2>Đã ghi vào sổ hộ</h2>" in page
    assert registry_counts() == (2, 3, 2)


def test_a_write_failing_midway_leaves_nothing_written_and_the_batch_failed_with_the_reason(
        monkeypatch, queued, stage, client_for, official_cam_xuyen, second_official, two_households,
        django_capture_on_commit_callbacks):
    batch = stage(official_cam_xuyen, two_households)
    checker = client_for(second_official)
    real_write = services.plan_write

    def write_then_break(*args: Any, **kwargs: Any) -> Any:
        real_write(*args, **kwargs)  # every household, member and result is inserted …
        assert Household.objects.count() == 2
        raise RuntimeError("disk full")  # … and then the write breaks

    monkeypatch.setattr(services, "plan_write", write_then_break)
    confirm(checker, batch, django_capture_on_commit_callbacks)

    result = run(queued)

    batch.refresh_from_db()
    assert registry_counts() == (0, 0, 0)
    assert batch.status == ImportStatus.FAILED and result["status"] == "failed"
    assert batch.failure_reason == ("Lỗi khi ghi vào sổ hộ (RuntimeError); toàn bộ lô đã được hoàn tác, chưa có gì "
                                    "được ghi. Hãy xác nhận lại; nếu vẫn lỗi, báo quản trị hệ thống.")
    assert bytes(batch.staged_content) != b""  # kept, so that it can be confirmed again
    failed = AuditEvent.objects.get(action="household_import.fail")
    assert (failed.actor, failed.after["reason"], failed.after["attempts"]) == (second_official,
                                                                              batch.failure_reason, 1)
    assert "household_import.confirm" not in actions(batch)
    page = checker.get(f"/so-ho/nhap/{batch.pk}/").content.decode()
    assert 'data-status="failed"' in page
    assert "Ghi thất bại — chưa có gì được ghi vào sổ hộ." in page and "(RuntimeError)" in page
    assert 'id="confirm"' in page  # the checker can retry

    monkeypatch.setattr(services, "plan_write", real_write)
    queued.clear()
    confirm(checker, batch, django_capture_on_commit_callbacks)
    run(queued)

    batch.refresh_from_db()
    assert (batch.status, batch.attempts, batch.failure_reason) == (ImportStatus.CONFIRMED, 2, "")
    assert registry_counts() == (2, 3, 2)
    assert actions(batch) == ["household_import.stage", "household_import.queue", "household_import.fail",
                              "household_import.queue", "household_import.confirm"]


def test_running_the_task_twice_writes_once(queued, stage, client_for, official_cam_xuyen, second_official,
                                            two_households, django_capture_on_commit_callbacks):
    batch = stage(official_cam_xuyen, two_households)
    confirm(client_for(second_official), batch, django_capture_on_commit_callbacks)

    first = run(queued)
    second = run(queued)  # a redelivered message

    assert first["status"] == second["status"] == "confirmed"
    assert registry_counts() == (2, 3, 2)
    assert actions(batch).count("household_import.confirm") == 1
    batch.refresh_from_db()
    assert batch.attempts == 1


def test_a_task_for_a_batch_nobody_confirmed_writes_nothing(stage, official_cam_xuyen, two_households):
    batch = stage(official_cam_xuyen, two_households)

    result = import_confirm_task(batch_id=batch.pk)

    assert result["status"] == "pending" and registry_counts() == (0, 0, 0)
    assert import_confirm_task(batch_id=999_999) == {"batch": 999_999, "status": None, "reason": ""}


def test_when_the_registry_changed_the_task_leaves_the_batch_invalid_with_the_reason(
        queued, stage, client_for, official_cam_xuyen, second_official, two_households, units,
        django_capture_on_commit_callbacks):
    from tests.conftest import make_household

    batch = stage(official_cam_xuyen, two_households)
    confirm(client_for(second_official), batch, django_capture_on_commit_callbacks)
    # Meanwhile CX-0101 was registered in another commune.
    make_household(code="CX-0101", head_name="Người Khác", commune=units.thien_cam)

    run(queued)

    batch.refresh_from_db()
    assert batch.status == ImportStatus.INVALID and batch.error_count == 1
    assert batch.failure_reason.startswith(f"Sổ hộ đã thay đổi từ lúc xem trước; lô #{batch.pk} nay có 1 lỗi")
    assert Household.objects.count() == 1
    page = client_for(second_official).get(f"/so-ho/nhap/{batch.pk}/").content.decode()
    assert 'id="failure"' in page and "Sổ hộ đã thay đổi từ lúc xem trước" in page


def test_a_broker_that_does_not_answer_leaves_the_batch_failed(
        monkeypatch, large, stage, client_for, official_cam_xuyen, second_official, two_households,
        django_capture_on_commit_callbacks):
    def refuse(**kwargs: Any) -> None:
        raise ConnectionRefusedError("redis")

    monkeypatch.setattr(import_confirm_task, "delay", refuse)
    batch = stage(official_cam_xuyen, two_households)

    confirm(client_for(second_official), batch, django_capture_on_commit_callbacks)

    batch.refresh_from_db()
    assert batch.status == ImportStatus.FAILED
    assert batch.failure_reason.startswith("Không giao được việc ghi cho tiến trình nền (hàng đợi không trả lời: "
                                           "ConnectionRefusedError)")
    assert registry_counts() == (0, 0, 0)


def test_small_batches_are_written_within_the_request(monkeypatch, stage, client_for, official_cam_xuyen,
                                                      second_official, two_households):
    sent: list[dict[str, Any]] = []
    monkeypatch.setattr(import_confirm_task, "delay", lambda **kwargs: sent.append(kwargs))
    batch = stage(official_cam_xuyen, two_households)

    client_for(second_official).post(f"/so-ho/nhap/{batch.pk}/xac-nhan/")

    batch.refresh_from_db()
    assert batch.status == ImportStatus.CONFIRMED and sent == [] and batch.queued_at is None
    assert "household_import.queue" not in actions(batch)


def test_the_maker_and_other_communes_cannot_confirm_in_the_background(
        queued, stage, client_for, official_cam_xuyen, official_thien_cam, two_households,
        django_capture_on_commit_callbacks):
    batch = stage(official_cam_xuyen, two_households)

    own = confirm(client_for(official_cam_xuyen), batch, django_capture_on_commit_callbacks)
    other = confirm(client_for(official_thien_cam), batch, django_capture_on_commit_callbacks)

    assert own.status_code == other.status_code == 302
    with pytest.raises(ImportRefused, match="Người tải tệp lên không tự xác nhận được"):
        household_import_confirm(acting_user=official_cam_xuyen, batch_id=batch.pk, background=True)
    with pytest.raises(ImportRefused, match="trong phạm vi của tài khoản"):
        household_import_confirm(acting_user=official_thien_cam, batch_id=batch.pk, background=True)
    assert ImportBatch.objects.get().status == ImportStatus.PENDING and queued == []
    assert client_for(official_thien_cam).get(f"/so-ho/nhap/{batch.pk}/trang-thai/").status_code == 404


def test_a_batch_left_writing_too_long_may_be_confirmed_again(
        queued, stage, client_for, official_cam_xuyen, second_official, province_admin, two_households,
        django_capture_on_commit_callbacks):
    import datetime as dt

    from django.utils import timezone

    batch = stage(official_cam_xuyen, two_households)
    confirm(client_for(second_official), batch, django_capture_on_commit_callbacks)
    ImportBatch.objects.filter(pk=batch.pk).update(queued_at=timezone.now() - dt.timedelta(hours=1))
    page = client_for(province_admin).get(f"/so-ho/nhap/{batch.pk}/").content.decode()
    assert 'id="stale"' in page and 'id="confirm"' in page

    confirm(client_for(province_admin), batch, django_capture_on_commit_callbacks)
    run(queued)  # the lost task turns up after all, and the new one: written once

    batch.refresh_from_db()
    assert (batch.status, batch.checker) == (ImportStatus.CONFIRMED, province_admin)
    assert registry_counts() == (2, 3, 2) and len(queued) == 2


def test_the_api_answers_202_while_writing_and_the_batch_can_be_polled(
        queued, stage, client_for, official_cam_xuyen, second_official, two_households,
        django_capture_on_commit_callbacks):
    batch = stage(official_cam_xuyen, two_households)
    api = client_for(second_official)

    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"/api/v1/imports/{batch.pk}/confirm")

    assert response.status_code == 202
    assert (response.json()["status"], response.json()["checker"]) == ("writing", "kiemtra.camxuyen")
    assert response.json()["queued_at"] and response.json()["expires_at"] is None
    run(queued)
    polled = api.get(f"/api/v1/imports/{batch.pk}").json()
    assert (polled["status"], polled["failure_reason"], polled["attempts"]) == ("confirmed", "", 1)
    assert polled["summary"]["written"]["households_new"] == 2


@pytest.mark.django_db(transaction=True)
def test_the_api_with_an_eager_task_answers_with_the_result(
        eager, stage, client_for, official_cam_xuyen, second_official, two_households):
    batch = stage(official_cam_xuyen, two_households)

    response = client_for(second_official).post(f"/api/v1/imports/{batch.pk}/confirm")

    assert response.status_code == 200 and response.json()["status"] == "confirmed"
    assert AuditEvent.objects.get(action="household_import.confirm").channel == "api"
