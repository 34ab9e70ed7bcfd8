"""GET /api/v1/standards[/{id}] and POST /api/v1/assess through Django's test client."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def post(body: dict[str, Any]) -> Any:
    return Client().post("/api/v1/assess", json.dumps(body), content_type="application/json")


def test_standards_are_public_and_listed_in_order() -> None:
    response = Client().get("/api/v1/standards")
    assert response.status_code == 200
    listed = response.json()
    assert [s["id"] for s in listed] == ["2022-2025", "2027-2030", "dong-nai-2022-2025"]
    assert listed[0]["income_line"] == {"rural": 1500000, "urban": 2000000}
    assert listed[1]["average_ceiling"] is None
    assert "indicator telecom: unverified" in listed[0]["unverified"]


def test_one_standard_in_detail() -> None:
    detail = Client().get("/api/v1/standards/2027-2030").json()
    assert detail["valid_from"] == "2027-01-01" and detail["valid_to"] == "2030-12-31"
    assert [i["column"] for i in detail["indicators"]][-2:] == ["d_waste", "d_digital"]
    assert detail["indicators"][-1]["confidence"] == "unverified"
    assert detail["scores"]["confidence"] == "unverified"
    assert detail["legal"][0]["instrument"] == "Nghị định 351/2025/NĐ-CP"


def test_unknown_standard_is_404() -> None:
    response = Client().get("/api/v1/standards/1990")
    assert response.status_code == 404
    assert response.json() == {"detail": "Không có chuẩn nghèo '1990' (có: 2022-2025, 2027-2030, dong-nai-2022-2025)."}


def test_assess_one_household() -> None:
    response = post({"standard": "2022-2025", "area": "rural", "members": 4, "income_per_capita": 1500000,
                     "deprivations": ["d_water", "telecom", "employment", "waste"]})
    assert response.status_code == 200
    body = response.json()
    assert {k: body[k] for k in ("standard_id", "category", "deprivation_count", "deprivations", "reason_codes",
                                 "basis", "local", "unknown_indicators", "disagreements")} == {
        "standard_id": "2022-2025", "category": "poor", "deprivation_count": 3,
        "deprivations": ["employment", "water", "telecom"],
        "reason_codes": ["income_at_or_below_line", "deprivations_at_or_above_cutoff"], "basis": "income",
        "local": None, "unknown_indicators": ["waste"], "disagreements": [],
    }
    assert body["reason"] == ("Hộ nghèo: thu nhập 1.500.000 đồng/người/tháng không vượt chuẩn nghèo nông thôn "
                              "1.500.000 đồng và thiếu hụt 3/12 chỉ số (từ 3 chỉ số trở lên).")


def test_assess_by_date_and_with_the_provincial_standard() -> None:
    later = post({"on": "2027-03-01", "area": "urban", "income_per_capita": 2800000, "deprivations": []}).json()
    assert (later["standard_id"], later["category"]) == ("2027-2030", "near_poor")
    both = post({"standard": "dong-nai-2022-2025", "area": "urban", "income_per_capita": 2400000,
                 "deprivations": ["water", "nutrition"]}).json()
    assert (both["standard_id"], both["category"]) == ("2022-2025", "average")
    assert (both["local"]["standard_id"], both["local"]["category"]) == ("dong-nai-2022-2025", "poor")


def test_assess_from_scores() -> None:
    body = post({"standard": "2022-2025", "area": "urban", "b1_score": 170, "b2_score": 30}).json()
    assert (body["category"], body["basis"], body["deprivation_count"]) == ("poor", "scores", 3)
    assert "unverified_score_cutoffs" in body["reason_codes"]


def test_assess_from_survey_facts_reports_disagreements() -> None:
    survey = {"members": [{"age": 40, "employment": "unemployed"}, {"age": 8, "in_school": False}],
              "floor_area_m2": 30, "walls_durable": True, "columns_durable": True, "roof_durable": True,
              "water_source": "river", "latrine_type": "septic", "services_used": ["phone"], "devices": ["tv"]}
    derived = post({"standard": "2022-2025", "area": "rural", "income_per_capita": 900000, "survey": survey}).json()
    assert derived["derived_deprivations"] == ["employment", "child_schooling", "water"]
    assert derived["category"] == "poor"
    assert derived["disagreements"] == []
    ticked = post({"standard": "2022-2025", "area": "rural", "income_per_capita": 900000, "survey": survey,
                   "deprivations": ["water", "sanitation"]}).json()
    assert ticked["category"] == "near_poor"
    assert [(d["indicator"], d["ticked"], d["derived"]) for d in ticked["disagreements"]] == [
        ("employment", False, True), ("child_schooling", False, True), ("sanitation", True, False)]


@pytest.mark.parametrize(("body", "status"), [
    ({"standard": "2022-2025", "area": "city", "income_per_capita": 1}, 422),
    ({"standard": "2022-2025", "area": "rural", "income_per_capita": -1}, 422),
    ({"standard": "2022-2025", "area": "rural"}, 422),
    ({"standard": "2022-2025", "area": "rural", "b1_score": 100, "b2_score": 35}, 422),
    ({"standard": "1990", "area": "rural", "income_per_capita": 1}, 404),
    ({"on": "2040-01-01", "area": "rural", "income_per_capita": 1}, 404),
    ({"standard": "2027-2030", "overlay": "dong-nai-2022-2025", "area": "rural", "income_per_capita": 1}, 422),
])
def test_bad_requests_are_clear(body: dict[str, Any], status: int) -> None:
    response = post(body)
    assert response.status_code == status
    assert "detail" in response.json()


def test_malformed_json_is_rejected() -> None:
    response = Client().post("/api/v1/assess", "{not json", content_type="application/json")
    assert response.status_code in (400, 422)
