"""The lookup's second factor may be the certificate's verification code; a found household sees its commune's news."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from giamngheo.policies.lookup import FAILURE_MESSAGE
from giamngheo.policies.models import LookupLog

from .conftest import HAI_ID

pytestmark = pytest.mark.django_db
URL = "/tra-cuu/"
API = "/api/v1/lookup"
TOKEN = "Qx7-k2LmN9pRt_4vWz8aBc"


def post(code: str, factor: str, ip: str):  # type: ignore[no-untyped-def]
    return Client(REMOTE_ADDR=ip).post(URL, {"ma_ho": code, "so_dinh_danh": factor})


@pytest.fixture
def certified(computed, units, make_user):  # type: ignore[no-untyped-def]
    """CX-0101 holds a live certificate; TC-0101 holds a revoked one."""
    from giamngheo.review.models import Certificate, IssuedDocument
    from giamngheo.review.models.documents import DocumentKind

    signer = make_user("commune_official", units.cam_xuyen, username="chutich")

    def certificate(household, token: str, revoked_on: dt.date | None = None) -> None:  # type: ignore[no-untyped-def]
        document = IssuedDocument.objects.create(
            agency=household.commune, kind=DocumentKind.CERTIFICATE, year=2025, title="Giấy chứng nhận",
            household=household, issued_on=dt.date(2025, 12, 10), issued_by=signer)
        Certificate.objects.create(household=household, period="2022-2025", document=document, token=token,
                                   years=[], revoked_on=revoked_on)

    certificate(computed.hai, TOKEN)
    certificate(computed.tam, "Rv0k3d-Rv0k3d-Rv0k3d-R", revoked_on=dt.date(2026, 1, 5))
    return computed


def test_the_certificate_code_opens_the_sheet_like_the_identity_number(certified) -> None:  # type: ignore[no-untyped-def]
    by_code = post("CX-0101", TOKEN, ip="10.7.0.1").content.decode()
    by_spaced_code = post("CX-0101", f" {TOKEN[:11]} {TOKEN[11:]} ", ip="10.7.0.2").content.decode()
    by_identity = post("CX-0101", HAI_ID, ip="10.7.0.3").content.decode()
    assert "Hộ nghèo" in by_code and "Thẻ bảo hiểm y tế miễn phí cho thành viên hộ nghèo" in by_code
    assert by_code == by_spaced_code == by_identity
    api = Client(REMOTE_ADDR="10.7.0.4").post(API, {"household_code": "CX-0101", "id_number": TOKEN},
                                              content_type="application/json")
    assert api.status_code == 200 and api.json()["category"] == "poor"


def test_wrong_revoked_or_other_households_codes_fail_alike(certified) -> None:  # type: ignore[no-untyped-def]
    failure = post("CX-9999", HAI_ID, ip="10.8.0.1").content
    attempts = [
        post("CX-0101", TOKEN.lower(), ip="10.8.0.2"),  # the code is case-sensitive
        post("CX-0101", TOKEN[:-1] + "x", ip="10.8.0.3"),
        post("TC-0101", "Rv0k3d-Rv0k3d-Rv0k3d-R", ip="10.8.0.4"),  # revoked
        post("TC-0101", TOKEN, ip="10.8.0.5"),  # another household's certificate
        post("CX-0101", "<b>" + TOKEN + "</b>", ip="10.8.0.6"),
    ]
    assert {r.content for r in attempts} == {failure}
    assert FAILURE_MESSAGE in failure.decode()
    outcomes = list(LookupLog.objects.order_by("id").values_list("outcome", flat=True))
    assert outcomes == ["no_match", "no_match", "no_match", "no_match", "no_match", "invalid"]
    stored = " ".join(str(v) for row in LookupLog.objects.values_list() for v in row)
    assert TOKEN not in stored


def test_a_found_household_sees_published_news_of_its_commune_and_province_only(computed, units,  # type: ignore[no-untyped-def]
                                                                                make_user) -> None:
    from giamngheo.outreach.services import article_create, article_publish

    editor = make_user("editor", units.cam_xuyen, units.thien_cam, username="bientap-test")
    admin = make_user("province_admin", units.province, username="tinh-test")

    def publish(user, unit, title: str, **extra) -> None:  # type: ignore[no-untyped-def]
        article = article_create(acting_user=user, title=title, summary=f"Tóm tắt: {title}", body="<p>Nội dung</p>",
                                 unit_id=unit.pk, **extra)
        article_publish(acting_user=user, article_id=article.pk)

    publish(editor, units.cam_xuyen, "Cấp thẻ bảo hiểm y tế năm 2027")
    publish(editor, units.thien_cam, "Lịch tiêm chủng ở Thiên Cầm")
    publish(admin, units.province, "Bão số 5: sơ tán trước 17 giờ", emergency=True)
    article_create(acting_user=editor, title="Bản nháp chưa đăng", unit_id=units.cam_xuyen.pk)

    html = post("CX-0101", HAI_ID, ip="10.9.0.1").content.decode()
    assert 'id="news"' in html and "Cấp thẻ bảo hiểm y tế năm 2027" in html
    assert "Tin khẩn:" in html and html.index("Bão số 5") < html.index("Cấp thẻ bảo hiểm y tế")
    assert "Thiên Cầm" not in html.split('id="news"')[1] and "Bản nháp" not in html
    news = Client(REMOTE_ADDR="10.9.0.2").post(API, {"household_code": "CX-0101", "id_number": HAI_ID},
                                               content_type="application/json").json()["news"]
    assert [n["title"] for n in news] == ["Bão số 5: sơ tán trước 17 giờ", "Cấp thẻ bảo hiểm y tế năm 2027"]
    assert news[0]["emergency"] is True and news[1]["url"].startswith("/tin-tuc/")
    # Failures never show news.
    assert "Tin tức" not in post("CX-0101", "000000000", ip="10.9.0.3").content.decode()

