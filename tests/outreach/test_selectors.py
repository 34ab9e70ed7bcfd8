"""The lookup's commune news: the commune's and its province's published items, emergency first, cached."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from giamngheo.outreach.models import Article
from giamngheo.outreach.selectors import NewsLine, commune_news
from giamngheo.outreach.services import article_publish, article_unpublish


def _dated(article: Article, day: int) -> Article:
    """Pretend the article was published on `day` November 2026 (so the order does not depend on timing)."""
    when = dt.datetime(2026, 11, day, 8, 0, tzinfo=dt.UTC)
    Article.objects.filter(pk=article.pk).update(published_at=when)
    return article


def test_commune_news_lists_the_commune_and_its_province_emergency_first(write, units) -> None:  # type: ignore[no-untyped-def]
    loans = _dated(write(units.cam_xuyen, "Vay vốn ưu đãi", summary="Hộ nghèo vay đến 100 triệu đồng."), 10)
    insurance = _dated(write(units.province, "Gia hạn thẻ BHYT", summary="Trước 31/12."), 20)
    storm = _dated(write(units.cam_xuyen, "Bão số 5", summary="Sơ tán trước 17 giờ.", emergency=True), 5)
    _dated(write(units.cam_xuyen, "Lừa đảo qua điện thoại"), 21)
    _dated(write(units.thien_cam, "Tin của Thiên Cầm"), 25)
    write(units.cam_xuyen, "Bản nháp", published=False)
    article_unpublish(acting_user=loans.author, article_id=_dated(write(units.cam_xuyen, "Đã gỡ"), 28).pk)

    news = commune_news(units.cam_xuyen.pk, limit=3)

    assert news == (
        NewsLine(title="Bão số 5", summary="Sơ tán trước 17 giờ.", published_at=dt.date(2026, 11, 5),
                 url=f"/tin-tuc/{storm.pk}/", emergency=True),
        NewsLine(title="Lừa đảo qua điện thoại", summary="", published_at=dt.date(2026, 11, 21),
                 url=news[1].url, emergency=False),
        NewsLine(title="Gia hạn thẻ BHYT", summary="Trước 31/12.", published_at=dt.date(2026, 11, 20),
                 url=f"/tin-tuc/{insurance.pk}/", emergency=False),
    )
    assert [line.title for line in commune_news(units.cam_xuyen.pk, limit=10)] == [
        "Bão số 5", "Lừa đảo qua điện thoại", "Gia hạn thẻ BHYT", "Vay vốn ưu đãi",
    ]
    assert [line.title for line in commune_news(units.thien_cam.pk)] == ["Tin của Thiên Cầm", "Gia hạn thẻ BHYT"]


def test_unknown_commune_has_no_news(db) -> None:  # type: ignore[no-untyped-def]
    assert commune_news(987_654_321) == ()


def test_cached_news_costs_no_query_and_sees_a_new_publication(  # type: ignore[no-untyped-def]
    write, units, province_admin, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        write(units.cam_xuyen, "Tin thứ nhất")
    first = commune_news(units.cam_xuyen.pk)
    assert [line.title for line in first] == ["Tin thứ nhất"]

    with CaptureQueriesContext(connection) as queries:
        assert commune_news(units.cam_xuyen.pk) is first
    assert len(queries) == 0

    draft = write(units.province, "Tin cả tỉnh", published=False)
    with django_capture_on_commit_callbacks(execute=True):
        article_publish(acting_user=province_admin, article_id=draft.pk)
    with CaptureQueriesContext(connection) as queries:
        titles = [line.title for line in commune_news(units.cam_xuyen.pk)]
    assert titles[0] == "Tin cả tỉnh" and set(titles) == {"Tin cả tỉnh", "Tin thứ nhất"}
    assert len(queries) == 2  # a new version: the commune's path again, then the articles

    with django_capture_on_commit_callbacks(execute=True):
        article_unpublish(acting_user=province_admin, article_id=draft.pk)
    assert [line.title for line in commune_news(units.cam_xuyen.pk)] == ["Tin thứ nhất"]


def test_cached_news_expires_after_its_time_to_live(write, units, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from giamngheo.outreach import selectors

    write(units.cam_xuyen, "Tin cũ")
    assert [line.title for line in commune_news(units.cam_xuyen.pk)] == ["Tin cũ"]
    # A change made without a version bump (say, straight in the database) shows once the entry expires.
    Article.objects.update(title="Tin đã sửa", updated_at=timezone.now())
    assert [line.title for line in commune_news(units.cam_xuyen.pk)] == ["Tin cũ"]
    clock = selectors.time.monotonic() + selectors.NEWS_TTL + 1
    monkeypatch.setattr(selectors.time, "monotonic", lambda: clock)
    with CaptureQueriesContext(connection) as queries:
        assert [line.title for line in commune_news(units.cam_xuyen.pk)] == ["Tin đã sửa"]
    assert len(queries) == 1  # same version: the commune's chain is remembered, one query on the article index
