"""The nightly purge on a real worker: sent from wherever, it runs in the public schema.

The worker has its own database connection, so this test commits its entries and removes what
is left of them itself.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connection
from django.utils import timezone
from django_tenants.utils import tenant_context

from audit.models import AuditEntry
from audit.services import audit_record
from metodika.celery import app
from tenants.municipalities.models import Municipality
from tests.conftest import TEST_MUNICIPALITIES

pytestmark = pytest.mark.worker


@pytest.fixture(scope="module")
def worker(django_db_setup: None, django_db_blocker) -> Iterator[object]:
    with django_db_blocker.unblock():
        app.control.purge()
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30) as w:
            yield w


def test_the_purge_task_runs_on_a_worker_in_the_public_schema(worker, django_db_blocker):
    from audit.tasks import audit_purge_task

    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        alpha = Municipality.objects.get(slug=TEST_MUNICIPALITIES["a"]["slug"])
        old = audit_record(action="teacher.update", acting_user=None, municipality=alpha, target="worker-old")
        kept = audit_record(action="teacher.update", acting_user=None, municipality=alpha, target="worker-kept")
        AuditEntry.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=4 * 365))
        started = timezone.now()
        try:
            with tenant_context(alpha):  # sent from a municipality: the task still purges the region's log
                result = audit_purge_task.delay()
            assert result.get(timeout=30) >= 1
            connection.set_schema_to_public()
            assert not AuditEntry.objects.filter(pk=old.pk).exists()
            assert AuditEntry.objects.filter(pk=kept.pk).exists()
            purge = AuditEntry.objects.get(action="audit.purge", created_at__gte=started)
            assert purge.schema_name == "public" and purge.data["deleted"] >= 1
        finally:
            connection.set_schema_to_public()
            AuditEntry.objects.filter(pk__in=[old.pk, kept.pk]).delete()
            AuditEntry.objects.filter(action="audit.purge", created_at__gte=started).delete()
