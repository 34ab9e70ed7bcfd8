"""News fixtures: an editor per commune, and a helper that writes (and optionally publishes) an article."""

from __future__ import annotations

from collections.abc import Callable

import pytest


@pytest.fixture
def editor_cam_xuyen(make_user, units):  # type: ignore[no-untyped-def]
    return make_user("editor", units.cam_xuyen, username="bientap.camxuyen")


@pytest.fixture
def editor_thien_cam(make_user, units):  # type: ignore[no-untyped-def]
    return make_user("editor", units.thien_cam, username="bientap.thiencam")


@pytest.fixture
def write(province_admin) -> Callable[..., object]:  # type: ignore[no-untyped-def]
    """Return a factory: write(unit, "Tiêu đề", published=True, emergency=False, …) → an Article."""
    from giamngheo.outreach.services import article_create, article_publish

    def factory(unit, title: str, *, published: bool = True, by=None, **fields):  # type: ignore[no-untyped-def]
        user = by or province_admin
        article = article_create(acting_user=user, title=title, unit_id=unit.pk, **fields)
        if published:
            article = article_publish(acting_user=user, article_id=article.pk)
        return article

    return factory
