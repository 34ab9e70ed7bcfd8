"""Done-when walk-through in real Chromium: one commune through a full periodic round, and the in-year path.

From the upload of the survey file (confirmed by a second official) to the signed decision and the certificate
PDF; the numbers of the exported report are checked against the imported file, recomputed with the domain's
own `assess`. The in-year round shows its 15-day deadline and refuses a late decision without a reason.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from giamngheo.domain.assess import assess
from giamngheo.domain.facts import HouseholdFacts
from giamngheo.domain.standard import standard_get
from tests.conftest import PASSWORD
from tests.review.conftest import SURVEY_2026, cam_xuyen_households  # noqa: F401  (fixture)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync"]
STANDARD = standard_get("2022-2025")


@pytest.fixture
def review_page(live_server) -> Iterator[object]:  # type: ignore[no-untyped-def]
    executable = shutil.which("chromium")
    if executable is None:
        pytest.skip("Debian's Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=ARGS, headless=True)
        context = browser.new_context(locale="vi-VN", base_url=live_server.url, accept_downloads=True,
                                      viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(30_000)
        yield page
        browser.close()


def survey_file() -> bytes:
    """The 2026 Phiếu B file of the six households of xã Cẩm Xuyên, with a members sheet."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    households = book.add_worksheet("households")
    households.write_row(0, 0, ["household_code", "commune_code", "village", "head_name", "area", "members",
                                "income_per_capita", *[f"d_{i}" for i in STANDARD.indicator_ids]])
    members = book.add_worksheet("members")
    members.write_row(0, 0, ["household_code", "full_name", "birth_year", "sex", "ethnicity", "relation"])
    row = 1
    for index, (code, head, village, size, _start, income, deprived) in enumerate(SURVEY_2026, start=1):
        name = {"trung_hoa": "Thôn Trung Hòa", "quyet_tien": "Thôn Quyết Tiến"}[village]
        households.write_row(index, 0, [code, "18673", name, head, "rural", size, income,
                                        *[int(i in deprived) for i in STANDARD.indicator_ids]])
        people = [(head, 1970, "Nam" if "Văn" in head else "Nữ", "Chủ hộ")]
        people += [(f"{head.split()[0]} Thị Con {i}", 2000 + i, "Nữ", "Con") for i in range(1, size)]
        for full_name, year, sex, relation in people:
            members.write_row(row, 0, [code, full_name, year, sex, "Kinh", relation])
            row += 1
    book.close()
    return buffer.getvalue()


def expected_from_file() -> dict[str, int]:
    """Recompute the report's figures from the file itself: households and persons per category."""
    out = {"households": 0, "persons": 0, "poor": 0, "poor_persons": 0, "near_poor": 0, "near_poor_persons": 0}
    for _code, _head, _village, size, _start, income, deprived in SURVEY_2026:
        category = assess(HouseholdFacts("rural", size, income, frozenset(deprived)), STANDARD).category
        out["households"] += 1
        out["persons"] += size
        if category in ("poor", "near_poor"):
            out[category] += 1
            out[f"{category}_persons"] += size
    return out


def login(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.context.clear_cookies()
    page.goto("/tai-khoan/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/dia-ban/**")


def submit(page, form: str, fields: dict[str, str], *, expect: str | None = None) -> None:  # type: ignore[no-untyped-def]
    for name, value in fields.items():
        page.fill(f"{form} [name={name}]", value)
    page.click(f"{form} button[type=submit]")
    page.wait_for_load_state("networkidle")
    if expect:
        assert expect in page.inner_text("main"), page.inner_text("main")[:2000]


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"review-{name}.png"), full_page=True)


