"""The last seat taken by several people at once: one seat, the rest on the waiting list.

Each thread has its own database connection, so the data is committed (not the usual rolled-back
test transaction) and removed at the end.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from django.db import connection, connections
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role, User
from accounts.services import role_grant, user_get_or_create
from rollups.models import MunicipalityYearRollup
from tenants.events.models import Event, Registration, RegistrationStatus
from tenants.events.rollups import events_rollup_refresh
from tenants.events.services import registration_confirm, registration_create
from tenants.municipalities.models import Municipality
from tests.conftest import TEST_MUNICIPALITIES
from tests.tenants.events.factories import make_event

PARALLEL = 6


@pytest.fixture
def committed(django_db_setup: None, django_db_blocker) -> Iterator[dict]:
    from allauth.account.models import EmailAddress

    state: dict = {"users": [], "events": []}
    with django_db_blocker.unblock():
        state["alpha"] = Municipality.objects.get(slug=TEST_MUNICIPALITIES["a"]["slug"])
        rollups_before = set(MunicipalityYearRollup.objects.values_list("pk", flat=True))
        yield state
        with tenant_context(state["alpha"]):
            Event.objects.filter(pk__in=state["events"]).delete()
            events_rollup_refresh(days=[timezone.now()])
        connection.set_schema_to_public()
        MunicipalityYearRollup.objects.exclude(pk__in=rollups_before).delete()
        from audit.models import AuditEntry

        ids = [u.pk for u in state["users"]]
        AuditEntry.objects.filter(actor_id__in=ids)._raw_delete(connection.alias)
        AuditEntry.objects.filter(action__startswith="event", actor__isnull=True)._raw_delete(connection.alias)
        User.groups.through.objects.filter(user_id__in=ids)._raw_delete(connection.alias)
        EmailAddress.objects.filter(user_id__in=ids)._raw_delete(connection.alias)
        User.objects.filter(pk__in=ids)._raw_delete(connection.alias)


def _in_parallel(alpha: Municipality, work: list) -> list:
    """Run each callable in its own thread and connection, all released at the same moment."""
    barrier = threading.Barrier(len(work))
    results: list = [None] * len(work)

    def run(index: int) -> None:
        try:
            with tenant_context(alpha):
                barrier.wait()
                results[index] = work[index]()
        except Exception as error:
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(work))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_signed_in_people_racing_for_the_last_seat(committed):
    alpha = committed["alpha"]
    for n in range(PARALLEL):
        user, _ = user_get_or_create(email=f"race{n}@example.test", first_name=f"Участник{n}")
        role_grant(user=user, role=Role.TEACHER, municipality=alpha, acting_user=None)
        committed["users"].append(user)
    with tenant_context(alpha):
        event = make_event(capacity=1, title="Гонка за последним местом")
        committed["events"].append(event.pk)
    users = committed["users"]
    results = _in_parallel(alpha, [lambda u=u: registration_create(event=event, acting_user=u) for u in users])
    assert not [r for r in results if isinstance(r, Exception)], results
    with tenant_context(alpha):
        statuses = sorted(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert statuses.count(RegistrationStatus.CONFIRMED) == 1
    assert statuses.count(RegistrationStatus.WAITLISTED) == PARALLEL - 1


def test_guests_confirming_at_once_for_two_seats(committed):
    alpha = committed["alpha"]
    with tenant_context(alpha):
        event = make_event(capacity=2, title="Две последние места")
        committed["events"].append(event.pk)
        pending = [
            registration_create(
                event=event, acting_user=None, full_name=f"Гость {n}", organisation_name="Школа", email=f"g{n}@x.test"
            )
            for n in range(PARALLEL)
        ]
    results = _in_parallel(alpha, [lambda s=r.secret: registration_confirm(secret=s) for r in pending])
    assert not [r for r in results if isinstance(r, Exception)], results
    with tenant_context(alpha):
        confirmed = Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count()
        waiting = Registration.objects.filter(event=event, status=RegistrationStatus.WAITLISTED).count()
    assert (confirmed, waiting) == (2, PARALLEL - 2)
