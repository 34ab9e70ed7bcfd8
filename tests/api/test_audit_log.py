"""/api/v1/audit: auditors read and filter the log of their units; other accounts are refused."""

import pytest
from django.test import Client

from giamngheo.registry.services import household_update


@pytest.fixture
def changes(official_cam_xuyen, official_thien_cam, households):
    household_update(acting_user=official_cam_xuyen, household_id=households.an.id, head_name="Nguyễn Văn Ân")
    household_update(acting_user=official_cam_xuyen, household_id=households.binh.id, address="Xóm 7")
    household_update(acting_user=official_thien_cam, household_id=households.duc.id, area="rural")


def summary(response):
    return [(e["actor_label"], e["object_label"], e["before"], e["after"]) for e in response.json()["items"]]


def test_auditor_reads_the_log_newest_first_with_before_and_after(client_for, auditor, changes):
    response = client_for(auditor).get("/api/v1/audit")
    assert response.status_code == 200
    assert response.json()["count"] == 3
    assert summary(response) == [
        ("canbo.thiencam", "TC-0001 — Lê Văn Đức", {"area": "urban"}, {"area": "rural"}),
        ("canbo.camxuyen", "CX-0002 — Trần Thị Bình", {"address": ""}, {"address": "Xóm 7"}),
        ("canbo.camxuyen", "CX-0001 — Nguyễn Văn Ân", {"head_name": "Nguyễn Văn An"}, {"head_name": "Nguyễn Văn Ân"}),
    ]
    first = response.json()["items"][0]
    assert (first["action"], first["object_type"], first["channel"]) == (
        "household.update", "registry.household", "system",
    )


def test_auditor_filters_by_actor(client_for, auditor, changes):
    response = client_for(auditor).get("/api/v1/audit", {"actor": "canbo.thiencam"})
    assert [e["object_label"] for e in response.json()["items"]] == ["TC-0001 — Lê Văn Đức"]


def test_auditor_filters_by_record(client_for, auditor, households, changes):
    response = client_for(auditor).get(
        "/api/v1/audit", {"object_type": "registry.household", "object_id": households.binh.id}
    )
    assert [e["object_label"] for e in response.json()["items"]] == ["CX-0002 — Trần Thị Bình"]


def test_auditor_filters_by_action(client_for, auditor, changes):
    assert client_for(auditor).get("/api/v1/audit", {"action": "household.delete"}).json() == {
        "items": [], "count": 0,
    }


def test_auditor_of_one_commune_reads_only_that_communes_events(client_for, make_user, units, changes):
    auditor = make_user("auditor", units.thien_cam)
    assert [e["object_label"] for e in client_for(auditor).get("/api/v1/audit").json()["items"]] == [
        "TC-0001 — Lê Văn Đức",
    ]


@pytest.mark.parametrize("role", ["commune_official", "village_head", "editor", "broadcaster", "trainer"])
def test_other_roles_are_refused(client_for, make_user, units, changes, role):
    response = client_for(make_user(role, units.province)).get("/api/v1/audit")
    assert response.status_code == 403
    assert response.json() == {"detail": "Tài khoản không có quyền xem nhật ký."}


def test_anonymous_gets_401(db):
    assert Client().get("/api/v1/audit").status_code == 401


def test_the_api_offers_no_way_to_change_the_log(client_for, superuser, changes):
    client = client_for(superuser)
    for method in (client.post, client.put, client.patch, client.delete):
        assert method("/api/v1/audit", content_type="application/json").status_code == 405
