"""A real Celery worker (in-process thread, Redis broker): tasks run in the schema they came from.

The worker has its own database connection, so these tests commit their data and remove it
themselves instead of running inside the usual rolled-back transaction.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import connection
from django_tenants.utils import schema_exists, tenant_context

from accounts.models import Role, User
from accounts.services import municipality_role_groups_delete, role_grant, user_get_or_create
from metodika.celery import app
from tenants.municipalities import provisioning
from tenants.municipalities.models import Municipality
from tenants.municipalities.selectors import municipality_base_url
from tests.conftest import TEST_MUNICIPALITIES

pytestmark = pytest.mark.worker


@pytest.fixture(scope="module")
def worker(django_db_setup: None, django_db_blocker) -> Iterator[object]:
    with django_db_blocker.unblock():
        app.control.purge()  # nothing left over from earlier runs
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30) as w:
            yield w


@pytest.fixture
def committed(django_db_blocker) -> Iterator[list[User]]:
    """Users to remove after the test (committed, so the worker can see them).

    Removed with raw deletes: the ORM's cascade would look for tenant-only tables (Wagtail's
    user profiles) in the public schema.
    """
    from allauth.account.models import EmailAddress

    created: list[User] = []
    with django_db_blocker.unblock():
        yield created
        connection.set_schema_to_public()
        ids = [u.pk for u in created]
        User.groups.through.objects.filter(user_id__in=ids)._raw_delete(connection.alias)
        EmailAddress.objects.filter(user_id__in=ids)._raw_delete(connection.alias)
        User.objects.filter(pk__in=ids)._raw_delete(connection.alias)


def test_task_sent_from_a_municipality_runs_in_that_municipality(worker, committed, django_db_blocker):
    from accounts.tasks import invitation_send_task

    mail.outbox = []
    beta = Municipality.objects.get(slug=TEST_MUNICIPALITIES["b"]["slug"])
    user, _ = user_get_or_create(email="worker-probe@example.test", first_name="Вера")
    committed.append(user)
    role_grant(user=user, role=Role.METHODOLOGIST, municipality=beta, acting_user=None)

    with tenant_context(beta):  # the schema travels in the task's headers
        result = invitation_send_task.delay(municipality_id=beta.pk, user_id=user.pk, role=Role.METHODOLOGIST)
    assert result.get(timeout=30) == "worker-probe@example.test"
    (message,) = mail.outbox
    assert beta.short_name in message.subject  # the site name read inside B's schema
    assert f"{municipality_base_url(beta)}/accounts/password/reset/key/" in message.body


def test_task_refuses_to_run_in_another_municipality_schema(worker, committed):
    from accounts.tasks import invitation_send_task

    alpha = Municipality.objects.get(slug=TEST_MUNICIPALITIES["a"]["slug"])
    beta = Municipality.objects.get(slug=TEST_MUNICIPALITIES["b"]["slug"])
    user, _ = user_get_or_create(email="worker-mismatch@example.test")
    committed.append(user)
    result = invitation_send_task.apply_async(
        kwargs={"municipality_id": alpha.pk, "user_id": user.pk, "role": Role.TEACHER},
        headers={"_schema_name": beta.schema_name},
    )
    with pytest.raises(RuntimeError, match="refusing"):
        result.get(timeout=30)


def test_provisioning_end_to_end_on_the_worker(worker, committed):
    from django.test import Client

    from tenants.municipalities.tasks import municipality_provision_task

    connection.set_schema_to_public()
    result = municipality_provision_task.delay(
        name="Тосненский муниципальный район",
        short_name="Тосненский район",
        slug="tosno-worker",
        contact_email="mms@tosno.example",
        use_pool=False,
    )
    outcome = result.get(timeout=60)
    municipality = Municipality.objects.get(slug="tosno-worker")
    try:
        assert outcome["ok"] and outcome["source"] == "clone"
        assert schema_exists(municipality.schema_name)
        response = Client(HTTP_HOST="tosno-worker.lenobl.localhost").get("/")
        assert response.status_code == 200 and "Тосненский район" in response.content.decode()
        bad = municipality_provision_task.delay(
            name="X", short_name="X", slug="www", contact_email="mms@tosno.example"
        ).get(timeout=30)
        assert bad["ok"] is False and "slug" in bad["errors"]
    finally:
        connection.set_schema_to_public()
        provisioning.schema_drop(municipality.schema_name)
        municipality_role_groups_delete(municipality)
        municipality.delete()


def test_spare_pool_refill_runs_on_the_worker(worker, django_db_blocker):
    from tenants.municipalities.models import SpareSchema
    from tenants.municipalities.tasks import spare_pool_refill_task

    with django_db_blocker.unblock():
        made = spare_pool_refill_task.delay(size=1).get(timeout=60)
        spares = list(SpareSchema.objects.all())
        try:
            assert len(spares) == 1 and made in (0, 1)
            assert schema_exists(spares[0].schema_name)
        finally:
            for spare in spares:
                provisioning.schema_drop(spare.schema_name)
                spare.delete()
