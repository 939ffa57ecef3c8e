"""The weekly digest on a real Celery worker: beat's fan-out runs in the region and sends one task
per municipality into its schema; each head — and A's school coordinator, a role bound to one
school — gets their own municipality's digest once, and a second run in the same week sends
nothing. The worker has its own connection, so the data is committed
here and removed at the end."""

from __future__ import annotations

import datetime
import time
import uuid
from collections.abc import Iterator
from email.utils import parseaddr

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import connection
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role, User
from accounts.services import role_grant
from metodika.celery import app
from tenants.municipalities.models import FanOutRun, Municipality
from tests.conftest import TEST_MUNICIPALITIES
from tests.factories import UserFactory

pytestmark = pytest.mark.worker

TOPIC = "Дайджест: просроченный вопрос"
DIGEST_LEAD = "Что требует вашего внимания на этой неделе"


@pytest.fixture(scope="module")
def worker(django_db_setup: None, django_db_blocker) -> Iterator[object]:
    with django_db_blocker.unblock():
        app.control.purge()
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30) as w:
            yield w


@pytest.fixture
def scene(django_db_blocker) -> Iterator[dict[str, object]]:
    """A head in A and one in B, each municipality with a late consultation, and a school coordinator
    in A whose school has a teacher with no PD record (overdue) (committed)."""
    from audit.models import AuditEntry
    from rollups.models import MunicipalityYearRollup
    from tenants.academic_years import AcademicYear
    from tenants.consultations.models import Consultation
    from tenants.consultations.rollups import consultations_rollup_refresh
    from tenants.notifications.models import DigestSent, Notification
    from tenants.organisations.models import Organisation, SchoolCoordinator
    from tenants.organisations.services import school_coordinator_appoint
    from tenants.people.models import Teacher
    from tests.tenants.consultations.factories import consultation
    from tests.tenants.organisations.factories import OrganisationFactory
    from tests.tenants.people.factories import TeacherFactory

    with django_db_blocker.unblock():
        alpha = Municipality.objects.get(slug=TEST_MUNICIPALITIES["a"]["slug"])
        beta = Municipality.objects.get(slug=TEST_MUNICIPALITIES["b"]["slug"])
        rollups_before = set(MunicipalityYearRollup.objects.values_list("pk", flat=True))
        heads = {}
        for key, municipality in (("a", alpha), ("b", beta)):
            user = UserFactory(email=f"digest-{key}-{uuid.uuid4().hex[:8]}@example.test")
            role_grant(user=user, role=Role.HEAD, municipality=municipality, acting_user=None)
            heads[key] = User.objects.get(pk=user.pk)
            with tenant_context(municipality):
                late = consultation(topic=TOPIC)
                Consultation.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - datetime.timedelta(days=4))
        with tenant_context(alpha):
            school = OrganisationFactory(short_name=f"Школа дайджеста {uuid.uuid4().hex[:6]}")
            TeacherFactory(organisation=school)
            coordinator = school_coordinator_appoint(
                municipality=alpha, organisation=school, acting_user=None,
                email=f"digest-coordinator-{uuid.uuid4().hex[:8]}@example.test",
            ).user  # fmt: skip
        connection.set_schema_to_public()
        coordinator = User.objects.get(pk=coordinator.pk)
        yield {"alpha": alpha, "beta": beta, "heads": heads, "coordinator": coordinator}
        with tenant_context(alpha):
            Notification.objects.filter(user=coordinator).delete()
            DigestSent.objects.filter(user=coordinator).delete()
            Teacher.objects.filter(organisation=school).delete()
            SchoolCoordinator.objects.filter(organisation=school).delete()
            Organisation.objects.filter(pk=school.pk).delete()
            AuditEntry.objects.filter(target=coordinator.email).delete()
            User.objects.filter(pk=coordinator.pk).delete()
        for municipality in (alpha, beta):
            with tenant_context(municipality):
                Consultation.objects.filter(topic=TOPIC).delete()
                consultations_rollup_refresh(year=AcademicYear.current())
                Notification.objects.filter(user__in=heads.values()).delete()
                DigestSent.objects.filter(user__in=heads.values()).delete()
        with tenant_context(alpha):  # Wagtail's per-user tables live in a municipality's schema
            for user in heads.values():
                AuditEntry.objects.filter(target=user.email).delete()
                User.objects.filter(pk=user.pk).delete()
        AuditEntry.objects.filter(target__contains=TOPIC).delete()
        MunicipalityYearRollup.objects.exclude(pk__in=rollups_before).delete()
        connection.set_schema_to_public()
        FanOutRun.objects.filter(name="notifications.digest").delete()


