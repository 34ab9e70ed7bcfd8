"""The resident lookup leaks nothing: one failure shape, the same work for every failure, limits that hold."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from giamngheo.policies.lookup import FAILURE_MESSAGE
from giamngheo.policies.models import LookupLog

from .conftest import HAI_ID, HOA_ID, TAM_ID

pytestmark = pytest.mark.django_db
URL = "/tra-cuu/"
API = "/api/v1/lookup"


def post(code: str, factor: str, ip: str = "10.0.0.1"):  # type: ignore[no-untyped-def]
    return Client(REMOTE_ADDR=ip).post(URL, {"ma_ho": code, "so_dinh_danh": factor})


def api(body: object, ip: str = "10.0.0.1", raw: bytes | None = None):  # type: ignore[no-untyped-def]
    import json

    data = raw if raw is not None else json.dumps(body)
    return Client(REMOTE_ADDR=ip).post(API, data=data, content_type="application/json")


def test_the_form_is_light_and_needs_no_javascript() -> None:
    response = Client().get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script" not in html and "<link" not in html
    assert len(response.content) < 6000
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies


def test_right_code_and_head_identity_number_show_category_and_policies(computed) -> None:  # type: ignore[no-untyped-def]
    response = post("CX-0101", "0420 7000 0101")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hộ nghèo" in html and "kết quả rà soát năm 2025" in html
    assert "Thẻ bảo hiểm y tế miễn phí cho thành viên hộ nghèo" in html
    assert "Hỗ trợ tiền điện cho hộ nghèo" in html
    assert "Vay vốn ưu đãi cho hộ cận nghèo" not in html
    # Nothing else about the household: no names, members, income or identity number.
    for secret in ("Hoàng Văn Hải", "Lê Thị Mai", "Hoàng Văn Nam", "1.200.000", "1200000", HAI_ID, "Mường"):
        assert secret not in html
    assert 'id="news"' not in html and "Tin tức" not in html  # the commune has no published news


def test_every_failure_returns_the_same_bytes(computed) -> None:  # type: ignore[no-untyped-def]
    unknown_code = post("CX-9999", HAI_ID, ip="10.0.0.2").content
    wrong_factor = post("CX-0101", HOA_ID, ip="10.0.0.3").content
    other_household_factor = post("CX-0101", TAM_ID, ip="10.0.0.4").content
    hostile = post("<script>alert(1)</script>" * 50, "' OR 1=1 --", ip="10.0.0.5").content
    empty = post("", "", ip="10.0.0.6").content
    assert unknown_code == wrong_factor == other_household_factor == hostile == empty
    assert FAILURE_MESSAGE in unknown_code.decode()


def test_rate_limited_callers_get_the_same_failure_even_with_the_right_factor(computed) -> None:  # type: ignore[no-untyped-def]
    failure = post("CX-9999", HAI_ID, ip="10.0.0.9").content
    with override_settings(LOOKUP_LIMIT_PER_ADDRESS=3):
        for _ in range(3):
            post("CX-0102", "000000000", ip="10.0.0.7")
        limited = post("CX-0101", HAI_ID, ip="10.0.0.7")
    assert limited.content == failure
    assert LookupLog.objects.filter(outcome="limited").count() == 1


def test_failures_do_the_same_database_work(computed) -> None:  # type: ignore[no-untyped-def]
    def statements(code: str, factor: str, ip: str) -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            post(code, factor, ip=ip)
        return [q["sql"].split(" VALUES ")[0].split(" WHERE ")[0] for q in captured.captured_queries]

    unknown = statements("CX-9999", HAI_ID, "10.1.0.1")
    wrong = statements("CX-0101", HOA_ID, "10.1.0.2")
    hostile = statements("x" * 5000, "y" * 5000, "10.1.0.3")
    with override_settings(LOOKUP_LIMIT_PER_ADDRESS=0):
        limited = statements("CX-0101", HAI_ID, "10.1.0.4")
    assert unknown == wrong == hostile == limited
    assert len(unknown) == 2  # the second-factor query and the log row


def test_sequential_codes_from_one_address_are_stopped(computed) -> None:  # type: ignore[no-untyped-def]
    with override_settings(LOOKUP_LIMIT_PER_ADDRESS=10):
        for number in range(10):
            post(f"CX-{number:04d}", HAI_ID, ip="10.2.0.1")
        after = post("CX-0101", HAI_ID, ip="10.2.0.1")
    assert FAILURE_MESSAGE in after.content.decode()
    assert post("CX-0101", HAI_ID, ip="10.2.0.2").status_code == 200
    assert "Hộ nghèo" in post("CX-0101", HAI_ID, ip="10.2.0.3").content.decode()


def test_many_wrong_factors_for_one_code_lock_that_code_from_every_address(computed) -> None:  # type: ignore[no-untyped-def]
    for attempt in range(5):
        post("CX-0101", f"0420700009{attempt:02d}", ip=f"10.3.0.{attempt}")
    blocked = post("CX-0101", HAI_ID, ip="10.3.1.1")
    assert FAILURE_MESSAGE in blocked.content.decode()
    assert "Hộ cận nghèo" in post("TC-0101", TAM_ID, ip="10.3.1.2").content.decode()


def test_every_lookup_is_logged_without_identity_numbers(computed) -> None:  # type: ignore[no-untyped-def]
    post("CX-0101", HAI_ID, ip="10.4.0.1")
    post("CX-0101", HOA_ID, ip="10.4.0.2")
    post("NOPE-1", HAI_ID, ip="10.4.0.3")
    rows = list(LookupLog.objects.order_by("id").values_list("outcome", "household_id", "ip", "channel"))
    assert rows == [("found", computed.hai.pk, "10.4.0.1", "web"), ("no_match", computed.hai.pk, "10.4.0.2", "web"),
                    ("no_match", None, "10.4.0.3", "web")]
    stored = " ".join(str(v) for row in LookupLog.objects.values_list() for v in row)
    for secret in (HAI_ID, HOA_ID, "CX-0101", "NOPE-1"):
        assert secret not in stored


def test_oversized_bodies_are_not_parsed(computed) -> None:  # type: ignore[no-untyped-def]
    big = Client(REMOTE_ADDR="10.5.0.1").post(URL, {"ma_ho": "CX-0101", "so_dinh_danh": HAI_ID, "pad": "x" * 10_000})
    assert FAILURE_MESSAGE in big.content.decode()
    assert LookupLog.objects.get().outcome == "invalid"


def test_api_lookup_has_one_failure_shape(computed) -> None:  # type: ignore[no-untyped-def]
    ok = api({"household_code": "TC-0101", "id_number": TAM_ID}, ip="10.6.0.1")
    assert ok.status_code == 200
    body = ok.json()
    assert (body["ok"], body["category"], body["review_year"], body["commune"]) == (True, "near_poor", 2025,
                                                                                   "Xã Thiên Cầm")
    assert [p["code"] for p in body["policies"]] == ["bhyt-ho-can-ngheo", "tro-giup-phap-ly", "vay-von-ho-can-ngheo"]
    assert body["news"] == []
    assert set(body) == {"ok", "household_code", "category", "category_name", "review_year", "commune", "policies",
                         "news"}
    failures = [
        api({"household_code": "TC-9999", "id_number": TAM_ID}, ip="10.6.0.2"),
        api({"household_code": "TC-0101", "id_number": HAI_ID}, ip="10.6.0.3"),
        api({"household_code": 12, "id_number": ["x"]}, ip="10.6.0.4"),
        api(None, ip="10.6.0.5", raw=b"{not json"),
        api(None, ip="10.6.0.6", raw=b'{"household_code": "' + b"A" * 5000 + b'"}'),
    ]
    with override_settings(LOOKUP_LIMIT_PER_ADDRESS=0):
        failures.append(api({"household_code": "TC-0101", "id_number": TAM_ID}, ip="10.6.0.7"))
    assert {(r.status_code, r.content) for r in failures} == {(404, failures[0].content)}
    assert failures[0].json() == {"ok": False, "message": FAILURE_MESSAGE}
