"""In Chromium, a provincial and a commune user read the dashboard; every number shown equals the exported report."""

from __future__ import annotations

import io
import subprocess

from tests.conftest import PASSWORD
from tests.dashboards.conftest import history, refreshed, targets  # noqa: F401 — fixtures

TWO_PLACES = "{:.2f}"


def pct(value) -> str:  # type: ignore[no-untyped-def]
    return "—" if value is None else TWO_PLACES.format(value).replace(".", ",") + "%"


def sign_in(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def open_dashboard(page, path: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(path)
    page.wait_for_selector("html[data-charts-ready]")


def report(page):  # type: ignore[no-untyped-def]
    """Download the .xlsx report through the page's own link; return {sheet: [rows]}."""
    from openpyxl import load_workbook

    with page.expect_download() as download:
        page.locator("#report-link").click()
    book = load_workbook(io.BytesIO(download.value.path().read_bytes()), read_only=True)
    return {name: list(book[name].iter_rows(min_row=4, values_only=True)) for name in book.sheetnames}


def kpis(page) -> dict[str, str]:  # type: ignore[no-untyped-def]
    text = page.locator
    return {
        "poor_rate": text("#kpi-poor-rate .value").inner_text(),
        "poor": text("#kpi-poor-rate .count").inner_text(),
        "poor_target": text("#kpi-poor-rate .target").inner_text(),
        "near_poor_rate": text("#kpi-near-poor-rate .value").inner_text(),
        "near_poor": text("#kpi-near-poor-rate .count").inner_text(),
        "near_poor_target": text("#kpi-near-poor-rate .target").inner_text(),
        "escaped": text("#kpi-escaped .value").inner_text(),
        "newly": text("#kpi-newly .newly").inner_text(),
        "fallen": text("#kpi-newly .fallen").inner_text(),
    }


def expected_kpis(sheets, year: int) -> dict[str, str]:  # type: ignore[no-untyped-def]
    series = next(r for r in sheets["xu-huong"] if r[0] == year)
    flows = next(r for r in sheets["bien-dong"] if r[0] == year)
    return {
        "poor_rate": pct(series[3]), "poor": str(series[2]), "poor_target": pct(series[4]),
        "near_poor_rate": pct(series[6]), "near_poor": str(series[5]), "near_poor_target": pct(series[7]),
        "escaped": str(flows[1]), "newly": str(flows[4]), "fallen": str(flows[5]),
    }


def children_shown(page) -> list[tuple[str, ...]]:  # type: ignore[no-untyped-def]
    rows = page.locator("#children tbody tr")
    return [tuple(c.strip() for c in rows.nth(i).locator("td").all_inner_texts()[:4]) for i in range(rows.count())]


def test_provincial_user_reads_the_same_numbers_as_the_report(page, screenshot, targets, province_admin):  # noqa: F811
    u = targets.units
    sign_in(page, "quantri.tinh")
    open_dashboard(page, "/bang-theo-doi/")
    assert page.locator("h1").inner_text() == "Giảm nghèo — Tỉnh Hà Tĩnh"
    assert page.locator("#chart-rates svg").count() == 1 and page.locator("#chart-map svg").count() == 1
    screenshot(page, "province")
    sheets = report(page)
    assert kpis(page) == expected_kpis(sheets, 2025) == {
        "poor_rate": "37,50%", "poor": "3", "poor_target": "20,00%", "near_poor_rate": "37,50%", "near_poor": "3",
        "near_poor_target": "30,00%", "escaped": "1", "newly": "1", "fallen": "0",
    }
    assert children_shown(page) == [(r[1], str(r[2]), str(r[3]), pct(r[4])) for r in sheets["don-vi"]] == [
        ("Xã Cẩm Xuyên", "6", "2", "33,33%"), ("Xã Thiên Cầm", "2", "1", "50,00%"),
    ]
    heat = page.locator("#heat-table tbody tr").first.locator("td").all_text_contents()  # inside closed <details>
    assert heat[1:] == [pct(v) for v in sheets["thieu-hut"][0][3:]]

    brief = page.request.get(page.locator("#brief-link").get_attribute("href"))
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=brief.body(), capture_output=True,
                          check=True).stdout.decode()
    assert "37,50% (3 hộ)" in text and "20,00%" in text

    page.get_by_role("link", name="Xã Cẩm Xuyên").first.click()
    page.wait_for_url(f"**/bang-theo-doi/{u.cam_xuyen.id}/?nam=2025")
    page.wait_for_selector("html[data-charts-ready]")
    assert page.locator("#kpi-poor-rate .value").inner_text() == "33,33%"
    screenshot(page, "drill-down-commune")


def test_commune_user_reads_their_commune_and_nothing_else(page, screenshot, refreshed, official_cam_xuyen):  # noqa: F811
    u = refreshed.units
    sign_in(page, "canbo.camxuyen")
    open_dashboard(page, "/bang-theo-doi/")
    assert page.url.endswith(f"/bang-theo-doi/{u.cam_xuyen.id}/")
    page.select_option("#nam", "2024")
    page.wait_for_url("**?nam=2024")
    page.wait_for_selector("html[data-charts-ready]")
    sheets = report(page)
    shown = kpis(page)
    assert shown == expected_kpis(sheets, 2024)
    assert (shown["poor_rate"], shown["poor"], shown["fallen"]) == ("33,33%", "2", "1")
    assert children_shown(page) == [(r[1], str(r[2]), str(r[3]), pct(r[4])) for r in sheets["don-vi"]] == [
        ("Thôn Quyết Tiến", "2", "0", "0,00%"), ("Thôn Trung Hòa", "2", "1", "50,00%"),
    ]
    assert page.locator(".breadcrumb a").count() == 0  # the province is named, not opened
    screenshot(page, "commune")
    assert page.goto(f"/bang-theo-doi/{u.thien_cam.id}/").status == 404
    assert page.goto(f"/bang-theo-doi/{u.province.id}/").status == 404
    screenshot(page, "other-unit-404")


def test_residents_see_rates_without_household_data(page, screenshot, targets):  # noqa: F811
    u = targets.units
    page.goto("/")
    page.get_by_role("link", name="Số liệu giảm nghèo").first.click()
    page.wait_for_url(f"**/so-lieu-giam-ngheo/{u.province.id}/")
    page.wait_for_selector("html[data-charts-ready]")
    assert page.locator("#kpi-poor-rate .value").inner_text() == "37,50%"
    assert children_shown(page) == [("Xã Cẩm Xuyên", "33,33%", "2,18%", "50,00%"),
                                    ("Xã Thiên Cầm", "50,00%", "50,00%", "0,00%")]
    assert "Chủ hộ" not in page.content() and "Hộ thoát nghèo" not in page.content()
    screenshot(page, "public")
