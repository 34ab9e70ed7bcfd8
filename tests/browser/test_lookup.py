"""A resident looks up their household on a phone-sized screen in real Chromium and sees the right policies.

Also with the verification code printed under the QR code of the household's certificate instead of the head's
identity number, and with the commune's news (emergency first) on the sheet.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator

import pytest

from tests.policies.conftest import HAI_ID, TAM_ID, people  # noqa: F401 — fixture, found by name below

# serialized_rollback in the marker itself: pytest-django decides from the marker (not from the fixture the root
# conftest adds) whether to keep a copy of the migrated database, and the policy catalogue seeded by a data
# migration must be back for each test, also when this file runs alone.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
CHROMIUM = shutil.which("chromium")
TOKEN = "Qx7-k2LmN9pRt_4vWz8aBc"  # as printed under the QR code of CX-0101's certificate
EMERGENCY = "Bão số 5: sơ tán khỏi vùng trũng trước 17 giờ hôm nay"
NOTICE = "Hướng dẫn làm thủ tục cấp thẻ bảo hiểm y tế năm 2027 cho hộ nghèo, hộ cận nghèo tại UBND xã Cẩm Xuyên"
ELSEWHERE = "Lịch tiêm chủng ở Thiên Cầm"
DRAFT = "Bản nháp chưa đăng"
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


@pytest.fixture
def certified_with_news(seeded, units, make_user):  # type: ignore[no-untyped-def]
    """CX-0101 (Cẩm Xuyên) holds a live certificate; Cẩm Xuyên and Thiên Cầm each have published news."""
    from giamngheo.outreach.services import article_create, article_publish
    from giamngheo.review.models import Certificate, IssuedDocument
    from giamngheo.review.models.documents import DocumentKind

    signer = make_user("commune_official", units.cam_xuyen, username="chutich.camxuyen")
    document = IssuedDocument.objects.create(
        agency=units.cam_xuyen, kind=DocumentKind.CERTIFICATE, year=2025, title="Giấy chứng nhận hộ nghèo",
        household=seeded.hai, issued_on=dt.date(2025, 12, 10), issued_by=signer)
    Certificate.objects.create(household=seeded.hai, period="2022-2025", document=document, token=TOKEN, years=[])

    editor = make_user("editor", units.cam_xuyen, units.thien_cam, username="bientap.lookup")

    def publish(unit, title: str, *, emergency: bool = False) -> None:  # type: ignore[no-untyped-def]
        article = article_create(acting_user=editor, title=title, summary=f"Tóm tắt: {title}.",
                                 body="<p>Nội dung</p>", unit_id=unit.pk, emergency=emergency)
        article_publish(acting_user=editor, article_id=article.pk)

    # The emergency is published first: it must still come first, ahead of the newer notice.
    publish(units.cam_xuyen, EMERGENCY, emergency=True)
    publish(units.cam_xuyen, NOTICE)
    publish(units.thien_cam, ELSEWHERE)
    article_create(acting_user=editor, title=DRAFT, unit_id=units.cam_xuyen.pk)
    return seeded


def expected_policies(household) -> list[str]:  # type: ignore[no-untyped-def]
    from giamngheo.policies.models import Entitlement

    return list(Entitlement.objects.filter(household=household, scenario="current", policy__public=True,
                                           policy__active=True)
                .order_by("policy__position", "policy__code").values_list("policy__name", flat=True))


def test_resident_uses_the_certificate_code_and_sees_the_communes_news_on_a_phone(  # type: ignore[no-untyped-def]
    live_server, certified_with_news, phone, screenshot
) -> None:
    page = phone
    page.goto(f"{live_server.url}/tra-cuu/")
    page.fill("#ma-ho", "CX-0101")
    page.fill("#so-dinh-danh", TOKEN)
    page.click("button[type=submit]")
    page.wait_for_selector("h1:has-text('Quyền lợi của hộ')")

    assert page.inner_text(".category").startswith("Hộ nghèo")
    names = page.locator(".policy h3").all_inner_texts()
    assert names == expected_policies(certified_with_news.hai)
    assert "Thẻ bảo hiểm y tế miễn phí cho thành viên hộ nghèo" in names
    content = page.content()
    assert "Hoàng Văn Hải" not in content and TOKEN not in content and HAI_ID not in content

    news = page.locator("#news")
    assert news.locator("h2").inner_text() == "Tin tức của xã"
    items = news.locator("p:has(span.muted)")  # one paragraph per item: link, date, summary
    assert items.count() == 2
    assert items.nth(0).locator(".urgent").inner_text() == "Tin khẩn:"
    assert items.nth(1).locator(".urgent").count() == 0
    titles = [items.nth(k).locator("a").first.inner_text() for k in range(2)]
    assert titles == [EMERGENCY, NOTICE]
    assert ELSEWHERE not in content and DRAFT not in content

    # No sideways scrolling at 360 px, and the news (with a long headline) stays inside the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    box = news.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360
    screenshot(page, "sheet-with-news")


def test_wrong_certificate_code_shows_only_the_failure_message(  # type: ignore[no-untyped-def]
    live_server, certified_with_news, phone
) -> None:
    from giamngheo.policies.lookup import FAILURE_MESSAGE

    page = phone
    page.goto(f"{live_server.url}/tra-cuu/")
    page.fill("#ma-ho", "CX-0101")
    page.fill("#so-dinh-danh", TOKEN[:-1] + "x")  # one character off
    page.click("button[type=submit]")
    alert = page.locator("[role=alert]")
    assert alert.inner_text() == FAILURE_MESSAGE
    assert page.locator(".policy").count() == 0 and page.locator("#news").count() == 0
    content = page.content()
    assert EMERGENCY not in content and NOTICE not in content and "Hộ nghèo" not in content
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
