"""Upload an assessment workbook in Chromium, read the preview, and have a second official confirm it."""

from __future__ import annotations

import pytest

from giamngheo.registry.models import Household, ImportBatch
from tests.browser.test_commune_official_scope import sign_in, table_column
from tests.registry.conftest import household_row, member_row, xlsx_bytes


@pytest.fixture
def second_official(make_user, units):  # type: ignore[no-untyped-def]
    return make_user("commune_official", units.cam_xuyen, username="kiemtra.camxuyen")


@pytest.fixture
def two_households() -> bytes:
    return xlsx_bytes(
        [household_row("CX-0101", head="Nguyễn Văn Đức", members=2, income=1_200_000, deprived=3),
         household_row("CX-0102", village="Thôn Quyết Tiến", head="Trần Thị Mai", members=1, income=5_000_000,
                       deprived=0)],
        [member_row("CX-0101", "Nguyễn Văn Đức", id_number="042090012345"),
         member_row("CX-0101", "Phạm Thị Hoa", year=1975, sex="Nữ", relation="Vợ", id_number="042190054321"),
         member_row("CX-0102", "Trần Thị Mai", year=1988, sex="Nữ")],
    )


def new_page(chromium, live_server):  # type: ignore[no-untyped-def]
    context = chromium.new_context(locale="vi-VN", base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    return context, page


def upload(page, path) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("link", name="Nhập tệp").click()
    page.wait_for_url("**/so-ho/nhap/")
    page.get_by_label("Xã/phường").select_option(label="Xã Cẩm Xuyên")
    page.get_by_label("Năm rà soát").fill("2026")
    page.get_by_label("Chuẩn nghèo").select_option(value="2022-2025")
    page.get_by_label("Ngày đánh giá").fill("2026-11-20")
    page.locator("input[name=file]").set_input_files(str(path))
    page.get_by_role("button", name="Tải lên và xem trước").click()
    page.wait_for_url("**/so-ho/nhap/*/")


def test_upload_preview_and_confirm_by_a_second_official(chromium, live_server, page, screenshot, tmp_path,
                                                        official_cam_xuyen, second_official, two_households):
    path = tmp_path / "ket-qua-ra-soat.xlsx"
    path.write_bytes(two_households)

    sign_in(page, "canbo.camxuyen")
    upload(page, path)

    assert page.locator("#batch-status").get_attribute("data-status") == "pending"
    assert page.locator("#households-new").inner_text() == "2"
    assert page.locator("#count-poor").inner_text() == "1"
    assert page.locator("#waiting").is_visible()
    assert page.get_by_role("button", name="Xác nhận và ghi vào sổ hộ").count() == 0
    assert Household.objects.count() == 0
    screenshot(page, "preview-maker")

    context, checker = new_page(chromium, live_server)
    try:
        sign_in(checker, "kiemtra.camxuyen")
        checker.goto(f"/so-ho/nhap/{ImportBatch.objects.get().pk}/")
        checker.get_by_role("button", name="Xác nhận và ghi vào sổ hộ").click()
        checker.wait_for_load_state()
        assert checker.locator("#batch-status").get_attribute("data-status") == "confirmed"
        assert "Đã ghi lô #" in checker.locator("p.notice").first.inner_text()
        screenshot(checker, "confirmed-checker")

        checker.goto(f"/ho/{Household.objects.get(code='CX-0101').pk}/")
        assert checker.locator("h1").inner_text() == "Hộ CX-0101 — Nguyễn Văn Đức"
        assert checker.locator("td.id-masked").all_inner_texts() == ["*********345", "*********321"]
        assert "042090012345" not in checker.content()
        assert "Hộ nghèo: thu nhập 1.200.000 đồng/người/tháng" in checker.content()
        screenshot(checker, "household")
    finally:
        context.close()


def test_a_file_with_problems_shows_each_one_by_row_and_no_confirm_button(page, screenshot, tmp_path,
                                                                         official_cam_xuyen, units):
    path = tmp_path / "co-loi.xlsx"
    path.write_bytes(xlsx_bytes(
        [household_row("CX-1", members=1), household_row("CX-2", commune="18676", members=1)],
        [member_row("CX-1", "Nguyễn Văn An"), member_row("CX-2", "Lê Thị Bé"), member_row("CX-404", "Không Có Hộ")],
    ))
    sign_in(page, "canbo.camxuyen")
    upload(page, path)

    assert page.locator("#batch-status").get_attribute("data-status") == "invalid"
    assert table_column(page, "#problems", 1) == ["hộ gia đình", "thành viên"]
    assert table_column(page, "#problems", 2) == ["3", "4"]
    assert page.get_by_role("button", name="Xác nhận và ghi vào sổ hộ").count() == 0
    screenshot(page, "problems")
