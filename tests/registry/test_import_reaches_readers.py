"""A confirmed import reaches the dashboards and the entitlements on the next read, once."""

from __future__ import annotations

import pytest

from giamngheo.dashboards.models import CategoryCount
from giamngheo.dashboards.services import aggregates_catch_up
from giamngheo.registry.importing import household_import_confirm

pytestmark = pytest.mark.django_db


def test_dashboards_catch_up_with_a_confirmed_import_once(stage, official_cam_xuyen, second_official, two_households,
                                                          units):
    batch = stage(official_cam_xuyen, two_households)
    assert aggregates_catch_up() is None  # staged only: nothing counts yet

    household_import_confirm(acting_user=second_official, batch_id=batch.id)
    report = aggregates_catch_up()

    assert report is not None and report.years == (2026,)
    counts = CategoryCount.objects.get(unit=units.cam_xuyen, year=2026)
    assert (counts.households, counts.poor, counts.near_poor, counts.average, counts.non_poor) == (2, 1, 0, 0, 1)
    assert aggregates_catch_up() is None


def test_entitlements_catch_up_with_a_confirmed_import_once(stage, official_cam_xuyen, second_official, two_households):
    from giamngheo.policies.entitlements import entitlements_catch_up
    from giamngheo.policies.models import Entitlement

    batch = stage(official_cam_xuyen, two_households)
    assert entitlements_catch_up() is None

    household_import_confirm(acting_user=second_official, batch_id=batch.id)
    report = entitlements_catch_up()

    assert report is not None and report.households == 2
    assert Entitlement.objects.filter(household__code="CX-0101").exists()
    assert entitlements_catch_up() is None


def test_a_confirmed_import_recomputes_its_households_entitlements_once_it_commits(
        stage, official_cam_xuyen, second_official, two_households, django_capture_on_commit_callbacks, celery_eager):
    from django.test import Client

    from giamngheo.policies.entitlements import entitlements_catch_up
    from giamngheo.policies.models import Entitlement

    batch = stage(official_cam_xuyen, two_households)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        household_import_confirm(acting_user=second_official, batch_id=batch.id)
    assert len(callbacks) == 1  # the catch-up, queued on commit (run eagerly here)
    assert Entitlement.objects.filter(household__code="CX-0101", policy__code="bhyt-ho-ngheo").exists()
    assert entitlements_catch_up() is None  # nothing left for readers to do
    # The resident sees the new entitlements at once, before any staff page is read.
    sheet = Client(REMOTE_ADDR="10.20.0.1").post("/tra-cuu/", {"ma_ho": "CX-0101", "so_dinh_danh": "042090012345"})
    assert "Hộ nghèo" in sheet.content.decode() and "bảo hiểm y tế" in sheet.content.decode()
