"""Keys: scopes, municipalities, revocation, the access log of personal data, rate limits."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from api.models import ApiKey
from api.scopes import Scope
from api.selectors import api_key_list
from api.services import api_key_revoke, api_key_secret_hash
from audit.models import AuditEntry
from institute.models import AccessLogEntry
from tenants.events.services import registration_add_by_organiser


def _registrations(api_client, municipality, event, key):
    return api_client(municipality, key).get(f"/api/v1/events/{event.pk}/registrations/")


def test_a_key_is_kept_hashed_and_its_issue_audited(make_key, institute_user):
    secret = make_key(Scope.PD_READ)
    key = ApiKey.objects.get()
    assert key.secret_hash == api_key_secret_hash(secret) and secret not in str(vars(key))
    assert secret.split("_")[1] == key.prefix
    entry = AuditEntry.objects.get(action="api_key.create")
    assert entry.data["scopes"] == [Scope.PD_READ] and entry.data["owner"] == institute_user.email


def test_no_key_or_a_wrong_one_is_401_in_the_error_shape(api_client, muni_a, muni_data):
    event = muni_data(muni_a)["event"]
    for key in (None, "mtk_00000000_not-a-key"):
        response = _registrations(api_client, muni_a, event, key)
        assert response.status_code == 401 and response["WWW-Authenticate"] == "Bearer"
        assert response.json()["code"] == "unauthorized" and response.json()["message"] == "Нужен действующий ключ API."
    basic = api_client(muni_a).get(f"/api/v1/events/{event.pk}/registrations/", HTTP_AUTHORIZATION="Basic eDp5")
    assert basic.status_code == 401


def test_a_key_for_a_reads_a_and_gets_nothing_of_b(make_key, api_client, muni_a, muni_b, muni_data):
    a, b = muni_data(muni_a), muni_data(muni_b)
    with tenant_context(muni_a):
        registration_add_by_organiser(
            event=a["event"], acting_user=None, full_name="Петров П. П.", email="p@example.test"
        )
    key = make_key(Scope.EVENTS_READ, Scope.PD_READ, municipalities=[muni_a])
    ok = _registrations(api_client, muni_a, a["event"], key)
    assert ok.status_code == 200 and [r["full_name"] for r in ok.json()["items"]] == ["Петров П. П."]
    refused = _registrations(api_client, muni_b, b["event"], key)
    assert refused.status_code == 403 and refused.json()["message"] == "Ключ не выдан для этого муниципалитета."
    assert api_client(muni_b, key).get("/api/v1/pd-records/").status_code == 403
    records = api_client(muni_a, key).get("/api/v1/pd-records/").json()["items"]
    assert [r["teacher_id"] for r in records] == [a["teacher"].pk]
    # A's event id on B's host is B's business: the key stops at B's door whatever the id.
    assert _registrations(api_client, muni_b, a["event"], key).status_code == 403


def test_a_key_without_the_scope_gets_403(make_key, api_client, muni_a, muni_data):
    event = muni_data(muni_a)["event"]
    key = make_key(Scope.PD_READ)
    response = _registrations(api_client, muni_a, event, key)
    assert response.status_code == 403
    assert response.json()["message"] == "Ключ не даёт права «Мероприятия и регистрации муниципалитета (чтение)»."
    assert api_client(None, key).get("/api/v1/rollups/").status_code == 403


def test_a_revoked_key_stops_at_once(make_key, api_client, muni_a, muni_data):
    event = muni_data(muni_a)["event"]
    key = make_key(Scope.EVENTS_READ)
    assert _registrations(api_client, muni_a, event, key).status_code == 200
    api_key_revoke(key=ApiKey.objects.get(), acting_user=None)
    assert _registrations(api_client, muni_a, event, key).status_code == 401
    assert AuditEntry.objects.filter(action="api_key.revoke").count() == 1


def test_every_personal_data_read_is_in_the_access_log(make_key, api_client, muni_a, muni_data, institute_user):
    event = muni_data(muni_a)["event"]
    key = make_key(Scope.EVENTS_READ, Scope.PD_READ)
    prefix = ApiKey.objects.get().prefix
    _registrations(api_client, muni_a, event, key)
    api_client(muni_a, key).get("/api/v1/pd-records/", {"since": "2020-01-01"})
    rows = list(AccessLogEntry.objects.order_by("pk"))
    assert [r.section for r in rows] == [f"api:{prefix}:registrations", f"api:{prefix}:pd-records"]
    assert all(r.personal_data and r.user == institute_user and r.municipality == muni_a for r in rows)
    assert rows[1].path == "/api/v1/pd-records/?since=2020-01-01"
    api_client(muni_a).get("/api/v1/events/")  # public: no names, no row
    assert AccessLogEntry.objects.count() == 2


def test_last_use_is_noted(make_key, api_client, muni_a):
    key = make_key(Scope.PD_READ)
    assert ApiKey.objects.get().last_used_at is None
    api_client(muni_a, key).get("/api/v1/pd-records/")
    assert ApiKey.objects.get().last_used_at is not None


def test_rollups_only_of_the_keys_municipalities(make_key, api_client, muni_a, muni_b):
    from rollups.models import MunicipalityYearRollup

    for municipality in (muni_a, muni_b):
        MunicipalityYearRollup.objects.update_or_create(
            municipality=municipality, academic_year="2025/2026", defaults={"teachers_total": 7}
        )
    key = make_key(Scope.ROLLUPS_READ, municipalities=[muni_a])
    body = api_client(None, key).get("/api/v1/rollups/", {"academic_year": "2025/2026"}).json()
    assert [(r["municipality"], r["teachers_total"]) for r in body["items"]] == [(muni_a.slug, 7)]
    bad_year = api_client(None, key).get("/api/v1/rollups/", {"academic_year": "2025"})
    assert bad_year.status_code == 422


def test_the_rate_limit_per_key_answers_429(make_key, api_client, muni_a):
    key = make_key(Scope.PD_READ, rate_limit=2)
    client = api_client(muni_a, key)
    assert [client.get("/api/v1/pd-records/").status_code for _ in range(3)] == [200, 200, 429]
    assert client.get("/api/v1/pd-records/").json()["code"] == "rate_limited"
    other = make_key(Scope.PD_READ, rate_limit=2)  # another key has its own allowance
    assert api_client(muni_a, other).get("/api/v1/pd-records/").status_code == 200


def test_with_redis_down_a_keyed_request_gets_503_in_the_error_shape(make_key, api_client, muni_a, settings):
    key = make_key(Scope.PD_READ)
    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:1/0"},
    }
    response = api_client(muni_a, key).get("/api/v1/pd-records/")
    assert response.status_code == 503
    assert response.json()["code"] == "unavailable" and "несколько минут" in response.json()["message"]


def test_a_key_is_read_in_two_queries(make_key, muni_a):
    from api.selectors import api_key_active_by_hash

    secret = make_key(Scope.PD_READ)
    with CaptureQueriesContext(connection) as queries:
        key = api_key_active_by_hash(secret_hash=api_key_secret_hash(secret))
    assert key is not None and key.municipality_ids == frozenset({muni_a.pk}) and len(queries) == 2
    assert api_key_list().count() == 1


@pytest.mark.parametrize("path", ["/api/v1/pd-records/", "/api/v1/events/1/registrations/"])
def test_keyed_answers_are_never_stored_by_the_page_cache(make_key, api_client, muni_a, path):
    key = make_key(Scope.PD_READ, Scope.EVENTS_READ)
    response = api_client(muni_a, key).get(path)
    assert "X-Page-Cache" not in response
