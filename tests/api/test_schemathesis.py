"""Property-based tests against the OpenAPI schemas (schemathesis): requests generated from each
documented operation, with a key holding every scope, must never get a server error, and every
answer must have a documented status, content type and body."""

from __future__ import annotations

from typing import Any

import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.scopes import Scope
from tests.api.conftest import connection_kept

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES_PER_OPERATION = 25


def _run(schema_dict: dict[str, Any], host: str, headers: dict[str, str]) -> int:
    schema = schemathesis.openapi.from_dict(schema_dict)
    schema.app = WSGIHandler()
    ran = 0
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def check(case: Any) -> None:
            case.call_and_validate(base_url=f"http://{host}", headers=headers, checks=CHECKS)

        with connection_kept():
            check()
        ran += 1
    return ran


def test_the_municipality_api_holds_to_its_schema(api_client, muni_a, muni_data, make_key):
    muni_data(muni_a)
    key = make_key(*Scope, municipalities=[muni_a], rate_limit=100_000)
    schema = api_client(muni_a).get("/api/v1/openapi.json").json()
    assert _run(schema, muni_a.default_hostname, {"Authorization": f"Bearer {key}"}) == 10


def test_the_region_api_holds_to_its_schema(api_client, muni_a, make_key):
    from django.conf import settings as django_settings

    key = make_key(*Scope, municipalities=[muni_a], rate_limit=100_000)
    schema = api_client().get("/api/v1/openapi.json").json()
    assert _run(schema, django_settings.REGION_DOMAIN, {"Authorization": f"Bearer {key}"}) == 6


def test_without_a_key_every_answer_is_documented_too(api_client, muni_a):
    schema = api_client(muni_a).get("/api/v1/openapi.json").json()
    assert _run(schema, muni_a.default_hostname, {}) == 10
