"""A large confirmation in Chromium: the page shows "đang ghi", polls its status line, then shows the result."""

from __future__ import annotations

from typing import Any

import pytest

from giamngheo.registry.importing import services
from giamngheo.registry.importing.services import household_import_stage
from giamngheo.registry.models import Household, ImportBatch
from giamngheo.registry.tasks import import_confirm_task
from tests.browser.test_commune_official_scope import sign_in
from tests.browser.test_import import two_households  # noqa: F401  (fixture)
from tests.registry.conftest import ASSESSED_ON


@pytest.fixture
def second_official(make_user, units):  # type: ignore[no-untyped-def]
    return make_user("commune_official", units.cam_xuyen, username="kiemtra.camxuyen")


def test_the_batch_page_follows_a_background_write_to_its_result(
        monkeypatch, page, screenshot, units, official_cam_xuyen, second_official, two_households):  # noqa: F811
    # Every batch counts as large, and the "broker" holds the task until this test runs it as a worker would.
    monkeypatch.setattr(services, "BACKGROUND_ROWS", 0)
    held: list[dict[str, Any]] = []
    monkeypatch.setattr(import_confirm_task, "delay", lambda **kwargs: held.append(kwargs))
    batch = household_import_stage(
        acting_user=official_cam_xuyen, commune_id=units.cam_xuyen.id, content=two_households,
        filename="ket-qua-ra-soat.xlsx", year=2026, standard_id="2022-2025", assessed_on=ASSESSED_ON)

    sign_in(page, "kiemtra.camxuyen")
    page.goto(f"/so-ho/nhap/{batch.pk}/")
    assert "Hạn xác nhận:" in page.locator("#expires").inner_text()
    page.get_by_role("button", name="Xác nhận và ghi vào sổ hộ").click()
    page.wait_for_load_state()

    assert page.locator("#batch-status").get_attribute("data-status") == "writing"
    progress = page.locator("#write-progress")
    assert "Đang ghi 2 hộ vào sổ hộ" in progress.inner_text()
    assert "đang chờ tiến trình nền nhận việc" in progress.inner_text()
    assert page.get_by_role("link", name="Tải lại trang").is_visible()
    assert page.get_by_role("button", name="Xác nhận và ghi vào sổ hộ").count() == 0
    assert len(held) == 1 and Household.objects.count() == 0
    screenshot(page, "writing")

    import_confirm_task(**held[0])  # the worker takes the task

    # Within a couple of seconds the polled status line sees the result and the page reloads itself.
    page.wait_for_selector('#batch-status[data-status="confirmed"]', timeout=15_000)
    assert page.locator("#write-progress").count() == 0
    assert page.get_by_role("heading", name="Đã ghi vào sổ hộ").is_visible()
    assert page.locator("#households-new").inner_text() == "2"
    assert Household.objects.count() == 2 and ImportBatch.objects.get().status == "confirmed"
    screenshot(page, "written")


def test_a_failed_write_shows_the_reason_and_can_be_confirmed_again(
        monkeypatch, page, units, official_cam_xuyen, second_official, two_households):  # noqa: F811
    monkeypatch.setattr(services, "BACKGROUND_ROWS", 0)

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "plan_write", broken)  # the task runs eagerly here and fails
    from config.celery import app

    before = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    try:
        batch = household_import_stage(
            acting_user=official_cam_xuyen, commune_id=units.cam_xuyen.id, content=two_households,
            filename="ket-qua-ra-soat.xlsx", year=2026, standard_id="2022-2025", assessed_on=ASSESSED_ON)
        sign_in(page, "kiemtra.camxuyen")
        page.goto(f"/so-ho/nhap/{batch.pk}/")
        page.get_by_role("button", name="Xác nhận và ghi vào sổ hộ").click()
        page.wait_for_load_state()
    finally:
        app.conf.task_always_eager, app.conf.task_eager_propagates = before

    assert page.locator("#batch-status").get_attribute("data-status") == "failed"
    assert "Ghi thất bại — chưa có gì được ghi vào sổ hộ." in page.locator("#failure").inner_text()
    assert page.get_by_role("button", name="Xác nhận và ghi vào sổ hộ").is_visible()
    assert Household.objects.count() == 0
