"""The demo's news: a few published notices for the Cẩm Xuyên communes, written once."""

from __future__ import annotations

from giamngheo.common.models import AuditEvent
from giamngheo.outreach.models import Article, ArticleStatus
from giamngheo.outreach.selectors import commune_news


def test_demo_news_is_written_once_and_shows_for_the_communes(make_user, units) -> None:  # type: ignore[no-untyped-def]
    from giamngheo.demo.news import NEWS, demo_news_ensure

    make_user("editor", units.cam_xuyen, username="bientap")
    make_user("province_admin", units.province, username="tinh.hatinh")

    assert demo_news_ensure() == len(NEWS) == 6
    assert demo_news_ensure() == 0
    assert Article.objects.count() == 6
    assert set(Article.objects.values_list("status", flat=True)) == {ArticleStatus.PUBLISHED}
    assert AuditEvent.objects.filter(action="outreach.article_publish").count() == 6
    titles = [line.title for line in commune_news(units.cam_xuyen.pk, limit=5)]
    assert titles[0] == "Bão số 5 sắp đổ bộ: chủ động sơ tán khỏi vùng ven biển"
    assert len(titles) == 4 and not any("Thiên Cầm" in t for t in titles)
