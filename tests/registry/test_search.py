"""Diacritic-insensitive search on the stored folded key: the same answers on SQLite and PostgreSQL."""

from __future__ import annotations

import unicodedata

import pytest

from giamngheo.common.text import fold
from giamngheo.registry.access import households_visible_to
from giamngheo.registry.importing import household_import_confirm
from giamngheo.registry.models import Household
from giamngheo.registry.selectors import household_search
from tests.registry.conftest import household_row, member_row, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(stage, official_cam_xuyen, second_official, two_households):
    household_import_confirm(acting_user=second_official, batch_id=stage(official_cam_xuyen, two_households).id)


def codes(user, query, unit=None):  # type: ignore[no-untyped-def]
    found = household_search(households_visible_to(user), unit_id=unit.id if unit else None, query=query)
    return list(found.values_list("code", flat=True))


@pytest.mark.parametrize("query", ["nguyen van duc", "ĐỨC", "Nguyễn Văn Đức", "NGUYEN  VAN   DUC", "duc",
                                   unicodedata.normalize("NFD", "Nguyễn Văn Đức"), "cx-0101", "CX-0101"])
def test_nguyen_van_duc_is_found_with_or_without_diacritics(imported, official_cam_xuyen, query):
    assert codes(official_cam_xuyen, query) == ["CX-0101"]


def test_search_by_village_with_and_without_diacritics(imported, official_cam_xuyen, units):
    assert codes(official_cam_xuyen, "quyet tien") == ["CX-0102"]
    assert codes(official_cam_xuyen, "Thôn Quyết Tiến") == ["CX-0102"]
    assert codes(official_cam_xuyen, "thon", unit=units.trung_hoa) == ["CX-0101"]
    assert codes(official_cam_xuyen, "hoa mai") == []


def test_search_never_crosses_the_users_scope(imported, official_thien_cam, households):
    assert codes(official_thien_cam, "duc") == ["TC-0001"]  # Lê Văn Đức of Thiên Cầm, not Nguyễn Văn Đức


def test_nfd_names_in_a_file_are_stored_nfc_with_the_same_key(stage, official_cam_xuyen, second_official):
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Ánh Tuyết")
    content = xlsx_bytes([household_row("CX-0201", head=decomposed, village=unicodedata.normalize("NFD", "Thôn Đồng"),
                                        members=1)],
                         [member_row("CX-0201", decomposed, sex="Nữ")])
    household_import_confirm(acting_user=second_official, batch_id=stage(official_cam_xuyen, content).id)

    household = Household.objects.get(code="CX-0201")
    assert household.head_name == unicodedata.normalize("NFC", decomposed)
    assert household.members.get().full_name == "Nguyễn Thị Ánh Tuyết"
    assert household.village.name == "Thôn Đồng"
    assert household.search_key == fold("CX-0201 Nguyễn Thị Ánh Tuyết Thôn Đồng")
    assert household.search_key == "cx-0201 nguyen thi anh tuyet thon dong"
    assert codes(official_cam_xuyen, "anh tuyet dong") == ["CX-0201"]


def test_the_imported_key_equals_fold_for_awkward_names(stage, official_cam_xuyen, second_official):
    names = ["ĐOÀN  thị\tHƯƠNG", "Hoàng Ngọc Ẩn", "H'Hen Niê", "Y Bhăm Êban", "Lò Văn Ược", "Mã Thị Ỷ"]
    content = xlsx_bytes([household_row(f"CX-03{i}", head=name, members=1, village="") for i, name in enumerate(names)],
                         [member_row(f"CX-03{i}", name) for i, name in enumerate(names)])
    household_import_confirm(acting_user=second_official, batch_id=stage(official_cam_xuyen, content).id)

    stored = dict(Household.objects.filter(code__startswith="CX-03").values_list("head_name", "search_key"))
    assert stored == {" ".join(n.split()): fold(f"CX-03{i} {n}") for i, n in enumerate(names)}


def test_search_on_the_unit_page_over_http(imported, client_for, official_cam_xuyen, units):
    html = client_for(official_cam_xuyen).get(f"/dia-ban/{units.cam_xuyen.id}/", {"q": "ĐỨC"}).content.decode()
    assert "CX-0101" in html and "CX-0102" not in html
