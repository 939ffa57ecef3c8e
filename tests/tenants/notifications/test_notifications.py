"""Notifications (issue 21, item 2): the weekly digest of what needs attention, once a week, as the
municipality's service, without the kinds the person turned off; the in-app list, read and unread,
each person's own; and nothing of another municipality."""

from __future__ import annotations

import datetime
import re
from email.utils import parseaddr

import pytest
from django.core import mail
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from audit.models import AuditEntry
from tenants.consultations.models import Consultation
from tenants.notifications.models import DigestSent, Notification, NotificationOptOut
from tenants.notifications.selectors import week_start
from tenants.notifications.services import digest_send, notification_choices_save, notifications_read
from tests.tenants.consultations.factories import consultation


def _late_consultation(days: int = 3) -> Consultation:
    item = consultation()
    Consultation.objects.filter(pk=item.pk).update(due_on=timezone.localdate() - datetime.timedelta(days=days))
    return item


@pytest.fixture
def head_a(make_user, muni_a):
    return make_user(Role.HEAD, muni_a)


def test_the_digest_is_sent_once_a_week_as_the_municipalitys_service(muni_a, head_a):
    monday = week_start(timezone.localdate())
    with tenant_context(muni_a):
        _late_consultation(days=10)  # late on Monday already
        assert digest_send(user=head_a, municipality=muni_a, today=monday) is True
        # Later the same week (another beat run, another worker): nothing more.
        assert digest_send(user=head_a, municipality=muni_a, today=monday + datetime.timedelta(days=3)) is False
        assert DigestSent.objects.filter(user=head_a).count() == 1
        texts = set(Notification.objects.filter(user=head_a).values_list("text", flat=True))
        # The next week's is sent again.
        assert digest_send(user=head_a, municipality=muni_a, today=monday + datetime.timedelta(days=7)) is True
    (message, _next_week) = mail.outbox
    assert message.to == [head_a.email]
    assert parseaddr(message.from_email)[0] == "Методическая служба: Округ А"
    assert message.reply_to == [muni_a.contact_email]
    assert "1 просрочено" in message.body and f"{muni_a.default_hostname}" in message.body
    assert "1 просрочено" in texts
    assert AuditEntry.objects.filter(action="notification.digest", target=head_a.email).count() == 2


def test_nothing_to_attend_to_sends_nothing(muni_a, make_user):
    chair = make_user(Role.CHAIR, muni_a)  # no plan waits for the chair
    with tenant_context(muni_a):
        assert digest_send(user=chair, municipality=muni_a) is False
        assert not DigestSent.objects.filter(user=chair).exists()
    assert mail.outbox == []


def test_a_kind_turned_off_is_left_out(muni_a, head_a, host_client):
    with tenant_context(muni_a):
        _late_consultation()
    client = host_client(muni_a, head_a)
    page = client.get("/admin/notifications/settings/").content.decode()
    assert 'name="consultations_head"' in page and 'name="registry_head"' in page
    assert 'name="plans_chair"' not in page  # not the head's kind
    # Everything on but the consultations.
    kinds = set(re.findall(r'type="checkbox" name="([a-z_]+)"', page))
    response = client.post("/admin/notifications/settings/", {k: "on" for k in kinds - {"consultations_head"}})
    assert response.status_code == 302
    with tenant_context(muni_a):
        assert set(NotificationOptOut.objects.filter(user=head_a).values_list("kind", flat=True)) == {
            "consultations_head"
        }
        digest_send(user=head_a, municipality=muni_a)
    for message in mail.outbox:
        assert "просрочено" not in message.body
    with tenant_context(muni_a):
        assert not Notification.objects.filter(user=head_a, kind="consultations_head").exists()
        notification_choices_save(user=head_a, enabled={"consultations_head", *kinds})
        assert not NotificationOptOut.objects.filter(user=head_a).exists()


def test_the_list_shows_ones_own_unread_first_and_marks_them_read(muni_a, head_a, make_user, host_client):
    other = make_user(Role.HEAD, muni_a)
    with tenant_context(muni_a):
        mine = Notification.objects.create(user=head_a, kind="consultations_head", text="1 просрочено", url="/admin/")
        old = Notification.objects.create(
            user=head_a, kind="registry_head", text="2 документов устарели", url="/admin/", read_at=timezone.now()
        )
        Notification.objects.create(user=other, kind="consultations_head", text="чужое уведомление", url="/admin/")
    client = host_client(muni_a, head_a)
    page = client.get("/admin/notifications/").content.decode()
    assert "чужое уведомление" not in page
    assert page.index(f'data-notification="{mine.pk}"') < page.index(f'data-notification="{old.pk}"')
    assert "notifications__item--unread" in page
    home = client.get("/admin/").content.decode()
    assert re.search(
        r'data-line="notifications.unread">\s*<a href="/admin/notifications/"><span class="staff-home__count">1', home
    )
    # Marking another's notification read does nothing to it.
    with tenant_context(muni_a):
        foreign = Notification.objects.get(user=other)
    client.post("/admin/notifications/", {"notification": foreign.pk})
    client.post("/admin/notifications/", {"notification": mine.pk})
    with tenant_context(muni_a):
        assert Notification.objects.get(pk=mine.pk).read_at is not None
        assert Notification.objects.get(pk=foreign.pk).read_at is None
        assert notifications_read(user=other) == 1


def test_another_municipalitys_notifications_never_appear(muni_a, muni_b, make_user, host_client):
    """A person on the staff of both A and B: B's notifications and digest marker stay in B."""
    from accounts.services import role_grant

    person = make_user(Role.HEAD, muni_a)
    role_grant(user=person, role=Role.HEAD, municipality=muni_b, acting_user=None)
    with tenant_context(muni_b):
        _late_consultation()
        assert digest_send(user=person, municipality=muni_b) is True
        assert Notification.objects.filter(user=person).exists()
    with tenant_context(muni_a):
        assert not Notification.objects.filter(user=person).exists()
        assert not DigestSent.objects.filter(user=person).exists()
    page = host_client(muni_a, person).get("/admin/notifications/").content.decode()
    assert "просрочено" not in page
    # B's staff cannot open A's list at all.
    head_b = make_user(Role.HEAD, muni_b)
    assert host_client(muni_a, head_b).get("/admin/notifications/").status_code in (302, 403)
    assert host_client(muni_a, head_b).post("/admin/notifications/settings/", {}).status_code in (302, 403)
