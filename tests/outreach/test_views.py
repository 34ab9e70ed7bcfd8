"""Editors write news for their own units; residents read published news, filtered by commune."""

from __future__ import annotations

from django.test import Client

from giamngheo.common.models import AuditEvent
from giamngheo.outreach.models import Article, ArticleStatus


def test_editor_writes_and_publishes_for_their_commune(client_for, editor_cam_xuyen, units) -> None:  # type: ignore[no-untyped-def]
    client = client_for(editor_cam_xuyen)
    form = client.get("/tin-tuc/quan-ly/moi/").content.decode()
    assert "Xã Cẩm Xuyên" in form and "Xã Thiên Cầm" not in form and "Tỉnh Hà Tĩnh" not in form
    response = client.post("/tin-tuc/quan-ly/moi/", {
        "title": "Gia hạn thẻ BHYT", "summary": "Trước 31/12.", "body": "<p>Mang CCCD.</p>",
        "unit_id": units.cam_xuyen.pk,
    })
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/tin-tuc/quan-ly/{article.pk}/"
    assert article.status == ArticleStatus.DRAFT
    assert client.post(f"/tin-tuc/quan-ly/{article.pk}/dang/").status_code == 302
    assert Article.objects.get().status == ArticleStatus.PUBLISHED
    assert "Gia hạn thẻ BHYT" in client.get("/tin-tuc/quan-ly/").content.decode()
    assert client.post(f"/tin-tuc/quan-ly/{article.pk}/go-xuong/").status_code == 302
    assert Article.objects.get().status == ArticleStatus.WITHDRAWN
    assert list(AuditEvent.objects.filter(object_type="outreach.article").order_by("id")
                .values_list("action", "channel")) == [
        ("outreach.article_create", "web"), ("outreach.article_publish", "web"),
        ("outreach.article_unpublish", "web"),
    ]


def test_save_and_publish_in_one_step(client_for, editor_cam_xuyen, units) -> None:  # type: ignore[no-untyped-def]
    client_for(editor_cam_xuyen).post("/tin-tuc/quan-ly/moi/", {
        "title": "Cảnh báo lừa đảo", "unit_id": units.cam_xuyen.pk, "emergency": "on", "publish": "1",
    })
    article = Article.objects.get()
    assert (article.status, article.emergency) == (ArticleStatus.PUBLISHED, True)


def test_form_shows_vietnamese_errors_and_keeps_the_text(client_for, editor_cam_xuyen, units) -> None:  # type: ignore[no-untyped-def]
    response = client_for(editor_cam_xuyen).post("/tin-tuc/quan-ly/moi/", {
        "title": "", "summary": "Dài " * 100, "body": "<p>Giữ lại nội dung này</p>", "unit_id": units.thien_cam.pk,
    })
    page = response.content.decode()
    assert response.status_code == 200
    assert "Tiêu đề không được để trống." in page
    assert "Tóm tắt dài 399 ký tự, tối đa 300 ký tự" in page
    assert "Đơn vị này không thuộc phạm vi của tài khoản" in page
    assert "Giữ lại nội dung này" in page
    assert Article.objects.count() == 0


def test_editor_of_another_commune_gets_not_found(client_for, editor_cam_xuyen, editor_thien_cam, write, units) -> None:  # type: ignore[no-untyped-def]
    article = write(units.thien_cam, "Tin Thiên Cầm", published=False, by=editor_thien_cam)
    client = client_for(editor_cam_xuyen)
    assert client.get(f"/tin-tuc/quan-ly/{article.pk}/").status_code == 404
    assert client.post(f"/tin-tuc/quan-ly/{article.pk}/", {"title": "Sửa", "unit_id": units.cam_xuyen.pk}
                       ).status_code == 404
    assert client.post(f"/tin-tuc/quan-ly/{article.pk}/dang/").status_code == 404
    assert "Tin Thiên Cầm" not in client.get("/tin-tuc/quan-ly/").content.decode()
    assert Article.objects.get().status == ArticleStatus.DRAFT
    assert Article.objects.get().title == "Tin Thiên Cầm"


