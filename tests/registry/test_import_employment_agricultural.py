"""The optional columns added to the import: `agricultural` (households) and `employment` (members)."""

from __future__ import annotations

import unicodedata

import pytest

from giamngheo.registry.importing import household_import_confirm
from giamngheo.registry.models import Household, HouseholdAssessment, Member
from tests.registry.conftest import HOUSEHOLD_HEADERS, MEMBER_HEADERS, household_row, member_row, xlsx_bytes

pytestmark = pytest.mark.django_db

AGRICULTURAL = "Hộ làm nông, lâm, ngư, diêm nghiệp"
MEMBER_WITH_WORK = [*MEMBER_HEADERS, "Việc làm"]


def problems(batch) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [(p["sheet"], p["row"], p["column"], p["message"]) for p in batch.errors]


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def workbook(*, flags: tuple[object, object, object] = ("1", "không", None),
             work: tuple[object, ...] = ("Làm công có hợp đồng", nfd("TỰ LÀM"), "", "unemployed")) -> bytes:
    """Three average-living households (income 2,000,000) and four members, with the new columns."""
    households = [[*household_row(f"CX-{n}", head=f"Chủ hộ {n}", members=m, income=2_000_000, deprived=0), flag]
                  for n, m, flag in zip((1, 2, 3), (2, 1, 1), flags, strict=True)]
    members = [member_row("CX-1", "Chủ hộ 1"), member_row("CX-1", "Vợ 1", sex="Nữ", relation="Vợ"),
               member_row("CX-2", "Chủ hộ 2"), member_row("CX-3", "Chủ hộ 3")]
    members = [[*m, w] for m, w in zip(members, work, strict=True)]
    return xlsx_bytes(households, members, household_headers=[*HOUSEHOLD_HEADERS, AGRICULTURAL],
                      member_headers=MEMBER_WITH_WORK)


def test_new_columns_are_written_to_members_and_the_facts(stage, official_cam_xuyen, second_official):
    batch = stage(official_cam_xuyen, workbook())
    assert batch.errors == []

    household_import_confirm(acting_user=second_official, batch_id=batch.id)

    facts = {a.household.code: a.facts for a in HouseholdAssessment.objects.select_related("household")}
    assert {code: f["agricultural"] for code, f in facts.items()} == {"CX-1": 1, "CX-2": 0, "CX-3": None}
    assert {a.category for a in HouseholdAssessment.objects.all()} == {"average"}
    work = dict(Member.objects.values_list("full_name", "employment"))
    assert work == {"Chủ hộ 1": "employed_contract", "Vợ 1": "self_employed", "Chủ hộ 2": "",
                    "Chủ hộ 3": "unemployed"}


@pytest.mark.parametrize(("cell", "status"), [
    ("employed_contract", "employed_contract"), ("Employed-Contract", "employed_contract"),
    ("làm công không có hợp đồng", "wage_no_contract"), (nfd("Làm thuê"), "wage_no_contract"),
    ("  tu kinh doanh ", "self_employed"), ("Thất nghiệp", "unemployed"),
    (nfd("KHÔNG THAM GIA LAO ĐỘNG"), "not_in_labour_force"), ("not in labour force", "not_in_labour_force"),
    ("", ""), (None, ""),
])
def test_employment_words(stage, official_cam_xuyen, second_official, cell, status):
    content = workbook(work=(cell, "", "", ""))
    batch = stage(official_cam_xuyen, content)
    assert batch.errors == []
    household_import_confirm(acting_user=second_official, batch_id=batch.id)
    assert Member.objects.get(full_name="Chủ hộ 1").employment == status


