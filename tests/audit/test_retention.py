"""The retention period: the nightly purge deletes only what is past it, and records itself."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from audit.models import AuditEntry
from audit.tasks import audit_purge_task
from tests.audit.conftest import entry_at


def test_the_purge_deletes_only_entries_past_the_retention_and_records_itself(entries, settings, monkeypatch):
    settings.AUDIT_RETENTION_DAYS = 30
    monkeypatch.setattr("audit.services.PURGE_BATCH", 1)  # one entry a batch: the loop goes round
    now = timezone.now()
    entry_at(entries.a, now - datetime.timedelta(days=30, minutes=1))  # past it
    entry_at(entries.b, now - datetime.timedelta(days=400))  # past it, another municipality
    entry_at(entries.region, now - datetime.timedelta(days=29, hours=23))  # still kept

    assert audit_purge_task() == 2

    assert set(AuditEntry.objects.exclude(action="audit.purge").values_list("pk", flat=True)) == {entries.region.pk}
    purge = AuditEntry.objects.get(action="audit.purge")
    assert purge.actor is None and purge.municipality is None and purge.schema_name == "public"
    assert purge.data["deleted"] == 2 and purge.data["retention_days"] == 30
    assert datetime.datetime.fromisoformat(purge.data["before"]) <= now - datetime.timedelta(days=30) + (
        timezone.now() - now
    )


def test_a_purge_with_nothing_to_delete_is_recorded_too(entries):
    assert audit_purge_task() == 0
    assert AuditEntry.objects.filter(action="audit.purge", data__deleted=0).count() == 1
    assert AuditEntry.objects.count() == 4


def test_the_default_is_three_years_and_beat_runs_the_purge_nightly():
    from metodika.celery import app

    assert settings.AUDIT_RETENTION_DAYS == 3 * 365
    schedule = settings.CELERY_BEAT_SCHEDULE["audit-purge"]
    assert schedule["task"] in app.tasks
    assert schedule["schedule"].hour == {4}
