"""The schemas are valid OpenAPI 3 and every documented operation is exercised here, with a key
that allows it, answering a status the schema documents."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from openapi_spec_validator import validate

from api.scopes import Scope
from tests.api.test_writes import CALENDAR_EVENT, COURSE

ALL_SCOPES = list(Scope)


def _schema(api_client, municipality) -> dict[str, Any]:
    response = api_client(municipality).get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize("host", ["region", "municipality"])
def test_the_schema_is_valid_openapi_3(api_client, muni_a, host):
    schema = _schema(api_client, muni_a if host == "municipality" else None)
    validate(json.loads(json.dumps(schema)))
    assert schema["openapi"].startswith("3.") and schema["info"]["version"] == "1"
    assert schema["components"]["securitySchemes"]["ApiKeyAuth"] == {"type": "http", "scheme": "bearer"}


def test_every_documented_operation_is_exercised(api_client, muni_a, muni_data, make_key):
    data = muni_data(muni_a)
    event, teacher = data["event"], data["teacher"]
    key = make_key(*ALL_SCOPES, municipalities=[muni_a])
    calls: dict[tuple[str, str, str], Callable[[], Any]] = {
        ("region", "get", "/api/v1/municipalities/"): lambda: region.get("/api/v1/municipalities/"),
        ("region", "get", "/api/v1/calendar/"): lambda: region.get("/api/v1/calendar/", {"since": "2026-01-01"}),
        ("region", "post", "/api/v1/calendar/"): lambda: keyed_region.post(
            "/api/v1/calendar/", CALENDAR_EVENT, content_type="application/json"
        ),
        ("region", "get", "/api/v1/news/"): lambda: region.get("/api/v1/news/"),
        ("region", "get", "/api/v1/registers/agreements/"): lambda: region.get("/api/v1/registers/agreements/"),
        ("region", "get", "/api/v1/rollups/"): lambda: keyed_region.get("/api/v1/rollups/"),
        ("municipality", "get", "/api/v1/events/"): lambda: site.get("/api/v1/events/", {"per_page": 10}),
        ("municipality", "get", "/api/v1/events/{event_id}/"): lambda: site.get(f"/api/v1/events/{event.pk}/"),
        ("municipality", "get", "/api/v1/news/"): lambda: site.get("/api/v1/news/"),
        ("municipality", "get", "/api/v1/documents/"): lambda: site.get("/api/v1/documents/"),
        ("municipality", "get", "/api/v1/resources/"): lambda: site.get("/api/v1/resources/", {"q": "грамотность"}),
        ("municipality", "get", "/api/v1/practices/"): lambda: site.get("/api/v1/practices/"),
        ("municipality", "get", "/api/v1/events/{event_id}/registrations/"): lambda: keyed_site.get(
            f"/api/v1/events/{event.pk}/registrations/"
        ),
        ("municipality", "post", "/api/v1/events/{event_id}/registrations/"): lambda: keyed_site.post(
            f"/api/v1/events/{event.pk}/registrations/",
            {"full_name": "Педагог", "email": "t@example.test"},
            content_type="application/json",
        ),
        ("municipality", "get", "/api/v1/pd-records/"): lambda: keyed_site.get("/api/v1/pd-records/"),
        ("municipality", "post", "/api/v1/pd-records/"): lambda: keyed_site.post(
            "/api/v1/pd-records/", {**COURSE, "teacher_id": teacher.pk}, content_type="application/json"
        ),
    }
    region, keyed_region = api_client(), api_client(None, key)
    site, keyed_site = api_client(muni_a), api_client(muni_a, key)
    documented = set()
    for host, municipality in (("region", None), ("municipality", muni_a)):
        for path, operations in _schema(api_client, municipality)["paths"].items():
            documented |= {(host, method, path) for method in operations}
    assert documented == set(calls), "every documented operation has a call here, and nothing else"
    for (host, method, path), call in calls.items():
        response = call()
        operation = _schema(api_client, muni_a if host == "municipality" else None)["paths"][path][method]
        assert str(response.status_code) in operation["responses"], (path, response.status_code)
        assert response.status_code in (200, 201), (path, response.status_code, response.content[:300])
