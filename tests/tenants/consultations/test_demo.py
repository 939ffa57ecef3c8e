"""The consultations demo: every status, overdue ones among them, the demo teacher's own; idempotent."""

from __future__ import annotations

from django.core import mail
from django_tenants.utils import tenant_context

from accounts.models import Role
from tenants.consultations.demo import REQUESTS, demo_seed
from tenants.consultations.models import Consultation, ConsultationStatus, overdue_q
from tests.tenants.consultations.factories import staff


def test_demo_seed_is_idempotent_and_covers_every_status(muni_a, make_user, django_capture_on_commit_callbacks):
    teacher = make_user(Role.TEACHER, muni_a, email=f"teacher@{muni_a.slug}.example")
    with tenant_context(muni_a):
        staff(muni_a, role=Role.HEAD, is_head=True)
        with django_capture_on_commit_callbacks(execute=True):
            demo_seed(muni_a)
            demo_seed(muni_a)
        assert Consultation.objects.count() == len(REQUESTS)
        assert set(Consultation.objects.values_list("status", flat=True)) == set(ConsultationStatus.values)
        assert Consultation.objects.filter(overdue_q()).count() >= 2
        answered = [c for c in Consultation.objects.exclude(answered_at=None)]
        assert {c.answered_in_time for c in answered} == {True, False}
        assert Consultation.objects.filter(requester_user=teacher).count() == 2
    assert mail.outbox == []  # made-up addresses get no e-mail
