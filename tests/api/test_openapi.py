"""The API describes itself: an OpenAPI document listing every route, and browsable docs."""

import json

from django.test import Client


def test_openapi_document_lists_the_routes(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["info"]["title"] == "giamngheo API"
    assert document["openapi"].startswith("3.")
    assert {
        "/api/v1/units", "/api/v1/units/{unit_id}", "/api/v1/households", "/api/v1/households/{household_id}",
        "/api/v1/audit",
    } <= set(document["paths"])


def test_api_docs_render(db):
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    assert "/api/v1/openapi.json" in response.content.decode()
