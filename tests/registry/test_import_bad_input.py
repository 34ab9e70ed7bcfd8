"""Bad input and unsafe situations: clear Vietnamese errors, nothing half-written."""

from __future__ import annotations

import datetime as dt

import pytest

from giamngheo.registry.importing import ImportRefused, household_import_confirm
from giamngheo.registry.models import Household, HouseholdAssessment, ImportBatch, ImportStatus, Member
from tests.conftest import make_household
from tests.registry.conftest import (
    HOUSEHOLD_HEADERS,
    MEMBER_HEADERS,
    csv_bytes,
    household_row,
    member_row,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


def problems(batch) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [(p["sheet"], p["row"], p["column"], p["message"]) for p in batch.errors]


def test_a_household_registered_in_another_commune_is_refused_without_naming_it(stage, official_cam_xuyen, units):
    make_household(code="TC-0009", head_name="Lê Văn Tám", commune=units.thien_cam, village=units.tan_phu)
    content = xlsx_bytes([household_row("TC-0009", members=1)], [member_row("TC-0009", "Lê Văn Tám")])

    batch = stage(official_cam_xuyen, content)

    assert batch.status == ImportStatus.INVALID
    assert problems(batch) == [("households", 2, "household_code",
                                "hộ 'TC-0009' đã có trong sổ hộ của một xã khác; tệp nhập không tự chuyển hộ giữa các "
                                "xã. Cán bộ của xã cũ (hoặc của tỉnh) mở trang của hộ và dùng mục “Chuyển hộ” để "
                                "chuyển hộ sang xã này, rồi tải tệp lên lại.")]
    assert Household.objects.get(code="TC-0009").commune == units.thien_cam


def test_the_province_sees_which_commune_holds_the_household(stage, province_admin, units):
    make_household(code="TC-0009", head_name="Lê Văn Tám", commune=units.thien_cam)
    batch = stage(province_admin, xlsx_bytes([household_row("TC-0009", members=1)], [member_row("TC-0009", "Tám")]))
    assert "đã có trong sổ hộ của Xã Thiên Cầm;" in batch.errors[0]["message"]


def test_a_household_of_a_merged_old_commune_is_carried_on_by_its_successor(stage, official_cam_xuyen,
                                                                            second_official, units):
    make_household(code="CQ-0001", head_name="Võ Văn Cũ", commune=units.old_cam_quang)
    content = xlsx_bytes([household_row("CQ-0001", head="Võ Văn Cũ", members=1)], [member_row("CQ-0001", "Võ Văn Cũ")])

    household_import_confirm(acting_user=second_official, batch_id=stage(official_cam_xuyen, content).id)

    household = Household.objects.get(code="CQ-0001")
    assert (household.commune, household.unit_path) == (units.cam_xuyen, units.trung_hoa.path)


def test_commune_codes_blank_unknown_retired_or_of_another_commune(stage, official_cam_xuyen, units):
    content = xlsx_bytes([household_row("A", commune=""), household_row("B", commune="99999"),
                          household_row("C", commune="18691"), household_row("D", commune="18676"),
                          household_row("E", commune="1867")], None)

    batch = stage(official_cam_xuyen, content)

    messages = {row: message for _sheet, row, column, message in problems(batch) if column == "commune_code"}
    assert messages == {
        2: "mã xã trống; cần mã 18673 của Xã Cẩm Xuyên.",
        3: "mã xã 99999 không tồn tại trong danh mục đơn vị hành chính hiện hành.",
        4: "mã xã 18691 là của Xã Cẩm Quang cũ, đã hết hiệu lực từ 01/07/2025, nay thuộc Xã Cẩm Xuyên (mã 18673); "
           "hãy dùng mã xã hiện hành.",
        5: "mã xã 18676 là của Xã Thiên Cầm, không phải xã đang nhập Xã Cẩm Xuyên (mã 18673); mỗi lần nhập chỉ cho "
           "một xã.",
        6: "mã xã '1867' phải gồm đúng 5 chữ số (định dạng ô là Văn bản để giữ số 0 ở đầu).",
    }


def test_members_are_checked_row_by_row(stage, official_cam_xuyen):
    content = xlsx_bytes(
        [household_row("CX-1", members=3)],
        [member_row("CX-1", "Nguyễn Văn An", id_number="042090012345"),
         member_row("CX-1", "", year=2090, sex="X", id_number="12-34"),
         member_row("CX-1", "Lê Thị Hai", sex="Nữ", id_number="042 090 012 345"),
         member_row("CX-404", "Không Có Hộ")],
    )

    batch = stage(official_cam_xuyen, content)

    assert problems(batch) == [
        ("households", 2, "members", "khai 3 nhân khẩu nhưng bảng thành viên có 1 người."),
        ("members", 3, "birth_year", "năm sinh '2090' phải từ 1900 đến 2026."),
        ("members", 3, "full_name", "họ tên trống (bắt buộc)."),
        ("members", 3, "id_number", "số định danh phải gồm 12 chữ số (CCCD) hoặc 9 chữ số (CMND cũ)."),
        ("members", 3, "sex", "giới tính 'X' phải là Nam hoặc Nữ."),
        ("members", 4, "id_number", "số định danh trùng với dòng 2."),
        ("members", 5, "household_code", "thành viên thuộc hộ 'CX-404' nhưng bảng hộ gia đình không có hộ này."),
    ]


def test_csv_households_with_a_separate_members_csv(stage, official_cam_xuyen, second_official):
    households = csv_bytes(HOUSEHOLD_HEADERS, [household_row("CX-5", head="", members=1, income="1.100.000",
                                                             deprived=0)])
    members = csv_bytes(MEMBER_HEADERS, [member_row("CX-5", "Đinh Thị Năm", sex="nữ", relation="chủ hộ")])

    batch = stage(official_cam_xuyen, households, filename="ho.csv", members_content=members,
                  members_filename="thanh-vien.csv")
    household_import_confirm(acting_user=second_official, batch_id=batch.id)

    household = Household.objects.get(code="CX-5")
    assert (household.head_name, household.members.get().sex) == ("Đinh Thị Năm", "F")
    assert household.assessments.get().category == "near_poor"


@pytest.mark.parametrize(("options", "message"), [
    ({"assessed_on": dt.date(2027, 1, 5)}, "Ngày đánh giá 05/01/2027 ở tương lai"),
    ({"year": 2026, "assessed_on": dt.date(2024, 12, 1)},
     "Ngày đánh giá 01/12/2024 quá sớm cho năm rà soát 2026 (sớm nhất là đợt rà soát cuối năm 2025); ngày và năm "
     "bị đảo."),
    ({"year": 2019}, "Năm rà soát 2019 không hợp lệ"),
    ({"standard_id": "2016-2020"}, "Không có chuẩn nghèo '2016-2020'"),
    ({"year": 2021, "assessed_on": dt.date(2021, 11, 1), "standard_id": "2027-2030"},
     "Chuẩn '2027-2030' áp dụng 2027–2030, không dùng cho năm rà soát 2021."),
])
def test_request_level_mistakes_are_refused_in_one_sentence(stage, official_cam_xuyen, two_households, options,
                                                            message):
    with pytest.raises(ImportRefused, match=message.replace("(", r"\(").replace(")", r"\)")):
        stage(official_cam_xuyen, two_households, **options)
    assert ImportBatch.objects.count() == 0


def test_the_autumn_review_may_be_filed_under_next_year_and_either_standard(stage, official_cam_xuyen,
                                                                          two_households):
    outgoing = stage(official_cam_xuyen, two_households, year=2027, standard_id="2022-2025")
    incoming = stage(official_cam_xuyen, two_households, year=2027, standard_id="2027-2030")

    assert (outgoing.year, outgoing.standard_id, outgoing.status) == (2027, "2022-2025", ImportStatus.PENDING)
    # The incoming standard reads its own indicators, which this file (made for 2022-2025) lacks.
    assert [(p["column"], p["message"]) for p in incoming.errors] == [
        ("d_digital", "thiếu cột bắt buộc. (Missing required column.)"),
        ("d_waste", "thiếu cột bắt buộc. (Missing required column.)"),
    ]


def test_results_dated_before_the_ones_already_stored_are_out_of_order(stage, official_cam_xuyen, second_official,
                                                                       two_households):
    household_import_confirm(acting_user=second_official, batch_id=stage(official_cam_xuyen, two_households).id)
    changed = xlsx_bytes([household_row("CX-0101", head="Nguyễn Văn Đức", members=1, income=900_000)],
                         [member_row("CX-0101", "Nguyễn Văn Đức", id_number="042090012345")])

    batch = stage(official_cam_xuyen, changed, assessed_on=dt.date(2026, 10, 1))

    assert problems(batch) == [("households", 2, "household_code",
                                "hộ 'CX-0101' đã có kết quả rà soát năm 2026 ngày 20/11/2026, sau ngày đánh giá "
                                "01/10/2026 của lô này; kết quả mới không được ghi ngày sớm hơn kết quả đã có.")]


def test_unreadable_empty_and_oversized_files(stage, official_cam_xuyen, settings):
    assert problems(stage(official_cam_xuyen, b"PK\x03\x04 not really a workbook"))[0][0:3] == ("", None, None)
    assert problems(stage(official_cam_xuyen, b"x", filename="ho.docx")) == [
        ("", None, None, "Định dạng '.docx' không được hỗ trợ; dùng .csv, .xlsx hoặc .parquet.")]
    with pytest.raises(ImportRefused, match="Tệp rỗng"):
        stage(official_cam_xuyen, b"")
    settings.REGISTRY_IMPORT_MAX_BYTES = 1024
    with pytest.raises(ImportRefused, match=r"Tệp quá lớn \(0,0 MB\); giới hạn là 0,0 MB"):
        stage(official_cam_xuyen, b"x" * 2048)


def test_another_communes_official_can_neither_stage_nor_confirm(stage, official_thien_cam, official_cam_xuyen,
                                                                 two_households):
    with pytest.raises(ImportRefused, match=r"Không tìm thấy xã/phường này trong phạm vi của tài khoản\."):
        stage(official_thien_cam, two_households)
    batch = stage(official_cam_xuyen, two_households)
    with pytest.raises(ImportRefused, match=f"Không tìm thấy lô nhập #{batch.pk} trong phạm vi"):
        household_import_confirm(acting_user=official_thien_cam, batch_id=batch.id)
    assert Household.objects.count() == 0


def test_a_preview_gone_stale_is_refused_at_confirmation_and_nothing_is_written(
        stage, official_cam_xuyen, second_official, two_households, units):
    batch = stage(official_cam_xuyen, two_households)
    # Between preview and confirmation another commune registers one of the codes.
    make_household(code="CX-0102", head_name="Trần Thị Mai", commune=units.thien_cam)

    with pytest.raises(ImportRefused, match="Sổ hộ đã thay đổi từ lúc xem trước; lô #"):
        household_import_confirm(acting_user=second_official, batch_id=batch.id)

    assert ImportBatch.objects.get().status == ImportStatus.INVALID
    assert list(Household.objects.values_list("code", flat=True)) == ["CX-0102"]
    assert Member.objects.count() == 0 and HouseholdAssessment.objects.count() == 0


def test_two_batches_for_one_commune_confirmed_one_after_the_other_see_each_others_writes(
        stage, official_cam_xuyen, second_official, two_households):
    changed = xlsx_bytes([household_row("CX-0101", head="Nguyễn Văn Đức", members=1, income=2_000_000)],
                         [member_row("CX-0101", "Nguyễn Văn Đức")])
    first, second = stage(official_cam_xuyen, two_households), stage(official_cam_xuyen, changed)
    assert second.summary["households_new"] == 1  # previewed before the first was confirmed

    household_import_confirm(acting_user=second_official, batch_id=first.id)
    confirmed = household_import_confirm(acting_user=second_official, batch_id=second.id)

    assert confirmed.summary["written"]["households_new"] == 0
    assert confirmed.summary["written"]["households_changed"] == 1
    assert list(Household.objects.get(code="CX-0101").assessments.order_by("id").values_list("category", flat=True)) \
        == ["poor", "average"]


def test_two_uploads_of_one_file_at_the_same_instant_count_once(stage, official_cam_xuyen, second_official,
                                                                two_households):
    first = stage(official_cam_xuyen, two_households)
    # Both uploads passed the "already staged?" check before either was saved: two pending batches, one file.
    ImportBatch.objects.filter(pk=first.pk).update(file_digest="racing")
    second = stage(official_cam_xuyen, two_households)
    ImportBatch.objects.filter(pk=first.pk).update(file_digest=second.file_digest)

    household_import_confirm(acting_user=second_official, batch_id=first.id)
    with pytest.raises(ImportRefused, match=f"Tệp này đã được nhập và xác nhận ở lô #{first.pk}; lô #{second.pk} "
                                            "không ghi gì thêm."):
        household_import_confirm(acting_user=second_official, batch_id=second.id)

    second.refresh_from_db()
    assert (second.status, second.decision_note) == (ImportStatus.REJECTED,
                                                     f"Trùng tệp với lô #{first.pk} đã xác nhận.")
    assert (Household.objects.count(), HouseholdAssessment.objects.count()) == (2, 2)
