from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_api_returns_the_dashboard_figures_within_scope(targets, official_cam_xuyen, province_admin, client_for):
    u = targets.units
    body = client_for(province_admin).get(f"/api/v1/dashboards/{u.province.id}?year=2025").json()
    assert body["year"] == 2025
    assert body["series"][0] == {
        "year": 2022, "households": 6, "poor": 3, "near_poor": 1, "poor_rate": "50.00", "near_poor_rate": "16.67",
        "target_poor_rate": None, "target_near_poor_rate": None, "target_households_out": None,
        "escaped_poor": None, "escaped_near_poor": None, "newly_poor": None, "fallen_back": None,
        "newly_near_poor": None,
    }
    assert [(c["name"], c["figures"]["poor_rate"]) for c in body["children"]] == [
        ("Xã Cẩm Xuyên", "33.33"), ("Xã Thiên Cầm", "50.00"),
    ]
    assert body["deprivations"][0]["rates"]["telecom"] == "33.33"
    client = client_for(official_cam_xuyen)
    assert client.get(f"/api/v1/dashboards/{u.province.id}").status_code == 404
    assert client.get(f"/api/v1/dashboards/{u.cam_xuyen.id}").status_code == 200
