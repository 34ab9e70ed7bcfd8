"""Import through the services: stage (preview) writes nothing, a second person confirms, all or nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from giamngheo.common.crypto import identifier_decrypt
from giamngheo.common.models import AuditEvent
from giamngheo.registry.importing import ImportRefused, household_import_confirm, household_import_reject
from giamngheo.registry.models import Household, HouseholdAssessment, ImportStatus, Member
from tests.registry.conftest import household_row, member_row, xlsx_bytes

pytestmark = pytest.mark.django_db


def test_staging_previews_counts_and_writes_nothing(stage, official_cam_xuyen, two_households):
    batch = stage(official_cam_xuyen, two_households)

    assert batch.status == ImportStatus.PENDING
    assert batch.error_count == 0
    assert batch.summary == {
        "rows": 2, "member_rows": 3, "has_members": True, "households_new": 2, "households_changed": 0,
        "households_unchanged": 0, "assessments_new": 2, "members": 3, "members_written": 3,
        "villages_new": [], "categories": {"poor": 1, "near_poor": 0, "average": 0, "non_poor": 1},
    }
    assert Household.objects.count() == 0
    assert Member.objects.count() == 0
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["household_import.stage"]


def test_confirm_by_a_second_person_writes_households_members_assessments_and_audit(
        stage, official_cam_xuyen, second_official, two_households, units):
    batch = stage(official_cam_xuyen, two_households)

    confirmed = household_import_confirm(acting_user=second_official, batch_id=batch.id)

    assert confirmed.status == ImportStatus.CONFIRMED
    assert confirmed.checker == second_official
    assert confirmed.summary["written"] == {
        "households_new": 2, "households_changed": 0, "members_written": 3, "assessments_new": 2,
        "audit_events": 0, "villages_new": 0,
    }
    duc = Household.objects.get(code="CX-0101")
    assert (duc.head_name, duc.commune, duc.village, duc.unit_path, duc.area) == (
        "Nguyễn Văn Đức", units.cam_xuyen, units.trung_hoa, units.trung_hoa.path, "rural")
    assert duc.search_key == "cx-0101 nguyen van duc thon trung hoa"
    members = list(duc.members.order_by("id").values_list("full_name", "birth_year", "sex", "relation",
                                                          "id_number_masked"))
    assert members == [("Nguyễn Văn Đức", 1970, "M", "Chủ hộ", "*********345"),
                       ("Phạm Thị Hoa", 1975, "F", "Vợ", "*********321")]
    assert identifier_decrypt(duc.members.order_by("id").first().id_number_cipher) == "042090012345"
    result = duc.assessments.get()
    assert (result.year, result.standard_id, result.category, result.income_per_capita, result.deprivation_count,
            result.deprivations, result.commune, result.assessed_on, result.batch) == (
        2026, "2022-2025", "poor", 1_200_000, 3, "employment;dependants;nutrition", units.cam_xuyen,
        dt.date(2026, 11, 20), confirmed)
    assert result.reason == ("Hộ nghèo: thu nhập 1.200.000 đồng/người/tháng không vượt chuẩn nghèo nông thôn "
                             "1.500.000 đồng và thiếu hụt 3/12 chỉ số (từ 3 chỉ số trở lên).")
    assert result.facts["income_per_capita"] == 1_200_000
    assert result.facts["d_employment"] == 1 and result.facts["d_water"] == 0
    actions = sorted(AuditEvent.objects.values_list("action", flat=True))
    assert actions == ["household_import.confirm", "household_import.stage"]
    event = AuditEvent.objects.get(action="household_import.confirm")
    assert (event.actor, event.object_id, event.after["households_new"], event.after["members_written"],
            event.after["created_codes"]) == (second_official, str(batch.pk), 2, 3, ["CX-0101", "CX-0102"])
    assert bytes(confirmed.staged_content) == b""


def test_the_maker_cannot_confirm_their_own_batch(stage, official_cam_xuyen, two_households):
    batch = stage(official_cam_xuyen, two_households)

    with pytest.raises(ImportRefused, match="không tự xác nhận"):
        household_import_confirm(acting_user=official_cam_xuyen, batch_id=batch.id)
    assert Household.objects.count() == 0


def test_reimporting_the_same_file_changes_nothing(stage, official_cam_xuyen, second_official, two_households):
    batch = stage(official_cam_xuyen, two_households)
    household_import_confirm(acting_user=second_official, batch_id=batch.id)
    counts = (Household.objects.count(), Member.objects.count(), HouseholdAssessment.objects.count(),
              AuditEvent.objects.count())

    again = stage(official_cam_xuyen, two_households)

    assert again.pk == batch.pk and again.status == ImportStatus.CONFIRMED
    assert (Household.objects.count(), Member.objects.count(), HouseholdAssessment.objects.count(),
            AuditEvent.objects.count()) == counts


def test_a_different_file_with_the_same_facts_adds_no_assessment(stage, official_cam_xuyen, second_official,
                                                                  two_households):
    household_import_confirm(acting_user=second_official, batch_id=stage(official_cam_xuyen, two_households).id)
    reordered = xlsx_bytes(
        [household_row("CX-0102", village="Thôn Quyết Tiến", head="Trần Thị Mai", members=1, income="5.000.000",
                       deprived=0),
         household_row("CX-0101", head="Nguyễn Văn Đức", members=2, income=1_200_000, deprived=3)],
        [member_row("CX-0101", "Nguyễn Văn Đức", id_number="042090012345"),
         member_row("CX-0101", "Phạm Thị Hoa", year=1975, sex="Nữ", relation="Vợ", id_number="042190054321"),
         member_row("CX-0102", "Trần Thị Mai", year=1988, sex="Nữ")],
    )

    batch = stage(official_cam_xuyen, reordered)
    assert batch.summary["households_unchanged"] == 2
    confirmed = household_import_confirm(acting_user=official_cam_xuyen.__class__.objects.get(
        username="kiemtra.camxuyen"), batch_id=batch.id)

    assert confirmed.summary["written"]["assessments_new"] == 0
    assert confirmed.summary["written"]["audit_events"] == 0
    assert HouseholdAssessment.objects.count() == 2


def test_a_changed_household_gets_a_new_assessment_and_keeps_the_old_one(
        stage, official_cam_xuyen, second_official, two_households):
    household_import_confirm(acting_user=second_official, batch_id=stage(official_cam_xuyen, two_households).id)
    changed = xlsx_bytes(
        [household_row("CX-0101", head="Nguyễn Văn Đức", members=2, income=1_700_000, deprived=1),
         household_row("CX-0102", village="Thôn Quyết Tiến", head="Trần Thị Mai", members=1, income=5_000_000,
                       deprived=0)],
        [member_row("CX-0101", "Nguyễn Văn Đức", id_number="042090012345"),
         member_row("CX-0101", "Phạm Thị Hoa", year=1975, sex="Nữ", relation="Vợ", id_number="042190054321"),
         member_row("CX-0102", "Trần Thị Mai", year=1988, sex="Nữ")],
    )

    batch = stage(official_cam_xuyen, changed)
    assert (batch.summary["households_changed"], batch.summary["assessments_new"],
            batch.summary["households_unchanged"]) == (0, 1, 1)
    household_import_confirm(acting_user=second_official, batch_id=batch.id)

    results = list(Household.objects.get(code="CX-0101").assessments.order_by("id")
                   .values_list("year", "category", "income_per_capita"))
    assert results == [(2026, "poor", 1_200_000), (2026, "average", 1_700_000)]
    event = AuditEvent.objects.get(action="household.import_update")
    assert event.after["assessment"] == {"year": 2026, "standard_id": "2022-2025", "category": "average"}


def test_changed_details_and_members_are_updated_with_before_and_after_in_the_audit(
        stage, official_cam_xuyen, second_official, two_households, units):
    household_import_confirm(acting_user=second_official, batch_id=stage(official_cam_xuyen, two_households).id)
    moved_village = xlsx_bytes(
        [household_row("CX-0101", village="Thôn Quyết Tiến", head="Nguyễn Văn Đức", members=1, income=1_200_000,
                       deprived=3),
         household_row("CX-0102", village="Thôn Quyết Tiến", head="Trần Thị Mai", members=1, income=5_000_000,
                       deprived=0)],
        [member_row("CX-0101", "Nguyễn Văn Đức", id_number="042090012345"),
         member_row("CX-0102", "Trần Thị Mai", year=1988, sex="Nữ")],
    )

    confirmed = household_import_confirm(acting_user=second_official,
                                         batch_id=stage(official_cam_xuyen, moved_village).id)

    duc = Household.objects.get(code="CX-0101")
    assert (duc.village, duc.unit_path) == (units.quyet_tien, units.quyet_tien.path)
    assert list(duc.members.values_list("full_name", flat=True)) == ["Nguyễn Văn Đức"]
    assert confirmed.summary["written"]["households_changed"] == 1
    event = AuditEvent.objects.get(action="household.import_update", object_id=str(duc.pk))
    assert event.before == {"village_id": units.trung_hoa.id}
    assert event.after["village_id"] == units.quyet_tien.id


def test_reject_discards_the_staged_file(stage, official_cam_xuyen, second_official, two_households):
    batch = stage(official_cam_xuyen, two_households)

    rejected = household_import_reject(acting_user=second_official, batch_id=batch.id, note="Sai  số liệu thôn")

    assert (rejected.status, rejected.decision_note, bytes(rejected.staged_content)) == (
        ImportStatus.REJECTED, "Sai số liệu thôn", b"")
    with pytest.raises(ImportRefused, match="không còn chờ xác nhận"):
        household_import_confirm(acting_user=second_official, batch_id=batch.id)
    assert Household.objects.count() == 0


def test_a_hand_edit_is_compared_again_by_the_next_import(stage, official_cam_xuyen, second_official,
                                                          two_households):
    from giamngheo.registry.services import household_update

    household_import_confirm(acting_user=second_official, batch_id=stage(official_cam_xuyen, two_households).id)
    duc = Household.objects.get(code="CX-0101")
    household_update(acting_user=official_cam_xuyen, household_id=duc.pk, head_name="Nguyễn Văn Đức Anh")
    same_facts = xlsx_bytes(
        [household_row("CX-0101", head="Nguyễn Văn Đức", members=2, income=1_200_000, deprived=3)],
        [member_row("CX-0101", "Nguyễn Văn Đức", id_number="042090012345"),
         member_row("CX-0101", "Phạm Thị Hoa", year=1975, sex="Nữ", relation="Vợ", id_number="042190054321")],
    )

    batch = stage(official_cam_xuyen, same_facts)
    household_import_confirm(acting_user=second_official, batch_id=batch.id)

    assert (batch.summary["households_changed"], batch.summary["assessments_new"]) == (1, 0)
    assert Household.objects.get(code="CX-0101").head_name == "Nguyễn Văn Đức"
    event = AuditEvent.objects.get(action="household.import_update")
    assert (event.before, event.after) == ({"head_name": "Nguyễn Văn Đức Anh"},
                                           {"head_name": "Nguyễn Văn Đức", "batch_id": batch.pk})


def test_new_villages_are_created_under_the_commune_by_the_checker(stage, official_cam_xuyen, second_official,
                                                                    units):
    from giamngheo.geo.models import AdminUnit

    content = xlsx_bytes([household_row("CX-0901", village="Xóm Mới", members=1),
                          household_row("CX-0902", village="xóm  mới", members=1)],
                         [member_row("CX-0901", "Hồ Văn Một"), member_row("CX-0902", "Hồ Văn Hai")])
    batch = stage(official_cam_xuyen, content)
    assert batch.summary["villages_new"] == ["Xóm Mới"]

    household_import_confirm(acting_user=second_official, batch_id=batch.id)

    village = AdminUnit.objects.get(parent=units.cam_xuyen, name="Xóm Mới")
    assert (village.level, village.path) == ("village", f"{units.cam_xuyen.path}{village.pk}/")
    assert set(Household.objects.filter(code__startswith="CX-09").values_list("village", flat=True)) == {village.pk}
    event = AuditEvent.objects.get(action="geo.villages_bulk_create")
    assert (event.actor, event.after) == (second_official, {"names": ["Xóm Mới"]})
