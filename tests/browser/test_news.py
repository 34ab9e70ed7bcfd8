"""An editor writes and publishes a notice in Chromium; a resident reads it on a phone-sized screen."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD


@pytest.fixture
def editor(make_user, units):  # type: ignore[no-untyped-def]
    return make_user("editor", units.cam_xuyen, username="bientap.camxuyen")


@pytest.fixture
def other_commune_news(province_admin, units):  # type: ignore[no-untyped-def]
    from giamngheo.outreach.services import article_create, article_publish

    article = article_create(acting_user=province_admin, title="Lịch tiêm chủng ở Thiên Cầm",
                             unit_id=units.thien_cam.pk)
    return article_publish(acting_user=province_admin, article_id=article.pk)


def test_editor_publishes_and_a_resident_reads_it_on_a_phone(  # type: ignore[no-untyped-def]
    page, chromium, live_server, screenshot, editor, other_commune_news, units
) -> None:
    page.goto("/")
    page.get_by_role("link", name="Đăng nhập cán bộ").first.click()
    page.get_by_label("Tên đăng nhập").fill("bientap.camxuyen")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()

    page.get_by_role("link", name="Tin tức").first.click()
    page.wait_for_url("**/tin-tuc/quan-ly/")
    page.get_by_role("button", name="Viết tin mới").click()
    page.get_by_label("Tiêu đề", exact=True).fill("Cảnh báo cuộc gọi lừa đảo giả danh bảo hiểm xã hội")
    page.get_by_label("Tóm tắt").fill("Không chuyển tiền, không đọc mã OTP cho người gọi.")
    page.get_by_label("Nội dung").fill("<p>Báo ngay công an xã.</p><script>alert(1)</script>")
    assert page.get_by_label("Dành cho").input_value() == str(units.cam_xuyen.pk)  # the editor's only commune
    page.get_by_role("button", name="Lưu và đăng").click()
    page.wait_for_selector(".status:has-text('Đã đăng')")
    screenshot(page, "editor")

    phone = chromium.new_context(locale="vi-VN", base_url=live_server.url, viewport={"width": 360, "height": 740},
                                 device_scale_factor=2, is_mobile=True, has_touch=True)
    resident = phone.new_page()
    try:
        resident.goto("/")
        resident.get_by_role("link", name="Tin tức của xã").click()
        resident.wait_for_url("**/tin-tuc/")
        resident.get_by_label("Xem tin của xã").select_option(label="Xã Cẩm Xuyên")
        resident.get_by_role("button", name="Xem").click()
        resident.wait_for_url("**/tin-tuc/?xa=18673")
        titles = resident.locator(".news-item h2").all_inner_texts()
        assert titles == ["Cảnh báo cuộc gọi lừa đảo giả danh bảo hiểm xã hội"]
        assert resident.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scrolling
        screenshot(resident, "portal-phone")

        resident.get_by_role("link", name="Cảnh báo cuộc gọi lừa đảo giả danh bảo hiểm xã hội").click()
        resident.wait_for_selector("h1:has-text('Cảnh báo cuộc gọi lừa đảo')")
        assert resident.locator(".news-body").inner_html() == "<p>Báo ngay công an xã.</p>"
        assert resident.evaluate("document.documentElement.scrollWidth") <= 360
        screenshot(resident, "article-phone")
    finally:
        phone.close()
