"""The admin shows units and successions read-only, finds them without accents, and audits scope changes."""

from __future__ import annotations

import re

import pytest

from giamngheo.accounts.models import UnitScope
from giamngheo.accounts.services import village_create
from giamngheo.common.models import AuditEvent
from tests.geo.conftest import current


@pytest.fixture
def admin_client_(client_for, superuser):  # type: ignore[no-untyped-def]
    return client_for(superuser)


def names_listed(html: str) -> list[str]:
    return re.findall(r'<td class="field-name[^"]*">([^<]*)</td>', html)


def successions_listed(html: str) -> list[tuple[str, str]]:
    return re.findall(
        r'<th class="field-predecessor[^"]*"><a [^>]*>([^<]*)</a></th><td class="field-successor[^"]*">([^<]*)</td>',
        html,
    )


def test_units_are_found_with_or_without_accents_and_by_code(admin_client_, hatinh) -> None:  # type: ignore[no-untyped-def]
    for term in ("cam xuyen", "Cẩm Xuyên", "CẨM XUYÊN"):
        page = admin_client_.get("/admin/geo/adminunit/", {"q": term})
        assert page.status_code == 200
        assert sorted(names_listed(page.content.decode())) == ["Huyện Cẩm Xuyên", "Thị trấn Cẩm Xuyên", "Xã Cẩm Xuyên"]
    page = admin_client_.get("/admin/geo/adminunit/", {"q": "18739"})
    assert sorted(names_listed(page.content.decode())) == ["Xã Cẩm Duệ", "Xã Cẩm Mỹ"]
    page = admin_client_.get("/admin/geo/adminunit/", {"q": "cam xuyen", "hieu_luc": "hien_hanh"})
    assert names_listed(page.content.decode()) == ["Xã Cẩm Xuyên"]


def test_units_and_successions_cannot_be_changed_in_the_admin(admin_client_, hatinh) -> None:  # type: ignore[no-untyped-def]
    unit = current("commune", "18673")
    assert admin_client_.get("/admin/geo/adminunit/add/").status_code == 403
    assert admin_client_.get(f"/admin/geo/adminunit/{unit.pk}/change/").status_code == 200
    response = admin_client_.post(f"/admin/geo/adminunit/{unit.pk}/change/", {"name": "Xã Khác"})
    assert response.status_code == 403
    assert admin_client_.post(f"/admin/geo/adminunit/{unit.pk}/delete/", {"post": "yes"}).status_code == 403
    unit.refresh_from_db()
    assert unit.name == "Xã Cẩm Xuyên"
    assert admin_client_.get("/admin/geo/unitsuccession/add/").status_code == 403


def test_successions_are_found_by_either_end(admin_client_, hatinh) -> None:  # type: ignore[no-untyped-def]
    page = admin_client_.get("/admin/geo/unitsuccession/", {"q": "thach binh"}).content.decode()
    assert successions_listed(page) == [("Xã Thạch Bình", "Xã Cẩm Bình")]
    assert "đơn vị cũ" in page.lower()
    page = admin_client_.get("/admin/geo/unitsuccession/", {"q": "18685"}).content.decode()
    assert sorted(successions_listed(page)) == [
        ("Xã Cẩm Bình", "Xã Cẩm Bình"), ("Xã Cẩm Thành", "Xã Cẩm Bình"), ("Xã Cẩm Vịnh", "Xã Cẩm Bình"),
        ("Xã Thạch Bình", "Xã Cẩm Bình"),
    ]


def test_hostile_village_names_are_shown_escaped(admin_client_, superuser, hatinh) -> None:  # type: ignore[no-untyped-def]
    village_create(acting_user=superuser, commune_id=current("commune", "18673").pk, name="Thôn <script>x()</script>")
    page = admin_client_.get("/admin/geo/adminunit/", {"q": "thon"}).content.decode()
    assert "Thôn &lt;script&gt;x()&lt;/script&gt;" in page
    assert "<script>x()</script>" not in page


def test_unit_pickers_offer_only_units_in_force(admin_client_, hatinh) -> None:  # type: ignore[no-untyped-def]
    response = admin_client_.get(
        "/admin/autocomplete/",
        {"app_label": "accounts", "model_name": "unitscope", "field_name": "unit", "term": "cam xuyen"},
    )
    assert [r["text"] for r in response.json()["results"]] == ["Xã Cẩm Xuyên"]


def test_granting_a_scope_in_the_admin_is_audited(admin_client_, superuser, make_user, hatinh) -> None:  # type: ignore[no-untyped-def]
    official = make_user("commune_official", username="canbo.moi")
    cam_xuyen = current("commune", "18673")
    form = {
        "username": "canbo.moi", "first_name": "", "last_name": "", "email": "", "is_active": "on",
        "role": "commune_official", "phone": "0912345678",
        "date_joined_0": "2026-11-29", "date_joined_1": "08:00:00", "initial-date_joined_0": "2026-11-29",
        "initial-date_joined_1": "08:00:00",
        "scopes-TOTAL_FORMS": "1", "scopes-INITIAL_FORMS": "0", "scopes-MIN_NUM_FORMS": "0",
        "scopes-MAX_NUM_FORMS": "1000", "scopes-0-unit": str(cam_xuyen.pk), "scopes-0-user": str(official.pk),
    }
    response = admin_client_.post(f"/admin/accounts/user/{official.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(UnitScope.objects.filter(user=official).values_list("unit_id", flat=True)) == [cam_xuyen.pk]
    event = AuditEvent.objects.get(action="accounts.scopes_change")
    assert (event.actor_id, event.object_id) == (superuser.pk, str(official.pk))
    assert (event.before, event.after) == ({"scopes": []}, {"scopes": [cam_xuyen.path]})
