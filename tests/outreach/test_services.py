"""Writing news: hostile HTML is cleaned, text is NFC, scope is enforced and every change is audited."""

from __future__ import annotations

import unicodedata

import pytest
from django.core.exceptions import ValidationError

from giamngheo.common.models import AuditEvent
from giamngheo.outreach.models import Article, ArticleStatus
from giamngheo.outreach.services import (
    ArticleNotAllowed,
    article_create,
    article_publish,
    article_unpublish,
    article_update,
    body_clean,
)


def test_hostile_html_is_cleaned_on_save(editor_cam_xuyen, units) -> None:  # type: ignore[no-untyped-def]
    body = (
        '<h2>Gia hạn thẻ</h2><script>alert("x")</script><style>p{color:red}</style>'
        '<p onclick="steal()">Mang <strong>CCCD</strong> đến <em>UBND xã</em>.</p>'
        '<img src="x" onerror="steal()">'
        '<a href="javascript:alert(1)">bấm</a> <a href="https://baohiemxahoi.gov.vn" target="_blank">BHXH</a> '
        '<a href="mailto:ubnd@camxuyen.gov.vn">thư</a> <a href="tel:0239">gọi</a>'
        '<blockquote>Hạn chót 31/12</blockquote><ul><li>Một</li></ul><iframe src="https://evil"></iframe>'
    )
    article = article_create(acting_user=editor_cam_xuyen, title="<b>Gia hạn</b> thẻ BHYT", summary="<i>Ngắn</i>",
                             body=body, unit_id=units.cam_xuyen.pk)
    stored = Article.objects.get(pk=article.pk)
    assert stored.body == (
        '<h2>Gia hạn thẻ</h2><p>Mang <strong>CCCD</strong> đến <em>UBND xã</em>.</p>'
        '<a rel="noopener noreferrer">bấm</a> <a href="https://baohiemxahoi.gov.vn" rel="noopener noreferrer">BHXH</a> '
        '<a href="mailto:ubnd@camxuyen.gov.vn" rel="noopener noreferrer">thư</a> <a rel="noopener noreferrer">gọi</a>'
        '<blockquote>Hạn chót 31/12</blockquote><ul><li>Một</li></ul>'
    )
    assert stored.title == "Gia hạn thẻ BHYT"
    assert stored.summary == "Ngắn"
    assert stored.status == ArticleStatus.DRAFT
    assert stored.author == editor_cam_xuyen


def test_body_clean_drops_event_handlers_and_script_content() -> None:
    assert body_clean('<p onmouseover="x()">a<script>b()</script></p>') == "<p>a</p>"


def test_decomposed_text_is_stored_composed(editor_cam_xuyen, units) -> None:  # type: ignore[no-untyped-def]
    title = unicodedata.normalize("NFD", "Cảnh báo lừa đảo qua điện thoại")
    summary = unicodedata.normalize("NFD", "Không chuyển tiền cho người lạ")
    body = unicodedata.normalize("NFD", "<p>Cơ quan công an không gọi điện yêu cầu chuyển tiền.</p>")
    assert title != "Cảnh báo lừa đảo qua điện thoại"
    article = article_create(acting_user=editor_cam_xuyen, title=title, summary=summary, body=body,
                             unit_id=units.cam_xuyen.pk)
    stored = Article.objects.get(pk=article.pk)
    assert stored.title == "Cảnh báo lừa đảo qua điện thoại"
    assert stored.summary == "Không chuyển tiền cho người lạ"
    assert stored.body == "<p>Cơ quan công an không gọi điện yêu cầu chuyển tiền.</p>"


def test_form_errors_are_in_vietnamese(editor_cam_xuyen, units) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        article_create(acting_user=editor_cam_xuyen, title="  <b></b> ", summary="x" * 301,
                       unit_id=units.thien_cam.pk)
    assert caught.value.message_dict == {
        "title": ["Tiêu đề không được để trống."],
        "summary": ["Tóm tắt dài 301 ký tự, tối đa 300 ký tự (tóm tắt hiện trong kết quả tra cứu và danh sách "
                    "tin, nên ngắn gọn)."],
        "unit": ["Đơn vị này không thuộc phạm vi của tài khoản (hoặc không phải xã/tỉnh hiện hành)."],
    }
    assert Article.objects.count() == 0


