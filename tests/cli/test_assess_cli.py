"""`giamngheo assess`, `giamngheo standards` and `giamngheo template` through the real command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from giamngheo.cli import main
from giamngheo.domain.standard import standard_get

INDICATORS_2022 = standard_get("2022-2025").indicator_ids
INDICATORS_2027 = standard_get("2027-2030").indicator_ids
ALL = list(dict.fromkeys([*INDICATORS_2022, *INDICATORS_2027]))
HEADER = ["household_code", "area", "members", "income_per_capita", *[f"d_{i}" for i in ALL]]


def household(code: str, area: str, income: str, deprived: tuple[str, ...]) -> str:
    return ",".join([code, area, "4", income, *["1" if i in deprived else "0" for i in ALL]])


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "xa.csv"
    lines = [",".join(HEADER),
             household("H1", "rural", "1200000", ("water", "telecom", "employment")),
             household("H2", "urban", "2400000", ("water", "waste")),
             household("H3", "rural", "2000000", ("water", "waste", "digital")),
             household("H4", "urban", "5000000", ())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_assess_prints_a_summary_and_writes_the_file(source: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = source.with_name("ket-qua.csv")
    assert main(["assess", str(source), "-o", str(target), "--standard", "2022-2025"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"Đã đánh giá 4/4 hộ theo chuẩn 2022-2025 → {target}",
        "Hộ nghèo: 1, Hộ cận nghèo: 0, Hộ có mức sống trung bình: 2, Hộ không nghèo: 1",
    ]
    assert "chưa được kiểm chứng" in err
    frame = pl.read_csv(target, infer_schema=False)
    assert frame.get_column("category").to_list() == ["poor", "average", "average", "non_poor"]


def test_on_date_picks_the_standard_in_force(source: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = source.with_name("ket-qua.parquet")
    assert main(["assess", str(source), "-o", str(target), "--on", "01/01/2027"]) == 0
    assert "theo chuẩn 2027-2030" in capsys.readouterr().out
    assert pl.read_parquet(target).get_column("category").to_list() == ["near_poor", "near_poor", "poor",
                                                                         "non_poor"]


def test_compare_reports_moves_between_standards(source: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = source.with_name("so-sanh.csv")
    assert main(["assess", str(source), "-o", str(target), "--standard", "2022-2025", "--compare", "2027-2030"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[2:] == [
        "So sánh 2022-2025 → 2027-2030 (số hộ chuyển loại):",
        "  Hộ nghèo → Hộ cận nghèo: 1  *",
        "  Hộ có mức sống trung bình → Hộ nghèo: 1  *",
        "  Hộ có mức sống trung bình → Hộ cận nghèo: 1  *",
        "  Hộ không nghèo → Hộ không nghèo: 1",
    ]
    columns = pl.read_csv(target, infer_schema=False).columns
    assert columns[-5:] == ["compare_standard", "compare_category", "compare_deprivation_count",
                            "compare_deprivations", "compare_reason"]


def test_provincial_standard_keeps_both_results(source: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = source.with_name("dong-nai.csv")
    assert main(["assess", str(source), "-o", str(target), "--standard", "dong-nai-2022-2025"]) == 0
    assert capsys.readouterr().out.splitlines()[2] == (
        "Theo chuẩn địa phương dong-nai-2022-2025: Hộ nghèo: 1, Hộ cận nghèo: 2, Hộ không nghèo: 1")
    frame = pl.read_csv(target, infer_schema=False)
    assert frame.select("standard", "local_standard").unique().rows() == [("2022-2025", "dong-nai-2022-2025")]


def test_overlay_from_a_toml_file(source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    overlay = tmp_path / "tinh.toml"
    overlay.write_text('id = "tinh-thu"\nbase = "2022-2025"\ntitle = "Chuẩn tỉnh thử"\n'
                       "[income_line]\nrural = 2_100_000\nurban = 2_500_000\n", encoding="utf-8")
    target = tmp_path / "tinh.csv"
    assert main(["assess", str(source), "-o", str(target), "--standard", "2022-2025", "--overlay", str(overlay)]) == 0
    frame = pl.read_csv(target, infer_schema=False)
    assert frame.get_column("local_category").to_list() == ["poor", "near_poor", "near_poor", "non_poor"]


@pytest.mark.parametrize(("extra", "message"), [
    (["--standard", "2016-2020"], "giamngheo: Không có chuẩn nghèo '2016-2020' (có: 2022-2025, 2027-2030, "
                                  "dong-nai-2022-2025).\n"),
    (["--on", "2031-01-01"], "giamngheo: Không có chuẩn nghèo quốc gia nào có hiệu lực ngày 2031-01-01.\n"),
    (["--on", "hôm qua"], "giamngheo: Ngày 'hôm qua' không hợp lệ; ghi dạng YYYY-MM-DD hoặc DD/MM/YYYY.\n"),
    (["--standard", "2027-2030", "--overlay", "dong-nai-2022-2025"],
     "giamngheo: Chuẩn địa phương 'dong-nai-2022-2025' dựa trên chuẩn '2022-2025', không phải '2027-2030'.\n"),
    (["--overlay", "khong-co.toml"], "giamngheo: Không tìm thấy tệp chuẩn địa phương 'khong-co.toml'.\n"),
])
def test_bad_options_exit_2_with_one_line(source: Path, capsys: pytest.CaptureFixture[str], extra: list[str],
                                          message: str) -> None:
    target = source.with_name("x.csv")
    assert main(["assess", str(source), "-o", str(target), *extra]) == 2
    assert capsys.readouterr().err == message
    assert not target.exists()


def test_bad_rows_exit_2_and_write_nothing(source: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = source.read_text(encoding="utf-8").replace("H2,urban,4,2400000", "H2,urban,4,2,4tr")
    source.write_text(text.replace("H4,urban", "H1,urban"), encoding="utf-8")
    target = source.with_name("x.csv")
    assert main(["assess", str(source), "-o", str(target), "--standard", "2022-2025"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"giamngheo: không đánh giá được '{source}'; không ghi tệp kết quả."
    assert "row 3, column income_per_capita: '2' không phải số nguyên" not in err  # split by the comma: ragged row
    assert err[1] == "row 3: dòng có 19 ô nhưng tiêu đề chỉ có 18 cột (thừa dấu ',' hoặc thiếu dấu ngoặc kép?)."
    assert not target.exists()


def test_duplicate_codes_exit_2(source: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source.write_text(source.read_text(encoding="utf-8").replace("H4,urban", "H1,urban"), encoding="utf-8")
    assert main(["assess", str(source), "-o", str(source.with_name("x.csv")), "--standard", "2022-2025"]) == 2
    assert capsys.readouterr().err.splitlines()[1:] == [
        "row 5, column household_code: mã hộ 'H1' trùng với dòng 2.", "Tổng cộng 1 lỗi ở 1 dòng (household_code: 1)."]


def test_skip_invalid_exits_0_and_lists_what_was_skipped(source: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source.write_text(source.read_text(encoding="utf-8").replace("H4,urban,4,5000000", "H4,urban,4,abc"),
                      encoding="utf-8")
    target = source.with_name("x.csv")
    assert main(["assess", str(source), "-o", str(target), "--standard", "2022-2025", "--skip-invalid"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("Đã đánh giá 3/4 hộ")
    assert "row 5, column income_per_capita: 'abc' không phải số nguyên rõ nghĩa" in err


def test_standards_lists_and_shows(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["standards"]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in listing] == ["2022-2025", "2027-2030", "dong-nai-2022-2025"]
    assert all("[chưa kiểm chứng:" in line for line in listing)
    assert main(["standards", "2027-2030"]) == 0
    shown = capsys.readouterr().out
    assert "  đô thị: chuẩn nghèo ≤ 2.800.000 đồng/người/tháng; không có mức trung bình" in shown
    assert "    d_waste              Xử lý rác thải sinh hoạt [unverified]" in shown
    assert "Điểm cắt B1: nông thôn ≤ 140, thành thị ≤ 175; B2 = 10 điểm/chỉ số [tin cậy: unverified]" in shown
    assert main(["standards", "2022-2025", "--json"]) == 0
    described = json.loads(capsys.readouterr().out)
    assert described["income_line"] == {"rural": 1500000, "urban": 2000000}
    assert described["indicators"][10]["confidence"] == "unverified"
    assert main(["standards", "1990"]) == 2


def test_template_writes_an_xlsx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "mau.xlsx"
    assert main(["template", "-o", str(target), "--standard", "2027-2030"]) == 0
    assert capsys.readouterr().out == f"Đã ghi mẫu theo chuẩn 2027-2030 → {target}\n"
    # The last indicator of the standard, then the optional columns added to the file contract.
    columns = pl.read_excel(target, sheet_name="households").columns
    last_indicator = columns.index("Sử dụng dịch vụ số, truy cập internet")
    assert columns[last_indicator + 1:] == ["Hộ làm nông, lâm, ngư, diêm nghiệp", "Hộ không có khả năng lao động",
                                            "Hộ có người có công với cách mạng", "Nguyên nhân nghèo"]
    assert main(["template", "-o", str(tmp_path / "mau.csv")]) == 2


def test_real_process_exit_status(source: Path) -> None:
    bad = source.with_name("bad.csv")
    bad.write_text(",".join(HEADER) + "\n" + household("H1", "sao hỏa", "1", ()) + "\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "giamngheo.cli", "assess", str(bad), "-o",
                           str(source.with_name("x.csv")), "--standard", "2022-2025"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert "row 2, column area: 'sao hỏa' không hợp lệ" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_administrator_corrects_the_score_cutoffs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scores = tmp_path / "diem.csv"
    scores.write_text("Mã hộ,Khu vực,Số nhân khẩu,Phiếu B1,Phiếu B2\nH1,nông thôn,4,145,30\nH2,thành thị,3,180,10\n",
                      encoding="utf-8")
    assert main(["assess", str(scores), "-o", str(tmp_path / "a.csv"), "--standard", "2022-2025"]) == 0
    assert pl.read_csv(tmp_path / "a.csv").get_column("category").to_list() == ["non_poor", "non_poor"]
    corrected = tmp_path / "hieu-chinh.toml"
    corrected.write_text(
        'id = "2022-2025-b1-checked"\nkind = "correction"\nbase = "2022-2025"\n'
        'title = "Chuẩn 2022–2025, điểm cắt B1 đã đối chiếu"\n'
        '[scores]\nconfidence = "confirmed"\n[scores.b1_max]\nrural = 150\nurban = 185\n', encoding="utf-8")
    capsys.readouterr()
    assert main(["assess", str(scores), "-o", str(tmp_path / "b.csv"), "--standard", str(corrected)]) == 0
    assert "theo chuẩn 2022-2025-b1-checked từ điểm B1/B2" in capsys.readouterr().out
    frame = pl.read_csv(tmp_path / "b.csv")
    assert frame.get_column("category").to_list() == ["poor", "near_poor"]
    assert "chưa được kiểm chứng" not in frame.get_column("reason")[0]
