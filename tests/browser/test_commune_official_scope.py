"""A commune official signs in through the real form in Chromium and sees only their own commune."""

from tests.conftest import PASSWORD


def sign_in(page, username: str) -> None:
    page.goto("/")
    page.get_by_role("link", name="Đăng nhập cán bộ").first.click()
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/dia-ban/")


def table_column(page, selector: str, column: int) -> list[str]:
    return [cell.strip() for cell in page.locator(f"{selector} tbody tr td:nth-child({column})").all_inner_texts()]


def test_commune_official_sees_only_their_communes_units(page, screenshot, official_cam_xuyen, units, households):
    sign_in(page, "canbo.camxuyen")
    assert page.locator("h1").inner_text() == "Địa bàn được giao"
    assert table_column(page, "table", 2) == ["Xã Cẩm Xuyên"]
    assert "Thiên Cầm" not in page.content()
    screenshot(page, "workspace")

    page.get_by_role("link", name="Xã Cẩm Xuyên").click()
    page.wait_for_url(f"**/dia-ban/{units.cam_xuyen.id}/")
    villages = page.locator("h2:has-text('Đơn vị trực thuộc') + ul li a").all_inner_texts()
    assert villages == ["Thôn Trung Hòa", "Thôn Quyết Tiến"]
    assert table_column(page, "#households", 1) == ["CX-0001", "CX-0002"]
    screenshot(page, "commune")

    response = page.goto(f"/dia-ban/{units.thien_cam.id}/")
    assert response.status == 404
    assert page.goto(f"/ho/{households.duc.id}/").status == 404
    screenshot(page, "other-commune-404")


def test_the_same_session_cannot_read_the_other_commune_through_the_api(
    page, official_cam_xuyen, units, households
):
    sign_in(page, "canbo.camxuyen")
    own = page.request.get("/api/v1/units")
    assert own.status == 200
    assert [u["name"] for u in own.json()] == ["Xã Cẩm Xuyên", "Thôn Trung Hòa", "Thôn Quyết Tiến"]
    assert page.request.get(f"/api/v1/units/{units.thien_cam.id}").status == 404
    assert page.request.get(f"/api/v1/households/{households.duc.id}").status == 404
    assert [h["code"] for h in page.request.get("/api/v1/households").json()["items"]] == ["CX-0001", "CX-0002"]


def test_village_head_on_a_phone_sees_only_their_village(chromium, live_server, screenshot, village_head_trung_hoa,
                                                        units, households):
    context = chromium.new_context(
        locale="vi-VN", base_url=live_server.url, viewport={"width": 390, "height": 844}, is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    try:
        sign_in(page, "truongthon.trunghoa")
        assert table_column(page, "table", 2) == ["Thôn Trung Hòa"]
        page.get_by_role("link", name="Thôn Trung Hòa").click()
        assert table_column(page, "#households", 1) == ["CX-0001"]
        screenshot(page, "village-phone")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page is wider than the phone"
        assert page.goto(f"/dia-ban/{units.cam_xuyen.id}/").status == 404
    finally:
        context.close()


def test_wrong_password_is_refused_in_vietnamese(page, official_cam_xuyen):
    page.goto("/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("canbo.camxuyen")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    assert page.get_by_role("alert").inner_text().strip() == "Tên đăng nhập hoặc mật khẩu không đúng."
