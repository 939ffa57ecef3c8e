"""Task sends while the broker is down: the write commits, the send waits in the outbox, beat's
flush delivers it once the broker is back (on a real worker).

The broker is pointed at a port of this machine where nothing listens, the way a stopped Redis
looks; the Celery app's pooled connections are dropped on the way there and back, as a process
that was configured with that address would have none.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import connection

from accounts.models import Role, User
from accounts.services import user_invite
from audit.models import AuditEntry
from metodika.celery import app
from metodika.redis_cache import redis_address
from metodika.redis_outage import redis_breaker
from tenants.municipalities.dispatch import pending_sends_flush, task_send, task_send_later
from tenants.municipalities.models import Municipality, PendingTaskSend
from tests.conftest import TEST_MUNICIPALITIES


def _closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"redis://127.0.0.1:{probe.getsockname()[1]}/0"


def _drop_connections() -> None:
    """What Celery itself does after a fork: no pooled producer or result backend is kept."""
    app._pool = None
    app.amqp._producer_pool = None
    app._local.__dict__.pop("backend", None)


@contextmanager
def broker_down() -> Iterator[str]:
    url = _closed_port_url()
    saved = app.conf.broker_url, app.conf.result_backend
    app.conf.broker_url = app.conf.result_backend = url
    _drop_connections()
    try:
        yield url
    finally:
        app.conf.broker_url, app.conf.result_backend = saved
        _drop_connections()


@pytest.mark.django_db
def test_a_send_the_broker_refuses_is_kept_with_its_schema_and_the_next_ones_skip_the_broker(muni_a):
    from accounts.tasks import invitation_send_task

    with broker_down() as url:
        started = time.monotonic()
        assert (
            task_send(
                invitation_send_task,
                schema_name=muni_a.schema_name,
                municipality_id=muni_a.pk,
                user_id=1,
                role="teacher",
            )
            is False
        )
        for user_id in (2, 3):
            task_send(
                invitation_send_task,
                schema_name=muni_a.schema_name,
                municipality_id=muni_a.pk,
                user_id=user_id,
                role="teacher",
            )
        elapsed = time.monotonic() - started
        counts = redis_breaker("Celery broker " + redis_address(url)).counts()
        assert pending_sends_flush() == 0  # still down: nothing sent, nothing lost
    assert elapsed < 3, elapsed  # a request is not held by Celery's retries
    assert counts.failures == 1 and counts.without_redis == 3  # the broker was tried once
    kept = list(PendingTaskSend.objects.order_by("pk"))
    assert [(p.task_name, p.schema_name, p.kwargs["user_id"]) for p in kept] == [
        ("accounts.tasks.invitation_send_task", muni_a.schema_name, user_id) for user_id in (1, 2, 3)
    ]
    assert all(p.attempts == 1 and p.last_error for p in kept)


@pytest.mark.django_db
def test_a_redo_left_for_later_is_kept_once():
    for _ in range(3):
        task_send_later("cms.base.tasks.page_cache_purge_task", schema_name="public", schema_names=["m_a"])
    task_send_later("cms.base.tasks.page_cache_purge_task", schema_name="public", schema_names=["m_b"])
    assert PendingTaskSend.objects.count() == 2


@pytest.fixture(scope="module")
def worker(django_db_setup: None, django_db_blocker) -> Iterator[object]:
    with django_db_blocker.unblock():
        app.control.purge()
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30) as w:
            yield w


@pytest.mark.worker
def test_an_invitation_made_while_the_broker_is_down_is_delivered_by_the_flush_once_it_is_back(
    worker, django_db_blocker
):
    from tenants.municipalities.tasks import pending_sends_flush_task

    email = "outbox-probe@example.test"
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        alpha = Municipality.objects.get(slug=TEST_MUNICIPALITIES["a"]["slug"])
        mail.outbox = []
        try:
            with broker_down():
                started = time.monotonic()
                user = user_invite(municipality=alpha, email=email, role=Role.TEACHER, acting_user=None)
                elapsed = time.monotonic() - started
            assert elapsed < 3, elapsed
            assert User.objects.filter(pk=user.pk).exists()  # the write committed
            pending = PendingTaskSend.objects.get(task_name="accounts.tasks.invitation_send_task")
            assert pending.schema_name == alpha.schema_name
            assert pending.kwargs == {"municipality_id": alpha.pk, "user_id": user.pk, "role": Role.TEACHER}
            assert mail.outbox == []

            # The broker is back: beat's flush, on the worker, sends it into A's schema.
            assert pending_sends_flush_task.delay().get(timeout=30) == 1
            deadline = time.monotonic() + 30
            while not mail.outbox and time.monotonic() < deadline:
                time.sleep(0.1)
            (message,) = mail.outbox
            assert message.to == [email] and alpha.short_name in message.subject
            assert not PendingTaskSend.objects.exists()
        finally:
            from allauth.account.models import EmailAddress

            connection.set_schema_to_public()
            PendingTaskSend.objects.all().delete()
            ids = list(User.objects.filter(email=email).values_list("pk", flat=True))
            User.groups.through.objects.filter(user_id__in=ids)._raw_delete(connection.alias)
            EmailAddress.objects.filter(user_id__in=ids)._raw_delete(connection.alias)
            User.objects.filter(pk__in=ids)._raw_delete(connection.alias)
            AuditEntry.objects.filter(target=email).delete()
