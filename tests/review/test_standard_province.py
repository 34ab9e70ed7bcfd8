"""A provincial standard applies only in its own province: round creation, the import form's choices and check.

Đồng Nai's 2022–2025 standard was issued before the July 2025 merger of Đồng Nai and Bình Phước, so it counts
for today's communes formed from old Đồng Nai communes, not for those formed from old Bình Phước ones.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from giamngheo.domain.standard import standard_get
from giamngheo.domain.standard_scope import province_key, standard_applies_in, standard_province_refusal
from giamngheo.geo.models import REFORM_2025, AdminUnit, UnitSuccession
from giamngheo.geo.standards import province_names, standard_refusal_for_commune
from giamngheo.registry.forms import ImportUploadForm
from giamngheo.registry.models import ImportBatch
from giamngheo.review.errors import ReviewError
from giamngheo.review.models import ReviewRound
from giamngheo.review.services.rounds import round_create
from tests.conftest import make_unit

pytestmark = pytest.mark.django_db
DONG_NAI = "dong-nai-2022-2025"


@pytest.fixture
def dong_nai(units):  # type: ignore[no-untyped-def]
    """Today's Tỉnh Đồng Nai with xã Long Hưng (from old Đồng Nai), xã Đồng Xoài (from old Bình Phước) and
    xã Mới (no recorded predecessor)."""
    old_dn = make_unit(level="province", code="75", name="Tỉnh Đồng Nai", valid_to=REFORM_2025)
    old_bp = make_unit(level="province", code="70", name="Tỉnh Bình Phước", valid_to=REFORM_2025)
    new_dn = make_unit(level="province", code="75", name="Tỉnh Đồng Nai", valid_from=REFORM_2025)
    old_a = make_unit(level="commune", code="26000", name="Xã Long Hưng", parent=old_dn, valid_to=REFORM_2025)
    old_b = make_unit(level="commune", code="25000", name="Phường Tân Phú", parent=old_bp, valid_to=REFORM_2025)
    long_hung = make_unit(level="commune", code="26000", name="Xã Long Hưng", parent=new_dn, valid_from=REFORM_2025)
    dong_xoai = make_unit(level="commune", code="25000", name="Phường Đồng Xoài", parent=new_dn,
                          valid_from=REFORM_2025)
    moi = make_unit(level="commune", code="26999", name="Xã Mới", parent=new_dn, valid_from=REFORM_2025)
    UnitSuccession.objects.create(predecessor=old_a, successor=long_hung)
    UnitSuccession.objects.create(predecessor=old_b, successor=dong_xoai)
    return SimpleNamespace(long_hung=long_hung, dong_xoai=dong_xoai, moi=moi, old_a=old_a, old_b=old_b)


def test_province_keys_and_the_pure_rule():
    assert province_key("Tỉnh Đồng Nai") == province_key("Đồng Nai") == "dong nai"
    assert province_key("Thành phố Hồ Chí Minh") == "ho chi minh"
    standard = standard_get(DONG_NAI)
    assert standard_applies_in(standard_get("2022-2025"), ["Tỉnh Hà Tĩnh"])
    assert standard_applies_in(standard, ["Tỉnh Đồng Nai"])
    assert not standard_applies_in(standard, ["Tỉnh Hà Tĩnh"])
    assert standard_province_refusal(standard, unit_name="Xã Cẩm Xuyên", province_names=["Tỉnh Hà Tĩnh"]) == (
        "Chuẩn «Chuẩn nghèo đa chiều tỉnh Đồng Nai giai đoạn 2022–2025» (dong-nai-2022-2025) là chuẩn riêng của "
        "tỉnh Đồng Nai, không áp dụng cho Xã Cẩm Xuyên (Tỉnh Hà Tĩnh). Chọn chuẩn nghèo quốc gia hoặc chuẩn riêng "
        "của tỉnh nơi xã thuộc về.")


def test_which_communes_a_pre_merger_standard_covers(units, dong_nai):
    assert standard_refusal_for_commune(DONG_NAI, units.cam_xuyen).startswith("Chuẩn «Chuẩn nghèo đa chiều tỉnh")
    assert standard_refusal_for_commune(DONG_NAI, dong_nai.long_hung) is None
    assert standard_refusal_for_commune(DONG_NAI, dong_nai.moi) is None  # no predecessor: its own province
    refusal = standard_refusal_for_commune(DONG_NAI, dong_nai.dong_xoai)
    assert refusal is not None and "Phường Đồng Xoài (Bình Phước, Tỉnh Bình Phước)" in refusal
    assert standard_refusal_for_commune(DONG_NAI, dong_nai.old_a) is None  # an old commune counts by its own
    assert standard_refusal_for_commune(DONG_NAI, dong_nai.old_b) is not None
    assert standard_refusal_for_commune("2022-2025", units.cam_xuyen) is None
    assert standard_refusal_for_commune("no-such-standard", units.cam_xuyen) is None
    # A standard issued after the merger would count by today's province.
    assert province_names([dong_nai.dong_xoai.pk], before_reform=False) == ["Tỉnh Đồng Nai", "Đồng Nai"]


def test_round_creation_refuses_another_provinces_standard(official_cam_xuyen, units):
    with pytest.raises(ReviewError) as error:
        round_create(acting_user=official_cam_xuyen, commune_id=units.cam_xuyen.pk, kind="periodic", year=2025,
                     standard_id=DONG_NAI, started_on=dt.date(2025, 9, 1))
    assert "là chuẩn riêng của tỉnh Đồng Nai, không áp dụng cho Xã Cẩm Xuyên" in str(error.value)
    assert not ReviewRound.objects.exists()


def test_round_creation_accepts_the_communes_own_provincial_standard(make_user, dong_nai):
    official = make_user("commune_official", dong_nai.long_hung)
    review = round_create(acting_user=official, commune_id=dong_nai.long_hung.pk, kind="periodic", year=2025,
                          standard_id=DONG_NAI, started_on=dt.date(2025, 9, 1))
    assert review.standard_id == DONG_NAI
    other = make_user("commune_official", dong_nai.dong_xoai)
    with pytest.raises(ReviewError):
        round_create(acting_user=other, commune_id=dong_nai.dong_xoai.pk, kind="periodic", year=2025,
                     standard_id=DONG_NAI, started_on=dt.date(2025, 9, 1))


def _choices(communes) -> list[str]:  # type: ignore[no-untyped-def]
    return [value for value, _label in ImportUploadForm(communes=communes).fields["standard_id"].choices]


def test_import_form_offers_a_provincial_standard_only_where_it_applies(units, dong_nai):
    assert _choices(AdminUnit.objects.filter(pk=units.cam_xuyen.pk)) == ["2022-2025", "2027-2030"]
    assert DONG_NAI not in _choices(AdminUnit.objects.filter(pk=dong_nai.dong_xoai.pk))
    both = AdminUnit.objects.filter(pk__in=[units.cam_xuyen.pk, dong_nai.long_hung.pk])
    assert _choices(both) == ["2022-2025", "2027-2030", DONG_NAI]
    data = {"commune": units.cam_xuyen.pk, "year": 2025, "standard_id": DONG_NAI, "assessed_on": "2025-10-01"}
    files = {"file": SimpleUploadedFile("ket-qua.csv", b"x")}
    form = ImportUploadForm(data, files, communes=both)
    assert not form.is_valid()
    assert form.errors["standard_id"][0].startswith("Chuẩn «Chuẩn nghèo đa chiều tỉnh Đồng Nai")
    assert ImportUploadForm({**data, "commune": dong_nai.long_hung.pk}, files, communes=both).is_valid()


def test_import_page_refuses_another_provinces_standard(client_for, official_cam_xuyen, units):
    response = client_for(official_cam_xuyen).post("/so-ho/nhap/", {
        "commune": units.cam_xuyen.pk, "year": 2025, "standard_id": DONG_NAI, "assessed_on": "2025-10-01",
        "file": SimpleUploadedFile("ket-qua.csv", b"x")})
    assert response.status_code == 400
    assert not ImportBatch.objects.exists()
    page = response.content.decode()
    assert "là chuẩn riêng của tỉnh Đồng Nai, không áp dụng cho Xã Cẩm Xuyên" in page
    assert f'<option value="{DONG_NAI}"' not in page  # not offered


def test_the_import_service_refuses_another_provinces_standard_for_the_api_and_cli(official_cam_xuyen, units):
    from giamngheo.registry.importing import household_import_stage
    from giamngheo.registry.importing.problems import ImportRefused

    with pytest.raises(ImportRefused) as refused:
        household_import_stage(acting_user=official_cam_xuyen, commune_id=units.cam_xuyen.id, content=b"x",
                               filename="ket-qua.csv", year=2025, standard_id=DONG_NAI,
                               assessed_on=dt.date(2025, 11, 30))
    assert str(refused.value).startswith("Chuẩn «Chuẩn nghèo đa chiều tỉnh")