def test_a_village_or_an_old_commune_is_not_a_news_scope(province_admin, units) -> None:  # type: ignore[no-untyped-def]
    for unit in (units.trung_hoa, units.old_town, units.old_district):
        with pytest.raises(ValidationError) as caught:
            article_create(acting_user=province_admin, title="Tin", unit_id=unit.pk)
        assert set(caught.value.message_dict) == {"unit"}


def test_commune_editor_cannot_post_for_the_province(editor_cam_xuyen, units) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        article_create(acting_user=editor_cam_xuyen, title="Tin cả tỉnh", unit_id=units.province.pk)


def test_province_admin_posts_province_wide(province_admin, units) -> None:  # type: ignore[no-untyped-def]
    article = article_create(acting_user=province_admin, title="Tin cả tỉnh", unit_id=units.province.pk)
    assert article.unit == units.province


def test_accounts_without_edit_content_cannot_write(official_cam_xuyen, units) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ArticleNotAllowed):
        article_create(acting_user=official_cam_xuyen, title="Tin", unit_id=units.cam_xuyen.pk)


def test_editor_cannot_touch_another_communes_article(editor_cam_xuyen, editor_thien_cam, units) -> None:  # type: ignore[no-untyped-def]
    article = article_create(acting_user=editor_thien_cam, title="Tin Thiên Cầm", unit_id=units.thien_cam.pk)
    with pytest.raises(ArticleNotAllowed):
        article_publish(acting_user=editor_cam_xuyen, article_id=article.pk)
    with pytest.raises(ArticleNotAllowed):
        article_update(acting_user=editor_cam_xuyen, article_id=article.pk, title="Đổi", unit_id=units.cam_xuyen.pk)
    assert Article.objects.get(pk=article.pk).status == ArticleStatus.DRAFT


def test_every_change_is_audited(editor_cam_xuyen, units) -> None:  # type: ignore[no-untyped-def]
    article = article_create(acting_user=editor_cam_xuyen, title="Vay vốn ưu đãi", unit_id=units.cam_xuyen.pk)
    article_update(acting_user=editor_cam_xuyen, article_id=article.pk, title="Vay vốn ưu đãi NHCSXH",
                   unit_id=units.cam_xuyen.pk, emergency=False)
    published = article_publish(acting_user=editor_cam_xuyen, article_id=article.pk)
    article_unpublish(acting_user=editor_cam_xuyen, article_id=article.pk)
    events = list(AuditEvent.objects.filter(object_type="outreach.article", object_id=str(article.pk))
                  .order_by("id"))
    assert [e.action for e in events] == [
        "outreach.article_create", "outreach.article_update", "outreach.article_publish",
        "outreach.article_unpublish",
    ]
    assert all(e.actor == editor_cam_xuyen and e.unit_path == units.cam_xuyen.path for e in events)
    assert events[1].before == {"title": "Vay vốn ưu đãi"}
    assert events[1].after == {"title": "Vay vốn ưu đãi NHCSXH"}
    assert events[2].before == {"status": "draft", "published_at": None}
    assert events[2].after == {"status": "published", "published_at": published.published_at.isoformat()}
    assert events[3].after["status"] == "withdrawn"


def test_publishing_twice_changes_nothing(editor_cam_xuyen, units) -> None:  # type: ignore[no-untyped-def]
    article = article_create(acting_user=editor_cam_xuyen, title="Tin", unit_id=units.cam_xuyen.pk)
    first = article_publish(acting_user=editor_cam_xuyen, article_id=article.pk)
    second = article_publish(acting_user=editor_cam_xuyen, article_id=article.pk)
    assert second.published_at == first.published_at
    assert AuditEvent.objects.filter(action="outreach.article_publish").count() == 1


def test_plain_text_body_becomes_paragraphs() -> None:
    assert body_clean("Đoạn một\r\ndòng hai\n\n\nĐoạn hai & ba ") == (
        "<p>Đoạn một<br>dòng hai</p><p>Đoạn hai &amp; ba</p>"
    )
