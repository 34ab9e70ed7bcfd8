"""`giamngheo import FILE --commune CODE`, `import-confirm` and `import-reject` through the real entry point."""

from __future__ import annotations

import pytest

from giamngheo.cli import main
from giamngheo.common.models import AuditEvent
from giamngheo.registry.models import Household, ImportBatch, ImportStatus
from tests.registry.conftest import household_row, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def workbook(tmp_path, two_households):
    path = tmp_path / "ket-qua.xlsx"
    path.write_bytes(two_households)
    return path


def test_import_previews_then_a_second_user_confirms(workbook, official_cam_xuyen, second_official, capsys):
    status = main(["import", str(workbook), "--commune", "18673", "--year", "2026", "--standard", "2022-2025",
                   "--assessed-on", "2026-11-20", "--user", "canbo.camxuyen"])

    out = capsys.readouterr().out
    batch = ImportBatch.objects.get()
    assert status == 0
    assert out.splitlines() == [
        f"Xem trước lô #{batch.pk} (ket-qua.xlsx, năm 2026, chuẩn 2022-2025):",
        "  2 hộ trong tệp: 2 hộ mới, 0 hộ thay đổi, 0 hộ không đổi; 2 kết quả mới.",
        "  Hộ nghèo 1, cận nghèo 0, mức sống trung bình 0, không nghèo 1.",
        "  3 thành viên (3 sẽ được ghi).",
        f"Lô #{batch.pk} đang chờ người thứ hai xác nhận: giamngheo import-confirm {batch.pk} --user TÀI_KHOẢN",
    ]
    assert Household.objects.count() == 0

    status = main(["import-confirm", str(batch.pk), "--user", "kiemtra.camxuyen"])

    assert status == 0
    assert capsys.readouterr().out == (f"Đã ghi lô #{batch.pk} vào sổ hộ: 2 hộ mới, 0 hộ thay đổi, 2 kết quả rà soát "
                                       "mới, 3 thành viên.\n")
    assert sorted(Household.objects.values_list("code", flat=True)) == ["CX-0101", "CX-0102"]
    assert set(AuditEvent.objects.values_list("channel", flat=True)) == {"cli"}


def test_the_same_user_cannot_confirm(workbook, official_cam_xuyen, capsys):
    main(["import", str(workbook), "--commune", "18673", "--year", "2026", "--standard", "2022-2025",
          "--assessed-on", "2026-11-20", "--user", "canbo.camxuyen"])
    batch = ImportBatch.objects.get()

    status = main(["import-confirm", str(batch.pk), "--user", "canbo.camxuyen"])

    assert status == 2
    assert capsys.readouterr().err.endswith("Người tải tệp lên không tự xác nhận được; cần một cán bộ khác kiểm tra "
                                            "và xác nhận.\n")
    assert ImportBatch.objects.get().status == ImportStatus.PENDING


def test_a_file_with_problems_exits_2_and_lists_them_by_row(tmp_path, official_cam_xuyen, capsys):
    path = tmp_path / "loi.xlsx"
    path.write_bytes(xlsx_bytes([household_row("CX-1", commune="99999"), household_row("CX-2", members="hai")],
                                []))

    status = main(["import", str(path), "--commune", "18673", "--year", "2026", "--standard", "2022-2025",
                   "--assessed-on", "2026-11-20", "--user", "canbo.camxuyen"])

    lines = capsys.readouterr().out.splitlines()
    assert status == 2
    assert lines[0] == f"Lô #{ImportBatch.objects.get().pk}: 3 lỗi — không có gì được ghi. Sửa tệp rồi nhập lại."
    assert lines[1:] == [
        "  bảng hộ gia đình, dòng 2, cột commune_code: mã xã 99999 không tồn tại trong danh mục đơn vị hành chính "
        "hiện hành.",
        "  bảng hộ gia đình, dòng 2, cột members: khai 2 nhân khẩu nhưng bảng thành viên có 0 người.",
        "  bảng hộ gia đình, dòng 3, cột members: 'hai' không phải số nguyên rõ nghĩa; ghi như 1500000, 1.500.000 "
        "hoặc 1,500,000.",
    ]
    assert Household.objects.count() == 0


def test_unknown_commune_code_and_missing_file_are_one_sentence(tmp_path, workbook, units, capsys):
    assert main(["import", str(workbook), "--commune", "99999"]) == 2
    assert capsys.readouterr().err == "giamngheo: Không có xã hiện hành mã '99999'. (Unknown commune code.)\n"
    assert main(["import", str(tmp_path / "khong-co.xlsx"), "--commune", "18673"]) == 2
    assert "Không tìm thấy tệp" in capsys.readouterr().err
