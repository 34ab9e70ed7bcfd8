"""People's Council targets: entered in a form or imported from .xlsx/.csv, refused with clear reasons, audited."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

from giamngheo.common.models import AuditEvent
from giamngheo.dashboards.models import Target
from giamngheo.dashboards.services import TargetInvalid, TargetNotAllowed, target_set, targets_import

pytestmark = pytest.mark.django_db


def xlsx(rows):  # type: ignore[no-untyped-def]
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    for r, row in enumerate(rows):
        sheet.write_row(r, 0, row)
    book.close()
    return out.getvalue()


def test_form_saves_a_target_and_audits_it(units, province_admin, client_for):
    client = client_for(province_admin)
    response = client.post("/bang-theo-doi/muc-tieu/", {
        "unit": units.cam_xuyen.id, "year": 2025, "poor_rate": "2,18", "near_poor_rate": "2,8",
        "households_out": "", "source": "Nghị quyết 12/NQ-HĐND",
    })
    assert response.status_code == 302
    target = Target.objects.get()
    assert (target.unit, target.year, target.poor_rate, target.near_poor_rate, target.households_out) == (
        units.cam_xuyen, 2025, Decimal("2.18"), Decimal("2.80"), None,
    )
    event = AuditEvent.objects.get(action="target.create")
    assert (event.actor, event.unit_path, event.after) == (province_admin, units.cam_xuyen.path, {
        "year": 2025, "poor_rate": "2.18", "near_poor_rate": "2.80", "households_out": None,
        "source": "Nghị quyết 12/NQ-HĐND",
    })
    target_set(acting_user=province_admin, unit_id=units.cam_xuyen.id, year=2025, poor_rate="2.1",
               near_poor_rate="2,8", source="Nghị quyết 12/NQ-HĐND")
    event = AuditEvent.objects.get(action="target.update")
    assert (event.before, event.after) == ({"poor_rate": "2.18"}, {"year": 2025, "poor_rate": "2.10"})


@pytest.mark.parametrize(("value", "message"), [
    ("120", "Tỷ lệ hộ nghèo phải từ 0% đến 100% (nhận được 120%)."),
    ("-1", "Tỷ lệ hộ nghèo phải từ 0% đến 100% (nhận được -1%)."),
    ("hai", "Tỷ lệ hộ nghèo không phải là số: «hai»."),
    ("2,185", "Tỷ lệ hộ nghèo chỉ ghi tối đa 2 chữ số thập phân (nhận được 2,185)."),
    ("1e40", "Tỷ lệ hộ nghèo phải từ 0% đến 100% (nhận được 1E+40%)."),
    ("NaN", "Tỷ lệ hộ nghèo không phải là số: «NaN»."),
])
def test_form_refuses_rates_outside_0_to_100(units, province_admin, client_for, value, message):
    response = client_for(province_admin).post(
        "/bang-theo-doi/muc-tieu/", {"unit": units.cam_xuyen.id, "year": 2025, "poor_rate": value}
    )
    assert response.status_code == 400
    assert response.context["errors"] == [("", message)]
    assert message in response.content.decode()
    assert not Target.objects.exists() and not AuditEvent.objects.filter(action__startswith="target").exists()


def test_units_that_no_longer_exist_or_villages_are_refused(units, province_admin):
    with pytest.raises(TargetInvalid) as refused:
        target_set(acting_user=province_admin, unit_id=units.old_cam_quang.id, year=2025, poor_rate="3")
    assert refused.value.errors == [("", "Xã Cẩm Quang (mã 18691) không còn tồn tại từ ngày 01/07/2025 "
                                         "(nay thuộc Xã Cẩm Xuyên); hãy đặt mục tiêu cho đơn vị hiện hành.")]
    with pytest.raises(TargetInvalid) as refused:
        target_set(acting_user=province_admin, unit_id=units.trung_hoa.id, year=2025, poor_rate="3")
    assert refused.value.errors == [
        ("", "Chỉ đặt mục tiêu cho tỉnh hoặc xã (cấp có Hội đồng nhân dân), không đặt cho thôn.")
    ]


def test_only_staff_with_manage_targets_in_scope_may_set_targets(units, official_cam_xuyen, make_user, client_for):
    with pytest.raises(TargetNotAllowed):
        target_set(acting_user=official_cam_xuyen, unit_id=units.cam_xuyen.id, year=2025, poor_rate="3")
    assert client_for(official_cam_xuyen).get("/bang-theo-doi/muc-tieu/").status_code == 404
    other_province = make_user("province_admin", units.thien_cam, username="quantri.thiencam")
    with pytest.raises(TargetInvalid) as refused:
        target_set(acting_user=other_province, unit_id=units.cam_xuyen.id, year=2025, poor_rate="3")
    assert refused.value.errors == [("unit", "Không tìm thấy đơn vị trong phạm vi của tài khoản.")]


def test_xlsx_import_saves_every_row_with_one_audit_event(units, province_admin):
    content = xlsx([
        ["Mã đơn vị", "Tên đơn vị", "Năm", "Tỷ lệ hộ nghèo (%)", "Tỷ lệ hộ cận nghèo (%)", "Số hộ thoát nghèo"],
        ["42", "Tỉnh Hà Tĩnh", 2025, 2.18, 2.8, 1200],
        [18673, "Xã Cẩm Xuyên", 2025, "2,5", None, None],
        [None, None, None, None, None, None],
        ["18676", "Xã Thiên Cầm", 2026, 1.9, 2.5, 40],
    ])
    report = targets_import(acting_user=province_admin, file_name="muc-tieu.xlsx", content=content)
    assert (report.rows, report.created, report.updated) == (3, 3, 0)
    fields = ("unit__code", "year", "poor_rate", "near_poor_rate", "households_out")
    assert sorted(Target.objects.values_list(*fields)) == [
        ("18673", 2025, Decimal("2.50"), None, None),
        ("18676", 2026, Decimal("1.90"), Decimal("2.50"), 40),
        ("42", 2025, Decimal("2.18"), Decimal("2.80"), 1200),
    ]
    event = AuditEvent.objects.get(action="targets.import")
    assert (event.after["rows"], event.after["created"], event.unit_path) == (3, 3, units.province.path)


def test_csv_import_refuses_the_whole_file_and_lists_every_bad_row(units, province_admin, client_for):
    content = (
        "\ufeffMã đơn vị;Năm;Tỷ lệ hộ nghèo (%);Tỷ lệ hộ cận nghèo (%)\r\n"
        "18673;2025;2,18;2,8\r\n"
        "18691;2025;3;4\r\n"
        "18676;2025;101;2\r\n"
        "99999;2025;1;1\r\n"
        "18673;2025;2;2\r\n"
    ).encode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(province_admin).post(
        "/bang-theo-doi/muc-tieu/", {"file": SimpleUploadedFile("muc-tieu.csv", content, "text/csv")}
    )
    assert response.status_code == 400
    assert response.context["errors"] == [
        ("Dòng 3", "Xã Cẩm Quang (mã 18691) không còn tồn tại từ ngày 01/07/2025 (nay thuộc Xã Cẩm Xuyên); "
                   "hãy đặt mục tiêu cho đơn vị hiện hành."),
        ("Dòng 4", "Tỷ lệ hộ nghèo phải từ 0% đến 100% (nhận được 101%)."),
        ("Dòng 5", "Không tìm thấy đơn vị có mã 99999 trong phạm vi của tài khoản."),
        ("Dòng 6", "Trùng đơn vị 18673 và năm 2025 với một dòng trên."),
    ]
    assert not Target.objects.exists() and not AuditEvent.objects.filter(action__startswith="target").exists()


def test_a_file_without_the_needed_columns_is_refused(units, province_admin):
    from giamngheo.dashboards.target_files import TargetFileError

    with pytest.raises(TargetFileError, match="Thiếu cột: «Mã đơn vị»"):
        targets_import(acting_user=province_admin, file_name="x.csv", content="Năm;Tỷ lệ hộ nghèo\n2025;2\n".encode())
    with pytest.raises(TargetFileError, match=r"Chỉ nhận tệp \.xlsx hoặc \.csv\."):
        targets_import(acting_user=province_admin, file_name="x.pdf", content=b"%PDF")


def test_template_lists_the_units_in_scope(units, province_admin, client_for):
    from openpyxl import load_workbook

    response = client_for(province_admin).get("/bang-theo-doi/muc-tieu/mau.xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=3, values_only=True))
    assert rows[0] == ("Mã đơn vị", "Tên đơn vị", "Năm", "Tỷ lệ hộ nghèo (%)", "Tỷ lệ hộ cận nghèo (%)",
                       "Số hộ thoát nghèo", "Căn cứ (nghị quyết)")
    assert [r[:2] for r in rows[1:]] == [("42", "Tỉnh Hà Tĩnh"), ("18673", "Xã Cẩm Xuyên"), ("18676", "Xã Thiên Cầm")]
