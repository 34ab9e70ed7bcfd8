"""Villages (thôn, tổ dân phố) created under today's communes by staff, or in bulk by the demo seeder."""

from __future__ import annotations

import unicodedata

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from giamngheo.accounts.services import village_create
from giamngheo.common.models import AuditEvent
from giamngheo.geo.models import AdminUnit
from giamngheo.geo.services import villages_bulk_create
from tests.geo.conftest import current, legacy


@pytest.fixture
def cam_xuyen(hatinh) -> AdminUnit:  # type: ignore[no-untyped-def]
    return current("commune", "18673")


@pytest.fixture
def official(make_user, cam_xuyen):  # type: ignore[no-untyped-def]
    return make_user("commune_official", cam_xuyen, username="canbo.camxuyen")


def messages(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return error.value.message_dict


def test_an_official_creates_a_village_in_their_commune(official, cam_xuyen) -> None:  # type: ignore[no-untyped-def]
    village = village_create(acting_user=official, commune_id=cam_xuyen.pk, name="  Thôn   Trung  Hòa ")
    village.refresh_from_db()
    assert (village.level, village.name, village.unit_type, village.short_name) == (
        "village", "Thôn Trung Hòa", "Thôn", "Trung Hòa",
    )
    assert (village.code, village.parent_id, village.search_key) == ("18673-01", cam_xuyen.pk, "thon trung hoa")
    assert village.path == f"{cam_xuyen.path}{village.pk}/"
    assert (village.valid_from, village.valid_to) == (None, None)
    event = AuditEvent.objects.get(action="geo.village_create")
    assert (event.actor_id, event.object_id, event.unit_path) == (official.pk, str(village.pk), cam_xuyen.path)
    assert event.after == {
        "level": "village", "name": "Thôn Trung Hòa", "unit_type": "Thôn", "parent_id": cam_xuyen.pk,
        "path": village.path,
    }
    second = village_create(acting_user=official, commune_id=cam_xuyen.pk, name="Tổ dân phố 3")
    assert (second.code, second.unit_type, second.short_name) == ("18673-02", "Tổ dân phố", "3")


@pytest.mark.parametrize("twin", ["thôn 1", "THÔN 1", "Thon 1", " Thôn  1 "])
def test_a_village_name_is_unique_in_its_commune_whatever_case_or_accents(official, cam_xuyen, twin) -> None:  # type: ignore[no-untyped-def]
    village_create(acting_user=official, commune_id=cam_xuyen.pk, name="Thôn 1")
    with pytest.raises(ValidationError) as error:
        village_create(acting_user=official, commune_id=cam_xuyen.pk, name=twin)
    assert messages(error) == {"name": ["Xã Cẩm Xuyên đã có «Thôn 1»."]}
    assert AdminUnit.objects.filter(level="village").count() == 1
    assert AuditEvent.objects.filter(action="geo.village_create").count() == 1


def test_the_same_name_is_allowed_in_another_commune(make_user, cam_xuyen) -> None:  # type: ignore[no-untyped-def]
    thien_cam = current("commune", "18676")
    admin = make_user("province_admin", current("province", "42"))
    village_create(acting_user=admin, commune_id=cam_xuyen.pk, name="Thôn 1")
    other = village_create(acting_user=admin, commune_id=thien_cam.pk, name="Thôn 1")
    assert (other.code, other.path) == ("18676-01", f"{thien_cam.path}{other.pk}/")


def test_decomposed_input_is_stored_composed(official, cam_xuyen) -> None:  # type: ignore[no-untyped-def]
    decomposed = unicodedata.normalize("NFD", "Thôn Đông Hòa")
    assert len(decomposed) == 16
    village = village_create(acting_user=official, commune_id=cam_xuyen.pk, name=decomposed)
    assert AdminUnit.objects.get(pk=village.pk).name == "Thôn Đông Hòa"
    assert len(AdminUnit.objects.get(pk=village.pk).name) == 13
    with pytest.raises(ValidationError) as error:
        village_create(acting_user=official, commune_id=cam_xuyen.pk, name="Thôn Đông Hòa")
    assert messages(error) == {"name": ["Xã Cẩm Xuyên đã có «Thôn Đông Hòa»."]}


def test_hostile_markup_is_kept_as_plain_text(official, cam_xuyen) -> None:  # type: ignore[no-untyped-def]
    hostile = 'Thôn <script>alert("x")</script> & <b>2</b>'
    village = village_create(acting_user=official, commune_id=cam_xuyen.pk, name=hostile)
    assert AdminUnit.objects.get(pk=village.pk).name == hostile
    assert village.search_key == 'thon <script>alert("x")</script> & <b>2</b>'


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Tên thôn/tổ dân phố không được để trống."),
        (" \t\n ", "Tên thôn/tổ dân phố không được để trống."),
        ("Thôn " + "A" * 116, "Tên thôn/tổ dân phố dài quá 120 ký tự."),
        ("Thôn\u200b 1", "Tên thôn/tổ dân phố chứa ký tự không hợp lệ."),
        ("Thôn \x00 1", "Tên thôn/tổ dân phố chứa ký tự không hợp lệ."),
    ],
)
def test_bad_names_are_refused(official, cam_xuyen, name, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as error:
        village_create(acting_user=official, commune_id=cam_xuyen.pk, name=name)
    assert messages(error) == {"name": [message]}
    assert not AdminUnit.objects.filter(level="village").exists()


def test_a_name_of_exactly_120_characters_is_accepted(official, cam_xuyen) -> None:  # type: ignore[no-untyped-def]
    village = village_create(acting_user=official, commune_id=cam_xuyen.pk, name="Thôn " + "A" * 115)
    assert len(village.name) == 120


def test_a_commune_out_of_scope_looks_like_a_missing_one(make_user, cam_xuyen) -> None:  # type: ignore[no-untyped-def]
    other = make_user("commune_official", current("commune", "18676"), username="canbo.thiencam")
    not_found = {"commune_id": ["Không tìm thấy xã/phường này trong phạm vi của tài khoản."]}
    for commune_id in (cam_xuyen.pk, 10**9):
        with pytest.raises(ValidationError) as error:
            village_create(acting_user=other, commune_id=commune_id, name="Thôn 1")
        assert messages(error) == not_found
    assert not AdminUnit.objects.filter(level="village").exists()
    assert not AuditEvent.objects.filter(action="geo.village_create").exists()


@pytest.mark.parametrize("role", ["village_head", "auditor", "editor"])
def test_roles_without_manage_units_are_refused(make_user, cam_xuyen, role) -> None:  # type: ignore[no-untyped-def]
    user = make_user(role, cam_xuyen)
    with pytest.raises(PermissionDenied) as error:
        village_create(acting_user=user, commune_id=cam_xuyen.pk, name="Thôn 1")
    assert str(error.value) == "Tài khoản không có quyền quản lý đơn vị hành chính."


def test_villages_go_under_current_communes_only(superuser, hatinh) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as error:
        village_create(acting_user=superuser, commune_id=legacy("commune", "18697").pk, name="Thôn 1")
    assert messages(error) == {"commune_id": ["Xã Cẩm Quang đã hết hiệu lực từ 01/07/2025; hãy chọn đơn vị hiện hành."]}
    with pytest.raises(ValidationError) as error:
        village_create(acting_user=superuser, commune_id=current("province", "42").pk, name="Thôn 1")
    assert messages(error) == {"commune_id": ["Thôn, tổ dân phố phải thuộc một xã, phường hoặc đặc khu."]}


def test_bulk_creation_creates_the_missing_villages_once(cam_xuyen) -> None:  # type: ignore[no-untyped-def]
    first = villages_bulk_create(commune=cam_xuyen, names=["Thôn 1", "thôn 1", "Thôn 2", "Tổ dân phố Đông"])
    assert [(v.name, v.code) for v in first] == [("Thôn 1", "18673-01"), ("Thôn 2", "18673-02"),
                                                  ("Tổ dân phố Đông", "18673-03")]
    assert all(v.path == f"{cam_xuyen.path}{v.pk}/" for v in first)
    again = villages_bulk_create(commune=cam_xuyen, names=["Tổ dân phố Đông", "Thôn 3", "THÔN 1"])
    assert [v.name for v in again] == ["Tổ dân phố Đông", "Thôn 3", "Thôn 1"]
    assert (again[0].pk, again[2].pk) == (first[2].pk, first[0].pk)
    assert (again[1].code, again[1].path) == ("18673-04", f"{cam_xuyen.path}{again[1].pk}/")
    events = AuditEvent.objects.filter(action="geo.villages_bulk_create").order_by("id")
    assert [(e.actor_label, e.unit_path, e.after) for e in events] == [
        ("hệ thống", cam_xuyen.path, {"names": ["Thôn 1", "Thôn 2", "Tổ dân phố Đông"]}),
        ("hệ thống", cam_xuyen.path, {"names": ["Thôn 3"]}),
    ]
    villages_bulk_create(commune=cam_xuyen, names=["Thôn 3"])
    assert events.count() == 2


def test_bulk_creation_on_behalf_of_a_user_names_them_in_the_log(official, cam_xuyen) -> None:  # type: ignore[no-untyped-def]
    villages_bulk_create(commune=cam_xuyen, names=["Thôn 7"], acting_user=official)
    event = AuditEvent.objects.get(action="geo.villages_bulk_create")
    assert (event.actor_id, event.actor_label, event.after) == (official.pk, "canbo.camxuyen", {"names": ["Thôn 7"]})


def test_bulk_creation_refuses_old_communes_and_bad_names(hatinh) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        villages_bulk_create(commune=legacy("commune", "18697"), names=["Thôn 1"])
    with pytest.raises(ValidationError) as error:
        villages_bulk_create(commune=current("commune", "18673"), names=["Thôn 1", "  "])
    assert messages(error) == {"name": ["Tên thôn/tổ dân phố không được để trống."]}
    assert not AdminUnit.objects.filter(level="village").exists()
