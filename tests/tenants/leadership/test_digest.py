"""The weekly digest and the in-app notifications of the association leader and the school coordinator
(issue 21 item 2 for the roles of issue 15 §1): each gets what needs their attention in their own
body or school, once a week, can turn a kind off, and sees nothing of another body, school or
municipality."""

from __future__ import annotations

from django.core import mail
from django.urls import reverse
from django_tenants.utils import tenant_context

from accounts.models import Role
from tenants.notifications.models import DigestSent, Notification
from tenants.notifications.selectors import digest_recipients, notification_kinds
from tenants.notifications.services import digest_send, notification_choices_save
from tests.tenants.leadership.conftest import OTHER_SECRET


def test_the_leader_and_the_coordinator_are_among_the_digests_recipients(world, muni_a, muni_b, make_user):
    teacher = make_user(Role.TEACHER, muni_a)
    b_leader_like = make_user(Role.METHODOLOGIST, muni_b)
    recipients = set(digest_recipients(municipality=muni_a))
    assert {world["leader"], world["coordinator"], world["head"], world["methodologist"]} <= recipients
    assert teacher not in recipients
    assert b_leader_like not in recipients
    assert world["leader"] not in set(digest_recipients(municipality=muni_b))


def test_the_leaders_digest_names_their_unapproved_plan_and_nothing_else(world, muni_a):
    leader = world["leader"]
    with tenant_context(muni_a):
        assert digest_send(user=leader, municipality=muni_a) is True
        assert digest_send(user=leader, municipality=muni_a) is False  # once a week
        texts = set(Notification.objects.filter(user=leader).values_list("text", flat=True))
        kinds = set(Notification.objects.filter(user=leader).values_list("kind", flat=True))
    (message,) = mail.outbox
    assert message.to == [leader.email]
    assert "1 планов на год не утверждено" in message.body
    assert "1 планов на год не утверждено" in texts
    assert kinds == {"leadership_leader"}
    assert OTHER_SECRET not in message.body
    assert muni_a.default_hostname in message.body


def test_the_coordinators_digest_counts_their_schools_overdue_teachers_only(world, muni_a):
    from tenants.development.periodicity import PdStatus
    from tenants.development.selectors import teacher_pd_list

    coordinator = world["coordinator"]
    with tenant_context(muni_a):
        statuses = dict(teacher_pd_list(organisation_id=world["school"].pk).values_list("pk", "pd_status"))
        overdue = sum(1 for status in statuses.values() if status == PdStatus.OVERDUE)
        assert overdue >= 1, "the fixture's teacher of the school has no PD record: overdue"
        assert world["stranger"].pk not in statuses
        assert digest_send(user=coordinator, municipality=muni_a) is True
        sections = set(Notification.objects.filter(user=coordinator).values_list("kind", flat=True))
    (message,) = mail.outbox
    assert message.to == [coordinator.email]
    assert f"{overdue} {str(PdStatus.OVERDUE.label).lower()}" in message.body
    assert "leadership_school" in sections and "leadership_leader" not in sections


def test_a_kind_turned_off_leaves_the_leader_without_a_digest(world, muni_a, host_client):
    leader = world["leader"]
    with tenant_context(muni_a):
        kinds = {section.key for section in notification_kinds(user=leader)}
        assert kinds == {"leadership_leader"}
    client = host_client(muni_a, leader)
    page = client.get(reverse("notifications_choices"))
    assert page.status_code == 200
    assert "Мои объединения" in page.content.decode()
    assert client.post(reverse("notifications_choices"), {}).status_code == 302  # every kind off
    with tenant_context(muni_a):
        assert digest_send(user=leader, municipality=muni_a) is False
        assert not DigestSent.objects.filter(user=leader).exists()
        notification_choices_save(user=leader, enabled={"leadership_leader"})
        assert digest_send(user=leader, municipality=muni_a) is True


def test_the_leaders_list_is_their_own_and_b_gives_them_nothing(world, muni_a, muni_b, host_client):
    leader, coordinator = world["leader"], world["coordinator"]
    with tenant_context(muni_a):
        digest_send(user=coordinator, municipality=muni_a)
        digest_send(user=leader, municipality=muni_a)
    page = host_client(muni_a, leader).get(reverse("notifications_list"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "планов на год не утверждено" in body
    assert "срок прошёл" not in body.lower()  # the coordinator's overdue line is theirs alone
    # In B the leader holds no role: the admin sends them to sign in, no list of theirs is there.
    assert host_client(muni_b, leader).get(reverse("notifications_list")).status_code in (302, 403)