def test_bad_values_are_row_errors_and_nothing_is_written(stage, official_cam_xuyen):
    batch = stage(official_cam_xuyen, workbook(flags=("1", "2", "có"), work=("nông dân", "", "", "thất nghiệp")))

    assert problems(batch) == [
        ("households", 2, "members", "khai 2 nhân khẩu nhưng bảng thành viên có 1 người."),  # the bad row is left out
        ("households", 3, AGRICULTURAL, "'2' không hợp lệ: ghi 1 (hộ làm nông, lâm, ngư, diêm nghiệp) hoặc 0 "
                                         "(không); để trống nếu chưa rõ."),
        ("members", 2, "Việc làm", "việc làm 'nông dân' không hợp lệ; ghi một trong: làm công có hợp đồng, làm "
                                   "công không có hợp đồng, tự làm, thất nghiệp, không tham gia lao động (hoặc để "
                                   "trống nếu chưa rõ)."),
    ]
    assert (Household.objects.count(), Member.objects.count(), HouseholdAssessment.objects.count()) == (0, 0, 0)


def test_reimporting_the_same_file_changes_nothing(stage, official_cam_xuyen, second_official):
    first = stage(official_cam_xuyen, workbook())
    household_import_confirm(acting_user=second_official, batch_id=first.id)
    before = list(Member.objects.order_by("id").values_list("id", "employment"))

    assert stage(official_cam_xuyen, workbook()).pk == first.pk  # the same file is the same batch
    # The same facts spelled differently: nothing changed, no new result.
    reordered = stage(official_cam_xuyen, workbook(work=("employed_contract", "self_employed", None, "Thất nghiệp")))

    assert reordered.summary["households_unchanged"] == 3
    assert reordered.summary["assessments_new"] == 0
    assert list(Member.objects.order_by("id").values_list("id", "employment")) == before


def test_a_changed_employment_or_flag_is_written(stage, official_cam_xuyen, second_official):
    household_import_confirm(acting_user=second_official, batch_id=stage(official_cam_xuyen, workbook()).id)

    batch = stage(official_cam_xuyen, workbook(flags=("1", "không", "1"),
                                               work=("Làm công có hợp đồng", nfd("TỰ LÀM"), "thất nghiệp",
                                                     "unemployed")))
    assert (batch.summary["households_changed"], batch.summary["assessments_new"]) == (1, 1)
    household_import_confirm(acting_user=second_official, batch_id=batch.id)

    assert Member.objects.get(full_name="Chủ hộ 2").employment == "unemployed"
    latest = HouseholdAssessment.objects.filter(household__code="CX-3").latest("id")
    assert latest.facts["agricultural"] == 1


def test_files_without_the_new_columns_import_exactly_as_before(stage, official_cam_xuyen, second_official):
    old = xlsx_bytes([household_row("CX-1", members=1, income=2_000_000, deprived=0)], [member_row("CX-1", "An")])
    household_import_confirm(acting_user=second_official, batch_id=stage(official_cam_xuyen, old).id)

    result = HouseholdAssessment.objects.get()
    assert "agricultural" not in result.facts
    assert set(result.facts) == {"area", "members", "income_per_capita",  # jsonb on PostgreSQL keeps no order
                                 *[h for h in HOUSEHOLD_HEADERS if h.startswith("d_")]}
    assert Member.objects.get().employment == ""
    household = Household.objects.get()
    digest = household.record_digest

    # The same households with the new columns left blank: nothing new to record, nothing rewritten.
    blank = xlsx_bytes([[*household_row("CX-1", members=1, income=2_000_000, deprived=0), None]],
                       [[*member_row("CX-1", "An"), None]], household_headers=[*HOUSEHOLD_HEADERS, "agricultural"],
                       member_headers=[*MEMBER_HEADERS, "employment"])
    batch = stage(official_cam_xuyen, blank)
    assert batch.summary["households_changed"] == 0
    household.refresh_from_db()
    assert household.record_digest == digest


def test_the_household_page_shows_each_members_work(stage, official_cam_xuyen, second_official, client_for):
    household_import_confirm(acting_user=second_official, batch_id=stage(official_cam_xuyen, workbook()).id)
    page = client_for(official_cam_xuyen).get(f"/ho/{Household.objects.get(code='CX-1').pk}/").content.decode()
    assert "<td>Làm công có hợp đồng lao động</td>" in page and "<td>Tự làm, tự kinh doanh</td>" in page
    page = client_for(official_cam_xuyen).get(f"/ho/{Household.objects.get(code='CX-2').pk}/").content.decode()
    assert "<td>Chủ hộ</td><td>—</td>" in page
