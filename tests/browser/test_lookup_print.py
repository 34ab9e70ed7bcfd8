"""The "Quyền lợi của hộ" sheet prints on one A4 page in Chromium, with its news and links left off the paper."""

from __future__ import annotations

import subprocess

import pytest

from tests.browser.conftest import ARTIFACTS
from tests.policies.conftest import HAI_ID, people  # noqa: F401 — fixture, found by name below

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def published_news(people, units, make_user):  # type: ignore[no-untyped-def]  # noqa: F811
    from giamngheo.outreach.services import article_create, article_publish
    from giamngheo.policies.services import entitlements_recompute, policy_create

    admin = make_user("province_admin", units.province, username="tinh-in")
    for number in range(4):  # a poor household of a poor commune can hold eight or more policies
        policy_create(
            acting_user=admin, code=f"ho-tro-tinh-{number}", group="health",
            name=f"Hỗ trợ của tỉnh cho hộ nghèo, chương trình {number + 1}", agency="UBND tỉnh Hà Tĩnh",
            legal_basis="Nghị quyết của HĐND tỉnh (thử nghiệm)",
            benefit="Hỗ trợ một lần bằng tiền mặt hoặc hiện vật theo mức HĐND tỉnh quyết định hằng năm.",
            how_to_claim="Hộ không phải làm hồ sơ: UBND xã lập danh sách, báo ngày nhận tại nhà văn hóa thôn.",
            documents="Căn cước của chủ hộ.", rule={"category": ["poor"]})
    entitlements_recompute()
    editor = make_user("editor", units.cam_xuyen, username="bientap-in")
    for number in range(3):
        article = article_create(acting_user=editor, title=f"Thông báo số {number + 1} của xã Cẩm Xuyên",
                                 summary="Tóm tắt một thông báo dài vừa phải cho người dân trong xã. " * 3,
                                 body="<p>Nội dung</p>", unit_id=units.cam_xuyen.pk)
        article_publish(acting_user=editor, article_id=article.pk)
    return people


def test_the_sheet_of_a_household_with_many_policies_prints_on_one_page(page, published_news) -> None:  # type: ignore[no-untyped-def]
    page.goto("/tra-cuu/")
    page.fill("#ma-ho", "CX-0101")
    page.fill("#so-dinh-danh", HAI_ID)
    page.click("button[type=submit]")
    page.wait_for_selector("#news")
    policies = page.locator(".policy").count()
    assert policies >= 8
    page.emulate_media(media="print")
    assert not page.locator("#news").is_visible()
    pdf = page.pdf(format="A4", print_background=False)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "quyen-loi-cua-ho.pdf").write_bytes(pdf)
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    assert pages == 1, f"{policies} policies took {pages} pages"
    assert "Quyền lợi của hộ" in text.decode() and "CX-0101" in text.decode()
