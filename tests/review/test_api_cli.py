"""The review API (scoped, steps in order, 400 with the reason) and the CLI report export."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest

from giamngheo.cli import main
from tests.review.conftest import drive

pytestmark = pytest.mark.django_db


def test_api_round_and_out_of_order_step(client_for, official_cam_xuyen, official_thien_cam, periodic_round):
    client = client_for(official_cam_xuyen)
    listed = client.get("/api/v1/review/rounds").json()
    assert [(r["id"], r["state"], r["standards"]) for r in listed] == [
        (periodic_round.pk, "listing", ["2022-2025", "2027-2030", "dong-nai-2022-2025"])]
    response = client.post(f"/api/v1/review/rounds/{periodic_round.pk}/survey-close", json.dumps({"on": "2026-09-05"}),
                           content_type="application/json")
    assert response.status_code == 400
    assert "đang ở bước «Lập danh sách hộ cần rà soát»" in response.json()["detail"]
    response = client.post(f"/api/v1/review/rounds/{periodic_round.pk}/list-close", json.dumps({"on": "2026-09-05"}),
                           content_type="application/json")
    assert (response.status_code, response.json()["state"]) == (200, "screening")
    assert client_for(official_thien_cam).get(f"/api/v1/review/rounds/{periodic_round.pk}").status_code == 404


def test_api_report_and_cli_export(client_for, official_cam_xuyen, periodic_round, survey_2026, units, tmp_path,
                                   capsys):
    drive(official_cam_xuyen, periodic_round, until="decide", households=survey_2026)
    report = client_for(official_cam_xuyen).get(f"/api/v1/review/reports/{units.cam_xuyen.pk}/2026").json()
    assert (report["total"]["poor"], report["total"]["near_poor"], report["poor_dynamics"]["end"]) == (2, 2, 2)
    out = tmp_path / "bao-cao.xlsx"
    assert main(["review-report", "--unit", "18673", "--year", "2026", "--out", str(out)]) == 0
    sheet = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))["1. Kết quả rà soát"]
    assert [c.value for c in sheet[5]][2:6] == [6, 21, 2, 6]
    assert main(["review-report", "--unit", "99999", "--year", "2026", "--out", str(out)]) == 2
    assert "Không có tỉnh hoặc xã hiện hành mã '99999'" in capsys.readouterr().err
