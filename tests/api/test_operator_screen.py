"""The operator's key screens on the region host: issue (the secret once), list, revoke; nobody else."""

from __future__ import annotations

import pytest

from accounts.models import Role
from api.models import ApiKey
from api.services import api_key_secret_hash
from audit.models import AuditEntry


@pytest.fixture
def operator(make_user):
    return make_user(Role.OPERATOR, None)


def test_the_operator_issues_a_key_and_sees_the_secret_once(operator, institute_user, muni_a, host_client):
    client = host_client(None, operator)
    form = {
        "name": "Реестр курсов ЛОИРО",
        "owner_email": institute_user.email,
        "scopes": ["pd:write", "pd:read"],
        "municipalities": [muni_a.pk],
        "rate_limit_per_minute": 60,
    }
    response = client.post("/operator/api-keys/new/", form)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    key = ApiKey.objects.get()
    secret = response.context["secret"]
    assert api_key_secret_hash(secret) == key.secret_hash and secret in response.content.decode()
    assert key.owner == institute_user and key.scopes == ["pd:read", "pd:write"]
    assert list(key.municipalities.all()) == [muni_a] and key.rate_limit_per_minute == 60
    listing = client.get("/operator/api-keys/").content.decode()
    assert "Реестр курсов ЛОИРО" in listing and key.prefix in listing and secret not in listing
    assert AuditEntry.objects.filter(action="api_key.create", actor=operator).exists()


def test_an_owner_without_a_verified_address_is_refused(operator, host_client):
    form = {"name": "Система", "owner_email": "nobody@example.test", "scopes": ["pd:read"], "rate_limit_per_minute": 60}
    response = host_client(None, operator).post("/operator/api-keys/new/", form)
    assert response.status_code == 200 and "Нет пользователя с подтверждённым адресом" in response.content.decode()
    assert not ApiKey.objects.exists()


def test_the_operator_revokes_a_key(operator, make_key, host_client):
    make_key("pd:read")
    key = ApiKey.objects.get()
    response = host_client(None, operator).post(f"/operator/api-keys/{key.pk}/revoke/", follow=True)
    assert response.status_code == 200 and "отозван" in response.content.decode()
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert AuditEntry.objects.get(action="api_key.revoke").actor == operator


@pytest.mark.parametrize("role", [Role.INSTITUTE, Role.COMMITTEE])
def test_other_roles_are_refused(make_user, host_client, role):
    client = host_client(None, make_user(role, None))
    assert client.get("/operator/api-keys/").status_code == 403
    assert client.post("/operator/api-keys/new/", {}).status_code == 403


def test_not_on_a_municipality_host(operator, muni_a, host_client):
    assert host_client(muni_a, operator).get("/operator/api-keys/").status_code == 404
