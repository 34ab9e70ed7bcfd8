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
