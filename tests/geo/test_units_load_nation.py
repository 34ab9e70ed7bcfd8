"""The whole country, loaded once for this module: counts, codes, successions, quirks of the package data."""

from __future__ import annotations

from collections import Counter

from giamngheo.geo.models import REFORM_2025, AdminUnit, UnitSuccession
from giamngheo.geo.selectors import commune_successor_map, successor_on, unit_counts
from giamngheo.geo.services import units_load
from tests.geo.conftest import current, legacy

NATION = {
    "province": 34, "commune": 3321, "legacy_province": 63, "legacy_district": 696, "legacy_commune": 10035,
    "succession": 10665,
}


def test_counts_of_both_eras(nation, db) -> None:  # type: ignore[no-untyped-def]
    assert nation.created == NATION
    assert unit_counts() == {**NATION, "village": 0}
    communes = AdminUnit.objects.filter(level="commune", valid_to__isnull=True)
    types = Counter(communes.values_list("unit_type", flat=True))
    assert types == {"Xã": 2621, "Phường": 687, "Đặc khu": 13}


def test_second_full_load_creates_nothing(nation, db) -> None:  # type: ignore[no-untyped-def]
    again = units_load()
    assert again.created == dict.fromkeys(NATION, 0)
    assert again.totals == {**NATION, "village": 0}


def test_official_codes(nation, db) -> None:  # type: ignore[no-untyped-def]
    assert current("province", "01").name == "Thành phố Hà Nội"
    assert current("province", "79").name == "Thành phố Hồ Chí Minh"
    assert current("province", "42").name == "Tỉnh Hà Tĩnh"
    assert current("commune", "18673").name == "Xã Cẩm Xuyên"
    assert legacy("province", "77").name == "Tỉnh Bà Rịa - Vũng Tàu"
    assert legacy("district", "446").name == "Huyện Cẩm Xuyên"


def test_every_old_province_has_one_successor(nation, db) -> None:  # type: ignore[no-untyped-def]
    links = UnitSuccession.objects.filter(predecessor__level="province")
    assert links.count() == 63
    assert sorted(links.filter(successor__code="79").values_list("predecessor__name", flat=True)) == [
        "Thành phố Hồ Chí Minh", "Tỉnh Bà Rịa - Vũng Tàu", "Tỉnh Bình Dương",
    ]
    # The new Quảng Trị took the code of the old Quảng Bình.
    assert successor_on(legacy("province", "44")) == current("province", "44")
    assert legacy("province", "44").name == "Tỉnh Quảng Bình"


def test_every_old_commune_has_exactly_one_default_successor(nation, db) -> None:  # type: ignore[no-untyped-def]
    defaults = Counter(
        UnitSuccession.objects.filter(is_default=True, predecessor__level="commune")
        .values_list("predecessor_id", flat=True)
    )
    assert len(defaults) == 10035
    assert set(defaults.values()) == {1}
    assert UnitSuccession.objects.filter(is_default=False).count() == 562
    mapping = commune_successor_map()
    assert len(mapping) == 3321 + 10035 + 5
    current_ids = set(AdminUnit.objects.filter(level="commune", valid_to__isnull=True).values_list("id", flat=True))
    assert set(mapping.values()) == current_ids


def test_island_districts_without_communes_pass_to_special_zones(nation, db) -> None:  # type: ignore[no-untyped-def]
    islands = AdminUnit.objects.filter(level="district", valid_to=REFORM_2025, children__isnull=True)
    assert sorted((u.name, successor_on(u).name) for u in islands) == [
        ("Huyện Bạch Long Vĩ", "Đặc khu Bạch Long Vĩ"),
        ("Huyện Côn Đảo", "Đặc khu Côn Đảo"),
        ("Huyện Cồn Cỏ", "Đặc khu Cồn Cỏ"),
        ("Huyện Hoàng Sa", "Đặc khu Hoàng Sa"),
        ("Huyện Lý Sơn", "Đặc khu Lý Sơn"),
    ]


def test_keys_that_keep_diacritics_still_link_the_right_units(nation, db) -> None:  # type: ignore[no-untyped-def]
    # The package tells xã Cẩm Giang from xã Cẩm Giàng (both Hải Phòng) only by diacritics in its keys.
    giang, giang_grave = current("commune", "10888"), current("commune", "10903")
    assert (giang.name, giang_grave.name) == ("Xã Cẩm Giang", "Xã Cẩm Giàng")
    assert giang.search_key == giang_grave.search_key == "xa cam giang"
    assert AdminUnit.objects.filter(successions__successor=giang).exists()
    assert AdminUnit.objects.filter(successions__successor=giang_grave).exists()
    assert not set(AdminUnit.objects.filter(successions__successor=giang)) & set(
        AdminUnit.objects.filter(successions__successor=giang_grave)
    )


def test_the_name_decides_the_unit_type(nation, db) -> None:  # type: ignore[no-untyped-def]
    # The package types "Phường Việt Hòa" as "Xã" and writes "Thị Trấn Óc Eo" with a capital T.
    viet_hoa = current("commune", "10543")
    assert (viet_hoa.name, viet_hoa.unit_type, viet_hoa.short_name) == ("Phường Việt Hòa", "Phường", "Việt Hòa")
    oc_eo = legacy("commune", "30688")
    assert (oc_eo.name, oc_eo.unit_type, oc_eo.short_name) == ("Thị trấn Óc Eo", "Thị trấn", "Óc Eo")
    yen_vien = AdminUnit.objects.filter(valid_to=REFORM_2025, short_name="Yên Viên").order_by("code")
    assert [(u.name, u.unit_type) for u in yen_vien] == [("Thị trấn Yên Viên", "Thị trấn"), ("Xã Yên Viên", "Xã")]


def test_every_path_is_the_parents_path_plus_own_id(nation, db) -> None:  # type: ignore[no-untyped-def]
    paths = dict(AdminUnit.objects.values_list("id", "path"))
    for pk, parent_id, path in AdminUnit.objects.values_list("id", "parent_id", "path"):
        assert path == f"{paths[parent_id] if parent_id else '/'}{pk}/"
