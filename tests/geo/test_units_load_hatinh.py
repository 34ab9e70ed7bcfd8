"""Loading one province: counts, paths, idempotence, all-or-nothing, the command."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError

from giamngheo.common.models import AuditEvent
from giamngheo.common.text import fold
from giamngheo.geo.models import REFORM_2025, AdminUnit, UnitSuccession
from giamngheo.geo.selectors import commune_successor_map, successor_on, unit_counts
from giamngheo.geo.services import units_load
from tests.geo.conftest import current

HA_TINH_COUNTS = {
    "province": 1, "commune": 69, "legacy_province": 1, "legacy_district": 12, "legacy_commune": 209,
    "village": 0, "succession": 213,  # 1 province + 209 communes, 2 of which were split (3 extra links)
}


def test_hatinh_load_creates_its_units_and_successions(hatinh) -> None:  # type: ignore[no-untyped-def]
    assert hatinh.created == {k: v for k, v in HA_TINH_COUNTS.items() if k != "village"}
    assert hatinh.totals == HA_TINH_COUNTS == unit_counts()
    event = AuditEvent.objects.get(action="geo.units_load")
    assert (event.actor_id, event.actor_label, event.after) == (None, "hệ thống", hatinh.created)


def test_every_path_is_the_parents_path_plus_own_id(hatinh) -> None:  # type: ignore[no-untyped-def]
    units = {u.pk: u for u in AdminUnit.objects.all()}
    for unit in units.values():
        parent_path = units[unit.parent_id].path if unit.parent_id else "/"
        assert unit.path == f"{parent_path}{unit.pk}/"
        assert unit.search_key == fold(unit.name)


def test_a_second_load_creates_nothing(hatinh) -> None:  # type: ignore[no-untyped-def]
    before = list(AdminUnit.objects.order_by("pk").values_list("pk", "path", "name"))
    again = units_load(provinces=["42"])
    assert not again.changed
    assert set(again.created.values()) == {0}
    assert list(AdminUnit.objects.order_by("pk").values_list("pk", "path", "name")) == before
    assert AdminUnit.objects.count() == 1 + 69 + 1 + 12 + 209
    assert UnitSuccession.objects.count() == 213
    assert AuditEvent.objects.filter(action="geo.units_load").count() == 1


def test_a_failed_load_leaves_nothing_behind(db) -> None:  # type: ignore[no-untyped-def]
    # A stray old-era commune with the code of xã Cẩm Duệ (18715) makes the load fail half-way, after the new
    # units are inserted: none of them may remain.
    stray = AdminUnit.objects.create(level="commune", code="18715", name="Xã lạc", short_name="lạc", path="/x/")
    with pytest.raises(IntegrityError):
        units_load(provinces=["42"])
    assert list(AdminUnit.objects.values_list("pk", flat=True)) == [stray.pk]
    assert UnitSuccession.objects.count() == 0
    assert not AuditEvent.objects.filter(action="geo.units_load").exists()


def test_an_unknown_province_is_refused(db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError) as error:
        units_load(provinces=["99"])
    assert str(error.value) == "Không có tỉnh/thành phố mã 99."
    with pytest.raises(CommandError) as error:
        call_command("units_load", "--province", "99")
    assert str(error.value) == "Không có tỉnh/thành phố mã 99."


def test_the_command_prints_what_it_created_and_the_totals(db) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    call_command("units_load", "--province", "42", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[1].split() == ["Tỉnh/thành", "phố", "hiện", "hành", "1", "1"]
    assert lines[2].split()[-2:] == ["69", "69"]
    assert lines[5].split()[-2:] == ["209", "209"]
    assert lines[-1] == "Đã nạp xong."
    out = io.StringIO()
    call_command("units_load", "--province", "42", stdout=out)
    assert out.getvalue().splitlines()[2].split()[-2:] == ["0", "69"]
    assert out.getvalue().splitlines()[-1] == "Không có gì mới: đã nạp từ trước."


def test_split_communes_go_by_default_to_their_seat(hatinh) -> None:  # type: ignore[no-untyped-def]
    ky_loi = AdminUnit.objects.get(level="commune", code="18796", valid_to=REFORM_2025)
    links = UnitSuccession.objects.filter(predecessor=ky_loi).order_by("successor__code")
    assert [(link.successor.name, link.is_default) for link in links] == [
        ("Phường Sông Trí", False), ("Phường Vũng Áng", True), ("Phường Hoành Sơn", False),
    ]
    assert successor_on(ky_loi) == current("commune", "18823")
    assert commune_successor_map()[ky_loi.pk] == current("commune", "18823").pk


def test_new_units_are_in_force_from_the_reform(hatinh) -> None:  # type: ignore[no-untyped-def]
    cam_xuyen = current("commune", "18673")
    assert (cam_xuyen.short_name, cam_xuyen.latitude, cam_xuyen.longitude) == ("Cẩm Xuyên", 18.2227, 105.985)
    assert cam_xuyen.valid_from == REFORM_2025
    assert not AdminUnit.objects.filter(valid_from__isnull=True, valid_to__isnull=True).exists()


def test_hatinh_went_from_209_to_69_commune_level_units(hatinh) -> None:  # type: ignore[no-untyped-def]
    # domain.md §7: 209 → 69 commune-level units (60 communes, 9 wards).
    today = AdminUnit.objects.filter(level="commune", valid_to__isnull=True)
    assert list(today.order_by("unit_type").values_list("unit_type", flat=True).distinct()) == ["Phường", "Xã"]
    assert (today.filter(unit_type="Xã").count(), today.filter(unit_type="Phường").count()) == (60, 9)
    assert AdminUnit.objects.filter(level="commune", valid_to=REFORM_2025).count() == 209
