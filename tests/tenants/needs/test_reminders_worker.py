"""Reminders of needs questionnaires sent by a real Celery worker: the beat task runs in the region
and fans out one task per municipality into its schema; each reminds its own recipients who have
not answered, once. The worker has its own connection, so the data is committed here and removed
at the end."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenants.municipalities.models import Municipality
from tests.conftest import TEST_MUNICIPALITIES
from tests.tenants.events.test_reminders_worker import wait_for, worker  # noqa: F401 — the real worker

pytestmark = pytest.mark.worker

TITLE = "Напоминание: анкета потребностей"


@pytest.fixture
def municipalities(django_db_blocker) -> Iterator[tuple[Municipality, Municipality]]:
    with django_db_blocker.unblock():
        alpha = Municipality.objects.get(slug=TEST_MUNICIPALITIES["a"]["slug"])
        beta = Municipality.objects.get(slug=TEST_MUNICIPALITIES["b"]["slug"])
        yield alpha, beta
        from audit.models import AuditEntry
        from tenants.needs.models import Questionnaire
        from tenants.organisations.models import Organisation
        from tenants.people.models import Teacher

        for municipality in (alpha, beta):
            with tenant_context(municipality):
                Questionnaire.objects.filter(title=TITLE).delete()
                Teacher.objects.filter(email__endswith="@needs-worker.test").delete()
                Organisation.objects.filter(short_name__startswith="Школа напоминаний").delete()
        connection.set_schema_to_public()
        AuditEntry.objects.filter(action__startswith="needs_", municipality__in=[alpha, beta])._raw_delete(
            connection.alias
        )


def _questionnaire(municipality: Municipality, emails: list[str], answered: list[str]) -> None:
    from tenants.needs.models import Recipient
    from tenants.needs.services import questionnaire_send
    from tests.tenants.needs.factories import survey
    from tests.tenants.organisations.factories import OrganisationFactory
    from tests.tenants.people.factories import TeacherFactory

    with tenant_context(municipality):
        school = OrganisationFactory(short_name=f"Школа напоминаний {municipality.slug}")
        teachers = [TeacherFactory(organisation=school, email=email) for email in emails]
        s = survey(title=TITLE, days=2)
        questionnaire_send(questionnaire=s.questionnaire, teachers=teachers, acting_user=None, notify=False)
        Recipient.objects.filter(questionnaire=s.questionnaire).update(sent_at=timezone.now())
        Recipient.objects.filter(questionnaire=s.questionnaire, email__in=answered).update(answered=True)


def test_reminders_go_once_to_those_who_have_not_answered_in_each_municipality(worker, municipalities):  # noqa: F811
    from tenants.needs.models import Recipient
    from tenants.needs.tasks import needs_reminders_fan_out

    alpha, beta = municipalities
    _questionnaire(alpha, ["a1@needs-worker.test", "a2@needs-worker.test"], answered=["a2@needs-worker.test"])
    _questionnaire(beta, ["b1@needs-worker.test"], answered=[])
    mail.outbox = []
    connection.set_schema_to_public()
    assert needs_reminders_fan_out.delay().get(timeout=30) >= 2
    wait_for(lambda: len(mail.outbox) >= 2)
    time.sleep(1)  # nothing else arrives
    by_address = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_address) == ["a1@needs-worker.test", "b1@needs-worker.test"]
    assert alpha.default_hostname in by_address["a1@needs-worker.test"].body
    assert beta.default_hostname in by_address["b1@needs-worker.test"].body
    mail.outbox = []
    needs_reminders_fan_out.delay().get(timeout=30)
    time.sleep(2)
    assert mail.outbox == []
    with tenant_context(alpha):
        assert Recipient.objects.get(email="a1@needs-worker.test").reminded_at is not None
        assert Recipient.objects.get(email="a2@needs-worker.test").reminded_at is None
