"""The one door to households and units: a scope grants a unit and everything under it, nothing else."""

from giamngheo.accounts.access import access_unit, units_visible_to
from giamngheo.registry.access import access_household, households_visible_to


def codes(households):
    return sorted(h.code for h in households)


def test_commune_official_sees_only_their_communes_households(official_cam_xuyen, households):
    assert codes(households_visible_to(official_cam_xuyen)) == ["CX-0001", "CX-0002"]


def test_commune_official_sees_their_commune_and_its_villages_only(official_cam_xuyen, units):
    names = sorted(u.name for u in units_visible_to(official_cam_xuyen))
    assert names == ["Thôn Quyết Tiến", "Thôn Trung Hòa", "Xã Cẩm Xuyên"]


def test_household_of_another_commune_is_not_found(official_thien_cam, households):
    assert access_household(official_thien_cam, households.an.id) is None
    assert access_household(official_thien_cam, households.duc.id) == households.duc


def test_unit_of_another_commune_is_not_found(official_thien_cam, units):
    assert access_unit(official_thien_cam, units.cam_xuyen.id) is None
    assert access_unit(official_thien_cam, units.trung_hoa.id) is None
    assert access_unit(official_thien_cam, units.tan_phu.id) == units.tan_phu


def test_missing_household_and_forbidden_household_look_the_same(official_thien_cam, households):
    assert access_household(official_thien_cam, 999_999) is None
    assert access_household(official_thien_cam, households.binh.id) is None


def test_village_head_sees_only_their_village(village_head_trung_hoa, households, units):
    assert codes(households_visible_to(village_head_trung_hoa)) == ["CX-0001"]
    assert [u.name for u in units_visible_to(village_head_trung_hoa)] == ["Thôn Trung Hòa"]
    assert access_unit(village_head_trung_hoa, units.cam_xuyen.id) is None


def test_province_admin_sees_every_commune_of_the_province(province_admin, households):
    assert codes(households_visible_to(province_admin)) == ["CX-0001", "CX-0002", "TC-0001"]


def test_superuser_sees_everything(superuser, households, units):
    assert codes(households_visible_to(superuser)) == ["CX-0001", "CX-0002", "TC-0001"]
    assert units_visible_to(superuser).count() == 10


def test_account_with_two_scopes_sees_both(make_user, units, households):
    user = make_user("commune_official", units.trung_hoa, units.tan_phu)
    assert codes(households_visible_to(user)) == ["CX-0001", "TC-0001"]


def test_account_without_scope_sees_nothing(make_user, households):
    user = make_user("commune_official")
    assert codes(households_visible_to(user)) == []
    assert list(units_visible_to(user)) == []


def test_inactive_account_sees_nothing(official_cam_xuyen, households):
    official_cam_xuyen.is_active = False
    official_cam_xuyen.save()
    assert codes(households_visible_to(official_cam_xuyen)) == []


def test_roles_without_household_permission_see_no_households(make_user, units, households):
    for role in ("editor", "broadcaster", "trainer"):
        user = make_user(role, units.province)
        assert codes(households_visible_to(user)) == [], role


def test_anonymous_sees_nothing(households):
    from django.contrib.auth.models import AnonymousUser

    assert codes(households_visible_to(AnonymousUser())) == []
    assert list(units_visible_to(AnonymousUser())) == []
