"""The development demo: built on the people demo's teachers, idempotent, covering every state."""

from __future__ import annotations

from django_tenants.utils import tenant_context

from accounts.models import Role
from tenants.development import demo
from tenants.development.models import (
    CourseOffer,
    CourseRecord,
    Deficit,
    Diagnostic,
    LearningRoute,
    RouteStatus,
    RouteStep,
    StepStatus,
)
from tenants.development.periodicity import PdStatus
from tenants.development.selectors import teacher_pd_list
from tenants.organisations import demo as organisations_demo
from tenants.people import demo as people_demo


def _counts():
    return (
        CourseOffer.objects.count(),
        CourseRecord.objects.count(),
        Diagnostic.objects.count(),
        Deficit.objects.count(),
        LearningRoute.objects.count(),
        RouteStep.objects.filter(status=StepStatus.DONE).count(),
    )


def test_demo_is_idempotent_and_shows_every_state(muni_a, make_user, host_client):
    teacher_account = make_user(Role.TEACHER, muni_a, email=f"teacher@{muni_a.slug}.example")
    make_user(Role.METHODOLOGIST, muni_a, email=f"metodist@{muni_a.slug}.example")
    with tenant_context(muni_a):
        organisations_demo.demo_seed(muni_a)
        people_demo.demo_seed(muni_a)
        demo.demo_seed(muni_a)
        first = _counts()
        demo.demo_seed(muni_a)
        assert _counts() == first
        assert first[0] == len(demo.OFFERS)
        statuses = set(teacher_pd_list().values_list("pd_status", flat=True))
        assert statuses >= {PdStatus.UP_TO_DATE, PdStatus.OVERDUE}
        assert Deficit.objects.exists() and LearningRoute.objects.filter(status=RouteStatus.ACTIVE).exists()
        assert first[5] > 0  # some steps done
        assert LearningRoute.objects.exclude(tutor=None).exists()
    page = host_client(muni_a, teacher_account).get("/growth/").content.decode()
    assert "Удостоверение о повышении квалификации" in page
    assert "Индивидуальный образовательный маршрут" in page and "скан" in page
