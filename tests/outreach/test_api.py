"""GET /api/v1/news: public, published only, one commune's news with its province's, paginated."""

from __future__ import annotations

import json

from django.test import Client


def test_news_api_lists_a_communes_published_news(write, units) -> None:  # type: ignore[no-untyped-def]
    own = write(units.cam_xuyen, "Vay vốn ưu đãi", summary="Đến 100 triệu đồng.", body="<p>Chi tiết</p>")
    province = write(units.province, "Gia hạn thẻ BHYT")
    write(units.thien_cam, "Tin Thiên Cầm")
    write(units.cam_xuyen, "Nháp", published=False)

    response = Client().get("/api/v1/news?commune=18673")
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["count"] == 2
    assert [item["title"] for item in data["items"]] == ["Gia hạn thẻ BHYT", "Vay vốn ưu đãi"]
    item = data["items"][1]
    assert {k: item[k] for k in ("id", "summary", "body", "emergency", "scope", "unit_code", "unit_name", "url")} == {
        "id": own.pk, "summary": "Đến 100 triệu đồng.", "body": "<p>Chi tiết</p>", "emergency": False,
        "scope": "commune", "unit_code": "18673", "unit_name": "Xã Cẩm Xuyên", "url": f"/tin-tuc/{own.pk}/",
    }
    assert data["items"][0]["scope"] == "province" and data["items"][0]["id"] == province.pk


def test_news_api_paginates_and_rejects_unknown_communes(write, units) -> None:  # type: ignore[no-untyped-def]
    for n in range(3):
        write(units.cam_xuyen, f"Tin {n}")
    client = Client()
    page = json.loads(client.get("/api/v1/news?limit=2&offset=2").content)
    assert page["count"] == 3 and len(page["items"]) == 1
    missing = client.get("/api/v1/news?commune=99999")
    assert missing.status_code == 404
    assert json.loads(missing.content) == {"detail": "Không tìm thấy xã có mã này."}


def test_news_api_is_in_the_openapi_document(db) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(Client().get("/api/v1/openapi.json").content)
    assert "/api/v1/news" in document["paths"]
