"""The demo practices: every status, public only when recommended, idempotent."""

from __future__ import annotations

from django_tenants.utils import tenant_context

from tenants.practices.demo import PRACTICES, demo_seed
from tenants.practices.models import Practice, PracticeStatus
from tests.tenants.people.factories import TeacherFactory


def test_demo_seed_is_idempotent_and_covers_every_status(muni_a):
    with tenant_context(muni_a):
        demo_seed(muni_a)
        demo_seed(muni_a)
        assert Practice.objects.count() == len(PRACTICES) and 5 <= len(PRACTICES) <= 8
        assert set(Practice.objects.values_list("status", flat=True)) == set(PracticeStatus.values)
        assert not Practice.objects.filter(is_public=True).exclude(status=PracticeStatus.RECOMMENDED).exists()
        assert Practice.objects.filter(is_public=True).count() == 2
        assert all(p.authors.exists() for p in Practice.objects.all())
        rejected = Practice.objects.get(status=PracticeStatus.REJECTED)
        assert rejected.status_comment and rejected.status_changes.count() == 1


def test_demo_uses_the_municipalitys_own_teachers(muni_a):
    with tenant_context(muni_a):
        teacher = TeacherFactory()
        demo_seed(muni_a)
        assert Practice.objects.filter(authors=teacher, organisation=teacher.organisation).exists()