def test_staff_without_edit_content_cannot_manage_news(client_for, official_cam_xuyen) -> None:  # type: ignore[no-untyped-def]
    client = client_for(official_cam_xuyen)
    assert client.get("/tin-tuc/quan-ly/").status_code == 404
    assert client.get("/tin-tuc/quan-ly/moi/").status_code == 404
    assert Client().get("/tin-tuc/quan-ly/").status_code == 302  # to the login page


def test_province_admin_may_post_province_wide(client_for, province_admin, units) -> None:  # type: ignore[no-untyped-def]
    client = client_for(province_admin)
    assert "Mọi xã của Tỉnh Hà Tĩnh" in client.get("/tin-tuc/quan-ly/moi/").content.decode()
    client.post("/tin-tuc/quan-ly/moi/", {"title": "Tin cả tỉnh", "unit_id": units.province.pk, "publish": "1"})
    assert Article.objects.get().unit == units.province


def test_navigation_offers_news(client_for, editor_cam_xuyen, official_cam_xuyen) -> None:  # type: ignore[no-untyped-def]
    assert 'href="/tin-tuc/quan-ly/">Tin tức' in client_for(editor_cam_xuyen).get("/").content.decode()
    assert 'href="/tin-tuc/">Tin tức' in client_for(official_cam_xuyen).get("/").content.decode()
    assert 'href="/tin-tuc/"' in Client().get("/").content.decode()


def test_portal_shows_published_news_of_the_chosen_commune_and_its_province(write, units) -> None:  # type: ignore[no-untyped-def]
    write(units.cam_xuyen, "Vay vốn ưu đãi ở Cẩm Xuyên")
    write(units.thien_cam, "Tin riêng Thiên Cầm")
    write(units.province, "Gia hạn thẻ BHYT toàn tỉnh")
    write(units.cam_xuyen, "Bão sắp đổ bộ", emergency=True)
    write(units.cam_xuyen, "Bản nháp chưa đăng", published=False)
    client = Client()

    everything = client.get("/tin-tuc/").content.decode()
    assert "Tin riêng Thiên Cầm" in everything and "Bản nháp chưa đăng" not in everything

    page = client.get("/tin-tuc/?xa=18673").content.decode()
    assert "Tin riêng Thiên Cầm" not in page and "Bản nháp chưa đăng" not in page
    positions = [page.index(t) for t in ("Bão sắp đổ bộ", "Gia hạn thẻ BHYT toàn tỉnh", "Vay vốn ưu đãi ở Cẩm Xuyên")]
    assert positions == sorted(positions)
    assert '<option value="18673" selected>Xã Cẩm Xuyên</option>' in page
    assert "Tin khẩn" in page

    unknown = client.get("/tin-tuc/?xa=99999").content.decode()
    assert "Không có xã nào mang mã “99999”" in unknown


def test_article_page_shows_only_published_news(write, units) -> None:  # type: ignore[no-untyped-def]
    shown = write(units.cam_xuyen, "Hỗ trợ điện thoại thông minh", body="<p>Đăng ký ở nhà văn hóa thôn.</p>")
    draft = write(units.cam_xuyen, "Nháp", published=False)
    client = Client()
    page = client.get(f"/tin-tuc/{shown.pk}/").content.decode()
    assert "<p>Đăng ký ở nhà văn hóa thôn.</p>" in page
    assert client.get(f"/tin-tuc/{draft.pk}/").status_code == 404


def test_portal_is_paginated(write, units) -> None:  # type: ignore[no-untyped-def]
    for n in range(12):
        write(units.cam_xuyen, f"Tin số {n:02d}")
    client = Client()
    first = client.get("/tin-tuc/?xa=18673").content.decode()
    second = client.get("/tin-tuc/?xa=18673&trang=2").content.decode()
    assert first.count('class="news-item"') == 10 and second.count('class="news-item"') == 2
    assert "Trang 1/2" in first and 'href="?xa=18673&amp;trang=2"' in first


def test_rss_feed_lists_published_news(write, units) -> None:  # type: ignore[no-untyped-def]
    write(units.cam_xuyen, "Vay vốn ưu đãi")
    write(units.thien_cam, "Tin Thiên Cầm")
    response = Client().get("/tin-tuc/rss/?xa=18673")
    body = response.content.decode()
    assert response["Content-Type"].startswith("application/rss+xml")
    assert "Vay vốn ưu đãi" in body and "Tin Thiên Cầm" not in body
