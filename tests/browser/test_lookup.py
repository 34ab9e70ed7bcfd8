"""A resident looks up their household on a phone-sized screen in real Chromium and sees the right policies."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

from tests.policies.conftest import HAI_ID, TAM_ID, people  # noqa: F401 — fixture, found by name below

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CHROMIUM = shutil.which("chromium")
# Playwright's sync API keeps an event loop in this thread; the ORM calls of the test are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def phone() -> Iterator[object]:
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"],
        )
        context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True,
                                      has_touch=True, locale="vi-VN")
        page = context.new_page()
        yield page
        context.close()
        browser.close()


@pytest.fixture
def seeded(request: pytest.FixtureRequest) -> object:
    from giamngheo.policies.services import entitlements_recompute

    households = request.getfixturevalue("people")
    entitlements_recompute()
    return households


def test_resident_sees_their_policies_on_a_phone(live_server, seeded, phone) -> None:  # type: ignore[no-untyped-def]
    page = phone
    page.goto(f"{live_server.url}/tra-cuu/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scrolling
    page.fill("#ma-ho", "TC-0101")
    page.fill("#so-dinh-danh", TAM_ID)
    page.click("button[type=submit]")
    page.wait_for_selector("h1:has-text('Quyền lợi của hộ')")
    assert page.inner_text(".category").startswith("Hộ cận nghèo")
    names = page.locator(".policy h3").all_inner_texts()
    assert names == [
        "Hỗ trợ mua bảo hiểm y tế cho thành viên hộ cận nghèo",
        "Trợ giúp pháp lý miễn phí",
        "Vay vốn ưu đãi cho hộ cận nghèo",
        "Hỗ trợ điện thoại thông minh để tiếp cận thông tin",
    ]
    assert "Võ Văn Tâm" not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_wrong_identity_number_shows_only_the_generic_message(live_server, seeded, phone) -> None:  # type: ignore[no-untyped-def]
    page = phone
    page.goto(f"{live_server.url}/tra-cuu/")
    page.fill("#ma-ho", "CX-0101")
    page.fill("#so-dinh-danh", TAM_ID)
    page.click("button[type=submit]")
    alert = page.locator("[role=alert]")
    assert alert.inner_text().startswith("Không tra cứu được.")
    assert page.locator(".policy").count() == 0
    assert HAI_ID not in page.content()
