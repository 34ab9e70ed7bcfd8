"""/nhat-ky/: auditors read and filter the change log; for everyone else the page does not exist."""

import pytest

from giamngheo.registry.services import household_update


@pytest.fixture
def changes(official_cam_xuyen, official_thien_cam, households):
    household_update(acting_user=official_cam_xuyen, household_id=households.an.id, head_name="Nguyễn Văn Ân")
    household_update(acting_user=official_thien_cam, household_id=households.duc.id, address="Khối 2")


def test_auditor_reads_before_and_after(client_for, auditor, changes):
    response = client_for(auditor).get("/nhat-ky/")
    assert response.status_code == 200
    page = response.content.decode()
    assert [e.object_label for e in response.context["page"]] == ["TC-0001 — Lê Văn Đức", "CX-0001 — Nguyễn Văn Ân"]
    # One "field value" line per changed field, readable, escaped.
    assert '<small class="muted">head_name</small> Nguyễn Văn An</div>' in page
    assert '<small class="muted">head_name</small> Nguyễn Văn Ân</div>' in page
    assert "không ai sửa được nhật ký." in page


def test_auditor_filters_by_actor(client_for, auditor, changes):
    response = client_for(auditor).get("/nhat-ky/", {"actor": "canbo.camxuyen"})
    assert [e.object_label for e in response.context["page"]] == ["CX-0001 — Nguyễn Văn Ân"]


def test_auditor_filters_by_record(client_for, auditor, households, changes):
    response = client_for(auditor).get("/nhat-ky/", {"object_id": households.duc.id})
    assert [e.object_label for e in response.context["page"]] == ["TC-0001 — Lê Văn Đức"]


def test_auditor_sees_the_log_link(client_for, auditor, changes):
    assert '<a href="/nhat-ky/">Nhật ký</a>' in client_for(auditor).get("/dia-ban/").content.decode()


@pytest.mark.parametrize("role", ["commune_official", "village_head", "editor"])
def test_other_roles_get_404_and_no_link(client_for, make_user, units, changes, role):
    client = client_for(make_user(role, units.province))
    assert client.get("/nhat-ky/").status_code == 404
    assert '<a href="/nhat-ky/">' not in client.get("/dia-ban/").content.decode()


def test_long_empty_and_structured_values_are_shown_readably() -> None:
    from giamngheo.web.templatetags.audit_view import audit_lines

    lines = dict(audit_lines({"note": "x" * 500, "village": None, "public": True, "rule": {"category": ["poor"]}}))
    assert len(lines["note"]) == 160 and lines["note"].endswith("…")
    assert (lines["village"], lines["public"], lines["rule"]) == ("(trống)", "có", '{"category": ["poor"]}')
    assert audit_lines(None) == [] and audit_lines("3 hộ") == [("", "3 hộ")]