def test_periodic_round_from_upload_to_certificate(review_page, make_user, units, cam_xuyen_households,  # noqa: F811
                                                   tmp_path):
    page = review_page
    make_user("commune_official", units.cam_xuyen, username="canbo.camxuyen")
    make_user("commune_official", units.cam_xuyen, username="kiemtra.camxuyen")
    login(page, "canbo.camxuyen")
    page.goto("/ra-soat/")
    page.select_option("#round-new [name=kind]", "periodic")
    page.check("#round-new [name=extra_standards][value='2027-2030']")
    submit(page, "#round-new", {"year": "2026", "started_on": "2026-09-01"}, expect="4 hộ trong danh sách cần rà soát")
    for code in ("CX-0105", "CX-0106"):
        submit(page, "#application-form", {"household_code": code, "applied_on": "2026-09-03"},
               expect=f"Đã thêm hộ {code}")
    submit(page, "#list-close-form", {"on": "2026-09-05"}, expect="Nhận dạng nhanh (Phiếu A)")
    page.check("form.screening[data-code='CX-0105'] [value=vehicle]")
    page.click("form.screening[data-code='CX-0105'] button")
    page.wait_for_load_state("networkidle")
    for item in ("vehicle", "fridge_ac", "washing_machine"):
        page.check(f"form.screening[data-code='CX-0106'] [value={item}]")
    page.click("form.screening[data-code='CX-0106'] button")
    page.wait_for_load_state("networkidle")
    assert "dừng rà soát sau Phiếu A" in page.inner_text("main")
    submit(page, "#screening-close-form", {"on": "2026-09-10"}, expect="Bước hiện tại: Điều tra, rà soát (Phiếu B)")
    upload = tmp_path / "ket-qua-ra-soat-2026.xlsx"
    upload.write_bytes(survey_file())
    page.set_input_files("#upload-form [name=file]", str(upload))
    page.click("#upload-form button")
    page.wait_for_load_state("networkidle")
    assert "chờ một cán bộ khác xác nhận" in page.inner_text("main"), page.inner_text("main")[:3000]
    submit(page, "#survey-close-form", {"on": "2026-10-01"}, expect="Còn 5 hộ chưa có kết quả Phiếu B năm 2026")
    round_url = page.url
    shot(page, "1-uploaded")

    login(page, "kiemtra.camxuyen")
    page.goto(round_url)
    page.click("#batches button")
    page.wait_for_load_state("networkidle")
    assert "kết quả điều tra đã vào sổ hộ" in page.inner_text("main")
    submit(page, "#survey-close-form", {"on": "2026-10-01"}, expect="Kết quả theo từng chuẩn nghèo")
    assert "CX-0103" in page.inner_text("#changes")  # average under 2022-2025, near-poor under 2027-2030
    shot(page, "2-surveyed")
    for village in ("Thôn Quyết Tiến", "Thôn Trung Hòa"):
        form = f"form.meeting[data-village='{village}']"
        submit(page, form, {"held_on": "2026-10-05", "chair": "Trần Văn Trưởng", "secretary": "Lê Thị Thư",
                            "households_represented": "3", "attendees": "20", "agree": "15"}, expect="thông qua")
    submit(page, "#posting-form", {"start_on": "2026-10-06", "signer_name": "Nguyễn Văn Chủ"},
           expect="Đã niêm yết từ 06/10/2026 đến hết 08/10/2026")
    submit(page, "#decide-form", {"decided_on": "2026-10-08", "signer_name": "Nguyễn Văn Chủ"},
           expect="Chưa hết thời gian niêm yết và nhận khiếu nại")
    submit(page, "#decide-form", {"decided_on": "2026-10-09", "signer_name": "Nguyễn Văn Chủ"},
           expect="Đã ban hành quyết định ngày 09/10/2026")
    shot(page, "3-decided")
    rows = page.query_selector_all("#lists tr[data-list]")
    lists = {row.get_attribute("data-list"): row.inner_text() for row in rows}
    expected = expected_from_file()
    assert lists["poor"].split("\t")[1:] == [str(expected["poor"]), str(expected["poor_persons"])]

    decision = page.locator("#documents a[data-kind=decision]")
    assert decision.inner_text() == "Quyết định công nhận 01/QĐ-UBND"
    pdf = page.request.get(decision.get_attribute("href"))
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    certificate = page.locator("#documents a[data-kind=certificate]").first
    certificate_pdf = page.request.get(certificate.get_attribute("href")).body()
    assert certificate_pdf.startswith(b"%PDF")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "review-decision.pdf").write_bytes(pdf.body())
    (ARTIFACTS / "review-certificate.pdf").write_bytes(certificate_pdf)

    page.goto(f"/ra-soat/bao-cao/{units.cam_xuyen.pk}/2026/")
    with page.expect_download() as download:
        page.click("#xlsx")
    book = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    row = [c.value for c in book["1. Kết quả rà soát"][5]]
    assert row[2:4] == [expected["households"], expected["persons"]]
    assert row[4:6] == [expected["poor"], expected["poor_persons"]]
    assert row[7:9] == [expected["near_poor"], expected["near_poor_persons"]]
    shot(page, "4-report")


def test_in_year_round_with_its_deadline(review_page, make_user, units, cam_xuyen_households):  # noqa: F811
    from tests.review.conftest import survey_assessment

    page = review_page
    make_user("commune_official", units.cam_xuyen, username="canbo.camxuyen")
    household = cam_xuyen_households.by_code["CX-0106"]
    survey_assessment(household, year=2026, income=3_500_000, deprived=(), members=1)
    login(page, "canbo.camxuyen")
    page.goto("/ra-soat/")
    page.select_option("#round-new [name=kind]", "in_year")
    submit(page, "#round-new", {"year": "2026", "month": "10", "started_on": "2026-10-15"},
           expect="Hạn ra quyết định: 30/10/2026")
    submit(page, "#application-form", {"household_code": "CX-0106", "applied_on": "2026-10-15"})
    submit(page, "#list-close-form", {"on": "2026-10-16"})
    page.click("form.screening[data-code='CX-0106'] button")
    page.wait_for_load_state("networkidle")
    submit(page, "#screening-close-form", {"on": "2026-10-17"})
    submit(page, "#survey-close-form", {"on": "2026-10-20"}, expect="Họp dân thống nhất kết quả")
    submit(page, "form.meeting[data-village='Thôn Quyết Tiến']",
           {"held_on": "2026-10-21", "chair": "A", "secretary": "B", "households_represented": "2",
            "attendees": "5", "agree": "4"}, expect="thông qua")
    submit(page, "#posting-form", {"start_on": "2026-10-22", "signer_name": "Nguyễn Văn Chủ"},
           expect="đến hết 26/10/2026")
    submit(page, "#decide-form", {"decided_on": "2026-11-02", "signer_name": "Nguyễn Văn Chủ"},
           expect="Quá hạn 3 ngày")
    shot(page, "5-in-year-late")
    submit(page, "#decide-form", {"decided_on": "2026-11-02", "signer_name": "Nguyễn Văn Chủ",
                                  "late_reason": "Chủ tịch đi công tác"},
           expect="Đã ban hành quyết định ngày 02/11/2026")
    assert "Quá hạn 3 ngày: Chủ tịch đi công tác" in page.inner_text("#steps")
    assert page.locator("#documents a[data-kind=reply]").inner_text() == "Văn bản trả lời 01/UBND-VHXH"
    assert dt.date(2026, 10, 30).strftime("%d/%m/%Y") in page.inner_text("#deadline")
