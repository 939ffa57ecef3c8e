"""The demo: offers with quotas, applications in every state a screen shows, a list within the
quota, the public page; a second run changes nothing."""

from __future__ import annotations

from django.db.models import Count
from django_tenants.utils import tenant_context

from tenants.courses import demo as courses_demo
from tenants.courses.models import ApplicationStatus, CourseApplication, CourseOffersPage
from tenants.development.models import CourseOffer
from tests.tenants.people.factories import TeacherFactory


def _counts() -> tuple[int, int, int]:
    return CourseOffer.objects.count(), CourseApplication.objects.count(), CourseOffersPage.objects.count()


def test_demo_seed_is_idempotent(muni_a):
    with tenant_context(muni_a):
        for _ in range(4):
            TeacherFactory()
        courses_demo.demo_seed(muni_a)
        statuses = dict(CourseApplication.objects.values_list("status").annotate(n=Count("pk")))
        counts = _counts()
        courses_demo.demo_seed(muni_a)
        assert _counts() == counts
        assert {ApplicationStatus.LISTED, ApplicationStatus.CONFIRMED, ApplicationStatus.DECLINED} <= set(statuses)
        for offer in CourseOffer.objects.filter(quota__isnull=False):
            assert offer.applications.filter(status=ApplicationStatus.LISTED).count() <= offer.quota