def _wait_for(predicate, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the worker")
        time.sleep(0.2)


def test_each_head_gets_their_municipalitys_digest_once_a_week(worker, scene, django_db_blocker):
    from tenants.notifications.models import DigestSent, Notification
    from tenants.notifications.tasks import notifications_digest_fan_out

    heads, coordinator = scene["heads"], scene["coordinator"]
    mail.outbox = []
    with django_db_blocker.unblock():
        total = notifications_digest_fan_out.delay().get(timeout=60)
        assert total >= 2  # one task per municipality
        expected = {heads["a"].email, heads["b"].email, coordinator.email}
        _wait_for(lambda: {m.to[0] for m in mail.outbox} >= expected)
        # The run recorded, closed by the last municipality's outcome.
        run = FanOutRun.objects.filter(name="notifications.digest").latest("pk")
        _wait_for(lambda: FanOutRun.objects.get(pk=run.pk).finished_at is not None)
        run.refresh_from_db()
        assert (run.total, run.succeeded, run.failed) == (total, total, 0)
        time.sleep(1)
        mine = {m.to[0]: m for m in mail.outbox if m.to[0] in (heads["a"].email, heads["b"].email)}
        assert len([m for m in mail.outbox if m.to[0] == heads["a"].email]) == 1
        assert parseaddr(mine[heads["a"].email].from_email)[0] == "Методическая служба: Округ А"
        assert scene["alpha"].default_hostname in mine[heads["a"].email].body
        assert scene["beta"].default_hostname in mine[heads["b"].email].body
        assert scene["alpha"].default_hostname not in mine[heads["b"].email].body
        # (the coordinator's invitation, sent by the worker after the appointment, is no digest)
        (to_coordinator,) = [m for m in mail.outbox if m.to[0] == coordinator.email and DIGEST_LEAD in m.body]
        assert "1 срок прошёл" in to_coordinator.body
        # Beat again the same week: nothing more to the heads nor the coordinator.
        before = len(mail.outbox)
        notifications_digest_fan_out.delay().get(timeout=60)
        time.sleep(3)
        assert [m for m in mail.outbox[before:] if m.to[0] in expected] == []
        with tenant_context(scene["alpha"]):
            assert DigestSent.objects.filter(user=coordinator).count() == 1
            kinds = set(Notification.objects.filter(user=coordinator).values_list("kind", flat=True))
            assert "leadership_school" in kinds and "consultations_head" not in kinds
        for key, municipality in (("a", scene["alpha"]), ("b", scene["beta"])):
            with tenant_context(municipality):
                assert DigestSent.objects.filter(user=heads[key]).count() == 1
                assert Notification.objects.filter(user=heads[key], kind="consultations_head").exists()
                other = heads["b" if key == "a" else "a"]
                assert not DigestSent.objects.filter(user=other).exists()
        connection.set_schema_to_public()


def test_a_digest_task_refuses_another_municipalitys_schema(worker, scene):
    from tenants.notifications.tasks import notifications_digest_send

    result = notifications_digest_send.apply_async(
        kwargs={"municipality_id": scene["alpha"].pk}, headers={"_schema_name": scene["beta"].schema_name}
    )
    with pytest.raises(RuntimeError, match="refusing"):
        result.get(timeout=30)
