"""A small history with known movements, built on the shared Hà Tĩnh unit tree (tests/conftest.py).

Cẩm Xuyên (households re-aggregated from the old thị trấn Cẩm Xuyên / xã Cẩm Quang before July 2025):

    code   unit                 2022       2023       2024       2025
    DB-1   Thôn Trung Hòa       poor       poor       near_poor  non_poor
    DB-2   Thôn Trung Hòa       poor       average    poor       poor        (2024: fallen back)
    DB-3   Thôn Quyết Tiến      non_poor   non_poor   non_poor   poor        (2025: newly poor)
    DB-4   Thôn Quyết Tiến      near_poor  near_poor  average    near_poor
    DB-5   xã (no village)      —          poor       poor       near_poor   (2023: newly poor, first seen)
    DB-8   still under the old xã Cẩm Quang (credited to xã Cẩm Xuyên through the succession)
                                —          —          near_poor  near_poor
Thiên Cầm:
    DB-6   Thôn Tân Phú         poor       poor       poor       poor
    DB-7   Thôn Tân Phú         non_poor   non_poor   non_poor   non_poor    (2025 re-assessed: poor, then non_poor)
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from giamngheo.common.text import fold

REFORM = dt.date(2025, 7, 1)
DEPRIVATIONS = {
    "poor": "employment;health_insurance;telecom",
    "near_poor": "info_access",
    "average": "",
    "non_poor": "",
}


def add_household(code, *, commune, village=None, unit_path=None, history, legacy=None):  # type: ignore[no-untyped-def]
    """Create a household and one assessment per (year, category); years before 2025 point at `legacy`."""
    from giamngheo.registry.models import Household, HouseholdAssessment

    household = Household.objects.create(
        code=code, head_name=f"Chủ hộ {code}", commune=commune, village=village,
        unit_path=unit_path or (village or commune).path, search_key=fold(code),
    )
    for year, category in history:
        HouseholdAssessment.objects.create(
            household=household, year=year, commune=legacy if (legacy and year < 2025) else commune,
            standard_id="2022-2025", category=category, income_per_capita=1_000_000,
            deprivation_count=len([d for d in DEPRIVATIONS[category].split(";") if d]),
            deprivations=DEPRIVATIONS[category], assessed_on=dt.date(year, 11, 30),
        )
    return household


def years(*categories: str, start: int = 2022):  # type: ignore[no-untyped-def]
    return [(start + i, c) for i, c in enumerate(categories) if c]


@pytest.fixture
def history(units):  # type: ignore[no-untyped-def]
    from giamngheo.geo.models import AdminUnit
    from giamngheo.registry.models import HouseholdAssessment

    AdminUnit.objects.filter(pk=units.cam_xuyen.pk).update(latitude=18.2580, longitude=106.0050)
    AdminUnit.objects.filter(pk=units.thien_cam.pk).update(latitude=18.2300, longitude=106.1100)
    u = units
    add_household("DB-1", commune=u.cam_xuyen, village=u.trung_hoa, legacy=u.old_town,
                  history=years("poor", "poor", "near_poor", "non_poor"))
    add_household("DB-2", commune=u.cam_xuyen, village=u.trung_hoa, legacy=u.old_town,
                  history=years("poor", "average", "poor", "poor"))
    add_household("DB-3", commune=u.cam_xuyen, village=u.quyet_tien, legacy=u.old_cam_quang,
                  history=years("non_poor", "non_poor", "non_poor", "poor"))
    add_household("DB-4", commune=u.cam_xuyen, village=u.quyet_tien, legacy=u.old_cam_quang,
                  history=years("near_poor", "near_poor", "average", "near_poor"))
    add_household("DB-5", commune=u.cam_xuyen, legacy=u.old_town,
                  history=years("poor", "poor", "near_poor", start=2023))
    add_household("DB-8", commune=u.old_cam_quang, history=years("near_poor", "near_poor", start=2024))
    add_household("DB-6", commune=u.thien_cam, village=u.tan_phu, legacy=u.old_thien_cam,
                  history=years("poor", "poor", "poor", "poor"))
    db7 = add_household("DB-7", commune=u.thien_cam, village=u.tan_phu, legacy=u.old_thien_cam,
                        history=years("non_poor", "non_poor", "non_poor"))
    # Two results in 2025: the later one counts.
    for day, category in ((dt.date(2025, 10, 1), "poor"), (dt.date(2025, 12, 1), "non_poor")):
        HouseholdAssessment.objects.create(
            household=db7, year=2025, commune=u.thien_cam, standard_id="2022-2025", category=category,
            income_per_capita=1_000_000, deprivation_count=0, deprivations=DEPRIVATIONS[category], assessed_on=day,
        )
    return SimpleNamespace(units=u)


@pytest.fixture
def refreshed(history):  # type: ignore[no-untyped-def]
    from giamngheo.dashboards.services import aggregates_refresh

    aggregates_refresh()
    return history


@pytest.fixture
def targets(refreshed, province_admin):  # type: ignore[no-untyped-def]
    from giamngheo.dashboards.services import target_set

    u = refreshed.units
    target_set(acting_user=province_admin, unit_id=u.province.id, year=2025, poor_rate="20", near_poor_rate="30",
               households_out=3, source="Nghị quyết 01/NQ-HĐND")
    target_set(acting_user=province_admin, unit_id=u.cam_xuyen.id, year=2025, poor_rate="2,18",
               near_poor_rate="2,8")
    target_set(acting_user=province_admin, unit_id=u.thien_cam.id, year=2025, poor_rate="50")
    return refreshed
