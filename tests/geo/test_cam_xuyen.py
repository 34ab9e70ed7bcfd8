"""The eight communes that replaced the old Cẩm Xuyên district (domain.md §7), as the package loads them."""

from __future__ import annotations

import datetime as dt

from giamngheo.geo.models import REFORM_2025, AdminUnit, UnitSuccession
from giamngheo.geo.selectors import commune_successor_map, successor_on, unit_predecessors
from tests.geo.conftest import current, legacy

# New commune code → (name, its predecessors as "commune, old district"), as in domain.md §7.
CAM_XUYEN_2025 = {
    "18673": ("Xã Cẩm Xuyên", {"Thị trấn Cẩm Xuyên", "Xã Cẩm Quang", "Xã Cẩm Quan"}),
    "18676": ("Xã Thiên Cầm", {"Thị trấn Thiên Cầm", "Xã Nam Phúc Thăng", "Xã Cẩm Nhượng"}),
    "18739": ("Xã Cẩm Duệ", {"Xã Cẩm Mỹ", "Xã Cẩm Thạch", "Xã Cẩm Duệ"}),
    "18736": ("Xã Cẩm Hưng", {"Xã Cẩm Thịnh", "Xã Cẩm Hà", "Xã Cẩm Hưng"}),
    "18748": ("Xã Cẩm Lạc", {"Xã Cẩm Minh", "Xã Cẩm Sơn", "Xã Cẩm Lạc"}),
    "18742": ("Xã Cẩm Trung", {"Xã Cẩm Lĩnh", "Xã Cẩm Lộc", "Xã Cẩm Trung"}),
    "18682": ("Xã Yên Hòa", {"Xã Cẩm Dương", "Xã Yên Hòa"}),
    "18685": ("Xã Cẩm Bình", {"Xã Cẩm Vịnh", "Xã Cẩm Thành", "Xã Cẩm Bình", "Xã Thạch Bình"}),
}


def test_the_eight_communes_have_the_spec_codes_names_and_predecessors(hatinh) -> None:  # type: ignore[no-untyped-def]
    province = current("province", "42")
    for code, (name, predecessors) in CAM_XUYEN_2025.items():
        commune = current("commune", code)
        assert (commune.name, commune.unit_type, commune.parent_id) == (name, "Xã", province.pk)
        assert (commune.valid_from, commune.valid_to) == (REFORM_2025, None)
        assert commune.path == f"{province.path}{commune.pk}/"
        assert {u.name for u in unit_predecessors(commune)} == predecessors
        assert all(link.is_default for link in UnitSuccession.objects.filter(successor=commune))


def test_old_units_are_dated_and_sit_under_their_old_districts(hatinh) -> None:  # type: ignore[no-untyped-def]
    district = legacy("district", "446")
    assert (district.name, district.short_name, district.unit_type) == ("Huyện Cẩm Xuyên", "Cẩm Xuyên", "Huyện")
    assert (district.valid_from, district.valid_to) == (None, REFORM_2025)
    assert district.parent == legacy("province", "42")
    # The spec counts 23 former units of Cẩm Xuyên (2 towns + 21 communes). The package's pre-July-2025 table
    # lists only 21 under Huyện Cẩm Xuyên: xã Cẩm Bình and xã Cẩm Vịnh sit under Thành phố Hà Tĩnh (code 436).
    # The predecessors of the eight communes are the same either way; we test what the package says.
    assert district.children.count() == 21
    city = legacy("district", "436")
    assert city.name == "Thành phố Hà Tĩnh"
    for code, name in [("18685", "Xã Cẩm Bình"), ("18691", "Xã Cẩm Vịnh"), ("18112", "Xã Thạch Bình")]:
        unit = legacy("commune", code)
        assert (unit.name, unit.parent_id) == (name, city.pk)
        assert unit.path == f"{city.path}{unit.pk}/"
    assert legacy("commune", "18694").parent == district  # xã Cẩm Thành


def test_a_code_names_a_unit_only_together_with_its_era(hatinh) -> None:  # type: ignore[no-untyped-def]
    # The new xã Cẩm Duệ took the code of the old xã Cẩm Mỹ, not that of the old xã Cẩm Duệ (18715).
    assert sorted(AdminUnit.objects.filter(code="18739").values_list("name", "valid_from", "valid_to")) == [
        ("Xã Cẩm Duệ", REFORM_2025, None), ("Xã Cẩm Mỹ", None, REFORM_2025),
    ]
    assert current("commune", "18673").name == "Xã Cẩm Xuyên"
    assert legacy("commune", "18673").name == "Thị trấn Cẩm Xuyên"


def test_series_from_old_communes_land_on_the_new_ones(hatinh) -> None:  # type: ignore[no-untyped-def]
    cam_binh = current("commune", "18685")
    thach_binh = legacy("commune", "18112")
    assert successor_on(thach_binh) == cam_binh
    assert successor_on(thach_binh, dt.date(2023, 12, 31)) == thach_binh
    assert successor_on(thach_binh, REFORM_2025) == cam_binh
    assert successor_on(cam_binh, dt.date(2024, 1, 1)) is None  # did not exist yet
    mapping = commune_successor_map(under=current("province", "42").path)
    old_cam_xuyen = AdminUnit.objects.filter(parent=legacy("district", "446"))
    targets = {mapping[u.pk] for u in old_cam_xuyen}
    assert sorted(AdminUnit.objects.filter(pk__in=targets).values_list("code", flat=True)) == sorted(CAM_XUYEN_2025)
    assert len(mapping) == 69 + 209
