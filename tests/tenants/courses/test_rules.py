"""The rules of applying and deciding: once per teacher and offer, never to a closed or full offer,
only by the teacher themselves; confirmed only by whom the organisation's coordination allows;
the list within the quota and only of confirmed applications."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django_tenants.utils import tenant_context

from accounts.models import Role
from tenants.courses.models import ApplicationStatus
from tenants.courses.selectors import application_list_for, offer_open_list
from tenants.courses.services import (
    course_application_confirm,
    course_application_decline,
    course_application_submit,
    course_application_withdraw,
    course_quota_list_set,
)
from tests.tenants.courses.factories import TODAY, offer_with_quota
from tests.tenants.people.factories import TeacherFactory


@pytest.fixture
def people(muni_a, make_user):
    users = [make_user(Role.TEACHER, muni_a) for _ in range(3)]
    with tenant_context(muni_a):
        teachers = [TeacherFactory(user=user) for user in users]
    return list(zip(users, teachers, strict=True))


def _confirmed(offer, teacher):
    application = course_application_submit(offer=offer, teacher=teacher, acting_user=None)
    return course_application_confirm(application=application, acting_user=None, notify=False)


def test_a_teacher_cannot_apply_twice(muni_a, people, host_client):
    (user, teacher), *_ = people
    with tenant_context(muni_a):
        offer = offer_with_quota()
        course_application_submit(offer=offer, teacher=teacher, acting_user=user)
        with pytest.raises(ValidationError, match="уже подали"):
            course_application_submit(offer=offer, teacher=teacher, acting_user=user)
    response = host_client(muni_a, user).post(f"/courses/{offer.pk}/apply/", {})
    assert response.status_code == 400 and "уже подали" in response.content.decode()
    with tenant_context(muni_a):
        assert offer.applications.count() == 1


def test_after_withdrawing_the_teacher_may_apply_again(muni_a, people, host_client):
    (user, teacher), *_ = people
    with tenant_context(muni_a):
        offer = offer_with_quota()
        application = course_application_submit(offer=offer, teacher=teacher, acting_user=user)
    assert host_client(muni_a, user).post(f"/courses/applications/{application.pk}/withdraw/").status_code == 302
    with tenant_context(muni_a):
        application.refresh_from_db()
        assert application.status == ApplicationStatus.WITHDRAWN
        assert course_application_submit(offer=offer, teacher=teacher, acting_user=user).pk != application.pk


def test_no_application_to_a_closed_offer(muni_a, people):
    (user, teacher), *_ = people
    with tenant_context(muni_a):
        closed = offer_with_quota(applications_until=TODAY() - datetime.timedelta(days=1))
        started = offer_with_quota(start_date=TODAY())
        informational = offer_with_quota(quota=None)
        for offer, message in ((closed, "закрыт"), (started, "закрыт"), (informational, "не принимаются")):
            with pytest.raises(ValidationError, match=message):
                course_application_submit(offer=offer, teacher=teacher, acting_user=user)
        # The last day to apply is still open.
        last_day = offer_with_quota(applications_until=TODAY())
        course_application_submit(offer=last_day, teacher=teacher, acting_user=user)
        assert offer_open_list() == [last_day]


def test_no_application_to_a_full_offer(muni_a, people, host_client):
    (user, teacher), (_u2, second), (_u3, third) = people
    with tenant_context(muni_a):
        offer = offer_with_quota(quota=1)
        listed = _confirmed(offer, second)
        course_application_submit(offer=offer, teacher=third, acting_user=None)  # more applications than places
        course_quota_list_set(offer=offer, application_ids=[listed.pk], acting_user=None, notify=False)
        with pytest.raises(ValidationError, match="Мест по квоте"):
            course_application_submit(offer=offer, teacher=teacher, acting_user=user)
        assert offer_open_list() == []
    page = host_client(muni_a, user).get(f"/courses/{offer.pk}/apply/").content.decode()
    assert "Мест по квоте на этот курс больше нет" in page


def test_only_the_teacher_applies_and_withdraws(muni_a, people):
    (user, teacher), (other_user, _other), _ = people
    with tenant_context(muni_a):
        offer = offer_with_quota()
        for stranger in (other_user, AnonymousUser()):
            with pytest.raises(PermissionDenied):
                course_application_submit(offer=offer, teacher=teacher, acting_user=stranger)
        application = course_application_submit(offer=offer, teacher=teacher, acting_user=user)
        with pytest.raises(PermissionDenied):
            course_application_withdraw(application=application, acting_user=other_user)


def test_a_teacher_cannot_withdraw_anothers_application_by_url(muni_a, people, host_client):
    (user, teacher), (other_user, _other), _ = people
    with tenant_context(muni_a):
        application = course_application_submit(offer=offer_with_quota(), teacher=teacher, acting_user=user)
    assert host_client(muni_a, other_user).post(f"/courses/applications/{application.pk}/withdraw/").status_code == 404
    with tenant_context(muni_a):
        application.refresh_from_db()
        assert application.status == ApplicationStatus.SUBMITTED


def test_teachers_and_visitors_cannot_decide(muni_a, people):
    (user, teacher), (other_user, _), _ = people
    with tenant_context(muni_a):
        application = course_application_submit(offer=offer_with_quota(), teacher=teacher, acting_user=user)
        for who in (user, other_user, AnonymousUser()):
            with pytest.raises(PermissionDenied):
                course_application_confirm(application=application, acting_user=who)
            with pytest.raises(PermissionDenied):
                course_application_decline(application=application, reason="нет", acting_user=who)
        assert list(application_list_for(user)) == []


def test_the_list_keeps_to_the_quota_and_to_confirmed_applications(muni_a, people, methodologist_a):
    (_u1, first), (_u2, second), (_u3, third) = people
    with tenant_context(muni_a):
        offer = offer_with_quota(quota=2)
        a, b, c = (_confirmed(offer, t) for t in (first, second, third))
        with pytest.raises(ValidationError, match="не больше 2"):
            course_quota_list_set(offer=offer, application_ids=[a.pk, b.pk, c.pk], acting_user=methodologist_a)
        waiting = course_application_submit(offer=offer_with_quota(programme="Другой"), teacher=first, acting_user=None)
        with pytest.raises(ValidationError, match="подтверждённые"):
            course_quota_list_set(offer=offer, application_ids=[waiting.pk], acting_user=methodologist_a)
        course_quota_list_set(offer=offer, application_ids=[c.pk, a.pk], acting_user=methodologist_a, notify=False)
        order = list(offer.applications.filter(status=ApplicationStatus.LISTED).order_by("list_position"))
        assert [x.pk for x in order] == [c.pk, a.pk]
        # The methodologist takes one out and puts another in: the one out is confirmed again.
        course_quota_list_set(offer=offer, application_ids=[b.pk, c.pk], acting_user=methodologist_a, notify=False)
        a.refresh_from_db()
        assert (a.status, a.list_position) == (ApplicationStatus.CONFIRMED, None)


def test_a_teacher_cannot_make_the_list(muni_a, people):
    (user, teacher), *_ = people
    with tenant_context(muni_a):
        offer = offer_with_quota()
        application = _confirmed(offer, teacher)
        with pytest.raises(PermissionDenied):
            course_quota_list_set(offer=offer, application_ids=[application.pk], acting_user=user)
